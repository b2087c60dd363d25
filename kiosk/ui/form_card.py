"""What the quiz and 'what matters' overlays share: a card sized to the screen, text at the patient's size.

Both show a few short strings and big buttons. Their text follows the size the patient chose; when a long
question or a small screen would push the card past the window, the text steps down (never below the
kiosk's default size), then the gaps close up, rather than clipping, so nothing is cut off at 200 %.

Steady under a finger: a subclass reserves room for its longest question and feedback (`reserve`), so every
question screen has one card height and one text size and its answers never move; a screen after the questions
(a summary, a closing message) is never shorter than a question screen, so its buttons never come up under
where an answer just was.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QWidget

from kiosk.override import override
from kiosk.palette import Palette
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton

FIT_STEP = 0.125  # text scale given up per try when the card does not fit (fine: the worst screen sets it)
_GAP_MM, _PAD_MM = 3.0, 5.0  # between the card's rows, and inside its edge
_TIGHT_GAP_MM, _TIGHT_PAD_MM = 1.5, 3.0  # a short screen at the default text size: still a gap between targets
_CARD_MM = 250  # widest card: lines longer than this are hard to follow back


class FormCard(Overlay):
    """An overlay whose card holds a heading row (title, progress) and text at the patient's size."""

    def __init__(self, parent: QWidget, name: str, metrics: Metrics, palette: Palette) -> None:
        super().__init__(parent, name)
        self.metrics, self.colours = metrics, palette
        self._shown_scale = metrics.scale
        self._question_height = 0  # the card's height on the last question screen shown
        self._fitted: tuple[object, ...] | None = None  # the window size and look that question card was for
        self.tight = (
            False  # a short screen at the default text size: gaps closed up, buttons no taller than needed
        )
        self.title = self.body_label("FormTitle")
        self.progress = plain_label(name="FormProgress")
        # One above the other: a wrapping label beside another in a row gets its height guessed too tall.
        self.card_layout.addWidget(self.progress)
        self.card_layout.addWidget(self.title)

    @property
    def shown_scale(self) -> float:
        """The text scale on screen: the patient's, or less when the card had to fit."""
        return self._shown_scale

    def set_look(self, metrics: Metrics, palette: Palette) -> None:
        """The patient's text size (metrics.scale) and colours; the next `fit` lays the card out with them."""
        self.metrics, self.colours = metrics, palette

    @override
    def open(self) -> None:
        super().open()
        self.fit()

    def fit(self) -> None:
        """Size the card to the window, then step the text down (then close the gaps) until the card fits."""
        host = self.host.size()
        margin = self.metrics.px(6)
        room = host.height() - 2 * margin
        key = (host.width(), host.height(), self.metrics, self.colours)
        if self.on_question() and key == self._fitted:
            self._size_buttons()  # new words on them ("Finish", another page); the rest is as it was
            return  # another question at the same size: the same card, its room already kept (`reserve`)
        self.card.setFixedWidth(max(200, min(self.metrics.px(_CARD_MM), host.width() - 2 * margin)))
        height = min(self._fit_text(room), room)
        if self.on_question():
            self._question_height, self._fitted = height, key
        else:  # its buttons (at the bottom, the card centred) at or below where the answers' buttons were
            height, self._fitted = min(room, max(height, self._question_height)), None
        # Exactly as tall as its contents (a taller card would hand the spare height out as gaps), or a
        # question screen's height, the spare above its bottom row.
        self.card.setFixedHeight(height)

    def _fit_text(self, room: int) -> int:
        """The largest text size, from the patient's down in steps, at which the card fits (found by halving:
        each try lays the card out); at the default size, the gaps closed up. Returns the height needed."""
        top = self.metrics.scale
        if (needed := self._lay_out(top, tight=False)) <= room:
            return needed
        steps = math.ceil(round((top - 1.0) / FIT_STEP, 6))  # sizes below the patient's, the last the default
        low, high, best = 1, steps, 0
        while low <= high:
            middle = (low + high) // 2
            if self._lay_out(max(1.0, top - middle * FIT_STEP), tight=False) <= room:
                best, high = middle, middle - 1
            else:
                low = middle + 1
        if best:
            return self._lay_out(max(1.0, top - best * FIT_STEP), tight=False)
        return self._lay_out(1.0, tight=True)

    def _lay_out(self, scale: float, *, tight: bool) -> int:
        """Lay the card out at this text size; the height it needs at its width."""
        self._shown_scale, self.tight = scale, tight
        look = dataclasses.replace(self.metrics, scale=scale)
        gap, pad = (_TIGHT_GAP_MM, _TIGHT_PAD_MM) if tight else (_GAP_MM, _PAD_MM)
        # The progress line says where the patient is; the title, the button they tapped, can go.
        self.title.setVisible(not (tight and self.on_question()))
        self.card_layout.setContentsMargins(*(self.metrics.px(pad),) * 4)
        self.card_layout.setSpacing(self.metrics.px(gap))
        # Sizes go in the style sheet, not setFont: a sheet re-polishing a label would undo setFont.
        sheet = self._base_sheet(look, self.colours) + self.style_sheet(look, self.colours)
        if tight:  # buttons no taller than a target (the main one is 1.3 times one elsewhere)
            sheet += f"QPushButton#PrimaryButton {{ min-height: {look.target}px; }}"
            sheet += "QPushButton { padding-top: 0px; padding-bottom: 0px; }"
        self.setStyleSheet(sheet)
        self._size_buttons()
        self._relayout()
        self.reserve(self._text_width())
        self._relayout()
        # Not totalMinimumSize: a wrapping label's minimum is its height at some narrow width, far too tall.
        return self.card_layout.totalHeightForWidth(self.card.width())

    def on_question(self) -> bool:
        """A question on show (the subclass says): the screens after the questions are never shorter."""
        return True

    def reserve(self, width: int) -> None:
        """Subclasses: set the minimum heights that keep every question screen the same, for labels `width`
        wide at the text size now in the style sheet."""

    def show_progress(self, words: str) -> None:
        """'2 of 6' above the title; none (not an empty line) on a screen without it."""
        self.progress.setText(words)
        self.progress.setVisible(bool(words))

    def _text_width(self) -> int:
        margins = self.card_layout.contentsMargins()
        return self.card.width() - margins.left() - margins.right()

    def _relayout(self) -> None:
        """Forget every cached height now: a layout keeps its old height-for-width until it next runs (on the
        next event loop pass, too late for measuring), and invalidating one does not reach those inside it."""
        for widget in self.card.findChildren(QWidget):
            widget.updateGeometry()
            layout = widget.layout()
            if layout is not None:
                _invalidate(layout)
        _invalidate(self.card_layout)

    def _size_buttons(self) -> None:
        """Buttons in a row keep their words on one line where the card has room, with space around them; one
        whose words change (`words_of`) is as wide as its longest, so it stays where it was."""
        widest = self.card.width() // 2
        for button in self.card.findChildren(TouchButton):
            if button.objectName() in ("Answer", "Level"):
                continue  # these fill their row
            button.ensurePolished()
            button.label.ensurePolished()
            metrics = button.label.fontMetrics()
            words = max(metrics.horizontalAdvance(text) for text in (button.text(), *self.words_of(button)))
            button.setMinimumWidth(min(widest, max(self.metrics.target * 2, words + self.metrics.px(12))))
        for item in _items(self.card_layout):
            row = item.layout()
            if isinstance(row, QHBoxLayout):
                self._share_row(row)

    def _share_row(self, row: QHBoxLayout) -> None:
        """A row whose buttons want more than the card's width: the widest gives way (its words wrap) rather
        than the buttons being drawn over each other."""
        buttons = [
            widget
            for widget in (item.widget() for item in _items(row))
            if isinstance(widget, TouchButton) and widget.objectName() not in ("Answer", "Level")
            if not widget.isHidden() or widget.sizePolicy().retainSizeWhenHidden()
        ]
        spacing = max(0, row.spacing()) * (len(buttons) - 1)
        over = sum(button.minimumWidth() for button in buttons) + spacing - self._text_width()
        if buttons and over > 0:
            widest = max(buttons, key=lambda button: button.minimumWidth())
            widest.setMinimumWidth(max(self.metrics.target * 2, widest.minimumWidth() - over))

    def words_of(self, button: TouchButton) -> tuple[str, ...]:
        """Subclasses: every text this button can show from one question to the next."""
        return ()

    def style_sheet(self, metrics: Metrics, palette: Palette) -> str:
        """A subclass's own rules, after the shared ones (a widget's own sheet wins over its parents')."""
        return ""

    @staticmethod
    def _base_sheet(m: Metrics, p: Palette) -> str:
        body, ui = m.body_px(), m.ui_px()
        return f"""
        QLabel#FormTitle {{ color: {p.heading}; font-size: {round(body * 1.1)}px; font-weight: 700; }}
        QLabel#FormProgress {{ color: {p.muted}; font-size: {ui}px; }}
        QLabel#FormStrong {{ color: {p.heading}; font-size: {body}px; font-weight: 700; }}
        QLabel#FormBody {{ color: {p.text}; font-size: {body}px; }}
        QLabel#FormQuestion {{ color: {p.text}; font-size: {round(body * 1.1)}px; font-weight: 700; }}
        QLabel#ButtonLabel {{ font-size: {ui}px; }}
        """

    def body_label(self, name: str = "FormBody") -> QLabel:
        """A wrapping label; its object name (FormBody, FormQuestion, FormStrong, FormTitle) sets its look."""
        label = plain_label(name=name)
        label.setWordWrap(True)
        return label


def tallest(label: QLabel, texts: Iterable[str], width: int) -> int:
    """The height `label` needs, `width` wide, for the longest of these texts (its own text is kept)."""
    shown, most = label.text(), 0
    for text in texts:
        label.setText(text)
        most = max(most, label.heightForWidth(width))
    label.setText(shown)
    return most


def keep_place(widget: QWidget) -> None:
    """Hidden, `widget` still takes its room in the layout (a row of buttons keeps its height)."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def _items(layout: QLayout) -> list[QLayoutItem]:
    return [item for item in (layout.itemAt(index) for index in range(layout.count())) if item is not None]


def _invalidate(layout: QLayout) -> None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        inner = item.layout() if item is not None else None
        if inner is not None:
            _invalidate(inner)
    layout.invalidate()


def repolish(widget: QWidget) -> None:
    """A dynamic property changed: make the style sheet look at it again (the button and its label)."""
    for each in (widget, *widget.findChildren(QWidget)):
        each.style().unpolish(each)
        each.style().polish(each)

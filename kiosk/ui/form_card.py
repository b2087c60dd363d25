"""What the quiz and 'what matters' overlays share: a card sized to the screen, text at the patient's size.

Both show a few short strings and big buttons. Their text follows the size the patient chose; when a long
question or a small screen would push the card past the window, the text steps down (never below the
kiosk's default size) rather than clipping, so nothing is cut off at 200 %.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel, QLayout, QWidget

from kiosk.override import override
from kiosk.palette import Palette
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton, one_line_px

FIT_STEP = 0.25  # text scale given up per try when the card does not fit
_CARD_MM = 250  # widest card: lines longer than this are hard to follow back


class FormCard(Overlay):
    """An overlay whose card holds a heading row (title, progress) and text at the patient's size."""

    def __init__(self, parent: QWidget, name: str, metrics: Metrics, palette: Palette) -> None:
        super().__init__(parent, name)
        self.metrics, self.colours = metrics, palette
        self._shown_scale = metrics.scale
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
        """Size the card to the window, then step the text down until the card fits in it."""
        host = self.host.size()
        margin, pad = self.metrics.px(6), self.metrics.px(5)
        room = host.height() - 2 * margin
        self.card.setFixedWidth(max(200, min(self.metrics.px(_CARD_MM), host.width() - 2 * margin)))
        self.card_layout.setContentsMargins(pad, pad, pad, pad)
        self.card_layout.setSpacing(self.metrics.px(3))
        scale = self.metrics.scale
        while True:
            self._shown_scale = scale
            look = dataclasses.replace(self.metrics, scale=scale)
            # Sizes go in the style sheet, not setFont: a sheet re-polishing a label would undo setFont.
            self.setStyleSheet(self._base_sheet(look, self.colours) + self.style_sheet(look, self.colours))
            self._size_buttons()
            self._relayout()
            # Not totalMinimumSize: a wrapping label's minimum is its height at some narrow width, far too tall.
            needed = self.card_layout.totalHeightForWidth(self.card.width())
            if needed <= room or scale <= 1.0:
                break
            scale = max(1.0, scale - FIT_STEP)
        # Exactly as tall as its contents: a taller card would hand the spare height out as gaps.
        self.card.setFixedHeight(min(needed, room))

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
        """Buttons in a row keep their words on one line where the card has room, with space around them."""
        widest = self.card.width() // 2
        for button in self.card.findChildren(TouchButton):
            if button.objectName() in ("Answer", "Level"):
                continue  # these fill their row
            button.ensurePolished()
            button.label.ensurePolished()
            button.setMinimumWidth(
                min(widest, max(self.metrics.target * 2, one_line_px(button) + self.metrics.px(12)))
            )

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

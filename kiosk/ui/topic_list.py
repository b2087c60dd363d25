"""The welcome screen of a library: the library's title and one large card per topic, scrolling by finger."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.ui.decoding import PictureCache
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.topic_card import CardInfo, CardLook, TopicCard
from kiosk.ui.topic_fit import LADDER, PEEK_MM, Step, rows_needed
from kiosk.ui.widgets import TouchButton, named

__all__ = ["CardInfo", "TopicCard", "TopicListScreen"]

CARD_MIN_MM = 110  # narrowest card: a title of a few words and a picture side by side
FIRST_CARDS = 12  # made before the list is first shown: more than a screen holds at 1920 x 1080
LATER_MS = 400  # the rest wait until after the first frame (the window does its own work at 300 ms)
LATER_BATCH = 4


class TopicListScreen(QWidget):
    """Signals: `chosen(topic id)` when a card is tapped, `language_chosen(code)`."""

    chosen = Signal(str)
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopicListScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.pictures = PictureCache()
        self.cards: list[TopicCard] = []
        self.headings: list[QLabel] = []
        self.language_buttons: dict[str, TouchButton] = {}
        self.clinic = plain_label(name="Hint")
        self.title = plain_label(name="WelcomeTitle")
        self.hint = plain_label(name="Hint")
        self.more_below = plain_label(name="Hint")  # "More topics below": shown while the list has more below
        for label in (self.clinic, self.title, self.hint, self.more_below):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area = QScrollArea()
        self.area.setObjectName("TopicArea")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Finger scrolling is set up by `grab_finger_scrolling`, once the first frame is on the screen (see there).
        self._layout = QVBoxLayout(self)
        self._languages = QHBoxLayout()
        self._layout.addWidget(self.clinic)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.hint)
        self._layout.addLayout(self._languages)
        self._layout.addWidget(self.area, 1)
        self._layout.addWidget(self.more_below)
        self.more_below.hide()
        self._cue = ""
        self._cue_due = False
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(self._update_cue)
        bar.rangeChanged.connect(self._cue_later)
        self._last: tuple[
            tuple[str, str, str, str], list[tuple[str, list[CardInfo]]], list[tuple[str, str]], str, Metrics
        ]
        self._last = None  # type: ignore[assignment]  # set by the first show_topics
        self._refit_due = False
        self._laid_out_for = QSize()  # the screen's size when the list was laid out
        self.step = 0  # of topic_fit.LADDER, for the screen's size
        self._columns = 1
        self._pending: list[tuple[QGridLayout, int, int, CardInfo]] = []
        self._metrics_for_cards: Metrics | None = None
        self._look = LADDER[0].look
        self._drawn = 0  # times the list was laid out

    def grab_finger_scrolling(self) -> None:
        """Let a finger drag the list. Called once (every gesture grab costs Qt a gesture type for good), after
        the first frame and before any finger: the process's first grab costs about 65 ms (Qt sets its gesture
        recognisers up), and asking for the viewport the first time another 20-30 ms (PySide6 makes some 80 enum
        types then), and the topic list is a library's first screen."""
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def show_topics(
        self,
        words: tuple[str, str, str, str],
        sections: list[tuple[str, list[CardInfo]]],
        languages: list[tuple[str, str]],
        current: str,
        metrics: Metrics,
    ) -> None:
        """Lay the screen out anew, at the largest step of the ladder that fits (kiosk/ui/topic_fit.py): `words`
        are (clinic, title, hint, more topics below); `sections` (heading, cards), a heading "" for none;
        `languages` (code, name in itself), with `current` marked."""
        clinic, title, hint, more_below = words
        m = metrics
        self._last = (words, sections, languages, current, metrics)
        self._laid_out_for = self.size()
        self.clinic.setText(clinic)
        self.clinic.setVisible(bool(clinic))
        self.title.setText(title)
        self.hint.setText(hint)
        self._cue = more_below
        self.more_below.setText(more_below)
        self._set_languages(languages, current, m)
        self.step, columns, made = self._fit([info for _, cards in sections for info in cards][:3], m)
        self._columns = columns
        step = LADDER[self.step]
        self._metrics_for_cards, self._look = step.card_metrics(m), step.look
        content = QWidget()
        content.setObjectName("TopicCards")
        column = QVBoxLayout(content)
        gap = self._card_gap(step, m)
        column.setContentsMargins(m.gap, gap // 2, m.gap, gap // 2)  # above and below: half the gap between cards
        column.setSpacing(gap)
        self.cards, self.headings = [], []
        self._pending.clear()
        for heading, cards in sections:
            if heading:
                label = plain_label(heading, name="GroupHeading")
                words_m = self._metrics_for_cards  # a heading gives up its growth with the cards' text
                label.setFont(words_m.font(round(words_m.body_px() * 1.1), QFont.Weight.Bold))
                label.setWordWrap(True)
                column.addWidget(label)
                self.headings.append(label)
            grid = QGridLayout()
            grid.setSpacing(gap)
            for index, info in enumerate(cards):
                self._pending.append((grid, index // columns, index % columns, info))
            for col in range(columns):
                grid.setColumnStretch(col, 1)
            column.addLayout(grid)
        column.addStretch(1)
        self.pictures.clear()
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self._add_cards(FIRST_CARDS, made)  # a screenful now; the rest once the screen is up (see _add_cards)
        self.area.setWidget(content)
        self.area.verticalScrollBar().setValue(0)
        self._cue_later()
        if self._pending:
            QTimer.singleShot(LATER_MS, self, self._add_more)
        covers = [(info.pack_root, info.picture) for _, cards in sections for info in cards if info.picture]
        self._drawn += 1
        # Pictures after the first frame, as the cards past the first screenful; a list of one screenful draws
        # its own with the first frame, as it always did (no worker thread).
        if len(covers) > FIRST_CARDS:
            drawn, width = self._drawn, m.px(step.look.picture_mm)
            QTimer.singleShot(LATER_MS, self, lambda: self._covers_ahead(drawn, covers, width))

    def _fit(self, first: list[CardInfo], m: Metrics) -> tuple[int, int, list[TopicCard]]:
        """The largest step that fits the screen, its columns, and the first cards made at it (to measure)."""
        made: list[TopicCard] = []
        # A screen not given its size yet (the window's start, before it is resized to the screen) takes the
        # first step unmeasured: its resize lays it out again (measuring all five steps there cost 20-30 ms).
        sized = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        for index, step in enumerate(LADDER):
            self._heading_for(step, m)
            columns = 1 if step.one_column else self.columns_for(self.width(), m)
            made = [self._make_card(info, step.card_metrics(m), step.look) for info in first]
            if not sized or index == len(LADDER) - 1 or self._fits(step, columns, made, m):
                return index, columns, made
        raise AssertionError("the last step is always taken")

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A new look: the window's style sheet comes a turn after the visit that asked for it (restyle.py),
        # so the list was fitted with the hint and language buttons in the old size: checked again once it is in.
        # Not while another screen shows (an A+ on the reading screen): the list is laid out anew for its visit's
        # look when the patient comes back to it.
        restyled = event.type() == QEvent.Type.StyleChange and self.isVisible()
        if restyled and self._last is not None and not self._refit_due:
            self._refit_due = True
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        self._refit_due = False
        sections, metrics = self._last[1], self._last[4]
        first = [info for _, cards in sections for info in cards][:3]
        if self._fit(first, metrics)[:2] != (self.step, self._columns):  # the search ends at the step it takes
            self.show_topics(*self._last)

    @staticmethod
    def _card_gap(step: Step, m: Metrics) -> int:
        return m.gap if step.short else m.gap * 2

    def _heading_for(self, step: Step, m: Metrics) -> None:
        """The title, hint and language buttons at that step: closed up, the hint goes beside the buttons."""
        if step.short:
            self._layout.setContentsMargins(m.px(6), m.px(2), m.px(6), m.px(2))
            self._layout.setSpacing(m.px(1.5))
        else:
            self._layout.setContentsMargins(m.px(12), m.px(8), m.px(12), m.px(6))
            self._layout.setSpacing(m.px(3))
        self.clinic.setFont(m.font(round(m.body_px() * 0.9)))
        title = step.card_metrics(m)  # the title gives up its growth as the cards' text does
        self.title.setFont(title.font(round(title.body_px() * (1.2 if step.short else 1.6)), QFont.Weight.Bold))
        self.hint.setFont(m.font(m.ui_px()))
        self.more_below.setFont(m.font(m.ui_px()))
        # The hint and the cue give up their growth with the cards' text: their size is the window style sheet's
        # (QLabel#Hint), so a sheet of their own overrides it.
        sheet = f"font-size: {title.ui_px()}px;" if step.growth < 1 else ""
        for label in (self.hint, self.more_below):
            if label.styleSheet() != sheet:
                label.setStyleSheet(sheet)
        # Beside the buttons, the hint keeps to one line where they leave it the room (a wrapped label takes the
        # narrowest width Qt allows it).
        self.hint.ensurePolished()  # the style sheet's font, as it will be shown
        one_line = self.hint.fontMetrics().horizontalAdvance(self.hint.text()) + 2
        buttons = list(self.language_buttons.values())
        margins = self._layout.contentsMargins()
        room = self.width() - margins.left() - margins.right() - self._languages.spacing() * (len(buttons) + 1)
        room -= sum(button.sizeHint().width() for button in buttons)
        self.hint.setMinimumWidth(one_line if step.short and one_line <= room else 0)
        in_row = self._languages.indexOf(self.hint) >= 0
        in_column = self._layout.indexOf(self.hint) >= 0
        if step.short and not in_row:
            self._layout.removeWidget(self.hint)
            self._languages.insertWidget(1, self.hint)  # after the leading stretch
        elif not step.short and not in_column:
            self._languages.removeWidget(self.hint)
            self._layout.insertWidget(self._layout.indexOf(self.title) + 1, self.hint)

    def _fits(self, step: Step, columns: int, made: list[TopicCard], m: Metrics) -> bool:
        """Whether the screen at its size shows the first two cards whole (and the top of a third) at that step,
        measured as Qt would lay them out, before any of it is shown."""
        margins = self._layout.contentsMargins()
        inner = self.width() - margins.left() - margins.right()
        spacing = self._layout.spacing()
        labels = [self.title, *([self.clinic] if self.clinic.text() else []), *([] if step.short else [self.hint])]
        row = self._languages
        heading = margins.top() + margins.bottom() + spacing * (len(labels) + 1)
        heading += sum(label.heightForWidth(inner) for label in labels)
        heading += row.heightForWidth(inner) if row.hasHeightForWidth() else row.sizeHint().height()
        gap = self._card_gap(step, m)
        scrolls = len(made) > (2 if columns == 1 else columns)  # then the scroll bar and the cue take room
        if scrolls:
            heading += self.more_below.heightForWidth(inner) + spacing
            inner -= self.area.verticalScrollBar().sizeHint().width()
        width = (inner - 2 * m.gap - gap * (columns - 1)) // columns
        heights = [max(card.heightForWidth(width), card.minimumHeight()) for card in made]
        peek = m.px(PEEK_MM)
        return heading + gap + rows_needed(heights, columns, gap, peek) <= self.height()

    def _cue_later(self) -> None:
        """The cue shown or hidden in a turn of its own: a range changes in the middle of laying out and showing
        the screen, and a label hidden there was left marked hidden and shown at once."""
        if not self._cue_due:
            self._cue_due = True
            QTimer.singleShot(0, self, self._update_cue)

    def _update_cue(self) -> None:
        """The cue below the list: there while the list scrolls (its room kept at the end, so the list's height
        does not change as it scrolls), saying "more topics below" until the last card is in view."""
        self._cue_due = False
        bar = self.area.verticalScrollBar()
        scrolls = bar.maximum() > 0 and bool(self._cue)
        if scrolls == self.more_below.isHidden():  # not isVisible(): false for all of a screen not on show
            self.more_below.setVisible(scrolls)
        text = self._cue if scrolls and bar.value() < bar.maximum() else " "
        if text != self.more_below.text():
            self.more_below.setText(text)

    def _covers_ahead(self, drawn: int, covers: list[tuple[Path, str]], width: int) -> None:
        if drawn == self._drawn:  # else the list was drawn anew since, with a job of its own
            self.pictures.ahead(covers, width, self.devicePixelRatioF())

    def _make_card(self, info: CardInfo, metrics: Metrics, look: CardLook) -> TopicCard:
        card = TopicCard(info, metrics, self.pictures, look)
        card.clicked.connect(lambda _=False, topic=info.topic: self.chosen.emit(topic))
        return card

    def _add_cards(self, count: int, made: list[TopicCard] | None = None) -> None:
        """The next `count` cards into their places; `made` are the first ones, made already (to measure)."""
        metrics = self._metrics_for_cards
        assert metrics is not None  # set by show_topics, which made the pending list
        made = made or []
        for grid, row, col, info in self._pending[:count]:
            card = made.pop(0) if made else self._make_card(info, metrics, self._look)
            grid.addWidget(card, row, col)
            self.cards.append(card)
        del self._pending[:count]

    def _add_more(self) -> None:
        """Cards past the first screenful, a few per turn of the event loop: the first frame of a library of
        fifty topics waits only for the cards it shows, and a tap is never kept waiting for the rest."""
        if self._pending:
            self._add_cards(LATER_BATCH)
            QTimer.singleShot(0, self, self._add_more)

    def finish(self) -> None:
        """Make every card now (tests, snapshots)."""
        self._add_cards(len(self._pending))

    @staticmethod
    def columns_for(width: int, metrics: Metrics) -> int:
        # Two at most: three cards a row leave each title a narrow column of one or two words a line.
        return max(1, min(2, (width - metrics.px(24)) // metrics.px(CARD_MIN_MM * metrics.scale)))

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._last is not None and self.size() != self._laid_out_for:  # a kiosk's screen changes size rarely
            self.show_topics(*self._last)

    def card(self, topic: str) -> TopicCard | None:
        return next((card for card in self.cards if card.info.topic == topic), None)

    def _set_languages(self, languages: list[tuple[str, str]], current: str, m: Metrics) -> None:
        if [code for code, _ in languages] != list(self.language_buttons) or len(languages) < 2:
            for button in self.language_buttons.values():
                button.deleteLater()
            self.language_buttons = {}
            while self._languages.count():
                self._languages.takeAt(0)
            self._languages.addStretch(1)
            for code, name in languages if len(languages) > 1 else []:
                button = named(TouchButton(name, checkable=True), f"lang-{code}")
                button.setProperty("role", "language")
                button.clicked.connect(lambda _=False, chosen=code: self.language_chosen.emit(chosen))
                self._languages.addWidget(button)
                self.language_buttons[code] = button
            self._languages.addStretch(1)
        self._languages.setSpacing(m.px(6))
        for code, button in self.language_buttons.items():
            button.set_checked_quietly(code == current)

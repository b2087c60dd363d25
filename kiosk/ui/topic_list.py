"""The welcome screen of a library: the library's title and one large card per topic, scrolling by finger."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.override import override
from kiosk.ui.decoding import PictureCache
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import TouchButton, named

CARD_MIN_MM = 110  # narrowest card: a title of a few words and a picture side by side
PICTURE_MM = 50  # the picture's width on a card
FIRST_CARDS = 12  # made before the list is first shown: more than a screen holds at 1920 x 1080
LATER_MS = 400  # the rest wait until after the first frame (the window does its own work at 300 ms)
LATER_BATCH = 4


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What one topic's card shows, in the chosen language."""

    topic: str
    title: str
    summary: str
    note: str  # "(in English)" when the topic is shown in the default language; else ""
    pack_root: Path
    picture: str  # relative to the pack; "" for none


class TopicCard(QPushButton):
    """One topic: picture, title, one-line summary. The list decodes every card's picture on a worker thread
    once the screen is up (`PictureCache.ahead`); a card painted before that decodes its own there and then."""

    def __init__(self, info: CardInfo, metrics: Metrics, pictures: PictureCache, parent: QWidget | None = None):
        super().__init__(parent)
        self.info, self._pictures = info, pictures
        self.setObjectName("TopicCard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAccessibleName(info.title)
        self._picture_px = metrics.px(PICTURE_MM) if info.picture else 0
        self._image: QImage | None = None
        pad = metrics.px(4)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(pad + (self._picture_px + pad if info.picture else 0), pad, pad, pad)
        column = QVBoxLayout()
        column.setSpacing(metrics.px(1.5))
        self.title = self._label(info.title, metrics.font(round(metrics.body_px() * 1.05), QFont.Weight.Bold))
        self.summary = self._label(info.summary, metrics.font(metrics.ui_px()))
        self.note = self._label(info.note, metrics.font(metrics.ui_px()))
        self.note.setObjectName("Hint")
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addWidget(self.note)
        column.addStretch(1)
        row.addLayout(column, 1)  # first: a label shown before it has a parent would open as a window of its own
        self.summary.setVisible(bool(info.summary))
        self.note.setVisible(bool(info.note))
        # A card is a large target: at least 20 mm tall (IT's target size) and never shorter than its picture.
        self.setMinimumHeight(max(metrics.target, round(self._picture_px * 0.7) + 2 * pad))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _label(self, text: str, font: QFont) -> QLabel:
        label = plain_label(text, name="CardText")
        label.setFont(font)
        label.setWordWrap(True)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    @override
    def sizeHint(self) -> QSize:
        hint = self._row.sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._picture_px:
            return
        if self._image is None:
            picture = self._pictures.picture(
                self.info.pack_root, self.info.picture, self._picture_px, self.devicePixelRatioF()
            )
            self._image = picture if picture is not None else QImage()
        if self._image.isNull():
            return
        size = self._image.deviceIndependentSize().toSize()
        pad = self._row.contentsMargins().top()
        top = max(pad, (self.height() - size.height()) // 2)
        QPainter(self).drawImage(QRect(pad, top, size.width(), size.height()), self._image)


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
        for label in (self.clinic, self.title, self.hint):
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
        self._last: tuple[
            tuple[str, str, str], list[tuple[str, list[CardInfo]]], list[tuple[str, str]], str, Metrics
        ]
        self._last = None  # type: ignore[assignment]  # set by the first show_topics
        self._columns = 0
        self._pending: list[tuple[QGridLayout, int, int, CardInfo]] = []
        self._metrics_for_cards: Metrics | None = None
        self._drawn = 0  # times the list was laid out

    def grab_finger_scrolling(self) -> None:
        """Let a finger drag the list. Called once (every gesture grab costs Qt a gesture type for good), after
        the first frame and before any finger: the process's first grab costs about 65 ms (Qt sets its gesture
        recognisers up), and asking for the viewport the first time another 20-30 ms (PySide6 makes some 80 enum
        types then), and the topic list is a library's first screen."""
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def show_topics(
        self,
        words: tuple[str, str, str],
        sections: list[tuple[str, list[CardInfo]]],
        languages: list[tuple[str, str]],
        current: str,
        metrics: Metrics,
    ) -> None:
        """Lay the screen out anew: `words` are (clinic, title, hint); `sections` (heading, cards), a heading
        "" for none; `languages` (code, name in itself), with `current` marked."""
        clinic, title, hint = words
        m = self._metrics_for_cards = metrics
        self._layout.setContentsMargins(m.px(12), m.px(8), m.px(12), m.px(6))
        self._layout.setSpacing(m.px(3))
        self.clinic.setText(clinic)
        self.clinic.setVisible(bool(clinic))
        self.clinic.setFont(m.font(round(m.body_px() * 0.9)))
        self.title.setText(title)
        self.title.setFont(m.font(round(m.body_px() * 1.6), QFont.Weight.Bold))
        self.hint.setText(hint)
        self.hint.setFont(m.font(m.ui_px()))
        self._set_languages(languages, current, m)
        content = QWidget()
        content.setObjectName("TopicCards")
        column = QVBoxLayout(content)
        column.setContentsMargins(m.gap, m.gap, m.gap, m.gap)
        column.setSpacing(m.gap * 2)
        self.cards, self.headings = [], []
        self._pending.clear()
        self._last = (words, sections, languages, current, metrics)
        columns = self._columns = self.columns_for(self.width(), m)
        for heading, cards in sections:
            if heading:
                label = plain_label(heading, name="GroupHeading")
                label.setFont(m.font(round(m.body_px() * 1.1), QFont.Weight.Bold))
                label.setWordWrap(True)
                column.addWidget(label)
                self.headings.append(label)
            grid = QGridLayout()
            grid.setSpacing(m.gap * 2)
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
        self._add_cards(FIRST_CARDS)  # a screenful now; the rest once the screen is up (see _add_cards)
        self.area.setWidget(content)
        self.area.verticalScrollBar().setValue(0)
        if self._pending:
            QTimer.singleShot(LATER_MS, self, self._add_more)
        covers = [(info.pack_root, info.picture) for _, cards in sections for info in cards if info.picture]
        self._drawn += 1
        # Pictures after the first frame, as the cards past the first screenful; a list of one screenful draws
        # its own with the first frame, as it always did (no worker thread).
        if len(covers) > FIRST_CARDS:
            drawn = self._drawn
            QTimer.singleShot(LATER_MS, self, lambda: self._covers_ahead(drawn, covers, m.px(PICTURE_MM)))

    def _covers_ahead(self, drawn: int, covers: list[tuple[Path, str]], width: int) -> None:
        if drawn == self._drawn:  # else the list was drawn anew since, with a job of its own
            self.pictures.ahead(covers, width, self.devicePixelRatioF())

    def _add_cards(self, count: int) -> None:
        metrics = self._metrics_for_cards
        assert metrics is not None  # set by show_topics, which made the pending list
        for grid, row, col, info in self._pending[:count]:
            card = TopicCard(info, metrics, self.pictures)
            card.clicked.connect(lambda _=False, topic=info.topic: self.chosen.emit(topic))
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
        if self._last is not None and self.columns_for(self.width(), self._last[4]) != self._columns:
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

"""One topic's card on the topic list: picture, title, one-line summary; and the two sizes a card comes in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.ui.decoding import PictureCache
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What one topic's card shows, in the chosen language."""

    topic: str
    title: str
    summary: str
    note: str  # "(in English)" when the topic is shown in the default language; else ""
    pack_root: Path
    picture: str  # relative to the pack; "" for none


@dataclass(frozen=True, slots=True)
class CardLook:
    """A card's measures: millimetres, and its title's size as a share of body text."""

    picture_mm: float
    pad_mm: float
    spacing_mm: float
    title_size: float


ROOMY = CardLook(picture_mm=50, pad_mm=4, spacing_mm=1.5, title_size=1.05)
# A short screen at large text: a smaller picture and closer padding leave room for two cards and the start of a
# third (the text keeps the patient's size, the card its 20 mm).
SHORT = CardLook(picture_mm=32, pad_mm=2.5, spacing_mm=0.75, title_size=1.0)


class TopicCard(QPushButton):
    """One topic: picture, title, one-line summary. The list decodes every card's picture on a worker thread
    once the screen is up (`PictureCache.ahead`); a card painted before that decodes its own there and then."""

    def __init__(
        self,
        info: CardInfo,
        metrics: Metrics,
        pictures: PictureCache,
        look: CardLook = ROOMY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.info, self._pictures = info, pictures
        self.setObjectName("TopicCard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAccessibleName(info.title)
        self._picture_px = metrics.px(look.picture_mm) if info.picture else 0
        self._image: QImage | None = None
        pad = metrics.px(look.pad_mm)
        row = self._row = QHBoxLayout(self)
        row.setContentsMargins(pad + (self._picture_px + pad if info.picture else 0), pad, pad, pad)
        column = QVBoxLayout()
        column.setSpacing(metrics.px(look.spacing_mm))
        title_font = metrics.font(round(metrics.body_px() * look.title_size), QFont.Weight.Bold)
        self.title = self._label(info.title, title_font)
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

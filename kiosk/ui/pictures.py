"""Pictures on a page: pack pictures decoded safely at the size shown, and icon arrays drawn from counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPainterPath, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import pictures
from kiosk.iconarray import PER_ROW

# One generation of drawings per view: a new size, theme or text scale replaces them all, so a view never
# holds more than the pictures of the page it shows.
_MAX_CACHED = 16


@dataclass(frozen=True, slots=True)
class IconColours:
    on: str
    off: str
    background: str


def icon_colours_css(colours: IconColours) -> str:
    """A CSS comment the page view reads back: the view gets only CSS and a font from the reader."""
    return f"/* kiosk-icon-colours {colours.on} {colours.off} {colours.background} */"


def icon_colours_from_css(css: str) -> IconColours:
    marker = css.find("/* kiosk-icon-colours ")
    words = css[marker:].split()[2:5] if marker >= 0 else []
    if len(words) == 3 and all(QColor.isValidColorName(word) for word in words):
        return IconColours(*words)
    return IconColours("#0a4652", "#87919a", "#fbfaf7")


class PictureCache:
    """Decoded pictures and drawn icon arrays, keyed by everything that changes how they look.

    Kept as pixmaps: the page's document turns every image it is given into a pixmap and keeps that, so
    handing it one that is shared with this cache holds each picture in memory once, not twice.
    """

    def __init__(self) -> None:
        self._images: dict[tuple[object, ...], QPixmap] = {}
        self.refused: set[str] = set()  # pack pictures shown as a placeholder: self-test reports them

    def clear(self) -> None:
        self._images.clear()
        self.refused.clear()

    def icon_array(self, count: int, total: int, pitch: int, dpr: float, colours: IconColours) -> QPixmap:
        return self._remember(
            ("icons", count, total, pitch, dpr, colours), lambda: _draw(count, total, pitch, dpr, colours)
        )

    def picture(self, pack_root: Path, src: str, width: int, dpr: float) -> QPixmap | None:
        """The picture at most `width` logical pixels wide, or None if it must not be shown."""
        picture, _problem = pictures.inspect(pack_root, src)
        if picture is None:
            self.refused.add(src)
            return None
        stamp = picture.path.stat().st_mtime_ns
        image = self._remember(("picture", picture.path, stamp, width, dpr), lambda: _decode(picture, width, dpr))
        if image.isNull():
            self.refused.add(src)
            return None
        return image

    def _remember(self, key: tuple[object, ...], make: Callable[[], QImage]) -> QPixmap:
        image = self._images.get(key)
        if image is None:
            if len(self._images) >= _MAX_CACHED:
                self._images.clear()
            image = QPixmap.fromImage(make())
            self._images[key] = image
        return image


def _decode(picture: pictures.Picture, width: int, dpr: float) -> QImage:
    """SVG drawn at the size shown (sharp at any text size); other pictures decoded at most that big."""
    scale = min(1.0, width / picture.width) if not picture.is_svg else width / picture.width
    logical = QSize(max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    pixels = logical * dpr
    if picture.is_svg:
        renderer = QSvgRenderer(str(picture.path))
        if not renderer.isValid():
            return QImage()
        image = QImage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, pixels.width(), pixels.height()))
        painter.end()
    else:
        reader = QImageReader(str(picture.path))
        reader.setAutoTransform(True)
        if reader.size().isValid() and reader.size().width() > pixels.width():
            reader.setScaledSize(pixels)  # JPEGs decode straight to the smaller size
        image = reader.read()
        if image.isNull():
            return image
        if image.width() > pixels.width():
            image = image.scaled(
                pixels, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
    image.setDevicePixelRatio(dpr)
    return image


def _draw(count: int, total: int, pitch: int, dpr: float, colours: IconColours) -> QImage:
    """`total` people in rows of ten, the first `count` in the strong colour, the rest pale.

    A little extra space after every fifth person and row makes the groups easy to count.
    """
    rows = -(-total // PER_ROW)
    width, height = _start(PER_ROW - 1, pitch) + pitch, _start(rows - 1, pitch) + pitch
    image = QImage(round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    person = _person(pitch)
    for index in range(total):
        row, column = divmod(index, PER_ROW)
        painter.setBrush(QColor(colours.on if index < count else colours.off))
        painter.drawPath(person.translated(_start(column, pitch), _start(row, pitch)))
    painter.end()
    return image


def _start(cell: int, pitch: int) -> float:
    """Where person number `cell` of a row (or row number `cell`) starts."""
    return cell * pitch + (cell // 5) * pitch * 0.3


def _person(pitch: float) -> QPainterPath:
    """A head and a rounded body inside a pitch-wide square, leaving a clear gap to the next row."""
    path = QPainterPath()
    head = pitch * 0.15
    path.addEllipse(QRectF(pitch / 2 - head, pitch * 0.06, head * 2, head * 2))
    path.addRoundedRect(QRectF(pitch * 0.22, pitch * 0.4, pitch * 0.56, pitch * 0.46), pitch * 0.18, pitch * 0.18)
    return path


def placeholder(width: int, colours: IconColours) -> QImage:
    """A calm grey frame where a picture could not be shown (its alt text was already on the page)."""
    image = QImage(width, max(40, width // 3), QImage.Format.Format_RGB32)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    painter.setPen(QColor(colours.off))
    painter.drawRect(0, 0, image.width() - 1, image.height() - 1)
    painter.end()
    return image

"""Icon arrays on screen: rows of people drawn from the counts written in a page (see kiosk/iconarray.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from kiosk.iconarray import PER_ROW


@dataclass(frozen=True, slots=True)
class IconColours:
    """The colours of an icon array: people it happens to, the others, and the page behind."""

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


def array_size(total: int, pitch: int) -> tuple[float, float]:
    """Width and height of `total` people in rows of ten, each `pitch` wide."""
    rows = -(-total // PER_ROW)
    return _start(PER_ROW - 1, pitch) + pitch, _start(rows - 1, pitch) + pitch


Stamps = dict[tuple[int, float, str], QImage]


def draw_icons(
    painter: QPainter, rect: QRectF, count: int, total: int, pitch: int, colours: IconColours, stamps: Stamps
) -> None:
    """`total` people in rows of ten, the first `count` in the strong colour, the rest pale.

    A little extra space after every fifth person and row makes the groups easy to count. Each person is a
    stamp drawn once per size and colour (a few KB) and copied: a hundred paths per paint cost a frame.
    """
    dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    for index in range(total):
        row, column = divmod(index, PER_ROW)
        colour = colours.on if index < count else colours.off
        stamp = stamps.get((pitch, dpr, colour))
        if stamp is None:
            stamp = stamps[(pitch, dpr, colour)] = _stamp(pitch, dpr, colour)
        x, y = rect.x() + _start(column, pitch), rect.y() + _start(row, pitch)
        # On whole device pixels, as the stamp was drawn: a copy, not a resampling.
        painter.drawImage(QPointF(round(x * dpr) / dpr, round(y * dpr) / dpr), stamp)


def _stamp(pitch: int, dpr: float, colour: str) -> QImage:
    side = math.ceil(pitch * dpr)
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    image.setDevicePixelRatio(dpr)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawPath(_person(pitch))
    painter.end()
    return image


def icon_array(count: int, total: int, pitch: int, dpr: float, colours: IconColours) -> QImage:
    """An icon array on its own, as the page draws it (for checks and tests)."""
    width, height = array_size(total, pitch)
    image = QImage(round(width * dpr), round(height * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor(colours.background))
    painter = QPainter(image)
    draw_icons(painter, QRectF(0, 0, width, height), count, total, pitch, colours, {})
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

"""Pictures decoded safely at the size shown: the pages' (kiosk.ui.pictures) and the topic cards' covers.

Kept apart from the page's picture objects and icon arrays, so the topic list, a library's first screen, can
show its covers without importing them.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSizeF, Qt
from PySide6.QtGui import QImage, QImageReader

from kiosk import pictures

log = logging.getLogger(__name__)


def shown_size(picture: pictures.Picture, width: int) -> QSizeF:
    """SVG at the column's width (sharp at any text size); other pictures at most their own width."""
    scale = width / picture.width if picture.is_svg else min(1.0, width / picture.width)
    return QSizeF(max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))


def decode(picture: pictures.Picture, width: int, dpr: float) -> QImage:
    """Decoded from the very bytes that were checked, straight at the pixels shown (SVG drawn at that size,
    sharp at any text size; other pictures decoded at most that big)."""
    pixels = (shown_size(picture, width) * dpr).toSize()
    buffer = QBuffer()
    buffer.setData(QByteArray(picture.data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg") if picture.is_svg else QByteArray())
    reader.setAutoTransform(True)
    reader.setAllocationLimit(pictures.MAX_PIXELS * 4 // 1_000_000 + 1)  # MB: Qt refuses anything larger
    if picture.is_svg or (reader.size().isValid() and reader.size().width() > pixels.width()):
        reader.setScaledSize(pixels)  # JPEGs decode straight to the smaller size
    image = reader.read()
    if image.isNull():
        return image
    if image.width() > pixels.width():
        smooth = Qt.TransformationMode.SmoothTransformation
        image = image.scaled(pixels, Qt.AspectRatioMode.KeepAspectRatio, smooth)
    image.setDevicePixelRatio(dpr)
    return image


class PictureCache:
    """Pictures drawn outside a page (topic cards' covers), decoded once per size and kept until cleared.

    `ahead` checks and decodes a list of them on a worker thread (the reader lets go of Python's lock while it
    decodes), so a card scrolled into view only draws its picture; one asked for before the worker got to it is
    decoded there and then, as before. Kept as images ready to draw (premultiplied ARGB: no conversion while
    painting)."""

    def __init__(self) -> None:
        self._images: dict[tuple[object, ...], QImage] = {}
        self._lock = threading.Lock()
        self._generation = 0  # cleared since a worker started: its results are for pictures no longer listed
        self.refused: set[str] = set()

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._images.clear()
            self.refused.clear()

    def picture(self, pack_root: Path, src: str, width: int, dpr: float) -> QImage | None:
        """The picture at most `width` logical pixels wide, or None if it must not be shown."""
        return self._image(pack_root, src, width, dpr, None)

    def ahead(self, wanted: list[tuple[Path, str]], width: int, dpr: float) -> threading.Thread:
        """Decode `wanted` (pack root, picture) in this order on a worker thread; `clear()` stops it."""
        with self._lock:
            generation = self._generation

        def run() -> None:
            for pack_root, src in wanted:
                if self._generation != generation:
                    return
                try:
                    self._image(pack_root, src, width, dpr, generation)
                except Exception:  # a bug in one picture must not stop the others, nor kill the thread
                    log.exception("decoding %s ahead failed", src)
                time.sleep(0)  # the screen's thread gets its turn between pictures

        worker = threading.Thread(target=run, name="cover-pictures", daemon=True)
        worker.start()
        return worker

    def _image(self, pack_root: Path, src: str, width: int, dpr: float, generation: int | None) -> QImage | None:
        key = (pack_root, src, width, dpr)
        with self._lock:
            image = self._images.get(key)
        if image is None:
            picture, _problem = pictures.inspect(pack_root, src)
            image = QImage() if picture is None else decode(picture, width, dpr)
            if not image.isNull():
                image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
            with self._lock:
                if generation is None or generation == self._generation:
                    image = self._images.setdefault(key, image)
                    if image.isNull():
                        self.refused.add(src)
        return None if image.isNull() else image

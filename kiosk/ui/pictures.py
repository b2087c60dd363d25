"""Pictures on a page: pack pictures decoded safely at the size shown, and icon arrays drawn from counts.

The page's document asks `PictureObjects` for the size of each picture when it lays the page out and has it
draw the picture when it paints. Nothing is loaded as a document resource: Qt's own image handler would keep
every picture of every page as a full-size pixmap for as long as the page exists (about 20 MB a language).
Icon arrays are copies of one stamped person per colour (no bitmap of the array). A pack picture is decoded
when its page is first painted and let go when the page is hidden (see PageView.hideEvent).

Decoding runs on a worker thread (Qt's image reader lets go of Python's lock while it works), so a picture
that passed every check and still takes long to draw never freezes the screen: the page waits for it at most
WAIT_S, shows a calm frame meanwhile, and a picture not drawn within BUDGET_S is refused for good. An SVG that
decoded within QUICK_S is from then on drawn straight onto the page as it is painted: no bitmap is kept, and
a tab switch costs its drawing time (a few ms for the bundled drawings) instead of a new decode.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QObject,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPyTextObject,
    QTextDocument,
    QTextFormat,
)

from kiosk import pictures
from kiosk.override import override

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer
from kiosk.iconarray import PER_ROW, parse_source
from kiosk.ui.decoding import decode, shown_size
from kiosk.ui.icons import IconColours, Stamps, array_size, draw_icons

log = logging.getLogger(__name__)
PLACEHOLDER_MAX = 480
QUICK_S = 0.05  # an SVG decoded this fast is drawn as the page is painted (a tab switch redraws it)
_KEEP_PARSED_BYTES = 64 * 1024
WAIT_S = 0.25  # the longest a page's paint waits for a picture; the bundled drawings take 2 to 15 ms
BUDGET_S = 5.0  # a picture not drawn by then is refused (shown as a calm frame, reported to staff)
_POLL_MS = 50


@dataclass(frozen=True, slots=True)
class Room:
    """What decides how big pictures are drawn: the column's width, the text's pixel size, the screen's pixels."""

    width: int
    font_px: int
    dpr: float


@dataclass
class _Job:
    """One picture being decoded on a worker thread."""

    picture: pictures.Picture
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    image: QImage = field(default_factory=QImage)
    seconds: float = 0.0  # how long the decode took


class PictureObjects(QPyTextObject):
    """Sizes and draws every <img> of one page view (registered as its document's image handler).

    `arrived` is emitted when a picture that was still being decoded at paint time is ready (or refused);
    `refused_here(path, reason)` when the screen refuses a picture the pack's checks had let through (a file
    swapped since, one that cannot be decoded or takes too long to draw), for staff mode.
    """

    arrived = Signal()
    refused_here = Signal(object, str)

    def __init__(self, room: Callable[[], Room], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._room = room
        self.pack_root = Path()
        self.colours = IconColours("#0a4652", "#87919a", "#fbfaf7")
        self._checked: dict[str, pictures.Picture | None] = {}
        self._decoded: dict[tuple[str, int, float], QImage] = {}
        self._jobs: dict[tuple[str, int, float], _Job] = {}
        self._stamps: Stamps = {}  # one person per size and colour, for icon arrays
        self._renderers: dict[str, tuple[QSvgRenderer, int]] = {}  # parsed drawing, file size
        self._quick: set[tuple[Path, int, int]] = set()  # SVGs decoded within QUICK_S: drawn as painted
        self._too_slow: set[tuple[Path, int, int]] = set()  # kept for the view's life: never tried twice
        self.refused: set[str] = set()  # pack pictures shown as a placeholder: self-test reports them
        self.problems: dict[str, str] = {}  # why, for pictures refused here (not by the pack's checks)
        self._poll = QTimer(self, interval=_POLL_MS)
        self._poll.timeout.connect(self._collect)

    def clear(self) -> None:
        """Forget everything (new page, pack, size or colours)."""
        self._checked.clear()
        self._renderers.clear()
        self._stamps.clear()
        self.let_go()
        self.refused.clear()
        self.problems.clear()

    def let_go(self) -> None:
        """Drop the decoded pictures (most of a page's memory); they are decoded again when next painted.
        A decode still running finishes on its thread and is dropped."""
        self._decoded.clear()
        self._jobs.clear()
        self._poll.stop()
        # A parsed drawing stays while its page is hidden only if small (the bundled ones are a few KB).
        for src in [src for src, (_, size) in self._renderers.items() if size > _KEEP_PARSED_BYTES]:
            del self._renderers[src]

    @property
    def decoded_bytes(self) -> int:
        return sum(image.sizeInBytes() for image in self._decoded.values())

    @override
    def intrinsicSize(self, doc: QTextDocument, position: int, format: QTextFormat) -> QSizeF:
        src = format.toImageFormat().name()
        room = self._room()
        icons = parse_source(src)
        if icons is not None:
            _count, total, columns = icons
            return QSizeF(*array_size(total, icon_pitch(room, columns)))
        picture = self._check(src)
        if picture is None:
            return QSizeF(placeholder_size(room.width))
        return QSizeF(shown_size(picture, room.width))

    @override
    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        position: int,
        format: QTextFormat,
    ) -> None:
        rect = QRectF(rect)
        src = format.toImageFormat().name()
        icons = parse_source(src)
        if icons is not None:
            count, total, columns = icons
            draw_icons(painter, rect, count, total, icon_pitch(self._room(), columns), self.colours, self._stamps)
            return
        picture = self._check(src)
        if picture is not None and _identity(picture) in self._quick:
            renderer = self._renderer(src, picture)
            if renderer is not None:
                painter.save()
                renderer.render(painter, rect)
                painter.restore()
                return
        image = self.picture(src)
        if image is None:
            draw_placeholder(painter, rect, self.colours)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(rect, image)
        painter.restore()

    def picture(self, src: str, wait_s: float = WAIT_S) -> QImage | None:
        """The pack picture as drawn now, or None if it must not be shown or is not decoded yet."""
        picture = self._check(src)
        if picture is None:
            return None
        room = self._room()
        key = (src, room.width, room.dpr)
        image = self._decoded.get(key)
        if image is not None:
            return image
        job = self._jobs.get(key)
        if job is None:
            job = self._jobs[key] = _Job(picture)
            threading.Thread(target=_run, args=(job, room.width, room.dpr), daemon=True).start()
        if job.done.wait(wait_s):
            return self._finish(key, job)
        if time.monotonic() - job.started >= BUDGET_S:
            self._give_up(key, job)
            return None
        self._poll.start()  # the page shows a frame meanwhile; `arrived` repaints it
        return None

    def _finish(self, key: tuple[str, int, float], job: _Job) -> QImage | None:
        del self._jobs[key]
        src = key[0]
        if job.image.isNull():
            self._refuse(src, "could not be drawn (damaged, or a kind of file this kiosk cannot draw)")
            return None
        if job.picture.is_svg and job.seconds <= QUICK_S:
            self._quick.add(_identity(job.picture))  # from now on drawn as it is painted: no bitmap kept
        else:
            self._decoded[key] = job.image
        return job.image

    def _renderer(self, src: str, picture: pictures.Picture) -> QSvgRenderer | None:
        if src not in self._renderers:
            from PySide6.QtSvg import QSvgRenderer  # loaded with the first SVG picture drawn

            renderer = QSvgRenderer(QByteArray(picture.data))
            if not renderer.isValid():
                self._refuse(src, "is not an SVG picture this kiosk can draw")
                return None
            self._renderers[src] = (renderer, len(picture.data))
        return self._renderers[src][0]

    def _collect(self) -> None:
        for key, job in list(self._jobs.items()):
            if job.done.is_set():
                self._finish(key, job)
            elif time.monotonic() - job.started >= BUDGET_S:
                self._give_up(key, job)
            else:
                continue
            self.arrived.emit()
        if not self._jobs:
            self._poll.stop()

    def _give_up(self, key: tuple[str, int, float], job: _Job) -> None:
        del self._jobs[key]  # its thread runs on to the end; what it makes is dropped
        self._too_slow.add(_identity(job.picture))
        self._refuse(key[0], f"takes more than {BUDGET_S:g} s to draw; simplify it")

    def _refuse(self, src: str, problem: str) -> None:
        self.refused.add(src)
        self.problems[src] = problem
        self._checked[src] = None
        self._report(src, problem)

    def _report(self, src: str, problem: str) -> None:
        log.warning("picture %s not shown: it %s", src, problem)
        self.refused_here.emit(self.pack_root / src, f"picture '{src}' is not shown: it {problem}")

    def _check(self, src: str) -> pictures.Picture | None:
        if src not in self._checked:
            # Checked again here, not only by `kiosk check`: the file may have been swapped since.
            picture, problem = pictures.inspect(self.pack_root, src)
            if picture is not None and _identity(picture) in self._too_slow:
                picture, problem = None, f"takes more than {BUDGET_S:g} s to draw; simplify it"
            self._checked[src] = picture
            if picture is None:
                self.refused.add(src)
                self.problems[src] = problem
                self._report(src, problem)
        return self._checked[src]


def _identity(picture: pictures.Picture) -> tuple[Path, int, int]:
    """Which file with which content (a file edited since is tried again)."""
    return picture.path, len(picture.data), hash(picture.data)


def _run(job: _Job, width: int, dpr: float) -> None:
    """On a worker thread: Qt's image reader works without holding Python's lock, so the screen stays live."""
    try:
        job.image = decode(job.picture, width, dpr)
        job.seconds = time.monotonic() - job.started
    finally:
        job.done.set()


def icon_pitch(room: Room, columns: int) -> int:
    """Each person about 1.5 letters wide, fewer if the column is narrower: it grows with the text."""
    fits = room.width / columns * 0.88 / PER_ROW
    return max(8, round(min(fits, room.font_px * 1.5)))


def placeholder_size(width: int) -> QSize:
    shown = min(width, PLACEHOLDER_MAX)
    return QSize(shown, max(40, shown // 3))


def draw_placeholder(painter: QPainter, rect: QRectF, colours: IconColours) -> None:
    """A calm grey frame where a picture could not be shown (its alt text was already on the page)."""
    painter.save()
    painter.fillRect(rect, QColor(colours.background))
    painter.setPen(QColor(colours.off))
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.restore()


def object_type() -> int:
    return QTextFormat.ObjectTypes.ImageObject.value

"""One page on screen: rich text that scrolls by finger, never selects, and opens no links by itself."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRect, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
)
from PySide6.QtWidgets import QScroller, QScrollerProperties, QTextBrowser, QWidget

from kiosk import limits
from kiosk.iconarray import parse_source
from kiosk.links import INTERNAL_SCHEME, TICK_ANCHOR, TOPIC_SCHEME
from kiosk.override import override
from kiosk.spoken import Sentence, sentences
from kiosk.ui.checklist import EMPTY_BOX, TICKED_BOX, Box, mark_ticks, tick_boxes
from kiosk.ui.following import keep_in_view, page_blocks, reading_colours_from_css, rect_of, stretch
from kiosk.ui.headings import headings_as_styled
from kiosk.ui.icons import icon_colours_from_css
from kiosk.ui.pictures import BUDGET_S, PictureObjects, Room, object_type

LONG_HTML = 10_000  # characters; the bundled pages are 4-8 thousand


class PageView(QTextBrowser):
    """Shows one rendered page. Emits `page_link` for links to other pages, `outside_link` for the rest."""

    page_link = Signal(str)
    topic_link = Signal(str)  # a `topic:` address: another topic of the library (kiosk.ui.topics opens it)
    outside_link = Signal(str)
    scrolled = Signal()
    tick_tapped = Signal(int)  # a checklist row was tapped: its number in the page (see render.TICK_ANCHOR)
    text_tapped = Signal(int)  # a tap elsewhere on the text, not on a link: the document position
    slow_layout = Signal(float)  # laying the page out took this many seconds of the UI thread, over the budget

    def __init__(
        self, page_id: str, html: str, css: str, font: QFont, pack_root: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.page_id = page_id
        self._pack_root = pack_root
        self._html = ""
        self._ticked: frozenset[int] = frozenset()
        self._moved_by_touch = False  # this touch dragged the page or stopped it gliding: it ticks nothing
        self._reading: tuple[int, int] | None = None  # the sentence being read aloud: document range
        self._reading_colours = reading_colours_from_css(css)
        self.pictures = PictureObjects(self._room_now, self)
        self.document().documentLayout().registerHandler(object_type(), self.pictures)
        self.pictures.arrived.connect(self.viewport().update)
        self._picture_room = 0  # the width pictures were last sized for
        self._width_due: QSizeF | None = None  # a page waiting for its layout (see _put_html)
        self._paint_due = False  # ... or for its first paint
        self._icon_colours = icon_colours_from_css(css)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.anchorClicked.connect(self._follow)
        self.verticalScrollBar().valueChanged.connect(self.scrolled)
        self.verticalScrollBar().rangeChanged.connect(self.scrolled)
        self._grab_kinetic_scrolling()
        self.load(page_id, html, css, font, pack_root)

    def load(
        self, page_id: str, html: str, css: str, font: QFont, pack_root: Path, *, in_turns: bool = False
    ) -> None:
        """Show a page from its top. The reader reuses views for new pages (see ReadingScreen.view_at).
        `in_turns`: a long page is parsed now and laid out on the event loop's next turn (see _put_html)."""
        self.page_id, self._pack_root = page_id, pack_root
        self.setObjectName(f"page-{page_id}")
        self.setFont(font)  # the window's style sheet sets the same size; this covers use without it
        self._reading = None
        self.setExtraSelections([])
        self.scroll_to_top()
        self.set_content(html, css, in_turns=in_turns)

    def unload(self) -> None:
        """Let go of the page (its layout is most of a view's memory) while the view waits to be reused."""
        QScroller.scroller(self.viewport()).stop()
        self.page_id, self._html, self._ticked = "", "", frozenset()
        self.setObjectName("page-spare")
        self.pictures.clear()  # a page's pictures are most of its memory: a spare view keeps none
        self.clear()

    def restyle(self, css: str, font: QFont) -> None:
        """New size or colours; the reader stays at the same point of the page."""
        bar = self.verticalScrollBar()
        where = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.setFont(font)
        self._icon_colours = self.pictures.colours = icon_colours_from_css(css)
        self._reading_colours = reading_colours_from_css(css)
        self.pictures.clear()
        self._put_html(self._html, css)  # the style sheet applies when HTML is parsed
        self._mark_ticks()
        bar.setValue(round(where * bar.maximum()))
        if self._reading is not None:  # new HTML drops the marks: the sentence being read keeps its own
            self.mark_sentence(*self._reading)

    def set_content(self, html: str, css: str, *, in_turns: bool = False) -> None:
        self._html = html
        self._icon_colours = self.pictures.colours = icon_colours_from_css(css)
        self.pictures.clear()
        self.pictures.pack_root = self._pack_root
        position = self.verticalScrollBar().value()
        self._put_html(html, css, in_turns=in_turns)
        self.document().setUndoRedoEnabled(False)  # ticks edit the document: keep no history of them
        self._mark_ticks()
        self.verticalScrollBar().setValue(position)

    def _put_html(self, html: str, css: str, *, in_turns: bool = False) -> None:
        """Parse `html` and lay the page out once. With a null page size the document lays nothing out while
        the HTML is parsed and its margin set, each of which was a full layout of its own (a table at the
        limits took about 0.15 s instead of 0.09 s). A view never shown keeps its null size: it is laid out
        when it is first shown, at its real width. `in_turns`, for a page longer than the bundled ones: the
        layout waits for the event loop's next turn (a timer, so input and other timers run between), the view
        still showing what it showed."""
        document = self.document()
        width = self._width_due or document.pageSize()
        document.setPageSize(QSizeF(0, 0))
        document.setDefaultStyleSheet(css)
        self.setHtml(html)
        headings_as_styled(document)
        self._leave_room_for_the_bar()
        if in_turns and len(html) > LONG_HTML and not width.isNull():
            if self._width_due is None:
                self.setUpdatesEnabled(False)
                QTimer.singleShot(1, self, self._lay_out)
            self._width_due = width
            self._paint_due = True
        else:
            self._width_due = None
            self._paint_due = False
            self._timed(lambda: document.setPageSize(width))
            self.setUpdatesEnabled(True)

    def laying_out(self) -> bool:
        """A long page is being laid out and painted in turns of the event loop (see _put_html)."""
        return self._paint_due

    def _lay_out(self) -> None:
        if (width := self._width_due) is not None:
            self._timed(lambda: self.document().setPageSize(width))
            self._width_due = None
        QTimer.singleShot(1, self, self._show_laid_out)  # painted in a turn of its own too

    def _show_laid_out(self) -> None:
        if self._width_due is None:  # else a newer page is on its way
            self._paint_due = False
            self.setUpdatesEnabled(True)

    def _timed(self, layout: Callable[[], None]) -> None:
        """Run `layout` (Qt lays the page out on this thread, in one call that cannot be cut short) and report
        a page that took longer than limits.LAYOUT_SECONDS of this thread's time, so it is not laid out again."""
        started = time.thread_time()
        layout()
        seconds = time.thread_time() - started
        if seconds > limits.LAYOUT_SECONDS and self._html:
            self.slow_layout.emit(seconds)

    def sentences(self, language: str, box_words: tuple[str, str] = ("", "")) -> list[Sentence]:
        """The page as read aloud, sentence by sentence, above the footer's rule (dates and sources are not
        read). Each checklist box is read as `box_words` (ticked, not ticked) when given; on a page without a
        checklist a box is only a symbol, and not read."""
        boxes = all(box_words) and TICK_ANCHOR in self._html
        symbols = {TICKED_BOX: f"{box_words[0]}:", EMPTY_BOX: f"{box_words[1]}:"} if boxes else {}
        return sentences(page_blocks(self.document()), language, symbols)

    def first_visible(self, sentences: Sequence[Sentence]) -> int:
        """The index of the first sentence that starts on screen, or of one that began above the screen but
        fills its top half."""
        for index, sentence in enumerate(sentences):
            if rect_of(self, sentence.start, sentence.start).top() >= 0:
                return index
            if rect_of(self, sentence.end, sentence.end).bottom() > self.viewport().height() // 2:
                return index
        return max(0, len(sentences) - 1)

    # --- checklists: rows a patient ticks with one tap ---
    def show_ticks(self, ticked: frozenset[int]) -> None:
        """Show these checklist rows (numbers as in the page) ticked and the others not."""
        if ticked != self._ticked:
            self._ticked = ticked
            self._mark_ticks()

    def tick_at(self, point: QPoint) -> int | None:
        """The checklist row at `point` (viewport coordinates), if there is one."""
        block = self.cursorForPosition(point).block()
        for number, _, _ in self._tick_boxes(block):
            return number
        return None

    def _tick_boxes(self, only: QTextBlock | None = None) -> Iterator[Box]:
        """The box of each checklist row (of block `only`, if given)."""
        return tick_boxes(self.document(), only) if TICK_ANCHOR in self._html else iter(())

    def _mark_ticks(self) -> None:
        mark_ticks(self.document(), list(self._tick_boxes()), self._ticked, self._icon_colours.on)

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._moved_by_touch = False  # only a tap's press reaches the page: whatever came before is over

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        # The scroller holds a press back while it waits to see whether the finger drags: a tap reaches the page
        # as a press and a release once the scroller is still; a drag's release never reaches it. So whether this
        # touch moved the page is known from the scroller's states (`_scroller_state`), not from the events.
        scrolled, self._moved_by_touch = self._moved_by_touch, False
        if event.button() == Qt.MouseButton.LeftButton and not scrolled:
            point = event.position().toPoint()
            number = self.tick_at(point)
            if number is not None:
                self.tick_tapped.emit(number)
            elif not self.anchorAt(point):
                self.text_tapped.emit(self.cursorForPosition(point).position())

    def _scroller_state(self, state: QScroller.State) -> None:
        """Every touch starts as Pressed. One that moves the page, or catches it while it glides (after a flick
        or ▲/▼), goes on to Dragging and ticks nothing; a tap goes back to Inactive and ticks."""
        if state is QScroller.State.Pressed:
            self._moved_by_touch = False
        elif state is QScroller.State.Dragging:
            self._moved_by_touch = True

    def highlight(self, start: int, length: int) -> None:
        """Mark the word being read (start < 0 clears every mark), inside the sentence marked, if any."""
        if start < 0:
            self._reading = None
            self.setExtraSelections([])
            self.viewport().update()
            return
        marks = self.extraSelections()[:1] if self._reading is not None else []
        word = stretch(self, start, start + length)
        word.format.setBackground(QColor(self.palette().color(QPalette.ColorRole.Highlight)))
        word.format.setForeground(QColor(self.palette().color(QPalette.ColorRole.HighlightedText)))
        self.setExtraSelections([*marks, word])
        keep_in_view(self, start, start + length)

    def mark_sentence(self, start: int, end: int) -> None:
        """Mark the sentence being read: a light background, and a bar beside it in the margin; keep it on
        screen, scrolling as the voice goes."""
        self._reading = (start, end)
        mark = stretch(self, start, end)
        mark.format.setBackground(QColor(self._reading_colours.background))
        self.setExtraSelections([mark])
        self.viewport().update()
        keep_in_view(self, start, end)

    def _bar_width(self) -> int:
        return max(4, round(self.font().pixelSize() * 0.22))

    def _leave_room_for_the_bar(self) -> None:
        """A strip left of the text for the bar beside the sentence being read."""
        root = self.document().rootFrame()
        frame = root.frameFormat()
        frame.setLeftMargin(self._bar_width() * 2)  # pictures leave room for it too (_room)
        root.setFrameFormat(frame)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._reading is None:
            return
        where = rect_of(self, *self._reading)
        painter = QPainter(self.viewport())
        bar = QRect(round(self.document().documentMargin()), where.top(), self._bar_width(), where.height())
        painter.fillRect(bar, QColor(self._reading_colours.bar))
        painter.end()

    def _grab_kinetic_scrolling(self) -> None:
        # Touch arrives as synthesised mouse events on widgets that don't take touch, so the
        # left-button gesture gives finger drags and mouse drags the same kinetic scrolling.
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(self.viewport())
        properties = scroller.scrollerProperties()
        overshoot = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, overshoot)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, overshoot)
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
        scroller.setScrollerProperties(properties)
        scroller.stateChanged.connect(self._scroller_state)

    # --- position, for the "more below" cue and the up/down buttons ---
    def can_scroll_up(self) -> bool:
        return self.verticalScrollBar().value() > self.verticalScrollBar().minimum()

    def can_scroll_down(self) -> bool:
        return self.verticalScrollBar().value() < self.verticalScrollBar().maximum()

    def scroll_by_pages(self, pages: float) -> None:
        """Scroll smoothly by a fraction of the visible height (0.8 keeps a line of context)."""
        bar = self.verticalScrollBar()
        target = bar.value() + round(pages * self.viewport().height())
        target = max(bar.minimum(), min(bar.maximum(), target))
        QScroller.scroller(self.viewport()).scrollTo(QPointF(0, target), 250)

    def release(self) -> None:
        """Before deletion: a scroll still animating on a deleted widget upsets Qt's other scrollers."""
        QScroller.scroller(self.viewport()).stop()
        QScroller.ungrabGesture(self.viewport())

    def scroll_to_top(self) -> None:
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)

    @override
    def loadResource(self, kind: int, name: QUrl | str) -> QByteArray:
        # Nothing is loaded as a resource: pictures are sized and drawn by self.pictures, from inside the pack
        # only. An empty QByteArray, not None: PySide6 6.12 mishandles the reference count of None returned
        # from this override, which crashed the kiosk after many calls.
        return QByteArray()

    def _room_now(self) -> Room:
        self._picture_room = self._room()
        return Room(self._picture_room, self.font().pixelSize(), self.devicePixelRatioF())

    def picture_counts(self) -> tuple[int, list[str]]:
        """How many pictures the page shows, and the sources of those shown as a placeholder instead.

        Every pack picture is decoded here, on screen or not (waiting up to its time budget), so self-test
        learns of one that cannot be drawn (a build without the SVG plug-in, a damaged file).
        """
        names: set[str] = set()
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                char_format = fragments.fragment().charFormat()
                if char_format.isImageFormat():
                    names.add(char_format.toImageFormat().name())
                fragments += 1
            block = block.next()
        for name in names:
            if parse_source(name) is None:
                self.pictures.picture(name, wait_s=BUDGET_S)
        refused = sorted(names & self.pictures.refused)
        return len(names) - len(refused), refused

    def _room(self) -> int:
        margins = (
            2 * round(self.document().documentMargin()) + self._bar_width() * 2
        )  # see _leave_room_for_the_bar
        return max(100, self.viewport().width() - margins - 8)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._timed(lambda: super(PageView, self).resizeEvent(event))  # a new width: Qt lays the page out again
        # Pictures are made for the width they are shown at; the document keeps them until its HTML is set
        # again. A kiosk resizes only at start and when the text size changes, so this costs nothing per tap.
        if self._picture_room and abs(self._room() - self._picture_room) > 8:
            self._picture_room = 0
            self.restyle(self.document().defaultStyleSheet(), self.font())
        elif self._reading is not None:  # the toolbar grew a row as reading began: keep the sentence in view
            keep_in_view(self, *self._reading)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.pictures.let_go()  # a page not on screen keeps no decoded pictures (another tab was chosen)

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            return True  # no tooltips for patients
        return super().event(event)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == INTERNAL_SCHEME:
            self.page_link.emit(url.path())
        elif url.scheme() == TOPIC_SCHEME:
            self.topic_link.emit(url.toString())
        else:
            self.outside_link.emit(url.toString())

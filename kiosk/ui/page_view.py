"""One page on screen: rich text that scrolls by finger, never selects, and opens no links by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QScroller, QScrollerProperties, QTextBrowser, QTextEdit, QWidget

from kiosk.links import INTERNAL_SCHEME, resolve_image


class PageView(QTextBrowser):
    """Shows one rendered page. Emits `page_link` for links to other pages, `outside_link` for the rest."""

    page_link = Signal(str)
    outside_link = Signal(str)
    scrolled = Signal()

    def __init__(
        self, page_id: str, html: str, css: str, font: QFont, pack_root: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.page_id = page_id
        self._pack_root = pack_root
        self._html = ""
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

    def load(self, page_id: str, html: str, css: str, font: QFont, pack_root: Path) -> None:
        """Show a page from its top. The reader reuses views for new pages (see ReadingScreen.view_at)."""
        self.page_id, self._pack_root = page_id, pack_root
        self.setObjectName(f"page-{page_id}")
        self.setFont(font)  # the window's style sheet sets the same size; this covers use without it
        self.setExtraSelections([])
        self.scroll_to_top()
        self.set_content(html, css)

    def unload(self) -> None:
        """Let go of the page (its layout is most of a view's memory) while the view waits to be reused."""
        QScroller.scroller(self.viewport()).stop()
        self.page_id, self._html = "", ""
        self.setObjectName("page-spare")
        self.clear()

    def restyle(self, css: str, font: QFont) -> None:
        """New size or colours; the reader stays at the same point of the page."""
        bar = self.verticalScrollBar()
        where = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.setFont(font)
        self.document().setDefaultStyleSheet(css)
        self.setHtml(self._html)  # the style sheet applies when HTML is parsed
        bar.setValue(round(where * bar.maximum()))

    def set_content(self, html: str, css: str) -> None:
        self._html = html
        position = self.verticalScrollBar().value()
        self.document().setDefaultStyleSheet(css)
        self.setHtml(html)
        self.verticalScrollBar().setValue(position)

    def spoken_text(self) -> str:
        """The page as read aloud: everything above the footer's rule (dates and sources are not read).

        It is a prefix of the document's plain text, so the engine's word positions are document positions.
        """
        document = self.document()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
                return document.toPlainText()[: block.position()]
            block = block.next()
        return document.toPlainText()

    def highlight(self, start: int, length: int) -> None:
        """Mark the word being read (start < 0 clears it) and keep it on screen."""
        if start < 0:
            self.setExtraSelections([])
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format.setBackground(QColor(self.palette().color(QPalette.ColorRole.Highlight)))  # type: ignore[attr-defined]
        selection.format.setForeground(QColor(self.palette().color(QPalette.ColorRole.HighlightedText)))  # type: ignore[attr-defined]
        self.setExtraSelections([selection])
        where = self.cursorRect(cursor)
        if not self.viewport().rect().contains(where):
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + where.top() - self.viewport().height() // 3)

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
        scroller = QScroller.scroller(self.viewport())
        scroller.scrollTo(QPointF(0, target), 250)

    def release(self) -> None:
        """Before deletion: a scroll still animating on a deleted widget upsets Qt's other scrollers."""
        QScroller.scroller(self.viewport()).stop()
        QScroller.ungrabGesture(self.viewport())

    def scroll_to_top(self) -> None:
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)

    def loadResource(self, kind: int, name: QUrl) -> Any:
        # Pictures come only from inside the pack; anything else was already refused when rendering.
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = resolve_image(self._pack_root, name.toString())
            image = QImage(str(path)) if path is not None else QImage()
            if image.isNull():
                return _placeholder_image()
            width = max(100, self.viewport().width() - 40)
            if image.width() > width:
                image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            return image
        # Nothing else is ever loaded. An empty QByteArray, not None: PySide6 6.12 mishandles the reference
        # count of None returned from this override, which crashed the kiosk after many calls.
        return QByteArray()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            return True  # no tooltips for patients
        return super().event(event)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == INTERNAL_SCHEME:
            self.page_link.emit(url.path())
        else:
            self.outside_link.emit(url.toString())


def _placeholder_image() -> QImage:
    image = QImage(240, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#dddddd"))
    painter = QPainter(image)
    painter.setPen(QColor("#555555"))
    painter.drawRect(0, 0, 239, 159)
    painter.end()
    return image

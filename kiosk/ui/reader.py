"""The reading screen: large page tabs, the page with its scroll cues, and the toolbar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.footer import not_shown_html
from kiosk.library import ShownPage
from kiosk.override import override
from kiosk.palette import Palette
from kiosk.ui.chrome_fit import ChromeFit
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.notice import Notice
from kiosk.ui.page_view import PageView
from kiosk.ui.rendering import Renderer
from kiosk.ui.style import page_css
from kiosk.ui.toolbar import Toolbar
from kiosk.ui.widgets import TouchButton, named, place_tabs, set_buttons
from kiosk.uitext import UiText

# About 65 characters per line: the comfortable measure for reading.
_MEASURE_EM = 34
# Views of pages no longer shown are kept, empty, to show new pages. Every new view grabs a touch gesture:
# Qt registers a new gesture type and PySide6 makes an enum class for its number that is never freed (about
# 1.6 KB), so making views afresh on every language change leaked memory visit after visit.
_SPARE_VIEWS = 32
# Views kept in the window, the most recently shown first: switching among them moves none in or out of the
# window (each move re-polishes a view's six widgets: a tab switch went 10 -> 18 ms). The others wait aside.
IN_WINDOW = 8


class ReadingScreen(QWidget):
    """Shows the pages of one language. Signals: `page_selected(id)`, `outside_link(url)`; the toolbar's own."""

    page_selected = Signal(str)
    outside_link = Signal(str)
    topic_link = Signal(str)  # a link to another topic of the library (its `topic:` address)
    tick_tapped = Signal(str, int)  # page id, checklist row
    extra_tab_tapped = Signal()  # the tab after the pages (the quiz, when the pack asks for it as a tab)
    picture_refused = Signal(object, str)  # file, reason: a picture the screen would not draw
    page_refused = Signal(object)  # a ShownPage too slow to lay out, now shown as "could not be shown"

    def __init__(
        self,
        pages: tuple[ShownPage, ...],
        pack_root: Path,
        text: UiText,
        palette: Palette,
        metrics: Metrics,
        chrome: Metrics,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingScreen")
        self._text, self._palette, self._metrics = text, palette, metrics
        self._pack_root = pack_root
        self.tabs = QButtonGroup(self)
        self.tabs.setExclusive(True)
        self.tab_bar = named(QWidget(), "TabBar")
        self.stack = QStackedWidget()
        self._pages: tuple[ShownPage, ...] = ()
        self._views: list[PageView | None] = []  # made (or reused) the first time each page is shown
        self._spare: list[PageView] = []
        self._to_unload: list[PageView] = []  # spare views still holding a page
        self._unloading = QTimer(self, interval=1)  # a timer: input and other timers run between
        self._unloading.timeout.connect(self._unload_one)
        # Views out of sight past the IN_WINDOW most recent wait here, outside the window: a new look (A+,
        # contrast) sets the window's style sheet, and Qt re-polishes every widget under it, shown or not. With 30
        # pages opened that was 30 views of six widgets each, 65 of an A+ tap's 115 ms (benchmarks/hostile.py); a
        # view takes the look when shown.
        self._aside = QWidget()
        self._in_window: list[PageView] = []  # the most recently shown first
        self.destroyed.connect(self._aside.deleteLater)
        self._stale: set[int] = set()  # views (by id) still in the old text size or colours
        self._current = 0
        self._ticked: frozenset[tuple[str, int]] = frozenset()
        self.extra_tab: TouchButton | None = None
        self.up_button = TouchButton(text.scroll_up, objectName="ScrollUp")
        self.down_button = TouchButton(text.scroll_down, objectName="ScrollDown")
        self.more_below = plain_label(name="Hint")
        self.notice = Notice(self.more_below, self._update_scroll_cues)  # a word for the patient, for a while
        self.toolbar = Toolbar(text, chrome)
        self.renderer = Renderer(self)  # pages not rendered yet are rendered off the UI thread
        self.renderer.ready.connect(self._page_ready)
        self.start_over_button = self.toolbar.start_over_button
        self._build_layout(chrome)
        self.fit = ChromeFit(self, metrics.chrome())
        self.toolbar.reflowed.connect(self.fit.fit)  # Stop, Slower... may need a row
        self.set_pages(pages)
        self.tabs.idClicked.connect(self.show_index)
        self.up_button.clicked.connect(lambda: self._scroll(-0.8))
        self.down_button.clicked.connect(lambda: self._scroll(0.8))
        self._name_scroll_buttons(text)

    def _name_scroll_buttons(self, text: UiText) -> None:
        self.up_button.setAccessibleName(text.scroll_up_name)  # ▲ and ▼ are not words a voice can say
        self.down_button.setAccessibleName(text.scroll_down_name)

    def _build_layout(self, m: Metrics) -> None:
        self.tab_grid = QGridLayout(self.tab_bar)
        self.tab_grid.setContentsMargins(m.gap, m.gap, m.gap, m.gap)
        self.tab_grid.setSpacing(m.gap)

        page_column = QVBoxLayout()
        page_column.setSpacing(m.px(1))
        page_column.addWidget(self.stack, 1)
        self.more_below.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more_below.setWordWrap(True)
        page_column.addWidget(self.more_below)
        self.page_holder = QWidget()
        self.page_holder.setLayout(page_column)
        self.page_holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.scroll_column = scroll_column = QVBoxLayout()
        scroll_column.setSpacing(m.gap)
        scroll_column.addWidget(self.up_button)
        scroll_column.addStretch(1)
        scroll_column.addWidget(self.down_button)

        self.middle = middle = QHBoxLayout()  # its margins close up on a short screen (kiosk/ui/chrome_fit.py)
        middle.setContentsMargins(m.px(6), m.px(4), m.gap * 2, m.px(2))
        middle.setSpacing(m.px(6))
        middle.addStretch(1)
        middle.addWidget(self.page_holder, 100)
        middle.addStretch(1)
        middle.addLayout(scroll_column)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.tab_bar)
        outer.addLayout(middle, 1)
        outer.addWidget(self.toolbar)

    # --- content ---
    def set_pages(self, pages: tuple[ShownPage, ...], pack_root: Path | None = None) -> None:
        """Replace every tab and page; keeps the patient on the same page id if it still exists."""
        current = self.current_page_id()
        for view in self.created_views():
            self._spare.append(view)
            self._to_unload.append(view)  # a few at a time, in the next turns (_unload_one)
        for view in self._spare[_SPARE_VIEWS:]:
            view.release()
            self.stack.removeWidget(view)
            view.hide()
            view.setParent(None)
            view.deleteLater()
        del self._spare[_SPARE_VIEWS:]
        self._to_unload = [view for view in self._to_unload if view in self._spare]
        self._in_window = [view for view in self._in_window if view in self._spare]  # the others are gone
        if self._to_unload:
            self._unloading.start()
        self._pack_root = pack_root or self._pack_root
        self._stale.clear()  # every view is spare now, and takes the style of the moment when loaded again
        self._pages = pages
        self._views = [None] * len(pages)
        self._css = page_css(self._palette, self._metrics)
        self._font = self._metrics.font(self._metrics.body_px())
        set_buttons(self.tabs, self.tab_grid, [(page.tab, f"tab-{page.id}") for page in pages])
        ids = [page.id for page in pages]
        self.show_index(ids.index(current) if current in ids else 0)
        self.reflow_tabs()
        self.fit.fit()  # new tabs may take another row
        self.page_holder.setMaximumWidth(self._metrics.body_px() * _MEASURE_EM)

    @property
    def unloading(self) -> bool:
        """Views of pages no longer shown are still letting go of them, one a turn (see set_pages)."""
        return bool(self._to_unload)

    def _unload_one(self) -> None:
        """Let go of one spare view's old page (clearing a document takes about 1 ms)."""
        if self._to_unload:
            self._to_unload.pop().unload()
        if not self._to_unload:
            self._unloading.stop()

    def view_at(self, index: int) -> PageView:
        """The page's view, made on first use: a 500-page pack starts as fast as a 6-page one."""
        view = self._views[index]
        if view is None:
            page = self._pages[index]
            self.renderer.request(page)  # until it is ready, the view shows the page's title alone
            html = page.html if page.rendered else not_shown_html(page.title, "")
            if self._spare:
                view = self._spare.pop()
                if view in self._to_unload:  # its old page is replaced now
                    self._to_unload.remove(view)
                view.load(page.id, html, self._css, self._font, self._pack_root)
            else:
                view = PageView(page.id, html, self._css, self._font, self._pack_root, self._aside)
                view.page_link.connect(self.show_page)
                view.outside_link.connect(self.outside_link)
                view.topic_link.connect(self.topic_link)
                view.scrolled.connect(self._update_scroll_cues)
                view.tick_tapped.connect(lambda row, view=view: self.tick_tapped.emit(view.page_id, row))
                view.pictures.refused_here.connect(self.picture_refused)
                view.slow_layout.connect(lambda seconds, view=view: self._too_slow(view, seconds))
            view.show_ticks(frozenset(row for page, row in self._ticked if page == view.page_id))
            view.setAccessibleName(page.tab)
            self._stale.discard(id(view))  # loaded with today's style
            self._views[index] = view
        return view

    def _fresh(self, view: PageView) -> PageView:
        """`view`, restyled first if the text size or colours changed while it was out of sight."""
        if id(view) in self._stale:
            self._stale.discard(id(view))
            view.restyle(self._css, self._font)
        return view

    def _page_ready(self, page: ShownPage) -> None:
        """A page rendered off the UI thread (or given up): swap it into the views showing it."""
        for index, shown in enumerate(self._pages):
            view = self._views[index]
            if shown is page and view is not None:
                view.load(page.id, page.html, self._css, self._font, self._pack_root, in_turns=True)
                self.renderer.hold(view.laying_out)  # no page rendered while this one is laid out in turns
                view.show_ticks(frozenset(row for id_, row in self._ticked if id_ == page.id))
        self._update_scroll_cues()

    def _too_slow(self, view: PageView, seconds: float) -> None:
        """`view` took `seconds` to lay its page out: the calm page instead, from the next turn (not inside Qt's
        layout), and staff are told."""
        for page, shown in zip(self._pages, self._views, strict=True):
            if shown is view and page.id == view.page_id:
                page.too_slow_to_lay_out(seconds)
                QTimer.singleShot(0, self, lambda page=page: self._page_ready(page))
                self.page_refused.emit(page)

    def set_ticks(self, ticked: frozenset[tuple[str, int]]) -> None:
        """Show these checklist rows ticked on every page: (page id, row number in the page)."""
        self._ticked = ticked
        for view in self.created_views():
            view.show_ticks(frozenset(row for page, row in ticked if page == view.page_id))

    @property
    def views(self) -> list[PageView]:
        """Every page's view (making any not yet made)."""
        return [self._fresh(self.view_at(index)) for index in range(len(self._pages))]

    def created_views(self) -> list[PageView]:
        return [view for view in self._views if view is not None]

    def set_look(self, metrics: Metrics, palette: Palette) -> None:
        """New text size or colours: restyle every page, keeping each one's place, and reflow."""
        self.restyle_pages(metrics, palette)
        self.reflow()

    def restyle_pages(self, metrics: Metrics, palette: Palette) -> None:
        """The pages in a new text size or colours, each keeping its place; tabs and toolbar are reflowed
        separately (`reflow`), once the window's style sheet has given their labels the new size."""
        self._metrics, self._palette = metrics, palette
        self._css = page_css(palette, metrics)
        self._font = metrics.font(metrics.body_px())
        current = self.current_view()
        self.renderer.hold()  # the window restyles in turns: see KioskWindow._apply_look
        if current is not None:
            current.restyle(self._css, self._font)
        # The others restyle when next shown: an A+ tap re-lays out one page, not every page opened so far.
        self._stale = {id(view) for view in self.created_views() if view is not current}
        self.page_holder.setMaximumWidth(metrics.body_px() * _MEASURE_EM)
        self.fit.set_chrome(metrics.chrome())
        self._update_scroll_cues()

    def reflow(self) -> None:
        """Tabs and toolbar rearranged for their labels' size, as large as the page's room allows."""
        self.fit.fit()
        self._update_scroll_cues()

    def body_line_px(self) -> int:
        return QFontMetrics(self._font).lineSpacing()

    def set_texts(self, text: UiText) -> None:
        self._text = text
        self.up_button.setText(text.scroll_up)
        self.down_button.setText(text.scroll_down)
        self._name_scroll_buttons(text)
        self._update_scroll_cues()

    # --- navigation ---
    def current_view(self) -> PageView | None:
        return self._views[self._current] if self._views else None

    def current_page_id(self) -> str | None:
        return self._pages[self._current].id if self._pages else None

    def show_index(self, index: int) -> None:
        if not 0 <= index < len(self._pages):
            return
        self._current = index
        if self.isVisible():  # a hidden reader makes its page when it is first shown: after the first frame
            self.renderer.hold()  # no page rendered while this one is set up and painted (about 10 ms)
            self._put_on_screen(self.view_at(index))
        button = self.tabs.button(index)
        if button is not None:
            button.setChecked(True)
        self._update_scroll_cues()
        self.page_selected.emit(self._pages[index].id)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit.fit()
        if self._pages:
            self.renderer.hold()  # the screen opens first; then the page it asked for is rendered
            self._put_on_screen(self.view_at(self._current))
            self._update_scroll_cues()

    def _put_on_screen(self, view: PageView) -> None:
        """`view` on screen, in today's look; past the IN_WINDOW most recently shown, the least recent is set
        aside, out of the window."""
        if view is self.stack.currentWidget():
            self._fresh(view)
            return
        if self.stack.indexOf(view) < 0:
            self.stack.addWidget(view)  # in the window: it takes the window's style sheet
            view.ensurePolished()  # now, not at its first paint
        self.stack.setCurrentWidget(self._fresh(view))
        self._in_window = [view, *(kept for kept in self._in_window if kept is not view)]
        for old in self._in_window[IN_WINDOW:]:
            self.stack.removeWidget(old)
            old.setParent(self._aside)
        del self._in_window[IN_WINDOW:]

    def show_page(self, page_id: str) -> None:
        for index, page in enumerate(self._pages):
            if page.id == page_id:
                self.show_index(index)
                return

    def reset(self) -> None:
        """Back to the first tab with every page scrolled to its top."""
        for view in self.created_views():
            view.scroll_to_top()
        self.show_index(0)

    def _scroll(self, pages: float) -> None:
        view = self.current_view()
        if view is not None:
            view.scroll_by_pages(pages)

    # --- layout and cues ---
    def set_extra_tab(self, words: str) -> None:
        """A tab after the pages that opens something else (the quiz); empty words: none."""
        if words and self.extra_tab is None:
            self.extra_tab = TouchButton(words, objectName="tab-extra")
            self.extra_tab.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.extra_tab.clicked.connect(self.extra_tab_tapped)
        elif words and self.extra_tab is not None and self.extra_tab.text() != words:
            self.extra_tab.setText(words)
        elif not words and self.extra_tab is not None:
            self.tab_grid.removeWidget(self.extra_tab)
            self.extra_tab.hide()
            self.extra_tab.setParent(None)
            self.extra_tab.deleteLater()
            self.extra_tab = None
        else:
            return
        self.reflow_tabs()
        self.fit.fit()

    def reflow_tabs(self) -> None:
        buttons = [b for b in self.tabs.buttons() if isinstance(b, TouchButton)]
        buttons += [self.extra_tab] if self.extra_tab is not None else []
        if buttons:
            place_tabs(self.tab_grid, buttons, self.width(), flow=bool(self.fit.step))

    def _update_scroll_cues(self) -> None:
        view = self.current_view()
        up = bool(view and view.can_scroll_up())
        down = bool(view and view.can_scroll_down())
        self.up_button.setEnabled(up)
        self.down_button.setEnabled(down)
        if not self.notice.holding:
            self.more_below.setText(self._text.more_below if down else self._text.end_of_page if up else "")

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit.fit()
        self._update_scroll_cues()

"""The reading screen: a row of large page tabs, the page, scroll buttons and the toolbar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.library import ShownPage
from kiosk.palette import Palette
from kiosk.ui.metrics import Metrics
from kiosk.ui.page_view import PageView
from kiosk.ui.style import page_css
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

# About 65 characters per line: the comfortable measure for reading.
_MEASURE_EM = 34


class ReadingScreen(QWidget):
    """Shows the pages of one language. Signals: `start_over`, `page_selected(id)`, `outside_link(url)`."""

    start_over = Signal()
    page_selected = Signal(str)
    outside_link = Signal(str)

    def __init__(
        self,
        pages: tuple[ShownPage, ...],
        pack_root: Path,
        text: UiText,
        palette: Palette,
        metrics: Metrics,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingScreen")
        self._text, self._palette, self._metrics = text, palette, metrics
        self._pack_root = pack_root
        self.tabs = QButtonGroup(self)
        self.tabs.setExclusive(True)
        self.tab_bar = QWidget(objectName="TabBar")
        self.stack = QStackedWidget()
        self.views: list[PageView] = []
        self.up_button = TouchButton(text.scroll_up)
        self.down_button = TouchButton(text.scroll_down)
        self.more_below = QLabel(objectName="Hint")
        self.start_over_button = TouchButton(text.start_over)
        self._build_layout()
        self.set_pages(pages)
        self.tabs.idClicked.connect(self.show_index)
        self.up_button.clicked.connect(lambda: self.current_view() and self.current_view().scroll_by_pages(-0.8))
        self.down_button.clicked.connect(lambda: self.current_view() and self.current_view().scroll_by_pages(0.8))
        self.start_over_button.clicked.connect(self.start_over)

    # --- building ---
    def _build_layout(self) -> None:
        m = self._metrics
        tab_row = QHBoxLayout(self.tab_bar)
        tab_row.setContentsMargins(m.gap, m.gap, m.gap, m.gap)
        tab_row.setSpacing(m.gap)

        page_column = QVBoxLayout()
        page_column.setSpacing(m.px(1))
        page_column.addWidget(self.stack, 1)
        self.more_below.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page_column.addWidget(self.more_below)
        self.page_holder = QWidget()
        self.page_holder.setLayout(page_column)
        self.page_holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        scroll_column = QVBoxLayout()
        scroll_column.setSpacing(m.gap)
        scroll_column.addWidget(self.up_button)
        scroll_column.addStretch(1)
        scroll_column.addWidget(self.down_button)

        middle = QHBoxLayout()
        middle.setContentsMargins(m.px(6), m.px(5), m.gap * 2, m.px(3))
        middle.setSpacing(m.px(6))
        middle.addStretch(1)
        middle.addWidget(self.page_holder, 100)
        middle.addStretch(1)
        middle.addLayout(scroll_column)

        toolbar = QWidget(objectName="Toolbar")
        tools = QHBoxLayout(toolbar)
        tools.setContentsMargins(m.gap, m.gap, m.gap, m.gap)
        tools.setSpacing(m.gap)
        self.start_over_button.setObjectName("StartOver")
        tools.addWidget(self.start_over_button)
        tools.addStretch(1)
        self.toolbar_layout = tools

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.tab_bar)
        outer.addLayout(middle, 1)
        outer.addWidget(toolbar)
        self._tab_row = tab_row

    def set_pages(self, pages: tuple[ShownPage, ...]) -> None:
        """Replace every tab and page; keeps the patient on the same page id if it still exists."""
        current = self.current_page_id()
        for button in self.tabs.buttons():
            self.tabs.removeButton(button)
            self._tab_row.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        for view in self.views:
            self.stack.removeWidget(view)
            view.setParent(None)
            view.deleteLater()
        self.views = []
        css = page_css(self._palette, self._metrics)
        body_font = self._metrics.font(self._metrics.body_px())
        for index, page in enumerate(pages):
            button = TouchButton(page.tab, checkable=True)
            button.setObjectName(f"tab-{page.id}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.tabs.addButton(button, index)
            self._tab_row.addWidget(button, 1)
            view = PageView(page.id, page.html, css, body_font, self._pack_root)
            view.page_link.connect(self.show_page)
            view.outside_link.connect(self.outside_link)
            view.scrolled.connect(self._update_scroll_cues)
            self.stack.addWidget(view)
            self.views.append(view)
        ids = [page.id for page in pages]
        self.show_index(ids.index(current) if current in ids else 0)
        self._update_measure()

    # --- navigation ---
    def current_view(self) -> PageView | None:
        view = self.stack.currentWidget()
        return view if isinstance(view, PageView) else None

    def current_page_id(self) -> str | None:
        view = self.current_view()
        return view.page_id if view else None

    def show_index(self, index: int) -> None:
        if not 0 <= index < len(self.views):
            return
        self.stack.setCurrentIndex(index)
        button = self.tabs.button(index)
        if button is not None:
            button.setChecked(True)
        self._update_scroll_cues()
        self.page_selected.emit(self.views[index].page_id)

    def show_page(self, page_id: str) -> None:
        for index, view in enumerate(self.views):
            if view.page_id == page_id:
                self.show_index(index)
                return

    def reset(self) -> None:
        """Back to the first tab with every page scrolled to its top."""
        for view in self.views:
            view.scroll_to_top()
        self.show_index(0)

    # --- cues ---
    def _update_scroll_cues(self) -> None:
        view = self.current_view()
        up = bool(view and view.can_scroll_up())
        down = bool(view and view.can_scroll_down())
        self.up_button.setEnabled(up)
        self.down_button.setEnabled(down)
        self.more_below.setText(self._text.more_below if down else self._text.end_of_page if up else "")

    def _update_measure(self) -> None:
        self.page_holder.setMaximumWidth(self._metrics.body_px() * _MEASURE_EM)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._update_scroll_cues()

"""`kiosk preview`: staff's own window onto a pack as patients will see it, with `kiosk check`'s problems beside
the page, reloaded on every save. A normal window: no lockdown, no idle reset, no staff gesture; it closes as any
window does. Only `kiosk preview` imports this module."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QResizeEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from kiosk.authoring import check_pack
from kiosk.content import Pack
from kiosk.errors import Issue, Severity
from kiosk.library import Library, load_library
from kiosk.override import override
from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, build_window, create_application, route_qt_messages
from kiosk.ui.content_watcher import ContentWatcher
from kiosk.ui.labels import plain_label

log = logging.getLogger(__name__)
SETTLE_S = 0.5  # an editor's save is a burst of writes: reload once it has settled, at most this long after
ROW_PADDING_PX = 4
PANEL_MIN_PX = 360  # the problems beside the page: room for a message in a few lines
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_WORDS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Note"}
_COLOURS = {Severity.ERROR: "#a4262c", Severity.WARNING: "#7a4a00", Severity.INFO: "#4a5560"}


class _Checked(QObject):
    done = Signal(int, object)  # generation, list[Issue]


class _CheckJob(QRunnable):
    """`kiosk check`'s authoring checks (reading level takes seconds the first time) off the UI thread."""

    def __init__(self, generation: int, pack: Pack, bridge: _Checked) -> None:
        super().__init__()
        self._generation, self._pack, self._bridge = generation, pack, bridge

    @override
    def run(self) -> None:
        try:
            issues = check_pack(self._pack)
        except Exception as error:  # a bug in a check must not kill the worker thread silently
            log.exception("checking %s failed", self._pack.root)
            issues = [Issue(self._pack.root, None, f"the checks could not finish: {error}", Severity.WARNING)]
        self._bridge.done.emit(self._generation, issues)


class _WrappingList(QListWidget):
    """A list whose long rows wrap onto as many lines as they need: Qt's own wrapping guesses each row's
    height before it knows the width, and cuts some rows short with "..."."""

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        width = max(80, self.viewport().width() - 2 * (self.spacing() + ROW_PADDING_PX) - 4)
        metrics = self.fontMetrics()
        for row in range(self.count()):
            item = self.item(row)
            text = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, text.height() + 2 * ROW_PADDING_PX + 2))


class ProblemList(QWidget):
    """`kiosk check`'s problems, worst first, each with its file and line; a click shows that page."""

    page_chosen = Signal(str, str)  # language, page id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PreviewProblems")
        self.heading = plain_label("Problems", self, "PreviewHeading")
        self.status = plain_label("", self, "PreviewStatus")
        self.heading.setWordWrap(True)
        self.status.setWordWrap(True)
        self.list = _WrappingList(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._clicked)
        self.setMinimumWidth(PANEL_MIN_PX)
        # Staff read this at a desk, not a patient at arm's length: desktop sizes, the system's own font.
        self.setStyleSheet(
            "#PreviewHeading { font-size: 15pt; font-weight: bold; }"
            "#PreviewStatus, QListWidget { font-size: 11pt; }"
            f"QListWidget::item {{ padding: {ROW_PADDING_PX}px; }}"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self.root = Path()

    def show_problems(self, root: Path, issues: list[Issue], status: str) -> None:
        self.root = root
        self.list.clear()
        ordered = sorted(issues, key=lambda issue: (_ORDER[issue.severity], str(issue.path), issue.line or 0))
        for issue in ordered:
            item = QListWidgetItem(f"{self._where(issue)}\n{_WORDS[issue.severity]}: {issue.message}")
            item.setForeground(QBrush(QColor(_COLOURS[issue.severity])))
            item.setData(Qt.ItemDataRole.UserRole, self._page_of(issue))
            self.list.addItem(item)
        self.list.fit()
        errors = sum(issue.is_error for issue in issues)
        warnings = sum(issue.is_problem for issue in issues) - errors
        self.heading.setText(f"Problems: {errors} error(s), {warnings} warning(s)")
        self.status.setText(status)

    def lines(self) -> list[str]:
        """The list as shown, one string per problem."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _where(self, issue: Issue) -> str:
        path = Path(issue.path)
        shown = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        return f"{shown.as_posix()}:{issue.line}" if issue.line else shown.as_posix()

    def _page_of(self, issue: Issue) -> tuple[str, str] | None:
        path = Path(issue.path)
        if path.suffix != ".md" or not path.is_relative_to(self.root):
            return None
        parts = path.relative_to(self.root).parts
        return (parts[0], path.stem) if len(parts) == 2 else None

    def _clicked(self, item: QListWidgetItem) -> None:
        page = item.data(Qt.ItemDataRole.UserRole)
        if page:
            self.page_chosen.emit(*page)


class PreviewWindow(QWidget):
    """The kiosk's own window (as patients see it, at the chosen text size and theme) beside the problems.

    Every save reloads the pack: good content is shown at once, on the page staff were looking at; content with
    errors is listed but not shown, as a kiosk would keep its last good version."""

    checked = Signal()  # the problem list is complete for the content on screen

    def __init__(
        self, settings: Settings, library: Library, *, scale: float, theme: str, options: WindowOptions
    ) -> None:
        super().__init__()
        self.setObjectName("PreviewWindow")
        self.settings = settings
        self.root = settings.content_dir
        self.setWindowTitle(f"Preview: {library.pack.info.title} ({self.root})")
        self.kiosk = build_window(settings, library, options)
        self.kiosk.set_text_scale(scale)
        self.kiosk.set_high_contrast(theme == "contrast")
        self.kiosk.show_reader()
        self.problems = ProblemList(self)
        self.problems.page_chosen.connect(self._show_page)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.kiosk)
        splitter.addWidget(self.problems)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        delay = min(settings.config.content.reload_delay_s, SETTLE_S)
        self.watcher = ContentWatcher(self.root, delay, parent=self)
        self.watcher.loaded.connect(self._loaded)
        self.watcher.rejected.connect(self._rejected)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one check at a time; a newer one replaces an older one's result
        self._bridge = _Checked(self)
        self._bridge.done.connect(self._checked)
        self._generation = 0
        self._shown: tuple[Library, str] = (library, "")
        self._check(library, f"Showing {self.root}. Save a page to see it again here.")
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self._pool.clear()
        self._pool.waitForDone()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)

    def _loaded(self, library: Library) -> None:
        self.kiosk.set_library(library)
        self._check(library, f"Reloaded at {time.strftime('%H:%M:%S')}.")

    def _rejected(self, library: Library) -> None:
        self.kiosk.keep_library(library)
        self._check(
            library,
            f"Reloaded at {time.strftime('%H:%M:%S')}: the pack has errors, so a kiosk would keep showing its "
            "last good version, as this window does. Fix the errors and save again.",
        )

    def _check(self, library: Library, status: str) -> None:
        """Show the problems found so far at once; the authoring checks follow from the worker thread."""
        self._generation += 1
        self._shown = (library, status)
        found = [*self.settings.issues, *library.issues]
        self.problems.show_problems(self.root, found, status + " Checking reading level and Markdown...")
        self._pool.start(_CheckJob(self._generation, library.pack, self._bridge))

    def _checked(self, generation: int, issues: list[Issue]) -> None:
        if generation != self._generation:
            return  # the pack changed again while this check ran
        library, status = self._shown
        self.problems.show_problems(self.root, [*self.settings.issues, *library.issues, *issues], status)
        self.checked.emit()

    def _show_page(self, language: str, page_id: str) -> None:
        if language in self.kiosk.library.languages and language != self.kiosk.language:
            self.kiosk.set_language(language)
        self.kiosk.show_reader()
        self.kiosk.reader.show_page(page_id)


def run(settings: Settings, *, scale: float, theme: str) -> int:
    app = create_application(["kiosk"])
    route_qt_messages()
    library = load_library(settings.content_dir)  # every language: every problem is listed from the start
    window = PreviewWindow(settings, library, scale=scale, theme=theme, options=WindowOptions(windowed=True))
    screen = window.screen().availableGeometry()
    window.resize(int(screen.width() * 0.9), int(screen.height() * 0.9))
    window.show()
    code = app.exec()
    window.stop()
    return code

"""Hot reload: watch the content folder, let edits settle, validate off the UI thread, then swap or keep."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.content import fingerprint
from kiosk.library import Library, load_library
from kiosk.override import override
from kiosk.shelf import Shelf

Loader = Callable[[Path], Library | Shelf]  # a pack, or a library of topics (kiosk.ui.topics)

log = logging.getLogger(__name__)
POLL_MS = 5000  # catches what file events miss: network shares, a folder deleted and made again
ARM_MS = 500  # file events are asked for this long after start


class _Finished(QObject):
    done = Signal(object, object)  # Library, fingerprint taken before loading
    failed = Signal()


class _LoadJob(QRunnable):
    def __init__(self, root: Path, bridge: _Finished, load: Loader) -> None:
        super().__init__()
        self._root, self._bridge, self._load = root, bridge, load

    @override
    def run(self) -> None:
        before = fingerprint(self._root)
        try:
            library = self._load(self._root)
        except Exception:  # a bug in loading must not kill the worker thread silently
            log.exception("loading content from %s failed", self._root)
            self._bridge.failed.emit()
            return
        self._bridge.done.emit(library, before)


class ContentWatcher(QObject):
    """Emits `loaded(library)` for content without errors and `rejected(library)` for content with errors
    (with a library of topics: a Shelf, whose errors are those of library.toml; see kiosk.shelf); `failed` when
    reading it raised (a bug, logged with its traceback): the content on screen stays."""

    loaded = Signal(object)
    rejected = Signal(object)
    failed = Signal()

    def __init__(
        self, root: Path, delay_s: float, parent: QObject | None = None, load: Loader = load_library
    ) -> None:
        super().__init__(parent)
        self.root, self._load = root, load
        # Made when first armed, after the first frame (see start): making the first one costs 70 ms of
        # start-up (PySide6 makes some 150 enum types as an app-wide event filter first meets its engine).
        self._watcher: QFileSystemWatcher | None = None
        self._settle = QTimer(self, singleShot=True, interval=max(50, int(delay_s * 1000)))
        self._settle.timeout.connect(self.reload_now)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._poll_for_changes)
        self._bridge = _Finished(self)
        self._bridge.done.connect(self._finished)
        self._bridge.failed.connect(self._failed)
        self._busy = False
        self._again = False
        self._last_seen = fingerprint(root)
        self.loads = 0

    def start(self) -> None:
        # Watching every file of a library of 50 topics (1,600 of them) costs about 40 ms: after the first frame
        # (a timer of 0 ms runs before it). An edit before then differs from the fingerprint: the poll sees it.
        QTimer.singleShot(ARM_MS, self, self._arm)
        self._poll.start()

    def retarget(self, root: Path) -> None:
        """Watch another pack folder from now on (a new pack from the content source)."""
        if self._watcher is not None:
            watched = self._watcher.files() + self._watcher.directories()
            if watched:
                self._watcher.removePaths(watched)
        self.root = root
        self._last_seen = fingerprint(root)
        self._arm()

    def stop(self) -> None:
        self._poll.stop()
        self._settle.stop()

    def reload_now(self) -> None:
        """Check the pack on a worker thread; a request while one runs makes it run once more afterwards."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        QThreadPool.globalInstance().start(_LoadJob(self.root, self._bridge, self._load))

    def _changed(self, _path: str = "") -> None:
        self._settle.start()  # restart: reload only once changes have stopped for the delay
        self._arm()

    def _poll_for_changes(self) -> None:
        current = fingerprint(self.root)
        if current != self._last_seen:
            self._last_seen = current  # else every poll would restart the settle timer forever
            self._changed()

    def _finished(self, library: Library | Shelf, before: tuple[tuple[str, int, int], ...]) -> None:
        self._busy = False
        self.loads += 1
        self._last_seen = fingerprint(self.root)
        if self._again or self._last_seen != before:
            # Files changed while we read them (a copy still running): read again once they settle.
            self._again = False
            self._settle.start()
            return
        self._arm()
        if library.has_errors:
            log.warning(
                "content in %s has %d error(s); keeping the last good content",
                self.root,
                sum(issue.is_error for issue in library.issues),
            )
            for issue in library.issues:
                log.warning("%s", issue)
            self.rejected.emit(library)
        else:
            log.info("content reloaded from %s", self.root)
            self.loaded.emit(library)

    def _failed(self) -> None:
        self._busy = False  # else no reload would ever run again, by staff's button or the watcher's
        if self._again:
            self._again = False
            self._settle.start()
        self.failed.emit()

    def _arm(self) -> None:
        """Watch the pack folder and everything inside (the poll notices the folder coming back)."""
        # A folder over the files limit is refused: watching its first files is enough (fingerprint stops there).
        found = [name for name, _, _ in fingerprint(self.root) if name != "<unreadable>"]
        paths = [str(self.root)] if self.root.exists() else []
        paths += [str(self.root / name) for name in found if not name.rpartition("/")[2].startswith(".")]
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self._changed)
            self._watcher.fileChanged.connect(self._changed)
        current = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [p for p in paths if p not in current]
        if missing:
            self._watcher.addPaths(missing)

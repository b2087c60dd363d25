"""Pages and packs are prepared on worker threads; the UI thread only swaps in what is finished.

Python-markdown is pure Python, so a worker still shares the interpreter with the UI thread; but Python hands
the interpreter over every half millisecond (SWITCH_INTERVAL_S), and the limits (kiosk/limits.py) keep every
long C call short, so the screen keeps answering while a page renders (benchmarks/hostile.py measures the
longest stall). While the screen itself has work in hand (a screen opening, a new look, a long page laid out
in turns) the workers wait before their next step (`hold`): they start a page once the screen is done.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import limits
from kiosk.library import Library, ShownPage

log = logging.getLogger(__name__)
# How long a busy worker keeps Python's lock from a thread waiting for it (Python's default: 5 ms). The UI
# thread takes the lock for every call into Python (event filters, overrides, slots), hundreds of times while
# a screen is built; each waited up to 5 ms for a worker rendering pages, so opening the reading screen stalled
# for 0.2-0.8 s with 40-60 ms of its own CPU (benchmarks/hostile.py). Workers are rarely waited for: the
# shorter turn costs them little.
SWITCH_INTERVAL_S = 0.0005
# The longest a worker waits for the screen (`Renderer.hold`) before it goes on regardless: work never starves.
HOLD_S = 0.5
QUIET_MS = 10  # Qt paints a change 5 ms after it (QT_QPA_UPDATE_IDLE_TIME), on a timer


class Renderer(QObject):
    """Runs work off the UI thread and hands each result back on it. `ready(page)`: a page asked for with
    `request` is rendered, or was given up after the time budget (`gave_up(page)` as well)."""

    ready = Signal(object)
    gave_up = Signal(object)
    _finished = Signal(object, object)  # what to call on the UI thread, with what

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        # Two workers: a page a patient is waiting for never queues behind a whole pack being rendered.
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-render")
        self._finished.connect(lambda then, result: then(result))
        self._waiting: dict[int, QTimer] = {}
        # Open: workers may go on. Closed by `hold` until the UI thread has nothing left to do.
        self._gate = threading.Event()
        self._gate.set()
        self._busy: list[Callable[[], bool]] = []
        self._was_busy = False  # at the last look
        self._held_at = 0.0
        self._quiet = QTimer(self, interval=QUIET_MS)
        self._quiet.timeout.connect(self._look)
        self.destroyed.connect(self._gate.set)  # a worker waiting must not outlive the screen by HOLD_S
        self.destroyed.connect(lambda: self._pool.shutdown(wait=False, cancel_futures=True))

    def hold(self, busy: Callable[[], bool] = lambda: False) -> None:
        """Workers wait before their next step (a page, a pack) until the UI thread has nothing in hand: `busy()`
        is false and a whole QUIET_MS went by with nothing new held. A page rendered meanwhile made every call the
        screen's thread made into Python wait for Python's lock (opening the reading screen on a 128 KB page:
        190 ms of wall clock for 70 ms of its own work). The quiet time lets the frame that shows the change be
        painted first: Qt paints it on a timer, 5 ms after the change. Workers wait HOLD_S at most."""
        self._busy.append(busy)
        self._held_at = time.monotonic()
        self._gate.clear()
        self._quiet.start()  # (again): a timer, so it also runs under processEvents (self-test)

    @property
    def holding(self) -> bool:
        """Workers are held (`hold`)."""
        return not self._gate.is_set()

    def _look(self) -> None:
        still = [busy for busy in self._busy if busy()]
        if time.monotonic() - self._held_at > HOLD_S:  # the workers went on anyway: stop looking
            still, self._was_busy = [], False
        if still or self._was_busy:  # busy a moment ago: look again after a quiet interval
            self._busy, self._was_busy = still, bool(still)
        else:
            self._busy = []
            self._quiet.stop()
            self._gate.set()

    def go_on_when_free(self) -> None:
        """On a worker: wait while the screen is busy (`hold`), HOLD_S at most."""
        self._gate.wait(HOLD_S)

    def run(self, work: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """`then(work())`: the work on a worker thread, `then` on the UI thread."""

        def job() -> None:
            self.go_on_when_free()
            try:
                result = work()
            except Exception:  # a bug in rendering must not vanish with the worker thread
                log.exception("preparing content on a worker thread failed")
                return
            with contextlib.suppress(RuntimeError):  # the screen was closed while this ran
                self._finished.emit(then, result)

        self._pool.submit(job)

    def request(self, page: ShownPage) -> None:
        """Render `page` now; `ready(page)` follows within the time budget, rendered or given up."""
        if page.rendered or id(page) in self._waiting:
            return
        timer = QTimer(self, singleShot=True, interval=int(limits.RENDER_SECONDS * 1000))
        timer.timeout.connect(lambda: self._give_up(page))
        self._waiting[id(page)] = timer
        timer.start()
        self.run(lambda: page.html, lambda _html: self._done(page))

    @property
    def waiting(self) -> int:
        """How many pages asked for are not ready yet."""
        return len(self._waiting)

    def render_all(self, library: Library, then: Callable[[Library], None]) -> None:
        """Render every page of `library` not rendered yet, then `then(library)` on the UI thread."""
        self.run(lambda: library.render_all(self.go_on_when_free), lambda _issues: then(library))

    def _done(self, page: ShownPage) -> None:
        timer = self._waiting.pop(id(page), None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
            self.ready.emit(page)

    def _give_up(self, page: ShownPage) -> None:
        timer = self._waiting.pop(id(page), None)
        if timer is not None:
            timer.deleteLater()
        page.give_up(limits.RENDER_SECONDS)
        for issue in page.issues:
            log.error("%s", issue)
        self.gave_up.emit(page)
        self.ready.emit(page)

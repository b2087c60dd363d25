"""The reading screen and what works on it (Listen, the activities), made once for a window.

The first frame shows the welcome screen or the topic list and does without all of this: its code (the reader,
page views, Markdown, the sanitiser, the activities) is imported and built after the first frame, or at once
when something needs it sooner (`KioskWindow.reader` makes it). It is made in the visit's language and look,
which the patient may have chosen on the first screen already.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from kiosk.ui.reading_tools import show_outside_link, show_take_home, start_over, tapped

if TYPE_CHECKING:
    from kiosk.library import Library
    from kiosk.ui.activities import Activities
    from kiosk.ui.read_aloud import ReadAloud
    from kiosk.ui.reader import ReadingScreen
    from kiosk.ui.window import KioskWindow
    from kiosk.uitext import UiText
    from kiosk.visit import Visit

log = logging.getLogger(__name__)
# The other languages are rendered on worker threads a while later: rendering is Python (Markdown), and while it
# runs the screen's thread waits for Python's lock on each of its calls into Python (opening the reading screen
# right after the first frame stalled 130-500 ms of wall clock for 60-110 ms of its own work).
RENDER_REST_AFTER_MS = 2000
# What the reading screen needs, imported one module a turn after the first frame (leaves first): each takes
# 5-40 ms; all at once held the screen for over 100 ms.
_MODULES = (
    "markdown",
    "nh3",
    "kiosk.pagetree",
    "kiosk.render",
    "kiosk.spoken",
    "kiosk.ui.icons",
    "kiosk.ui.pictures",
    "kiosk.ui.following",
    "kiosk.ui.rendering",
    "kiosk.ui.page_view",
    "kiosk.ui.toolbar",
    "kiosk.ui.reader",
    "kiosk.ui.activities",
    "kiosk.ui.read_aloud",
)


@dataclass(frozen=True)
class Reading:
    """The reading screen and what hangs on it, made together after the first frame."""

    reader: ReadingScreen
    read_aloud: ReadAloud
    activities: Activities


def make_reading(window: KioskWindow) -> Reading:
    """The reading screen of `window`, wired to it, second in its stack of screens (after the welcome)."""
    from kiosk.ui.activities import Activities
    from kiosk.ui.read_aloud import ReadAloud
    from kiosk.ui.reader import ReadingScreen

    started = time.perf_counter()
    look, library = window.look(), window.library
    reader = ReadingScreen(
        library.pages_in(window.language), library.root, window.text, look.palette, look.metrics, window.metrics
    )
    printer = window.config.print.printer
    activities = Activities(
        window,
        lambda: window.visit,
        window.look,
        lambda: window.library,
        printer=printer,
        clinic_name=window.config.clinic_name,
    )
    reading = Reading(reader, ReadAloud(window.speaker, reader, window), activities)
    window.stack.insertWidget(1, reader)
    _connect(window, reading)
    log.debug("reading screen made in %.0f ms", (time.perf_counter() - started) * 1000)
    return reading


def make_in_turns(window: KioskWindow, then: Callable[[], object]) -> None:
    """Make `window`'s reading screen in short turns of the event loop, so a tap meanwhile waits for one of them
    at most (a module, or the screen itself), then call `then`. A tap that needs the reader sooner makes it."""
    steps: list[Callable[[], object]] = [
        *(lambda name=name: importlib.import_module(name) for name in _MODULES),
        lambda: window.reader,
        then,
    ]

    def next_step() -> None:
        steps.pop(0)()
        if steps:
            QTimer.singleShot(0, window, next_step)

    next_step()


def start_after_first_frame(window: KioskWindow) -> None:
    """Make `window`'s reading screen (the first frame did without it) in short turns of the event loop, so a tap
    meanwhile waits for one of them at most (a module, or the screen itself); then render the other languages
    off the UI thread, finding any problems in them (the speech engine waits for Listen). A tap that needs the
    reader sooner makes it at once."""

    def render_the_rest() -> None:
        window.reader.renderer.render_all(window.library, lambda library: report_rendered(window, library))

    make_in_turns(window, lambda: QTimer.singleShot(RENDER_REST_AFTER_MS, window, render_the_rest))


def report_rendered(window: KioskWindow, library: Library) -> None:
    """Problems found in rendering `library` (still `window`'s) are logged and shown in staff mode."""
    if library is window.library:  # not replaced meanwhile
        for issue in set(library.issues) - set(library.load_issues):  # those were logged at load
            log.log(logging.ERROR if issue.is_error else logging.WARNING, "%s", issue)
        window.desk.show_content(library.issues, window.desk.reload_note)


def follow(reading: Reading, visit: Visit, old: Visit | None, text: UiText) -> None:
    """The reading screen follows `visit` (all of it when `old` is None: the screen was just made)."""
    reader, tools = reading.reader, reading.reader.toolbar
    if tools.contrast_button.isChecked() != visit.high_contrast:  # it reports taps; the visit is the truth
        tools.contrast_button.set_checked_quietly(visit.high_contrast)
    if old is None or visit.slow_speech != old.slow_speech:
        reading.read_aloud.set_slower(visit.slow_speech)
        tools.slower_button.set_checked_quietly(visit.slow_speech)
    if old is None or visit.ticked != old.ticked:
        reader.set_ticks(visit.ticked)
    reading.activities.offer(reader, text)
    if visit.page and visit.page != reader.current_page_id():
        reader.show_page(visit.page)


def _connect(window: KioskWindow, reading: Reading) -> None:
    tools, reader, activities = reading.reader.toolbar, reading.reader, reading.activities
    tools.start_over.connect(lambda: start_over(window))
    tools.smaller.connect(lambda: tapped(window, "text_size", lambda: window.step_text_size(-1)))
    tools.larger.connect(lambda: tapped(window, "text_size", lambda: window.step_text_size(+1)))
    tools.contrast.connect(lambda on: tapped(window, "contrast", lambda: window.set_high_contrast(on)))
    tools.listen.connect(lambda: tapped(window, "listen", window.listen))
    tools.slower.connect(lambda on: window.set_visit(window.visit.with_slow_speech(on)))
    tools.next_language.connect(lambda: tapped(window, "language", window.next_language))
    tools.take_home.connect(lambda: tapped(window, "take_home", lambda: show_take_home(window)))
    reader.page_selected.connect(window.page_selected)
    reader.outside_link.connect(lambda url: show_outside_link(window, url))
    reader.picture_refused.connect(window.desk.picture_refused)
    reader.tick_tapped.connect(lambda page, row: window.set_visit(window.visit.toggle_tick(page, row)))
    activities.attach(reader)
    activities.changed.connect(window.set_visit)
    activities.feature_used.connect(window.feature_used)
    activities.quiz_answered.connect(window.quiz_answered)
    activities.page_requested.connect(lambda page: _read_from_the_top(window, reader, page))


def _read_from_the_top(window: KioskWindow, reader: ReadingScreen, page_id: str) -> None:
    """The quiz sends the patient to read a page again: from its top, not where a tab visit left it."""
    window.set_visit(window.visit.show_page(page_id))
    view = reader.current_view()
    if view is not None and reader.current_page_id() == page_id:
        view.scroll_to_top()

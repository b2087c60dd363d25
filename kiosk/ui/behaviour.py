"""Wires the kiosk's unattended behaviour to a window: idle reset, staff gesture, lockdown, hot reload."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.config import Config
from kiosk.ui.content_watcher import ContentWatcher
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.keypad_gate import KeypadGate
from kiosk.ui.lockdown import Lockdown, WindowGuard
from kiosk.ui.staff_gesture import CornerTaps
from kiosk.ui.topics import TopicDesk
from kiosk.ui.window import KioskWindow


@dataclass  # not slots: Qt connects to its bound methods, which needs weak references
class Behaviour:
    """The app-wide watchers of one kiosk window: idle reset, staff corner, lockdown, window guard."""

    idle: IdleWatcher
    corner: CornerTaps
    lockdown: Lockdown | None = None
    guard: WindowGuard | None = None
    watcher: ContentWatcher | None = None
    keypad: KeypadGate | None = None  # the keypad itself is made on its first key

    def allow_exit(self) -> None:
        if self.guard is not None:
            self.guard.enabled = False
        if self.watcher is not None:
            self.watcher.stop()


def install(
    window: KioskWindow, config: Config, *, lock_down: bool, watch: Path | None, topics: TopicDesk | None = None
) -> Behaviour:
    app = QCoreApplication.instance()
    assert app is not None
    behaviour = Behaviour(
        IdleWatcher(config.idle.timeout_s, parent=window),
        CornerTaps(
            window, config.staff.corner, config.staff.taps, config.staff.tap_window_s, window.metrics.target
        ),
    )
    if lock_down:
        behaviour.lockdown = Lockdown(window)
        behaviour.guard = WindowGuard(window)
    if config.keypad.enabled:
        behaviour.keypad = KeypadGate(window, config.keypad)
    # Lockdown first, so it runs last: the keypad takes its keys before it, and the idle watcher and the corner
    # taps see every key and tap. Every event of the app passes through these filters, and the first time one
    # meets an object of a kind it costs PySide6 a wrapper (some 30 ms of start-up in all): they are put in
    # place with the first frame, before any input can reach the window.
    filters = [behaviour.lockdown, behaviour.keypad, behaviour.idle, behaviour.corner]

    def put_in_place() -> None:
        for event_filter in filters:
            if event_filter is not None:
                app.installEventFilter(event_filter)

    if window.isVisible():  # installed on a window already shown: at once
        put_in_place()
    else:
        window.after_first_frame(put_in_place)

    behaviour.idle.idle.connect(window.ask_still_reading)
    # A patient listening to a page is there, hands in lap: each sentence that starts to sound counts as input.
    # An engine stuck on one sentence stops counting, and the visit ends as an idle one would.
    window.speaker.utterance.connect(behaviour.idle.touch)
    if behaviour.keypad is not None:
        behaviour.idle.idle.connect(behaviour.keypad.prompt_opened)  # after the window asked
    behaviour.corner.triggered.connect(window.open_staff)
    window.staff_opened.connect(behaviour.idle.pause)
    window.staff_closed.connect(behaviour.idle.resume)
    window.session_reset.connect(behaviour.idle.resume)
    window.exit_requested.connect(behaviour.allow_exit)

    if watch is not None:
        if topics is None:
            watcher = ContentWatcher(watch, config.content.reload_delay_s, parent=window)
            watcher.loaded.connect(window.set_library)
            watcher.rejected.connect(window.keep_library)
        else:  # a library of topics: reloaded topic by topic, each keeping its last good version
            watcher = ContentWatcher(watch, config.content.reload_delay_s, parent=window, load=topics.load_next)
            watcher.loaded.connect(topics.set_shelf)
            watcher.rejected.connect(topics.keep_shelf)
        window.reload_requested.connect(watcher.reload_now)
        watcher.failed.connect(window.desk.reload_failed)
        window.after_first_frame(watcher.start)  # changes meanwhile: its poll compares with the files as loaded
        behaviour.watcher = watcher
    return behaviour

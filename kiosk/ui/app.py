"""Composition root for the Qt commands: run, snapshot and self-test."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from kiosk import paths
from kiosk.analytics import FILE_NAME, Recorder
from kiosk.content import Pack, PackInfo
from kiosk.errors import Issue, Severity
from kiosk.heartbeat import memory_mb, write_heartbeat
from kiosk.library import Library
from kiosk.librarytoml import LibraryInfo
from kiosk.palette import CALM
from kiosk.pin import STATE_FILE as PIN_STATE_FILE
from kiosk.pin import PinGuard
from kiosk.shelf import Shelf, Topic, load_shelf
from kiosk.startguard import STATE_FILE, StartChoice, StartGuard, abort_if_asked
from kiosk.startup import Settings, pack_store, sequence_record
from kiosk.ui.behaviour import Behaviour, install
from kiosk.ui.guarded_start import ShownPack
from kiosk.ui.instance import take as take_instance
from kiosk.ui.lockdown import log_placement
from kiosk.ui.metrics import FALLBACK_FAMILY, FONT_FAMILY, Metrics
from kiosk.ui.pack_switch import switch_content
from kiosk.ui.shutdown import Ending, StopRequests, stop_cleanly
from kiosk.ui.topics import TopicDesk
from kiosk.ui.usage import attach_statistics, record_usage
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.log import StartUpStops
    from kiosk.ui.content_source import SourceChecker

log = logging.getLogger("kiosk")
PLACEMENT_CHECK_MS = 2000
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


@dataclass(frozen=True, slots=True)
class WindowOptions:
    """How a window is made: windowed or full screen, its DPI, and whether it may speak."""

    windowed: bool = False
    dpi: float = 0.0  # 0: from kiosk.toml, else from the screen
    speech: bool = True  # proofing and self-tests draw pages; they never talk


def create_application(argv: list[str], *, offscreen: bool = False) -> QApplication:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("kiosk")
    load_fonts()
    return app


def load_fonts() -> None:
    """Register the bundled font. Without it, Qt is told to show DejaVu Sans (on most Linux systems) in its
    place, and the log names the family really shown: the system's own choice where DejaVu is missing too."""
    families: set[str] = set()
    for font_file in sorted(paths.fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        families.update(QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else [])
    if FONT_FAMILY not in families:
        QFont.insertSubstitution(FONT_FAMILY, FALLBACK_FAMILY)
        shown = QFontInfo(QFont(FONT_FAMILY)).family()
        log.warning("bundled font not found in %s; text is shown in %s", paths.fonts_dir(), shown)


# Qt messages that are expected and harmless; logged at debug level so IT's log shows real problems.
_QT_NOISE = (
    "pipewire-0.3",  # the speech module probes for PipeWire; PulseAudio or ALSA do the talking
    "propagateSizeHints",  # offscreen platform (snapshots, self-test) has no window manager
)


def route_qt_messages() -> None:
    """Qt's own warnings go to the kiosk log, not to a console nobody reads."""
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        noise = any(known in message for known in _QT_NOISE)
        level = logging.DEBUG if noise else _QT_LEVELS.get(kind, logging.WARNING)
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(handler)


def build_window(settings: Settings, library: Library, options: WindowOptions) -> KioskWindow:
    display = settings.config.display
    metrics = Metrics.for_screen(options.dpi or display.dpi, display.cap_height_mm, display.target_size_mm)
    log.info(
        "screen: %.0f dpi; body text %d px (cap height %.1f mm)",
        metrics.dpi,
        metrics.body_px(),
        metrics.cap_height_mm,
    )
    config = settings.config
    if not options.speech:
        config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, enabled=False))
    # The lock-out after wrong PINs outlives a restart: pulling the plug must not buy fresh guesses.
    guard = PinGuard(config.staff.pin_hash, state_file=paths.default_state_dir() / PIN_STATE_FILE)
    return KioskWindow(library, config, metrics, CALM, windowed=options.windowed, pin_guard=guard)


def load_and_report(settings: Settings, *, lazy: bool = False) -> Shelf:
    """The content folder, a pack or a library of topics, with its problems logged."""
    for issue in settings.issues:
        log.log(logging.ERROR if issue.is_error else logging.WARNING, "%s", issue)
    shelf = load_shelf(settings.content_dir, lazy=lazy)
    _ = shelf.first.library  # the window opens with it; a library's other topics are read when first opened
    for issue in shelf.loaded_problems():  # a library's other topics: when they are first read
        log.log(logging.ERROR if issue.is_error else logging.WARNING, "%s", issue)
    for topic in (topic for topic in shelf.topics if shelf.is_library and topic.loaded and topic.unavailable):
        log.error("topic %s is not offered: %s (staff mode lists its problems)", topic.id, topic.why_unavailable())
    if shelf.is_empty:
        log.error("no pages could be loaded from %s; showing the resting screen", settings.content_dir)
    else:
        for topic in (topic for topic in shelf.topics if topic.loaded):
            counts = ", ".join(f"{lang}: {len(pages)}" for lang, pages in topic.library.pack.pages.items())
            named = f" topic {topic.id}" if shelf.is_library else ""
            log.info("content loaded from %s%s (%s pages)", settings.content_dir, named, counts)
    return shelf


def attach_topics(window: KioskWindow, shelf: Shelf, *, live: bool = False) -> TopicDesk | None:
    """A library of topics gets its topic list and per-topic reload; a single pack is shown as it always was,
    unless it is `live`: its folder is watched (or fed by a content source), so it may turn into a library, or
    back, while the kiosk runs (a missing folder that appears as a library, a library replaced by a pack)."""
    return TopicDesk(window, shelf) if shelf.is_library or live else None


def open_kiosk(
    settings: Settings, choice: StartChoice, options: WindowOptions
) -> tuple[KioskWindow, TopicDesk | None, Behaviour]:
    """The window on the content the start guard chose, its topics and its watchers (not shown yet)."""
    shelf = start_shelf(settings, choice)  # other languages (and topics) render after the first frame
    window = build_window(settings, shelf.first.library, options)
    topics = attach_topics(window, shelf, live=True)  # its folder is watched: it may become a library, or back
    window.desk.pin(start_problems(settings, choice))
    behaviour = install(
        window, settings.config, lock_down=not options.windowed, watch=settings.content_dir, topics=topics
    )
    return window, topics, behaviour


def run(
    settings: Settings,
    options: WindowOptions,
    *,
    exit_after_first_paint: bool,
    started: float,
    log_dir: Path | None,
    start_up: StartUpStops | None = None,
) -> int:
    app = create_application(["kiosk"])
    route_qt_messages()
    instance = take_instance()
    if instance.refusal:
        log.error("%s", instance.refusal)  # once: the log's console handler (or logging's last resort) prints it
        return 3
    guard = StartGuard(paths.default_state_dir() / STATE_FILE)
    choice = guard.choose(settings.content_dir, paths.bundled_content_dir())
    if start_up is not None:  # a stop before the window's own handling is no fault of the content
        start_up.on_stop.append(guard.ended_cleanly)
    settings = dataclasses.replace(settings, content_dir=choice.folder or settings.content_dir)
    window, topics, behaviour = open_kiosk(settings, choice, options)
    shown = ShownPack(window, guard, choice.folder)
    shown.retry.connect(lambda folder: switch_content(window, behaviour, shown, topics, folder))
    install_crash_guard(window)
    recorder = start_statistics(window, settings, topics)
    window.exit_requested.connect(lambda: _exit(app, window))
    stops = StopRequests(window, window=window)
    if start_up is not None:
        start_up.up = True
    stops.requested.connect(lambda reason: stop_cleanly(window, behaviour, reason, app.quit))
    checker = start_content_source(window, settings, behaviour, shown, topics)
    heartbeat: Heartbeat | None = None
    fallback = [choice.as_dict()] if choice.note else []
    shown.proved.connect(lambda folder: end_fallback(window, choice, folder, fallback))
    if log_dir is not None:

        def extra() -> dict[str, object]:
            source = {"content_source": dict(checker.state)} if checker else {}
            shelf = topics.shelf if topics is not None else None
            shown_now = {  # which release is live, whatever fed it: the folder on screen and the library's version
                "content_folder": str(shown.folder) if shown.folder is not None else None,
                "library_version": shelf.info.version if shelf is not None and shelf.is_library else "",
            }
            return {**shown_now, **source, "start_fallback": fallback[0] if fallback else None}

        heartbeat = start_heartbeat(window, log_dir / "heartbeat.json", settings.config.log.heartbeat_s, extra)
    window.first_painted.connect(lambda: log_placement(window))
    # Again once the compositor has had its say: cage (wlroots) sizes the window only after the first frame.
    window.first_painted.connect(
        lambda: QTimer.singleShot(PLACEMENT_CHECK_MS, window, lambda: log_placement(window))
    )
    if exit_after_first_paint:

        def painted() -> None:
            elapsed = (time.perf_counter() - started) * 1000
            peak = memory_mb().get("peak_rss_mb")
            memory = f"; peak RSS {peak:.1f} MB" if peak else ""  # Linux only
            cpu = time.process_time() * 1000  # steadier than the wall clock on a busy machine
            message = f"first frame painted {elapsed:.0f} ms after start{memory}; CPU {cpu:.0f} ms"
            log.info("%s", message)
            print(message, flush=True)
            behaviour.allow_exit()
            QTimer.singleShot(0, app.quit)

        window.first_painted.connect(painted)
    ending = Ending(stops, [shown.stopped])
    if recorder is not None:
        ending.steps.append(recorder.close)
    if heartbeat is not None:
        ending.steps.append(lambda: heartbeat.beat("stopped"))
    ending.steps.append(instance.release)
    # Windows ends a session by killing the process right after Qt's aboutToQuit (WM_ENDSESSION): save then.
    app.aboutToQuit.connect(ending.finish)
    window.show_kiosk()
    code = app.exec()
    ending.finish()  # done already when the event loop emitted aboutToQuit on its way out
    # Stopped from outside: 128 + the signal, as a shell reports it. systemd's unit counts 143 (SIGTERM) as a
    # success but still restarts it (Restart=always); `systemctl stop` itself never restarts a unit.
    return stops.exit_code(code)


def start_shelf(settings: Settings, choice: StartChoice) -> Shelf:
    """The pack or library the start guard chose (or an empty pack: the resting screen)."""
    if choice.folder is not None:
        abort_if_asked(choice.folder)  # test-only: a pack that kills the process while it loads
        return load_and_report(settings, lazy=True)
    for issue in settings.issues:
        log.log(logging.ERROR if issue.is_error else logging.WARNING, "%s", issue)
    empty = Library(Pack(settings.content_dir, PackInfo()), {}, [])
    return Shelf(settings.content_dir, LibraryInfo(), (Topic("", settings.content_dir, library=empty),))


def end_fallback(
    window: KioskWindow, choice: StartChoice, folder: Path | None, fallback: list[dict[str, Any]]
) -> None:
    """A pack the start skipped has lasted on its retry: staff mode and the heartbeat stop reporting the skip."""
    if folder is None or folder not in choice.skipped or not fallback:
        return
    fallback.clear()
    window.desk.pin([problem for problem in window.desk.pinned if problem.message != choice.note])
    log.info("%s ran well when tried again: the start fallback is over", folder)


def start_problems(settings: Settings, choice: StartChoice) -> list[Issue]:
    """What staff mode lists above the content's problems for as long as the kiosk runs: why the usual pack
    was skipped, if it was, and kiosk.toml's problems (a missing file, a refused PIN)."""
    problems: list[Issue] = [*settings.issues]
    if choice.note:
        log.error("%s", choice.note)
        problems.insert(0, Issue(choice.skipped[0], None, choice.note))
    return problems


def start_content_source(
    window: KioskWindow,
    settings: Settings,
    behaviour: Behaviour,
    shown: ShownPack | None = None,
    topics: TopicDesk | None = None,
) -> SourceChecker | None:
    """With content.source set: check it now and every few minutes; show each new valid pack at once."""
    content = settings.config.content
    if not content.source:
        return None
    from kiosk.sync import Trust
    from kiosk.ui.content_source import UNCHECKED, SourceChecker  # with kiosk.sync: only for source-fed kiosks

    trust = Trust(content.public_keys, sequence_record())
    checker = SourceChecker(content.source, pack_store(), content.check_minutes, trust, parent=window)
    if not content.public_keys:  # listed with kiosk.toml's problems for as long as the kiosk runs
        where = settings.config.source or Path("kiosk.toml")
        window.desk.pin([*window.desk.pinned, Issue(where, None, UNCHECKED, Severity.WARNING)])

    checker.new_pack.connect(lambda folder: switch_content(window, behaviour, shown, topics, folder))
    checker.state_changed.connect(lambda: window.desk.set_source_note(checker.summary()))
    window.desk.set_source_note(checker.summary())
    checker.start()
    return checker


def start_statistics(window: KioskWindow, settings: Settings, topics: TopicDesk | None = None) -> Recorder | None:
    options = settings.config.analytics
    recorder = None
    current = topics.current_topic if topics is not None else None
    if options.enabled:
        folder = settings.config.analytics_dir() or paths.default_data_dir()
        recorder = Recorder(folder / FILE_NAME, options.retention_days)
        record_usage(window, recorder, current)
        log.info("usage statistics: %s", recorder.path if recorder.enabled else recorder.problem)
    attach_statistics(window, recorder, CALM, current, (lambda: topics.shelf) if topics is not None else None)
    return recorder


def _exit(app: QApplication, window: KioskWindow) -> None:
    log.info("staff left the kiosk for the desktop")
    window.close()
    app.quit()


def install_crash_guard(window: KioskWindow) -> None:
    """Log any unexpected error with its traceback and go back to the welcome screen instead of dying."""
    recovering = False

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal recovering
        log.error("unexpected error; returning to the welcome screen", exc_info=(kind, error, trace))
        if recovering:
            return  # the reset itself failed: don't loop
        recovering = True
        try:
            window.reset_session("error")
        finally:
            recovering = False

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        # The exception carries its own traceback; exc_value is None only for a bare class, which has none.
        log.error("unexpected error in a worker thread (%s)", args.exc_type.__name__, exc_info=args.exc_value)

    sys.excepthook = hook
    threading.excepthook = thread_hook


class Heartbeat(QTimer):
    """Writes heartbeat.json on every tick; `beat("stopped")` writes the last one, so monitoring knows that a
    silent kiosk was stopped on purpose, not hung."""

    def __init__(
        self, window: KioskWindow, path: Path, every_s: float, extra: Callable[[], dict[str, object]] | None
    ) -> None:
        super().__init__(window, interval=int(every_s * 1000))
        self._window, self._path, self._extra = window, path, extra
        self.timeout.connect(self.beat)

    def beat(self, state: str = "") -> None:
        try:
            details = self._extra() if self._extra else None
            version = self._window.library.pack.info.version
            write_heartbeat(self._path, state or self._window.state(), version, extra=details)
        except OSError as error:
            log.warning("cannot write %s: %s", self._path, error)


def start_heartbeat(
    window: KioskWindow, path: Path, every_s: float, extra: Callable[[], dict[str, object]] | None = None
) -> Heartbeat:
    heartbeat = Heartbeat(window, path, every_s, extra)
    heartbeat.start()
    heartbeat.beat()
    return heartbeat

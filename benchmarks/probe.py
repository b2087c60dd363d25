"""In-process measurements for benchmarks/run.py: one mode per process, one JSON line out.

Modules only some modes need (QtTest, statistics) are imported inside them, so the memory figure is the
kiosk's alone.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kiosk.config  # noqa: E402, I001 -- the core first, then kiosk.ui sets PySide6 up: the kiosk's order
import kiosk.ui  # noqa: E402, F401
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.config import Config, ContentConfig  # noqa: E402
from kiosk.heartbeat import memory_mb  # noqa: E402
from kiosk.library import load_library  # noqa: E402
from kiosk.palette import CALM  # noqa: E402
from kiosk.ui.app import create_application  # noqa: E402
from kiosk.ui.metrics import Metrics  # noqa: E402
from kiosk.ui.window import KioskWindow  # noqa: E402


def window_for(root: Path, config: Config | None = None) -> tuple[QApplication, KioskWindow]:
    app = create_application(["bench"], offscreen=True)
    window = KioskWindow(load_library(root), config or Config(), Metrics(96, 6, 20), CALM, windowed=True)
    return app, on_screen(app, window)


def running_kiosk() -> tuple[QApplication, KioskWindow]:
    """The window wired as `kiosk` runs it: lazy rendering, idle and content watchers, statistics, heartbeat."""
    import tempfile

    from kiosk.config import AnalyticsConfig
    from kiosk.startup import Settings
    from kiosk.ui.app import (
        WindowOptions,
        attach_topics,
        build_window,
        load_and_report,
        start_heartbeat,
        start_statistics,
    )
    from kiosk.ui.behaviour import install

    state = Path(tempfile.mkdtemp())  # inside the benchmark's own temporary folder
    config = Config(content=ContentConfig(dir=str(ROOT / "content")), analytics=AnalyticsConfig(dir=str(state)))
    settings = Settings(config, ROOT / "content", [])
    app = create_application(["bench"], offscreen=True)
    shelf = load_and_report(settings, lazy=True)
    window = build_window(settings, shelf.first.library, WindowOptions(windowed=True, dpi=96))
    topics = attach_topics(window, shelf)
    install(window, config, lock_down=False, watch=settings.content_dir, topics=topics)
    start_statistics(window, settings, topics)
    start_heartbeat(window, state / "heartbeat.json", config.log.heartbeat_s)
    return app, on_screen(app, window)


def on_screen(app: QApplication, window: KioskWindow) -> KioskWindow:
    """Full HD, past the welcome screen, with everything drawn once."""
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    window.show_reader()
    app.processEvents()
    return window


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def tab_switches(app: QApplication, window: KioskWindow, count: int) -> list[float]:
    """Tap a tab, then let Qt paint what changed: the time until the new page is drawn."""
    from PySide6.QtTest import QTest

    buttons = window.reader.tabs.buttons()
    times = []
    for n in range(count):
        button = buttons[(n + 1) % len(buttons)]
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
        app.processEvents()  # delivers the update request: the changed regions are painted here
        times.append((time.perf_counter() - started) * 1000)
    return times


def show_first_picture(window: KioskWindow, index: int) -> bool:
    """Scroll page `index` so its first pack picture (not an icon array) is on screen; False if it has none."""
    from PySide6.QtGui import QTextCursor

    view = window.reader.view_at(index)
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            name = fragment.charFormat().toImageFormat().name() if fragment.charFormat().isImageFormat() else ""
            if name.startswith("images/"):
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position())
                bar = view.verticalScrollBar()
                bar.setValue(bar.value() + view.cursorRect(cursor).bottom() - view.viewport().height() // 2)
                return True
            fragments += 1
        block = block.next()
    return False


def illustrated_switches(app: QApplication, window: KioskWindow, count: int) -> list[float]:
    """Tab switches onto pages whose picture is on screen (each page scrolled to it), from a page without one."""
    from PySide6.QtTest import QTest

    buttons = window.reader.tabs.buttons()
    illustrated = []
    for index in range(len(buttons)):
        window.reader.show_index(index)
        app.processEvents()
        if show_first_picture(window, index):
            illustrated.append(index)
    plain = next(index for index in range(len(buttons)) if index not in illustrated)
    times = []
    for n in range(count):
        for index in (illustrated[n % len(illustrated)], plain):
            button = buttons[index]
            started = time.perf_counter()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
            app.processEvents()
            if index != plain:
                times.append((time.perf_counter() - started) * 1000)
    return times


def scroll_frames(app: QApplication, window: KioskWindow) -> list[float]:
    """Frame times while flinging through the longest page, 40 px a frame (a fast flick)."""
    views = window.reader.views
    longest = max(range(len(views)), key=lambda i: views[i].verticalScrollBar().maximum())
    window.reader.show_index(longest)
    view = views[longest]
    bar = view.verticalScrollBar()
    times = []
    for _ in range(3):
        bar.setValue(0)
        app.processEvents()
        for value in range(0, bar.maximum() + 40, 40):
            started = time.perf_counter()
            bar.setValue(value)
            view.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
    return times


def interaction() -> dict[str, float]:
    import statistics

    app, window = window_for(ROOT / "content" / "si-joint-fusion")
    tab_switches(app, window, 50)  # warm up: first visits build layouts
    default = tab_switches(app, window, 500)
    illustrated = illustrated_switches(app, window, 300)
    scroll = scroll_frames(app, window)
    window.set_text_scale(2.0)
    app.processEvents()
    tab_switches(app, window, 50)
    large = tab_switches(app, window, 500)
    return {
        "tab_switch_p50_ms": statistics.median(default),
        "tab_switch_p99_ms": percentile(default, 0.99),
        "tab_switch_illustrated_p50_ms": statistics.median(illustrated),
        "tab_switch_illustrated_p99_ms": percentile(illustrated, 0.99),
        "tab_switch_200pct_p50_ms": statistics.median(large),
        "tab_switch_200pct_p99_ms": percentile(large, 0.99),
        "scroll_frame_p50_ms": statistics.median(scroll),
        "scroll_frame_p99_ms": percentile(scroll, 0.99),
    }


def reload() -> dict[str, float]:
    import shutil
    import statistics
    import tempfile

    from kiosk.ui.behaviour import install

    pack = Path(tempfile.mkdtemp()) / "pack"
    shutil.copytree(ROOT / "content" / "si-joint-fusion", pack)
    config = Config(content=ContentConfig(dir=str(pack), reload_delay_s=0.2))
    app, window = window_for(pack, config)
    install(window, config, lock_down=False, watch=pack)
    page = pack / "en" / "what-it-is.md"
    original = page.read_text("utf-8")
    times = []
    for n in range(10):
        marker = f"Edit number {n}."
        started = time.perf_counter()
        page.write_text(original + f"\n\n{marker}\n", "utf-8")
        view = window.reader.views[0]
        while marker not in window.reader.views[0].toPlainText():
            app.processEvents()
            time.sleep(0.002)
            if time.perf_counter() - started > 10:
                raise RuntimeError("reload did not happen")
        window.repaint()
        times.append(time.perf_counter() - started)
        del view
    return {"reload_s": statistics.median(times), "reload_max_s": max(times), "reload_delay_setting_s": 0.2}


def rss_mb() -> float:
    return memory_mb()["rss_mb"]


def memory() -> dict[str, float]:
    """Peak RSS over 100 rounds of every page in every language, each ending with the still-reading prompt;
    then again once a patient has used Listen."""
    app, window = running_kiosk()

    def one_round() -> None:
        for language in window.library.languages:
            window.set_language(language)
            for index in range(len(window.reader.views)):
                window.reader.show_index(index)
                window.repaint()
                app.processEvents()
        window.ask_still_reading()  # as the idle timer does: the "Still reading?" prompt, then a fresh start
        app.processEvents()
        window.reset_session("idle")
        app.processEvents()
        # The kiosk's event loop deletes replaced widgets; processEvents() alone does not.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    marks = {}
    for round_number in range(1, 101):
        one_round()
        if round_number in (10, 100):
            marks[round_number] = rss_mb()
    peak = peak_rss_mb()
    window.show_reader()
    window.listen()  # the first Listen starts the speech engine (speech-dispatcher on Linux)
    deadline = time.monotonic() + 30
    while not window.speaker.started and time.monotonic() < deadline:
        app.processEvents()
    window.speaker.stop()
    for _ in range(10):
        one_round()
    return {
        "peak_rss_mb": peak,
        "rss_round_10_mb": marks[10],
        "rss_round_100_mb": marks[100],
        "rss_growth_mb": marks[100] - marks[10],
        "peak_rss_after_listen_mb": peak_rss_mb(),
        "speech_engine_started": float(window.speaker.available),
    }


def peak_rss_mb() -> float:
    """This process's high-water RSS. Not getrusage(): on Linux its ru_maxrss carries over the peak of the parent
    process that forked this one (benchmarks/run.py, after reading the whole xz-compressed bundle)."""
    return memory_mb()["peak_rss_mb"]


if __name__ == "__main__":
    print(json.dumps({"interaction": interaction, "reload": reload, "memory": memory}[sys.argv[1]]()))

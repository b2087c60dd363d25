"""Qt fixtures: a kiosk window built from a pack, at a DPI the test chooses."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.library import load_library
from kiosk.palette import CALM
from kiosk.shelf import load_shelf
from kiosk.ui.app import attach_topics, load_fonts
from kiosk.ui.behaviour import Behaviour, install
from kiosk.ui.confirm import Confirmation
from kiosk.ui.metrics import Metrics
from kiosk.ui.topics import TopicDesk
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED

WindowFactory = Callable[..., KioskWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> WindowFactory:
    load_fonts()

    def make(
        root: Path = BUNDLED,
        *,
        dpi: float = 96.0,
        size: tuple[int, int] = (1280, 1024),
        scale: float = 1.0,
        config: Config | None = None,
        windowed: bool = True,
        start_speech: bool = True,
    ) -> KioskWindow:
        metrics = Metrics(dpi, 6.0, 20.0, scale)
        config = config or Config()
        if not config.speech.engine:  # never the machine's real voice in tests: Qt's mock engine
            config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, engine="mock"))
        window = KioskWindow(load_library(root), config, metrics, CALM, windowed=windowed)
        # As staff leaving would: lets the window close at teardown even when lockdown is installed.
        qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
        window.resize(*size)
        window.show_kiosk()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.has_painted, timeout=5000)  # as a patient finds it: its first frame up
        if start_speech:
            window.speaker.start()  # the app waits for the first Listen; most tests need not
        return window

    return make


KioskFactory = Callable[..., tuple[KioskWindow, Behaviour]]


@pytest.fixture
def make_kiosk(make_window: WindowFactory) -> Iterator[KioskFactory]:
    """A full-screen kiosk with its unattended behaviour installed, as `kiosk` runs it."""
    installed: list[Behaviour] = []

    def make(
        root: Path = BUNDLED, *, config: Config | None = None, watch: bool = False, lock_down: bool = True
    ) -> tuple[KioskWindow, Behaviour]:
        config = config or Config()
        window = make_window(root, config=config, windowed=not lock_down)
        behaviour = install(window, config, lock_down=lock_down, watch=root if watch else None)
        installed.append(behaviour)
        return window, behaviour

    yield make
    for behaviour in installed:
        behaviour.allow_exit()


def finger_drag(qtbot: QtBot, widget: QWidget, dy: float, *, hold_ms: int = 0) -> None:
    """Press, move in 20 steps and lift, as a finger dragging the page would (dy < 0: upwards): a flick, or with
    `hold_ms` a drag that rests there that long before lifting (the page does not glide on)."""
    start = QPointF(widget.width() / 2, widget.height() * (0.8 if dy < 0 else 0.2))
    clock = [int(time.monotonic() * 1000)]

    def send(kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(
            kind,
            point,
            widget.mapToGlobal(point),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        # The scroller measures speed from event times; they must move forward as a real finger's do.
        clock[0] += 10
        event.setTimestamp(clock[0])
        QApplication.sendEvent(widget, event)

    send(QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton)
    for step in range(1, 21):
        qtbot.wait(10)
        send(QEvent.Type.MouseMove, start + QPointF(0, dy * step / 20), Qt.MouseButton.LeftButton)
    for _ in range(hold_ms // 10):
        qtbot.wait(10)
        send(QEvent.Type.MouseMove, start + QPointF(0, dy), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, start + QPointF(0, dy), Qt.MouseButton.NoButton)


TopicsFactory = Callable[..., tuple[KioskWindow, TopicDesk]]


@pytest.fixture
def make_topics(qtbot: QtBot) -> TopicsFactory:
    """The kiosk window showing the library at `root`, with its topic list (and hot reload with `watch`)."""
    load_fonts()

    def make(
        root: Path, *, size: tuple[int, int] = (1280, 1024), watch: bool = False, config: Config | None = None
    ) -> tuple[KioskWindow, TopicDesk]:
        shelf = load_shelf(root, lazy=True)
        config = config or Config()
        config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, engine="mock"))
        window = KioskWindow(shelf.first.library, config, Metrics(96.0, 6.0, 20.0), CALM, windowed=True)
        qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
        topics = attach_topics(window, shelf)
        assert topics is not None
        if watch:
            behaviour = install(window, config, lock_down=False, watch=root, topics=topics)
            window.destroyed.connect(behaviour.allow_exit)
        window.resize(*size)
        window.show_kiosk()
        qtbot.waitExposed(window)
        return window, topics

    return make


def lazy_window(qtbot: QtBot, root: Path) -> KioskWindow:
    """A window on a pack read but not rendered, as `kiosk` starts."""
    window = KioskWindow(load_library(root, lazy=True), Config(), Metrics(96, 6, 20), CALM, windowed=True)
    qtbot.addWidget(window)
    window.resize(1280, 1024)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_text(window: KioskWindow) -> str:
    """The words of the page on screen ("" before the reading screen shows one)."""
    view = window.reader.current_view()
    return view.toPlainText() if view is not None else ""


def start_over_question(window: KioskWindow) -> Confirmation | None:
    found = [child for child in window.findChildren(Confirmation) if child.objectName() == "StartOver"]
    return found[0] if found and found[0].isVisible() else None


def confirm_start_over(qtbot: QtBot, window: KioskWindow) -> None:
    """Tap Start over and, if the kiosk asks, clear."""
    qtbot.mouseClick(window.reader.toolbar.start_over_button, Qt.MouseButton.LeftButton)
    asked = start_over_question(window)
    if asked is not None:
        qtbot.mouseClick(asked.go_button, Qt.MouseButton.LeftButton)

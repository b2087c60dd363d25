"""Qt fixtures: a kiosk window built from a pack, at a DPI the test chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.library import load_library
from kiosk.palette import CALM
from kiosk.ui.app import load_fonts
from kiosk.ui.behaviour import Behaviour, install
from kiosk.ui.metrics import Metrics
from kiosk.ui.window import KioskWindow
from kiosk.uitext import UiText
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
    ) -> KioskWindow:
        metrics = Metrics(dpi, 6.0, 20.0, scale)
        window = KioskWindow(load_library(root), config or Config(), metrics, CALM, UiText(), windowed=windowed)
        # As staff leaving would: lets the window close at teardown even when lockdown is installed.
        qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
        window.resize(*size)
        window.show_kiosk()
        qtbot.waitExposed(window)
        return window

    return make


KioskFactory = Callable[..., tuple[KioskWindow, Behaviour]]


@pytest.fixture
def make_kiosk(make_window: WindowFactory) -> KioskFactory:
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

    yield make  # type: ignore[misc]
    for behaviour in installed:
        behaviour.allow_exit()

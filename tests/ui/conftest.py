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
from kiosk.ui.metrics import Metrics
from kiosk.ui.window import KioskWindow
from kiosk.uitext import UiText
from tests.conftest import BUNDLED

WindowFactory = Callable[..., KioskWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> WindowFactory:
    load_fonts()

    def make(root: Path = BUNDLED, *, dpi: float = 96.0, size: tuple[int, int] = (1280, 1024),
             scale: float = 1.0) -> KioskWindow:
        metrics = Metrics(dpi, 6.0, 20.0, scale)
        window = KioskWindow(load_library(root), Config(), metrics, CALM, UiText(), windowed=True)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make

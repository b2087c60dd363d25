"""The bundled font, and what the kiosk says and does when it is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication

from kiosk.ui.app import load_fonts
from kiosk.ui.metrics import FONT_FAMILY, Metrics
from tests.conftest import REPO

# A fresh process: this one has already registered the bundled font.
WITHOUT_THE_FONT = """
import logging, sys
from pathlib import Path
from PySide6.QtGui import QFontInfo
from kiosk import paths
paths.fonts_dir = lambda: Path(sys.argv[1])
from kiosk.ui.app import create_application
from kiosk.ui.metrics import Metrics
logging.basicConfig(level=logging.WARNING, format="%(message)s")
create_application([], offscreen=True)
print(QFontInfo(Metrics(96.0, 6.0, 20.0).font(30)).family())
"""


def test_pages_use_the_bundled_font(qapp: QApplication) -> None:
    load_fonts()
    assert QFontInfo(Metrics(96.0, 6.0, 20.0).font(30)).family() == FONT_FAMILY


def test_without_the_bundled_font_the_log_names_the_font_really_shown(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_FONT, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    shown = result.stdout.strip()
    assert shown and shown != FONT_FAMILY
    assert f"bundled font not found in {tmp_path}; text is shown in {shown}" in result.stderr

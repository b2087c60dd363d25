"""Guards against a known-bad Qt binding: PySide6 6.12.0 on Python 3.11 crashes a long-running kiosk."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    # PySide6 6.12.0 returned None from void methods without a new reference; on Python 3.11 (where None
    # is not immortal) a few thousand calls freed None and aborted the interpreter. Pinned to 6.11.3.
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        widget.setEnabled(True)
    assert sys.getrefcount(None) - before > -100


def test_pyside_does_not_read_the_source_of_every_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kiosk/ui/__init__.py turns off PySide6's source scan (7 MB of linecache when run from source)."""
    import linecache

    import kiosk.ui  # noqa: F401

    module = tmp_path / "freshly_imported_module.py"
    module.write_text("VALUE = 1\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    exec("import freshly_imported_module")  # an import statement: what PySide6 hooks
    assert str(module) not in linecache.cache

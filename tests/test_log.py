"""The kiosk's log file: one line per event, moved aside when it grows, never more than a few files."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.log import RotatingFile


def logger_to(handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(f"test-log-{id(handler)}")
    log.propagate = False
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return log


def test_the_file_is_moved_aside_before_it_passes_its_size(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    handler = RotatingFile(path, max_bytes=1000, backups=3)
    log = logger_to(handler)
    for number in range(200):
        log.info("line %03d %s", number, "x" * 40)  # 49 bytes a line: 20 lines a file
    handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]  # the oldest are dropped
    assert all((tmp_path / name).stat().st_size <= 1000 for name in files)
    newest = path.read_text("utf-8").splitlines()
    assert newest[-1].startswith("line 199")
    before = (tmp_path / "kiosk.log.1").read_text("utf-8").splitlines()
    assert int(before[-1].split()[1]) + 1 == int(newest[0].split()[1])  # no line lost between the files


def test_a_line_longer_than_the_limit_is_still_written(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    handler = RotatingFile(path, max_bytes=100, backups=2)
    log = logger_to(handler)
    log.info("y" * 500)
    log.info("short")
    handler.close()
    assert path.read_text("utf-8") == "short\n"
    assert (tmp_path / "kiosk.log.1").read_text("utf-8") == "y" * 500 + "\n"


def test_a_restarted_kiosk_appends(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    for run in range(2):
        handler = RotatingFile(path)
        logger_to(handler).info("run %d", run)
        handler.close()
    assert path.read_text("utf-8") == "run 0\nrun 1\n"


def test_a_move_that_fails_loses_no_line_and_stops_nothing(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.log"
    handler = RotatingFile(path, max_bytes=50, backups=1)
    log = logger_to(handler)
    log.info("a" * 40)
    (tmp_path / "kiosk.log.1").mkdir()  # os.replace onto a folder fails
    (tmp_path / "kiosk.log.1" / "keep").write_text("x")
    logging.raiseExceptions, before = False, logging.raiseExceptions
    try:
        log.info("b" * 40)  # the move fails: reported by logging, not raised
        log.info("c" * 5)
    finally:
        logging.raiseExceptions = before
    handler.close()
    assert path.read_text("utf-8").splitlines() == ["a" * 40, "b" * 40, "c" * 5]


def test_the_first_frame_does_without_modules_it_never_uses(tmp_path: Path) -> None:
    """What the kiosk imports up to its first frame, as Python reports it (-X importtime): none of the modules
    it keeps out for start-up time and memory (pyproject.toml's lazy-import list says why for each)."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kiosk", "--windowed", "--exit-after-first-paint"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "kiosk.ui.window" in imported  # the listing is real
    kept_out = {"logging.handlers", "socket", "difflib", "typing_extensions", "kiosk.speechd", "markdown", "nh3"}
    assert not kept_out & imported


def test_start_up_stops_say_the_start_ended_on_purpose_then_leave_the_stop_to_the_window(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Before the window's own stop handling: the stop is logged, the start records told it was no fault of the
    content, and the process ends at once. After it (`up`): a signal met on the way out is only noted."""
    import signal as signals

    from kiosk import log as kiosk_log

    class EndedError(Exception):
        pass

    def ended(code: int) -> None:
        raise EndedError(code)

    monkeypatch.setattr(os, "_exit", ended)
    monkeypatch.setattr(logging, "shutdown", lambda: None)  # pytest's own log handlers stay open
    stops = kiosk_log.StartUpStops()
    told: list[str] = []
    stops.on_stop.append(lambda: told.append("ended cleanly"))
    try:
        caplog.set_level("INFO")
        with pytest.raises(EndedError) as exit_code:
            signals.raise_signal(signals.SIGTERM)
        assert exit_code.value.args == (128 + signals.SIGTERM,) and told == ["ended cleanly"]
        assert "stopping: SIGTERM, during start-up" in caplog.text
        stops.up = True
        signals.raise_signal(signals.SIGTERM)  # noted; nothing else
        assert "SIGTERM again while stopping: the stop goes on" in caplog.text and told == ["ended cleanly"]
    finally:
        stops.restore()
    assert signals.getsignal(signals.SIGTERM) is signals.SIG_DFL

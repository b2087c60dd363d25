"""The real kiosk process, stopped as systemd and shutdown stop it: a clean quit, and at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from kiosk import version
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_sigterm_stops_the_kiosk_cleanly(tmp_path: Path) -> None:
    """How fast (budget 0.1 s) is a figure of benchmarks/run.py (quit_sigterm_s), not a timed test: on a busy
    2-core machine the same code took 0.12 to 0.18 s."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[log]\ndir = "{tmp_path / "logs"}"\n', "utf-8")
    heartbeat = tmp_path / "logs" / "heartbeat.json"
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config)],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not heartbeat.exists() and kiosk.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # a separate process: nothing to wait on but its files
        assert heartbeat.exists(), "the kiosk did not start"
        # Let it finish its start-up work (the other language renders 0.3 s after the first frame) and settle
        # into its idle event loop, where nothing but the signal can wake it.
        time.sleep(1.5)
        kiosk.send_signal(signal.SIGTERM)
        code = kiosk.wait(timeout=10)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    assert code == 128 + signal.SIGTERM  # a stop from outside, told apart from staff leaving (0)
    log = (tmp_path / "logs" / "kiosk.log").read_text("utf-8")
    assert "stopping: SIGTERM" in log and log.rstrip().endswith("kiosk stopped")
    beat = json.loads(heartbeat.read_text("utf-8"))
    assert beat["state"] == "stopped"
    library = tomllib.loads((REPO / "content" / "library.toml").read_text("utf-8"))
    assert beat["library_version"] == library["version"]  # which release is live, for IT
    assert Path(beat["content_folder"]).resolve() == (REPO / "content").resolve()


def test_exit_after_first_paint_leaves_cleanly(tmp_path: Path) -> None:
    """The start-up measurement ends with the first frame. (How soon after it: benchmarks/run.py,
    quit_first_paint_s; the stops used to wait 0.3 to 0.5 s after the quit.)"""
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed", "--exit-after-first-paint"],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert kiosk.stdout is not None
    with kiosk.stdout:
        line = kiosk.stdout.readline()  # printed just before the quit
        assert kiosk.wait(timeout=30) == 0 and "first frame painted" in line


def test_a_stop_during_start_up_is_logged_too(tmp_path: Path) -> None:
    """IT's `kill` in the first second of a start left no line in the log (the kiosk's own stop handling comes
    with its window). The kiosk is stopped as soon as its start line is written, before Qt is even imported."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[log]\ndir = "{tmp_path / "logs"}"\n', "utf-8")
    log = tmp_path / "logs" / "kiosk.log"
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config)],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path / "state")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while kiosk.poll() is None and time.monotonic() < deadline:
            if log.exists() and "starting (process" in log.read_text("utf-8"):
                break
            time.sleep(0.005)
        kiosk.send_signal(signal.SIGTERM)
        code = kiosk.wait(timeout=30)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    assert code == 128 + signal.SIGTERM
    text = log.read_text("utf-8")
    assert f"kiosk {version()} starting (process {kiosk.pid}); config: {config}" in text
    assert "stopping: SIGTERM" in text

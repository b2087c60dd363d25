"""Crash recovery: a killed kiosk is started again with growing delays, and not for ever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))
from supervise import DEFAULTS, supervise


def fake_kiosk(tmp_path: Path, exit_codes: list[int]) -> list[str]:
    """A stand-in that exits with the next code from the list each time it is started (a crash: -9)."""
    counter = tmp_path / "starts"
    counter.write_text("0")
    script = tmp_path / "kiosk.py"
    script.write_text(
        "import os, signal, sys\n"
        f"codes = {exit_codes!r}\n"
        f"n = int(open({str(counter)!r}).read()); open({str(counter)!r}, 'w').write(str(n + 1))\n"
        "code = codes[min(n, len(codes) - 1)]\n"
        "os.kill(os.getpid(), signal.SIGKILL) if code == -9 else sys.exit(code)\n"
    )
    return [sys.executable, str(script)]


def run(command: list[str], **limits: float) -> tuple[int, list[float], list[str]]:
    delays: list[float] = []
    lines: list[str] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        now[0] += seconds

    settings = {"max_restarts": 5, "window": 300.0, "first_delay": 2.0, "max_delay": 60.0, **limits}
    code = supervise(
        command,
        int(settings["max_restarts"]),
        settings["window"],
        settings["first_delay"],
        settings["max_delay"],
        sleep=sleep,
        clock=lambda: now[0],
        log=lines.append,
    )
    return code, delays, lines


def test_killed_kiosk_restarts_with_back_off_then_runs(tmp_path: Path) -> None:
    code, delays, lines = run(fake_kiosk(tmp_path, [-9, -9, 1, 0]))
    assert code == 0
    assert delays == [2.0, 4.0, 8.0]  # doubling
    assert "not restarted" in lines[-1]


def test_a_kiosk_that_keeps_crashing_is_given_up(tmp_path: Path) -> None:
    code, delays, lines = run(fake_kiosk(tmp_path, [-9]), max_restarts=5, max_delay=10)
    assert code == 1
    assert delays == [2.0, 4.0, 8.0, 10.0, 10.0]  # capped, then the start limit
    assert "giving up" in lines[-1]


def test_already_running_is_not_restarted(tmp_path: Path) -> None:
    code, delays, _ = run(fake_kiosk(tmp_path, [3]))
    assert code == 3 and delays == []


def test_with_the_defaults_a_kiosk_crashing_soon_after_each_start_is_given_up(tmp_path: Path) -> None:
    """The defaults themselves, not kinder test numbers: 40 crashes in 36 minutes once never hit the limit."""
    delays: list[float] = []
    now, calls = [0.0], [0]

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        now[0] += seconds

    def clock() -> float:  # asked at each start and at each exit: every run lasts 29 s
        calls[0] += 1
        now[0] += 29.0 if calls[0] % 2 == 0 else 0.0
        return now[0]

    code = supervise(fake_kiosk(tmp_path, [-9]), sleep=sleep, clock=clock, log=lambda line: None)
    assert code == 1
    assert len(delays) == DEFAULTS["max_restarts"] and delays == [2.0, 4.0, 8.0, 16.0] + [30.0] * 6
    assert int((tmp_path / "starts").read_text()) == 11


def test_a_kiosk_that_runs_longer_than_the_window_between_crashes_is_always_restarted(tmp_path: Path) -> None:
    delays: list[float] = []
    now, calls = [0.0], [0]

    def clock() -> float:  # every run lasts 11 minutes
        calls[0] += 1
        now[0] += 660.0 if calls[0] % 2 == 0 else 0.0
        return now[0]

    code = supervise(fake_kiosk(tmp_path, [-9] * 30 + [0]), sleep=delays.append, clock=clock, log=lambda _: None)
    assert code == 0 and delays == [2.0] * 30


def test_sigterm_is_passed_on_to_the_kiosk_and_nothing_is_left_running(tmp_path: Path) -> None:
    marker = tmp_path / "kiosk-says"
    script = tmp_path / "kiosk.py"
    script.write_text(
        "import os, pathlib, signal, sys, time\n"
        f"marker = pathlib.Path({str(marker)!r})\n"
        "signal.signal(signal.SIGTERM, lambda *_: (marker.write_text('stopped cleanly'), sys.exit(143)))\n"
        "marker.write_text(f'running {os.getpid()}')\n"
        "time.sleep(60)\n"
    )
    supervisor = subprocess.Popen(
        [sys.executable, str(REPO / "packaging" / "supervise.py"), "--", sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not (marker.exists() and marker.read_text().startswith("running")) and time.monotonic() < deadline:
        time.sleep(0.05)  # another process: nothing to wait on but its file
    kiosk_pid = int(marker.read_text().split()[1])
    supervisor.send_signal(signal.SIGTERM)
    out, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 143, out  # the kiosk's own answer, passed through; no restart
    assert marker.read_text() == "stopped cleanly"
    assert "not restarted" in out
    try:
        os.kill(kiosk_pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive

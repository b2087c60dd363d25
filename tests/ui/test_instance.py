"""One kiosk at a time: per login session and per state folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile

from kiosk.ui.instance import LOCK_NAME, Instance


def test_a_second_kiosk_on_the_same_state_folder_is_refused_whatever_its_session(tmp_path: Path) -> None:
    """`sudo -u kiosk kiosk` without a login session has another runtime folder but the same home."""
    state = tmp_path / "state"
    first = Instance(tmp_path / "session-1" / LOCK_NAME, state)
    assert first.refusal == "" and first.held == 2
    second = Instance(tmp_path / "session-2" / LOCK_NAME, state)
    assert (
        second.refusal
        == f"The kiosk is already running on this computer (process {os.getpid()}); this copy will exit."
    )
    assert second.held == 0
    same_session = Instance(tmp_path / "session-1" / LOCK_NAME, tmp_path / "other-home")
    assert "already running" in same_session.refusal
    first.release()
    third = Instance(tmp_path / "session-2" / LOCK_NAME, state)
    assert third.refusal == ""
    third.release()


def test_a_state_folder_that_cannot_be_made_leaves_the_session_lock(tmp_path: Path) -> None:
    blocked = tmp_path / "home"
    blocked.write_text("a file where the home folder should be", "utf-8")
    (tmp_path / "session").mkdir()
    only = Instance(tmp_path / "session" / LOCK_NAME, blocked / "state")
    assert only.refusal == "" and only.held == 1
    assert "already running" in Instance(tmp_path / "session" / LOCK_NAME, blocked / "state").refusal
    only.release()


def test_locks_left_by_a_power_cut_do_not_stop_the_next_start(tmp_path: Path) -> None:
    """After a reboot the kiosk often gets the process id it had before: a lock naming that id is not another
    kiosk. The state folder's lock died with the old process; the session's names this very process."""
    state, session = tmp_path / "state", tmp_path / "session"
    state.mkdir()
    session.mkdir()
    (state / LOCK_NAME).write_text(f"{os.getpid()}\n", "utf-8")  # as the process before the power cut left it
    left = QLockFile(str(session / LOCK_NAME))
    assert left.tryLock(0)
    left.setStaleLockTime(0)
    stale = (session / LOCK_NAME).read_bytes()  # this process's id, name and host, as a crash leaves them
    left.unlock()
    (session / LOCK_NAME).write_bytes(stale)
    started = Instance(session / LOCK_NAME, state)
    assert started.refusal == "" and started.held == 2
    started.release()


def test_the_state_lock_is_let_go_when_its_process_ends(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from kiosk.ui.instance import Instance;"
        "i = Instance(Path(sys.argv[1]), Path(sys.argv[2])); print(i.refusal or 'held', flush=True)"
    )
    state = tmp_path / "state"
    (tmp_path / "s1").mkdir()
    first = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s1" / LOCK_NAME), str(state)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert first.stdout.strip() == "held"  # and the process ended without letting go itself
    again = Instance(tmp_path / "s2" / LOCK_NAME, state)
    assert again.refusal == ""
    again.release()

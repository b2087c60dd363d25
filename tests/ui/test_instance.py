"""One kiosk at a time: per login session and per state folder."""

from __future__ import annotations

from pathlib import Path

from kiosk.ui.instance import LOCK_NAME, Instance


def test_a_second_kiosk_on_the_same_state_folder_is_refused_whatever_its_session(tmp_path: Path) -> None:
    """`sudo -u kiosk kiosk` without a login session has another runtime folder but the same home."""
    state = tmp_path / "state"
    first = Instance(tmp_path / "session-1" / LOCK_NAME, state)
    assert first.refusal == "" and len(first.locks) == 2
    second = Instance(tmp_path / "session-2" / LOCK_NAME, state)
    assert "already running on this computer" in second.refusal and second.locks == []
    same_session = Instance(tmp_path / "session-1" / LOCK_NAME, tmp_path / "other-home")
    assert "already running" in same_session.refusal
    first.release()
    assert Instance(tmp_path / "session-2" / LOCK_NAME, state).refusal == ""


def test_a_state_folder_that_cannot_be_made_leaves_the_session_lock(tmp_path: Path) -> None:
    blocked = tmp_path / "home"
    blocked.write_text("a file where the home folder should be", "utf-8")
    only = Instance(tmp_path / "session" / LOCK_NAME, blocked / "state")
    assert only.refusal == "" and len(only.locks) == 1
    assert "already running" in Instance(tmp_path / "session" / LOCK_NAME, blocked / "state").refusal
    only.release()

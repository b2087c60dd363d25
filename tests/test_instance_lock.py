"""The single-instance lock is each user's own: a crashed copy of another user can never block the kiosk."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk import paths
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX users and folders")


def test_the_lock_is_in_the_user_s_runtime_folder(tmp_path: Path) -> None:
    assert paths.instance_lock_file({"XDG_RUNTIME_DIR": str(tmp_path)}).parent == tmp_path
    assert Path(tempfile.gettempdir()) not in paths.instance_lock_file().parents  # never the shared folder as such


def test_without_a_runtime_folder_it_is_a_private_folder_named_for_the_user(tmp_path: Path) -> None:
    lock = paths.instance_lock_file({"XDG_RUNTIME_DIR": str(tmp_path / "gone")})
    assert lock.parent == Path(tempfile.gettempdir()) / f"kiosk-{os.getuid()}"
    assert lock.parent.stat().st_mode & 0o777 == 0o700


def test_a_lock_left_in_the_shared_temp_folder_does_not_stop_the_kiosk(tmp_path: Path) -> None:
    """What root's crashed `kiosk --windowed` left behind: a lock in the shared folder naming a process that,
    as far as Qt can tell, still runs (here a `sleep` really does). The kiosk used to exit 3 at every start."""
    holder = subprocess.Popen(["sleep", "60"])
    try:
        Path(tempfile.gettempdir(), "kiosk.lock").write_text(f"{holder.pid}\nsleep\n{socket.gethostname()}\n")
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "--windowed", "--exit-after-first-paint"],
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stderr

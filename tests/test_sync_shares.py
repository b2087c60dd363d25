"""A content source on a shared folder, or one that never answers: gone, a FIFO, a read stuck in the kernel.

Each is given up in time; the kiosk keeps the pack it has, and still starts and stops on time. The web sources
are in tests/test_sync.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk import sync as sync_module
from kiosk.sync import MANIFEST, SyncError, current_pack, make_pack_archive, sync
from tests.conftest import BUNDLED, BUNDLED_VERSION, REPO
from tests.published import rewrite_manifest


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The bundled pack published to a folder, as on a share."""
    folder = tmp_path / "published"
    make_pack_archive(BUNDLED, folder)
    return folder


def test_a_share_that_disappears_keeps_the_current_pack(published: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    before = sync(str(published / MANIFEST), store).folder
    rewrite_manifest(published, version="next")
    (published / f"pack-{BUNDLED_VERSION}.zip").unlink()  # the share went away halfway through publishing
    with pytest.raises(SyncError, match="cannot read"):
        sync(str(published / MANIFEST), store)
    shutil.rmtree(published)
    with pytest.raises(SyncError, match="cannot read"):
        sync(str(published / MANIFEST), store)
    assert current_pack(store) == before


def run_briefly(work: Callable[[], object], seconds: float) -> object:
    """What `work` returned or raised, or a test failure if it is still running after `seconds`."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)  # a hang must fail this test, not the whole run
    worker.start()
    worker.join(seconds)
    if not outcome:
        pytest.fail(f"still running after {seconds} s")
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("where", ["manifest", "archive"])
def test_a_fifo_on_the_share_is_refused_at_once(published: Path, tmp_path: Path, where: str) -> None:
    """Opening a FIFO waits for a writer: the worker hung for ever and kept the process from exiting."""
    fifo = tmp_path / "fifo.json" if where == "manifest" else published / "fifo.zip"
    os.mkfifo(fifo)
    if where == "archive":
        rewrite_manifest(published, archive="fifo.zip")
    source = fifo if where == "manifest" else published / MANIFEST
    try:
        started = time.monotonic()
        outcome = run_briefly(lambda: sync(str(source), tmp_path / "store"), 10)
        assert isinstance(outcome, SyncError) and f"refused: {fifo} is not a plain file" in str(outcome)
        assert time.monotonic() - started < 1
    finally:
        with contextlib.suppress(OSError):  # today's code waits in open(): a writer coming and going frees it
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_share_that_hangs_while_reading_is_given_up_at_the_deadline(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share whose server stops answering blocks the read in the kernel, where no timeout reaches."""
    release = threading.Event()
    read = sync_module._read_regular_file

    def hanging(path: Path, limit: int) -> bytes:
        release.wait(60)
        return read(path, limit)

    monkeypatch.setattr(sync_module, "_read_regular_file", hanging)
    started = time.monotonic()
    try:
        with pytest.raises(SyncError, match=r"^refused: reading .* did not finish within 0\.5 s"):
            sync(str(published / MANIFEST), tmp_path / "store", deadline=5.0)  # the manifest gets a tenth
        assert time.monotonic() - started < 1.5
    finally:
        release.set()
    assert current_pack(tmp_path / "store") is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("hang", ["fifo", "silent server"])
def test_the_kiosk_exits_after_its_first_frame_while_the_source_hangs(tmp_path: Path, hang: str) -> None:
    """--exit-after-first-paint (and Exit to desktop, which quits the same way) must end the process even
    while the content source's worker is stuck; and a source without public keys is warned about."""
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        if hang == "fifo":
            source = str(tmp_path / "manifest.json")
            os.mkfifo(source)
        else:
            source = f"http://127.0.0.1:{silent.getsockname()[1]}/manifest.json"
        logs = tmp_path / "logs"
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'[content]\nsource = "{source}"\n[log]\ndir = "{logs}"\n[analytics]\nenabled = false\n', "utf-8"
        )
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "--windowed", "--exit-after-first-paint", "--config", str(config)],
            cwd=REPO,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "first frame painted" in done.stdout
    assert time.monotonic() - started < 30  # the manifest's own deadline: the kiosk did not wait for it
    warning = "packs from the content source are not signature-checked"
    assert warning in (logs / "kiosk.log").read_text("utf-8")
    beat = json.loads((logs / "heartbeat.json").read_text("utf-8"))
    assert beat["state"] == "stopped" and warning in beat["content_source"]["warning"]

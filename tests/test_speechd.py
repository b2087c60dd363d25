"""The speech-dispatcher check: a daemon that answers, one that never does, and none at all."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import speechd


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[dict[str, str]]:
    (tmp_path / "speech-dispatcher").mkdir()
    yield {"XDG_RUNTIME_DIR": str(tmp_path)}


def socket_in(runtime: dict[str, str]) -> Path:
    path = speechd.socket_path(runtime)
    assert path is not None
    return path


def serve(path: Path, reply: bytes | None) -> socket.socket:
    """A fake speech-dispatcher on `path` that sends `reply` to each client (None: never replies)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()

    def run() -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            client.recv(256)
            if reply is not None:
                client.sendall(reply)
            time.sleep(0.1 if reply is not None else 3)
            client.close()

    threading.Thread(target=run, daemon=True).start()
    return server


def test_socket_path_follows_libspeechd(tmp_path: Path) -> None:
    assert speechd.socket_path({"XDG_RUNTIME_DIR": "/run/user/1000"}) == Path(
        "/run/user/1000/speech-dispatcher/speechd.sock"
    )
    assert speechd.socket_path({}) == Path.home() / ".cache" / "speech-dispatcher" / "speechd.sock"
    assert speechd.socket_path({"SPEECHD_ADDRESS": "unix_socket:/tmp/s.sock"}) == Path("/tmp/s.sock")
    assert speechd.socket_path({"SPEECHD_ADDRESS": "inet_socket:127.0.0.1:6560"}) is None
    assert speechd.socket_path({"SPEECHD_ADDRESS": "unix_socket", "XDG_RUNTIME_DIR": "/r"}) == Path(
        "/r/speech-dispatcher/speechd.sock"
    )
    assert speechd.socket_path({"XDG_CACHE_HOME": "/c"}) == Path("/c/speech-dispatcher/speechd.sock")


def test_an_answering_daemon_is_fine(runtime: dict[str, str]) -> None:
    server = serve(socket_in(runtime), b"208 OK CLIENT NAME SET\r\n")
    try:
        assert speechd.problem(runtime) == ""
    finally:
        server.close()


def test_a_daemon_that_never_answers_is_reported_in_time(runtime: dict[str, str]) -> None:
    server = serve(socket_in(runtime), None)
    try:
        started = time.monotonic()
        why = speechd.problem(runtime, timeout_s=0.3)
        assert time.monotonic() - started < 2
        assert "does not answer" in why and "speechd.sock" in why
    finally:
        server.close()


def test_a_daemon_with_a_full_queue_of_unanswered_connections_is_reported(runtime: dict[str, str]) -> None:
    path = speechd.socket_path(runtime)
    assert path is not None
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(0)  # and never accepts: earlier clients fill its queue
    waiting = []
    try:
        while True:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.setblocking(False)
            waiting.append(client)
            client.connect(str(path))
    except BlockingIOError:
        pass
    try:
        started = time.monotonic()
        assert "does not answer" in speechd.problem(runtime, timeout_s=0.3)
        assert time.monotonic() - started < 2
    finally:
        for client in waiting:
            client.close()
        server.close()


def test_an_error_reply_is_reported(runtime: dict[str, str]) -> None:
    server = serve(socket_in(runtime), b"500 ERR INTERNAL\r\n")
    try:
        assert "answered b'500 ERR INTERNAL" in speechd.problem(runtime)
    finally:
        server.close()


def test_no_daemon_or_a_stale_socket_lets_the_engine_start_one(runtime: dict[str, str]) -> None:
    assert speechd.problem(runtime) == ""  # no socket yet
    path = speechd.socket_path(runtime)
    assert path is not None
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # the file stays, nobody listens
    assert path.exists() and speechd.problem(runtime) == ""


HUNG_DAEMON = """
import ctypes, socket, sys, time
ctypes.CDLL(None).prctl(15, b"speech-dispatcher", 0, 0, 0)  # PR_SET_NAME, as the real one is named
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[1])
server.listen()
print("listening", flush=True)
while True:
    client, _ = server.accept()  # and never answer: a speech-dispatcher hung while shutting down
    time.sleep(60)
"""


def test_a_hung_speech_dispatcher_is_stopped_so_a_new_one_can_start(runtime: dict[str, str]) -> None:
    path = speechd.socket_path(runtime)
    assert path is not None
    command = [sys.executable, "-c", HUNG_DAEMON, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as daemon:
        try:
            assert daemon.stdout is not None and daemon.stdout.readline().strip() == "listening"
            (path.parent / "pid").mkdir()
            (path.parent / "pid" / "speech-dispatcher.pid").write_text(f"{daemon.pid}\n")
            assert speechd.problem(runtime, timeout_s=0.3) == ""
            assert daemon.wait(timeout=5) is not None
        finally:
            daemon.kill()


def test_only_a_speech_dispatcher_is_ever_stopped(runtime: dict[str, str]) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]) as bystander:
        try:
            assert not speechd.stop_hung_daemon(bystander.pid)
            assert bystander.poll() is None
        finally:
            bystander.kill()

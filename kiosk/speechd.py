"""Is speech-dispatcher answering? Asked before Qt's speechd engine connects, because a speech-dispatcher
caught shutting down still accepts connections but never replies, and the engine would then wait forever
on the kiosk's only thread. Seen on this project's test machines: a few seconds after its last client
(a stopped kiosk) left, speech-dispatcher hung while unloading its espeak-ng module, for good.

Such a hung speech-dispatcher belongs to the kiosk's own user and serves nobody, so it is stopped; the
engine then starts a new one, as it does at every boot.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import struct
import time
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)
TIMEOUT_S = 2.0


def socket_path(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where libspeechd will connect: SPEECHD_ADDRESS, else the user's runtime folder, which GLib falls back
    from to the cache folder ($XDG_CACHE_HOME, else ~/.cache). None for an inet_socket address (not checked)."""
    method, _, where = env.get("SPEECHD_ADDRESS", "").partition(":")
    if method and method != "unix_socket":
        return None
    if where:
        return Path(where)
    runtime = env.get("XDG_RUNTIME_DIR") or env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


def problem(env: Mapping[str, str] = os.environ, timeout_s: float = TIMEOUT_S) -> str:
    """Why speech-dispatcher cannot be used now, or "" if it answered. No socket, or one nobody listens on,
    is fine too: the engine then starts a new speech-dispatcher itself."""
    try:
        path = socket_path(env)
        if path is None or not path.exists():
            return ""
    except (OSError, RuntimeError):  # an unreadable runtime folder, or no home folder: libspeechd will say
        return ""
    pid = 0
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout_s)
            connection.connect(str(path))
            pid = _peer_pid(connection)
            connection.sendall(b"SET SELF CLIENT_NAME kiosk:kiosk:check\r\n")
            reply = connection.recv(256)
            connection.sendall(b"QUIT\r\n")
    except (TimeoutError, BlockingIOError):  # no reply, or its queue of unanswered connections is full
        pid = _pid_from_file(path.parent / "pid" / "speech-dispatcher.pid") or pid  # it forks after listening
        if pid and stop_hung_daemon(pid):
            log.warning("speech-dispatcher (process %d) did not answer in %g s: stopped it; a new one starts", pid,
                        timeout_s)  # fmt: skip
            return ""
        return f"speech-dispatcher does not answer on {path} (waited {timeout_s:g} s); restart it or the computer"
    except OSError:
        return ""  # a socket left by a speech-dispatcher that has gone: a new one is started
    if not reply.startswith(b"2"):
        return f"speech-dispatcher on {path} answered {reply[:60]!r}"
    return ""


def _peer_pid(connection: socket.socket) -> int:
    try:
        credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (OSError, AttributeError):
        return 0
    pid: int = struct.unpack("3i", credentials)[0]
    return pid


def _pid_from_file(path: Path) -> int:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return 0


def stop_hung_daemon(pid: int, wait_s: float = 1.0) -> bool:
    """End process `pid` if it is a speech-dispatcher of this user; True once it is gone."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        owner = Path(f"/proc/{pid}").stat().st_uid
    except OSError:
        return False
    if not name.startswith("speech-dispatch") or owner != os.getuid():  # the kernel keeps 15 characters
        return False
    for stop in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, stop)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                return True
            time.sleep(0.02)
    return False


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True

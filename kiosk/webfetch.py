"""Bounded downloads from a web content source: one deadline for the whole fetch, redirects kept on the same
scheme and host.

A per-operation timeout alone does not bound a fetch: a server that trickles a byte a second never lets a read
wait long enough to time out (25 bytes took 24 s with a 3 s timeout). Here a timer closes the connection when
the deadline passes, whatever it is doing (headers, body, a redirect's second connection). Imported only by
kiosk.sync, for kiosks fed from a web address: urllib.request and OpenSSL cost 5.6 MB.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import IO, Any
from urllib.parse import urlsplit

from kiosk.override import override


class FetchError(Exception):
    """Why the download failed: the deadline passed, a redirect left the source, or the network said no."""


class _Deadline:
    """Closes every connection it watches when `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side: nothing left to wake
        sock.shutdown(socket.SHUT_RDWR)  # wakes a read blocked in another thread; close() alone may not


def _bounded(timeout: object, deadline: _Deadline) -> float:
    """The wait for one step: the timeout asked for, never past the deadline (and never 0, which would mean
    "do not block" rather than "no time left": the read then fails at once)."""
    left = max(deadline.left(), 0.01)
    return min(timeout, left) if isinstance(timeout, int | float) else left


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    @override
    def connect(self) -> None:
        self.timeout = _bounded(self.timeout, self.deadline)  # the connect step is bounded too
        super().connect()
        self.deadline.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    @override
    def connect(self) -> None:
        self.timeout = _bounded(self.timeout, self.deadline)  # connect and TLS set-up too
        super().connect()
        self.deadline.watch(self.sock)


class _Http(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    @override
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTP, deadline=self._deadline), req)


class _Https(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    @override
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        import ssl  # loaded by http.client already; named here for the context

        context = ssl.create_default_context()
        return self.do_open(functools.partial(_WatchedHTTPS, deadline=self._deadline), req, context=context)


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same scheme, host and port as the address asked for."""

    def __init__(self, origin: str) -> None:
        self._origin = _origin(origin)

    @override
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if _origin(newurl) != self._origin:
            raise FetchError(f"refused: {req.full_url} redirects to {newurl}, another scheme or host")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def fetch(url: str, limit: int, timeout: float, deadline: float) -> bytes:
    """Up to `limit` + 1 bytes of `url`, within `deadline` seconds in all; each wait at most `timeout`."""
    with _Deadline(deadline) as clock:
        opener = urllib.request.build_opener(_Http(clock), _Https(clock), _SameOrigin(url))
        chunks: list[bytes] = []
        size = 0
        try:
            with opener.open(url, timeout=timeout) as response:
                while size <= limit and (chunk := response.read(min(1 << 16, limit + 1 - size))):
                    chunks.append(chunk)
                    size += len(chunk)
                    if clock.expired:
                        break
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            if not clock.expired:
                raise FetchError(f"cannot download {url}: {error}") from None
        if clock.expired:
            raise FetchError(f"cannot download {url}: not finished within {deadline:g} s")
        return b"".join(chunks)

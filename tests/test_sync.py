"""Many kiosks, one source: every bad case keeps the current pack and says why; a good pack is taken."""

from __future__ import annotations

import hashlib
import http.server
import io
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typing_extensions import override

from kiosk.cli import main
from kiosk.sync import MANIFEST, SyncError, current_pack, make_pack_archive, sync
from tests.conftest import BUNDLED, BUNDLED_VERSION, REPO, PackFactory, lone_pack
from tests.published import publish_zip, rewrite_manifest


class Server(http.server.ThreadingHTTPServer):
    """Serves a folder on 127.0.0.1; `hang` and `truncate` make it misbehave."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.hang, self.truncate = folder, False, False
        self.trickle = ""  # "body" or "headers": one byte a second, so no single read ever times out
        self.redirect: dict[str, str] = {}  # path asked for → Location sent back
        super().__init__(("127.0.0.1", 0), Handler)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        if self.server.hang:
            time.sleep(2)
        if self.path in self.server.redirect:
            self.send_response(302)
            self.send_header("Location", self.server.redirect[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.server.trickle:
            self.trickle()
            return
        path = self.server.folder / self.path.split("?")[0].lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2] if self.server.truncate and path.suffix == ".zip" else data)

    def trickle(self) -> None:
        body = b'{"version": "slow", "archive": "x.zip", "sha256": "' + b"0" * 64 + b'"}'
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        slow = head + body if self.server.trickle == "headers" else body
        try:
            if self.server.trickle == "body":
                self.wfile.write(head)
            for byte in slow:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:  # the kiosk hung up: what it should do when its deadline passes
            pass

    @override
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def published(tmp_path: Path) -> Path:
    folder = tmp_path / "published"
    make_pack_archive(BUNDLED, folder)
    return folder


@pytest.fixture
def server(published: Path) -> Iterator[Server]:
    httpd = Server(published)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_a_good_pack_over_http_becomes_current(server: Server, tmp_path: Path) -> None:
    result = sync(server.url(MANIFEST), tmp_path / "store")
    assert result.changed and result.version == BUNDLED_VERSION
    assert result.folder is not None and current_pack(tmp_path / "store") == result.folder
    assert (result.folder / "en" / "risks.md").is_file()
    again = sync(server.url(MANIFEST), tmp_path / "store")
    assert not again.changed and again.folder == result.folder


def good_then(server: Server, store: Path) -> Path:
    first = sync(server.url(MANIFEST), store).folder
    assert first is not None
    return first


@pytest.mark.parametrize(("breakage", "reason"), [
    ("wrong_hash", "does not match the manifest"),
    ("truncated", "does not match the manifest"),
    ("missing", "HTTP Error 404"),
    ("hang", "timed out"),
    ("not_json", "cannot be read"),
])  # fmt: skip
def test_bad_downloads_keep_the_current_pack(
    server: Server, published: Path, tmp_path: Path, breakage: str, reason: str
) -> None:
    store = tmp_path / "store"
    before = good_then(server, store)
    rewrite_manifest(published, version="2026.12")  # something new is announced...
    if breakage == "wrong_hash":
        rewrite_manifest(published, sha256="0" * 64)
    elif breakage == "truncated":
        server.truncate = True
    elif breakage == "missing":
        rewrite_manifest(published, archive="gone.zip")
    elif breakage == "hang":
        server.hang = True
    elif breakage == "not_json":
        (published / MANIFEST).write_text("{ not json")
    with pytest.raises(SyncError, match=reason):
        sync(server.url(MANIFEST), store, timeout=0.5)
    assert current_pack(store) == before
    assert not list(store.glob(".incoming-*"))


@pytest.mark.parametrize(("entries", "reason"), [
    ({"../escape.txt": b"x"}, "leaving its folder"),
    ({"/etc/evil": b"x"}, "leaving its folder"),
    ({"en/bomb.md": b"0" * 30_000_000}, "zip bomb"),
    ({"pack.toml": b'pages = ["one"]\n', "en/one.md": b"\xff\xfe binary"}, "error"),
])  # fmt: skip
def test_hostile_or_invalid_archives_are_refused(
    server: Server, published: Path, tmp_path: Path, entries: dict[str, bytes], reason: str
) -> None:
    store = tmp_path / "store"
    before = good_then(server, store)
    publish_zip(published, entries)
    with pytest.raises(SyncError, match=reason):
        sync(server.url(MANIFEST), store)
    assert current_pack(store) == before
    assert not (tmp_path / "escape.txt").exists()


def test_a_source_flipping_between_versions_always_ends_on_a_valid_pack(tmp_path: Path) -> None:
    versions = []
    for version in ("A", "B"):
        pack = tmp_path / f"pack-{version}"
        shutil.copytree(BUNDLED, pack)
        toml = (pack / "pack.toml").read_text().replace(f'version = "{BUNDLED_VERSION}"', f'version = "{version}"')
        (pack / "pack.toml").write_text(toml)
        make_pack_archive(pack, tmp_path / f"pub-{version}")
        versions.append(tmp_path / f"pub-{version}" / MANIFEST)
    store = tmp_path / "store"
    for round_number in range(6):
        result = sync(str(versions[round_number % 2]), store)
        assert result.changed and result.version == "AB"[round_number % 2]
        assert current_pack(store) == result.folder
        assert len([p for p in store.iterdir() if p.is_dir()]) <= 2  # the current pack and the one before


def test_plain_http_is_only_for_this_computer(tmp_path: Path) -> None:
    with pytest.raises(SyncError, match="must use https"):
        sync("http://content.example.org/manifest.json", tmp_path / "store")


def test_pack_command_refuses_a_broken_pack(make_pack: PackFactory, tmp_path: Path) -> None:
    broken = make_pack({"one": "x"}, order=["one", "missing"])
    assert main(["pack", str(broken), "--out", str(tmp_path / "out"), "--unsigned"]) == 1
    assert main(["pack", str(BUNDLED), "--out", str(tmp_path / "out"), "--unsigned"]) == 0
    assert (tmp_path / "out" / MANIFEST).is_file()


@pytest.mark.parametrize("link", ["notes.txt", "en/extra", "images-elsewhere"])
def test_pack_refuses_symbolic_links(tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A link was followed and its target published to every kiosk (a secret file, a whole folder)."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "password.txt").write_text("hunter2", "utf-8")
    pack = tmp_path / "pack"
    lone_pack(pack)  # checked as a pack of its own
    (pack / link).symlink_to(secret / "password.txt" if link == "notes.txt" else secret)
    with pytest.raises(SyncError, match=f"refused: .*symbolic links \\({link}\\)"):
        make_pack_archive(pack, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert main(["pack", str(pack), "--out", str(tmp_path / "out"), "--unsigned"]) == 1
    assert "symbolic links" in capsys.readouterr().err
    # `kiosk check` says so first: a warning (the kiosk itself shows the folder), which --strict refuses.
    assert main(["check", str(pack)]) == 0
    warning = f"{pack / link}: warning: a symbolic link: 'kiosk pack' refuses a pack holding symbolic links"
    assert warning in capsys.readouterr().out
    assert main(["check", "--strict", str(pack)]) == 1


def test_pack_names_the_manifest_by_its_full_path_and_the_guide_asks_for_check_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # `source` in kiosk.toml is read against kiosk.toml's folder, not this one
    assert main(["pack", str(BUNDLED), "--out", "PUBLISH", "--unsigned"]) == 0
    assert f'source = "{tmp_path / "PUBLISH" / MANIFEST}"' in capsys.readouterr().out
    guide = (REPO / "docs" / "content-source.md").read_text("utf-8")
    assert "check it: `kiosk check --strict PACK`" in guide


def deep_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("a/" * 3000 + "deep.md", b"x")
    return buffer.getvalue()


def clashing_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("en", b"a file where the folder goes")
        bundle.writestr("en/one.md", b"x")
    return buffer.getvalue()


def crc_lie_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("en/one.md", b"---\ntitle: One\n---\nThe words the CRC was made for.\n")
    return buffer.getvalue().replace(b"The words", b"Our words", 1)  # the stored bytes no longer match


@pytest.mark.parametrize("archive", [deep_zip, clashing_zip, crc_lie_zip])
def test_archives_that_break_unpacking_are_refused_cleanly(
    server: Server, published: Path, tmp_path: Path, archive: Callable[[], bytes]
) -> None:
    """Unexpected errors while unpacking (OSError, BadZipFile) escaped as tracebacks."""
    store = tmp_path / "store"
    before = good_then(server, store)
    data = archive()
    (published / "evil.zip").write_bytes(data)
    rewrite_manifest(published, version="evil", archive="evil.zip", sha256=hashlib.sha256(data).hexdigest())
    with pytest.raises(SyncError, match=r"^refused: the archive cannot be unpacked: ") as raised:
        sync(server.url(MANIFEST), store)
    assert len(str(raised.value)) < 300
    assert current_pack(store) == before
    assert not list(store.glob(".incoming-*"))


def test_a_manifest_of_nested_brackets_is_refused_cleanly(server: Server, published: Path, tmp_path: Path) -> None:
    """60,000 "[" raised RecursionError out of the JSON parser."""
    store = tmp_path / "store"
    before = good_then(server, store)
    (published / MANIFEST).write_text("[" * 60_000)
    with pytest.raises(SyncError, match=r"^refused: the manifest .* cannot be read: RecursionError"):
        sync(server.url(MANIFEST), store)
    assert current_pack(store) == before


@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_trickling_server_cannot_outlast_the_deadline(server: Server, tmp_path: Path, part: str) -> None:
    """One byte a second never lets a read time out: 25 bytes took 24 s with a 3 s timeout."""
    server.trickle = part
    started = time.monotonic()
    with pytest.raises(SyncError, match=r"not finished within 1\.5 s"):
        sync(server.url(MANIFEST), tmp_path / "store", timeout=3.0, deadline=15.0)  # the manifest gets 1.5 s
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("target", ["http://localhost:{port}/manifest.json", "https://127.0.0.1:{port}/manifest.json",
                                    "http://127.0.0.1:1/manifest.json"])  # fmt: skip
def test_redirects_never_leave_the_source_scheme_and_host(server: Server, tmp_path: Path, target: str) -> None:
    """A redirect to another host (here the same server under another name) was followed."""
    server.redirect["/moved.json"] = target.format(port=server.server_address[1])
    with pytest.raises(SyncError, match=r"redirects to .*, another scheme or host"):
        sync(server.url("moved.json"), tmp_path / "store", timeout=3.0)
    assert current_pack(tmp_path / "store") is None


def test_a_redirect_on_the_same_host_is_followed(server: Server, tmp_path: Path) -> None:
    server.redirect["/moved.json"] = "/manifest.json"
    assert sync(server.url("moved.json"), tmp_path / "store", timeout=3.0).changed

"""One content source for many kiosks: fetch a published pack or library of topics, verify it, unpack it safely,
switch atomically.

A source is the address of a `manifest.json` (made by `kiosk pack`): an https:// URL, or a path on a shared
folder. The manifest names the pack's version, its zip archive and the archive's SHA-256. A new pack is
downloaded with timeouts, an overall deadline and size limits, checked against the hash, unpacked with no path
leaving its folder, checked like `kiosk check`, and only then made current; the pack before it is kept to fall
back on.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from kiosk.shelf import load_shelf

MANIFEST = "manifest.json"
CURRENT = "current.txt"
MAX_MANIFEST_BYTES = 64 * 1024
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_FILES = 5000
MAX_RATIO = 200  # uncompressed / compressed for one file: more than this is a zip bomb, not a page
TIMEOUT_S = 20.0  # the longest wait for any one step of a download
# A whole download, however the server paces it: 100 MB at about 3 Mbit/s. Redirects stay on the source's own
# scheme and host (see kiosk.webfetch).
DEADLINE_S = 300.0


class SyncError(Exception):
    """Why a source could not be used this time; the current pack stays on screen."""


@dataclass(frozen=True, slots=True)
class Manifest:
    version: str
    archive: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SyncResult:
    changed: bool
    folder: Path | None  # the current pack after this check
    version: str
    checked_at: str


def current_pack(store: Path) -> Path | None:
    """The pack the last successful check made current, if any."""
    try:
        name = (store / CURRENT).read_text("utf-8").strip()
    except OSError:
        return None
    folder = store / name
    return folder if name and folder.is_dir() else None


def sync(source: str, store: Path, timeout: float = TIMEOUT_S, deadline: float = DEADLINE_S) -> SyncResult:
    """Make the source's pack current in `store` if it is new and valid. Raises SyncError otherwise.

    `timeout` bounds each wait on the network; `deadline` each download as a whole (the manifest gets a tenth)."""
    checked = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    manifest = _read_manifest(source, timeout, deadline / 10)
    name = f"{_safe_name(manifest.version)}-{manifest.sha256[:12]}"
    current = current_pack(store)
    if current is not None and current.name == name:
        return SyncResult(False, current, manifest.version, checked)
    store.mkdir(parents=True, exist_ok=True)
    archive = _fetch(_resolve(source, manifest.archive), MAX_ARCHIVE_BYTES, timeout, deadline)
    digest = _sha256(archive)
    if digest != manifest.sha256.lower():
        raise SyncError(f"archive hash {digest[:12]}… does not match the manifest's {manifest.sha256[:12]}…")
    staging = store / f".incoming-{name}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _unpack(archive, staging)
        errors = [issue for issue in load_shelf(staging).problems() if issue.is_error]
        if errors:
            raise SyncError(f"the new pack has {len(errors)} error(s), first: {errors[0]}")
        target = store / name
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _make_current(store, name)
    _prune(store, keep={name, current.name if current else ""})
    return SyncResult(True, store / name, manifest.version, checked)


def make_pack_archive(folder: Path, out: Path) -> tuple[Path, Path]:
    """`kiosk pack`: zip a checked pack or library and write the manifest beside it. Returns (archive, manifest).
    A library goes as one archive, so every kiosk switches all its topics at once."""
    shelf = load_shelf(folder)
    errors = [issue for issue in shelf.problems() if issue.is_error]
    if errors:
        raise SyncError(f"{folder} has {len(errors)} error(s); fix them first (kiosk check), first: {errors[0]}")
    files, links = _pack_files(folder)
    if links:
        # A link would publish whatever it points at (a secret file, a whole folder) to every kiosk.
        shown = ", ".join(path.relative_to(folder).as_posix() for path in links[:5])
        more = f" and {len(links) - 5} more" if len(links) > 5 else ""
        raise SyncError(f"refused: {folder} holds symbolic links ({shown}{more}); copy the files in instead")
    version = (shelf.info.version if shelf.is_library else shelf.first.library.pack.info.version) or (
        dt.date.today().isoformat()
    )
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"pack-{_safe_name(version)}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.relative_to(folder).as_posix())
    digest = _sha256(archive.read_bytes())
    manifest = out / MANIFEST
    manifest.write_text(
        json.dumps({"version": version, "archive": archive.name, "sha256": digest}, indent=2) + "\n", "utf-8"
    )
    return archive, manifest


def _pack_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files a pack publishes (hidden ones left out) and the symbolic links in it, never followed."""
    files: list[Path] = []
    links: list[Path] = []
    for top, folders, names in os.walk(folder):  # os.walk does not follow links to folders
        here = Path(top)
        for name in sorted(folders):
            if (here / name).is_symlink():
                links.append(here / name)
        folders[:] = sorted(name for name in folders if not (here / name).is_symlink())
        for name in sorted(names):
            path = here / name
            if path.is_symlink():
                links.append(path)
            elif not name.startswith(".") and path.is_file():
                files.append(path)
    return sorted(files), links


def _read_manifest(source: str, timeout: float, deadline: float) -> Manifest:
    raw = _fetch(source, MAX_MANIFEST_BYTES, timeout, deadline)
    try:
        data = json.loads(raw.decode("utf-8"))
        manifest = Manifest(str(data["version"]), str(data["archive"]), str(data["sha256"]))
    except (ValueError, KeyError, TypeError, RecursionError) as error:  # RecursionError: 60k nested "["
        raise SyncError(f"refused: the manifest at {source} cannot be read: {_brief(error)}") from None
    if len(manifest.sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in manifest.sha256):
        raise SyncError("the manifest's sha256 is not a SHA-256 hex digest")
    return manifest


def _fetch(location: str, limit: int, timeout: float, deadline: float) -> bytes:
    parts = urlsplit(location)
    if parts.scheme in ("http", "https"):
        from kiosk import webfetch  # only kiosks with a web source pay for loading the HTTP client (TID253)

        if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SyncError("sources on the network must use https:// (plain http only for this computer)")
        try:
            data = webfetch.fetch(location, limit, timeout, deadline)
        except webfetch.FetchError as error:
            raise SyncError(str(error)) from None
    else:
        path = Path(location)
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise SyncError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:
        raise SyncError(f"{location} is larger than {limit // 1024} KB")
    return data


def _resolve(source: str, archive: str) -> str:
    if urlsplit(source).scheme in ("http", "https"):
        return urljoin(source, archive)
    if "/" in archive or "\\" in archive or archive in ("", ".", ".."):
        raise SyncError(f"the manifest's archive name '{archive}' must be a plain file name")
    return str(Path(source).parent / archive)


# What a hostile or damaged archive can raise while it is read and written out: names that clash ("a" a file and
# "a/b"), paths too deep or long for the disk, CRC or header lies, encryption or compression the kiosk lacks.
_UNPACK_ERRORS = (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, RuntimeError, NotImplementedError,
                  ValueError, zlib.error)  # fmt: skip


def _unpack(archive: bytes, target: Path) -> None:
    try:
        bundle = zipfile.ZipFile(io.BytesIO(archive))
    except _UNPACK_ERRORS as error:
        raise SyncError(f"refused: the archive is not a zip file: {_brief(error)}") from None
    try:
        _unpack_entries(bundle, target)
    except _UNPACK_ERRORS as error:
        raise SyncError(f"refused: the archive cannot be unpacked: {_brief(error)}") from None


def _brief(error: BaseException) -> str:
    """An error as one short line: a message naming a 3,000-deep path must not flood the log and staff mode."""
    text = f"{type(error).__name__}: {error}" if not isinstance(error, SyncError) else str(error)
    return text if len(text) <= 200 else text[:200] + "…"


def _unpack_entries(bundle: zipfile.ZipFile, target: Path) -> None:
    entries = bundle.infolist()
    if len(entries) > MAX_FILES:
        raise SyncError(f"the archive has {len(entries)} files (limit {MAX_FILES})")
    total = 0
    target.mkdir(parents=True)
    for entry in entries:
        name = PurePosixPath(entry.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in entry.filename or ":" in entry.filename:
            raise SyncError(f"the archive has a path leaving its folder: {entry.filename!r}")
        if (entry.external_attr >> 16) & 0o170000 == 0o120000:
            raise SyncError(f"the archive has a symbolic link: {entry.filename!r}")
        if entry.is_dir():
            continue
        if entry.file_size > max(entry.compress_size, 1) * MAX_RATIO:
            raise SyncError(
                f"{entry.filename!r} expands {entry.file_size // max(entry.compress_size, 1)} times:"
                " refused as a zip bomb"
            )
        destination = target.joinpath(*name.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        with bundle.open(entry) as source, destination.open("wb") as out:
            while chunk := source.read(1 << 16):
                total += len(chunk)
                if total > MAX_UNPACKED_BYTES:  # the sizes in the archive can lie; count what really comes out
                    raise SyncError(f"the archive unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")
                out.write(chunk)


def _make_current(store: Path, name: str) -> None:
    temporary = store / f".{CURRENT}.tmp"
    temporary.write_text(name + "\n", "utf-8")
    os.replace(temporary, store / CURRENT)  # atomic: a reader sees the old name or the new, never half


def _prune(store: Path, keep: set[str]) -> None:
    for folder in store.iterdir():
        if folder.is_dir() and folder.name not in keep and not folder.name.startswith("."):
            shutil.rmtree(folder, ignore_errors=True)


def _safe_name(version: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in ".-_" else "-" for c in version)[:40]
    return cleaned or "pack"


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only when a pack is fetched or published, never at kiosk start-up

    return hashlib.sha256(data).hexdigest()

"""One content source for many kiosks: fetch a published pack or library of topics, verify it, unpack it safely,
switch atomically.

A source is the address of a `manifest.json` (made by `kiosk pack`): an https:// URL, or a path on a shared
folder. The manifest names the pack's version, its zip archive, the archive's SHA-256 and a sequence, signed by
the publisher (kiosk.manifest checks the signature and that the sequence goes forward). A new pack is
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
import stat
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from kiosk import limits
from kiosk.atomic import write_atomically
from kiosk.errors import Issue, Severity
from kiosk.manifest import Manifest, ManifestError, SequenceRecord, brief, build_manifest, parse_manifest
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
class Trust:
    """Whose packs a kiosk takes: manifests signed by one of `public_keys` (none: any, unchecked), each newer
    than the last taken from its source, as kept in `record` (None: not kept, for tests and tools)."""

    public_keys: tuple[str, ...] = ()
    record: Path | None = None


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one check of the content source found, and which pack is current after it."""

    changed: bool
    folder: Path | None  # the current pack after this check
    version: str
    checked_at: str
    sequence: int | None = None
    signed_by: str = ""  # empty: the signature was not checked (no public keys configured)


def current_pack(store: Path) -> Path | None:
    """The pack the last successful check made current, if any."""
    try:
        name = (store / CURRENT).read_text("utf-8").strip()
    except OSError:
        return None
    folder = store / name
    return folder if name and folder.is_dir() else None


def sync(
    source: str, store: Path, timeout: float = TIMEOUT_S, deadline: float = DEADLINE_S, trust: Trust = Trust()
) -> SyncResult:
    """Make the source's pack current in `store` if it is new, trusted and valid. Raises SyncError otherwise.

    `timeout` bounds each wait on the network; `deadline` each download or share read as a whole (the manifest
    gets a tenth)."""
    checked = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    raw = _fetch(source, MAX_MANIFEST_BYTES, timeout, deadline / 10)
    record = SequenceRecord(trust.record) if trust.record is not None else None
    try:
        manifest = parse_manifest(raw, source, trust.public_keys)
        if record is not None:
            record.check(source, manifest)
    except ManifestError as error:
        raise SyncError(str(error)) from None
    result = _take(source, store, manifest, timeout, deadline, checked)
    if record is not None:
        record.remember(source, manifest)
    return result


def _take(
    source: str, store: Path, manifest: Manifest, timeout: float, deadline: float, checked: str
) -> SyncResult:
    name = f"{_safe_name(manifest.version)}-{manifest.sha256[:12]}"
    current = current_pack(store)
    if current is not None and current.name == name:
        return SyncResult(False, current, manifest.version, checked, manifest.sequence, manifest.signed_by)
    store.mkdir(parents=True, exist_ok=True)
    archive = _fetch(_resolve(source, manifest.archive), MAX_ARCHIVE_BYTES, timeout, deadline)
    digest = _sha256(archive)
    if digest != manifest.sha256:
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
    return SyncResult(True, store / name, manifest.version, checked, manifest.sequence, manifest.signed_by)


def make_pack_archive(
    folder: Path, out: Path, seed: bytes | None = None, sequence: int | None = None
) -> tuple[Path, Path]:
    """`kiosk pack`: zip a checked pack or library and write the manifest beside it, signed with the private key
    `seed` (None: unsigned). `sequence`: the manifest's (default: one more than the manifest already in `out`).
    A library goes as one archive, so every kiosk switches all its topics at once. Returns (archive, manifest)."""
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
    sequence = _next_sequence(out / MANIFEST, sequence)
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"pack-{_safe_name(version)}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            bundle.write(path, path.relative_to(folder).as_posix())
    digest = _sha256(archive.read_bytes())
    manifest = out / MANIFEST
    # a kiosk reading meanwhile sees the old manifest or the new, never half
    write_atomically(manifest, build_manifest(version, archive.name, digest, sequence, seed))
    return archive, manifest


def _next_sequence(manifest: Path, asked: int | None) -> int:
    """The sequence of the next publication: above the one already published in that folder, if any."""
    try:
        data = json.loads(manifest.read_text("utf-8"))
        previous = data.get("sequence") if isinstance(data, dict) else None
    except FileNotFoundError:
        previous = None
    except (OSError, ValueError, RecursionError) as error:
        if asked is not None:
            return asked
        raise SyncError(f"cannot read the sequence of {manifest} ({error}); give one with --sequence N") from None
    last = previous if type(previous) is int else 0
    if asked is None:
        return last + 1
    if asked <= last:
        raise SyncError(
            f"refused: sequence {asked} is not above {last}, the one already published in {manifest.parent};"
            " kiosks that took it would refuse this pack"
        )
    return asked


def link_problems(folder: Path) -> list[Issue]:
    """`kiosk check`'s word on the symbolic links `kiosk pack` refuses (the kiosk itself reads such a folder as it
    is): warnings, so `kiosk check --strict`, which publishing needs, fails on them before `kiosk pack` does."""
    message = "a symbolic link: 'kiosk pack' refuses a pack holding symbolic links; copy the files in instead"
    return [Issue(link, None, message, Severity.WARNING) for link in _pack_files(folder)[1]]


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
        data = _read_share(Path(location), limit, deadline)
    if len(data) > limit:
        raise SyncError(f"{location} is larger than {limits.size_text(limit)}")
    return data


def _read_share(path: Path, limit: int, deadline: float) -> bytes:
    """Up to `limit` + 1 bytes of a file on a share, within `deadline` seconds. A hung share blocks in the
    kernel where no timeout reaches: the read runs in a daemon thread, which is left behind (and never keeps
    the process from exiting) if it does not finish in time."""
    outcome: list[bytes | SyncError] = []

    def read() -> None:
        try:
            outcome.append(_read_regular_file(path, limit))
        except SyncError as error:
            outcome.append(error)

    reader = threading.Thread(target=read, name="share-read", daemon=True)
    reader.start()
    reader.join(deadline)
    if not outcome:
        raise SyncError(f"refused: reading {path} did not finish within {deadline:g} s (a hung share?)")
    if isinstance(outcome[0], SyncError):
        raise outcome[0]
    return outcome[0]


def _read_regular_file(path: Path, limit: int) -> bytes:
    try:
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind):  # checked before opening: opening a FIFO blocks until someone writes to it
            raise SyncError(f"refused: {path} is not a plain file (a folder, FIFO, device or socket)")
        # O_NONBLOCK: should a FIFO be swapped in after the check, opening it does not wait for a writer.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise SyncError(f"refused: {path} is not a plain file (a folder, FIFO, device or socket)")
            return file.read(limit + 1)
    except OSError as error:
        raise SyncError(f"cannot read {path}: {error.strerror or error}") from None


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
        raise SyncError(f"refused: the archive is not a zip file: {brief(error)}") from None
    try:
        _unpack_entries(bundle, target)
    except _UNPACK_ERRORS as error:
        raise SyncError(f"refused: the archive cannot be unpacked: {brief(error)}") from None


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
                    raise SyncError(f"the archive unpacks to more than {limits.size_text(MAX_UNPACKED_BYTES)}")
                out.write(chunk)


def _make_current(store: Path, name: str) -> None:
    write_atomically(store / CURRENT, name + "\n", durable=True)  # a reader sees the old name or the new


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

"""Editing what a sync test has published: its manifest, or a zip of its own in place of the pack's."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from kiosk.sync import MANIFEST


def rewrite_manifest(folder: Path, **changes: str) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps({**manifest, **changes}))


def publish_zip(folder: Path, entries: dict[str, bytes], version: str = "evil") -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    (folder / "evil.zip").write_bytes(buffer.getvalue())
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    rewrite_manifest(folder, version=version, archive="evil.zip", sha256=digest)

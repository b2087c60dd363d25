"""Replacing a small file so that a reader, or the next start after a power cut, finds the old text or the new,
never half of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, text: str, *, durable: bool = False) -> None:
    """Write `text` beside `path` under a name of this process's own (two writers never share one), then put it
    in place in one step. `durable`: on the disk before it is put in place (records a power cut must not empty).
    Raises OSError; the temporary file is removed if it cannot be put in place."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise

"""heartbeat.json: a small file IT's monitoring can read to see the kiosk is alive and what it shows."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from kiosk import __version__


def write_heartbeat(path: Path, state: str, pack_version: str, now: dt.datetime | None = None,
                    extra: dict[str, object] | None = None) -> None:
    """Replace `path` atomically, so a reader never sees half a file."""
    moment = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    data = {"time": moment, "version": __version__, "state": state, "pack_version": pack_version,
            "pid": os.getpid(), **(extra or {})}
    temporary = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    os.replace(temporary, path)

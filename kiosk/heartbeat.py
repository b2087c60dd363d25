"""heartbeat.json: a small file IT's monitoring can read to see the kiosk is alive and what it shows."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from kiosk import version
from kiosk.atomic import write_atomically


def write_heartbeat(
    path: Path,
    state: str,
    pack_version: str,
    now: dt.datetime | None = None,
    extra: dict[str, object] | None = None,
) -> None:
    """Replace `path` atomically, so a reader never sees half a file."""
    moment = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    memory = {key: round(value, 1) for key, value in memory_mb().items()}
    data = {
        "time": moment,
        "version": version(),
        "state": state,
        "pack_version": pack_version,
        "pid": os.getpid(),
        **memory,
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=2) + "\n")


def process_age_s() -> float | None:
    """Seconds since this process was launched, where the system tells it (Linux /proc, 10 ms steps): the
    start-up figure then includes the interpreter, its imports and, in the frozen build, the bootloader."""
    try:
        started_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime_s = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime_s - started_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux
        return None


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB, where the system tells it (Linux /proc);
    steady growth of `rss_mb` over days would be a leak."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return {}
    names = {"VmRSS:": "rss_mb", "VmHWM:": "peak_rss_mb"}
    return {
        names[line.split()[0]]: int(line.split()[1]) * 1024 / 1e6
        for line in status.splitlines()
        if line.split()[:1] and line.split()[0] in names
    }

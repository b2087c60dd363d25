"""Logging: one line per event with time and level, to stderr and a rotating file."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str, folder: Path | None) -> Path | None:
    """Log to stderr and, if `folder` can be written, to kiosk.log there. Returns the log file used."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = logging.Formatter(FORMAT)
    console = logging.StreamHandler()
    console.setFormatter(formatter)
    root.addHandler(console)
    if folder is None:
        return None
    path = folder / "kiosk.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError as error:
        logging.getLogger(__name__).warning(
            "cannot write logs to %s (%s); logging to the console only", path, error
        )
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path

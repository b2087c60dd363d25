"""The last kiosk.toml that could be read, kept for a start that finds the file half-written.

Group Policy, Intune or a script replacing kiosk.toml can be caught mid-write by a boot; a start that then ran
on built-in defaults would show the bundled pages instead of the clinic's, with no staff PIN and no content
source. So each start that reads the file whole keeps a copy of its text in the state folder, with the path it
came from; a start that cannot read the file (not TOML, not UTF-8, unreadable, too large) runs on that copy and
says so, until the file is fixed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic import write_atomically
from kiosk.tomlfile import TomlDocument, read_toml

log = logging.getLogger(__name__)
COPY_FILE = "last-good-kiosk.toml"
ABOUT_FILE = "last-good-kiosk.json"  # where the copy came from, and when


@dataclass(frozen=True, slots=True)
class LastGood:
    """A copy read back: its document (lines are the copy's) and when it was saved."""

    document: TomlDocument
    saved: str


def remember(source: Path, text: str, store: Path) -> None:
    """Keep `text`, read whole from `source`, unless the copy already holds it. Never raises."""
    copy, about = store / COPY_FILE, store / ABOUT_FILE
    try:
        if _source_of(about) == _name(source) and copy.read_text("utf-8") == text:
            return
    except OSError:
        pass  # no copy yet, or unreadable: write one
    saved = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        store.mkdir(parents=True, exist_ok=True)
        write_atomically(copy, text, durable=True)
        write_atomically(about, json.dumps({"source": _name(source), "saved": saved}) + "\n", durable=True)
    except OSError as error:
        log.warning("cannot keep a copy of %s in %s: %s", source, store, error)


def recall(source: Path, store: Path) -> LastGood | None:
    """The copy of `source` kept by an earlier start, if there is one and it can still be read."""
    about = store / ABOUT_FILE
    if _source_of(about) != _name(source):
        return None
    document, issues = read_toml(store / COPY_FILE)
    if issues:
        return None
    try:
        saved = str(json.loads(about.read_text("utf-8")).get("saved", ""))
    except (OSError, ValueError, AttributeError):
        saved = ""
    return LastGood(document, saved)


def _name(source: Path) -> str:
    try:
        return str(source.resolve())
    except (OSError, RuntimeError):  # a symbolic-link loop
        return str(source.absolute())


def _source_of(about: Path) -> str:
    try:
        return str(json.loads(about.read_text("utf-8"))["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""

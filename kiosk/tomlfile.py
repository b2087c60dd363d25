"""Reading TOML files so that every problem names the file and, where it can, the line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import Issue

_LINE_IN_MESSAGE = re.compile(r"at line (\d+)")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\s*(#.*)?$")
MAX_TOML_BYTES = 1_000_000


@dataclass(slots=True)
class TomlDocument:
    """A parsed TOML file and its text, kept to point at lines."""

    path: Path
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def line_of(self, dotted_key: str) -> int | None:
        """Line where `a.b.c` is assigned: `c = ` inside table `[a.b]`, or `b.c =` inside `[a]`, etc."""
        parts = dotted_key.split(".")
        table: list[str] = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _TABLE_HEADER.match(line)
            if header:
                table = [p.strip().strip('"') for p in header.group(1).split(".")]
                if table == parts:
                    return number
                continue
            rest = parts[len(table) :]
            key = re.escape(".".join(rest))
            if table == parts[: len(table)] and rest and re.match(rf"^\s*{key}\s*=", line):
                return number
        return None


def read_toml(path: Path) -> tuple[TomlDocument, list[Issue]]:
    """Parse `path`; a file that cannot be read or parsed gives an empty document and an issue."""
    document = TomlDocument(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return document, [Issue(path, None, f"cannot read file: {error.strerror or error}")]
    if len(raw) > MAX_TOML_BYTES:
        return document, [Issue(path, None, f"file is too large ({len(raw):,} bytes)")]
    try:
        document.text = raw.decode("utf-8-sig")  # Windows tools often save UTF-8 with a byte-order mark
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return document, [Issue(path, line, "file is not UTF-8 text")]
    try:
        document.data = tomllib.loads(document.text)
    except RecursionError:
        return document, [Issue(path, None, "not valid TOML: tables or lists are nested too deeply")]
    except tomllib.TOMLDecodeError as error:
        match = _LINE_IN_MESSAGE.search(str(error))
        line = int(match.group(1)) if match else None
        return document, [Issue(path, line, f"not valid TOML: {error}")]
    return document, []

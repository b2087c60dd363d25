"""Where something is in a file staff or IT edit: the line number an Issue points at."""

from __future__ import annotations

import re
from typing import Literal

_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\s*(#.*)?$")
_PROBE_WORDS = 4  # a sentence may wrap onto the next line in the file: look for its start only


def key_line(text: str, dotted_key: str, syntax: Literal["toml", "yaml"] = "toml") -> int | None:
    """Line where a key is set. TOML: `a.b.c` is `c =` inside table `[a.b]`, or `b.c =` inside `[a]`, etc.
    YAML (page front matter): a top-level `key:`."""
    if syntax == "yaml":
        match = re.search(rf"^{re.escape(dotted_key)}\s*:", text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else None
    parts = dotted_key.split(".")
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
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


def text_line(body: str, first_line: int, needle: str) -> int | None:
    """Line where `needle` first appears in a page body that starts at line `first_line` of its file; spacing
    and case do not count, and a long needle is found by its first words."""
    probe = " ".join(needle.split()[:_PROBE_WORDS]).lower()
    if not probe:
        return None
    for offset, line in enumerate(body.split("\n")):
        if probe in " ".join(line.split()).lower():
            return first_line + offset
    return None

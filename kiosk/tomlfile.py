"""Reading TOML files so that every problem names the file and, where it can, the line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kiosk import limits
from kiosk.errors import Issue
from kiosk.lines import key_line

_LINE_IN_MESSAGE = re.compile(r"at line (\d+)")
MAX_TOML_BYTES = 1024 * 1024  # 1 MB: kiosk.example.toml, every key, is 5 KB


@dataclass(slots=True)
class TomlDocument:
    """A parsed TOML file and its text, kept to point at lines."""

    path: Path
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    key_word: ClassVar[str] = "key"

    def line_of(self, dotted_key: str) -> int | None:
        return key_line(self.text, dotted_key)


def read_toml(path: Path) -> tuple[TomlDocument, list[Issue]]:
    """Parse `path`; a file that cannot be read or parsed gives an empty document and an issue."""
    document = TomlDocument(path)
    try:
        raw = path.read_bytes()
    except PermissionError:
        advice = "give the kiosk's account read access (Linux: chmod a+r, or the kiosk's group; Windows: Read)"
        return document, [Issue(path, None, f"cannot read file: this account may not read it; {advice}")]
    except OSError as error:
        return document, [Issue(path, None, f"cannot read file: {error.strerror or error}")]
    if len(raw) > MAX_TOML_BYTES:
        return document, [Issue(path, None, f"file is too large ({limits.too_large(len(raw), MAX_TOML_BYTES)})")]
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
        return document, [Issue(path, int(match.group(1)) if match else None, f"not valid TOML: {error}")]
    return document, []


def read_toml_leniently(path: Path, most: int = 5) -> tuple[TomlDocument, list[Issue]]:
    """As `read_toml`, but a line that is not valid TOML is left out and the rest of the file read (up to `most`
    such lines; past them, or where leaving the line out does not help, nothing is read). Each line left out is
    still an error: one stray line in library.toml must not hide every topic, nor go unnoticed."""
    document, issues = read_toml(path)
    if not issues or not document.text:  # read, or not text at all
        return document, issues
    lines = document.text.split("\n")
    left_out: list[Issue] = []
    while len(left_out) <= most:
        try:
            document.data = tomllib.loads("\n".join(lines))
        except RecursionError:
            return document, issues
        except tomllib.TOMLDecodeError as error:
            match = _LINE_IN_MESSAGE.search(str(error))
            number = int(match.group(1)) if match else 0
            if not 0 < number <= len(lines) or not lines[number - 1].strip() or len(left_out) == most:
                return document, issues  # nothing left to leave out there: the first error says what is wrong
            lines[number - 1] = ""  # blanked, not removed: every other line keeps its number
            message = f"not valid TOML: {error}; this line was left out and the rest of the file read"
            left_out.append(Issue(path, number, message))
            continue
        return document, left_out
    return document, issues

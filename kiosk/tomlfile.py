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

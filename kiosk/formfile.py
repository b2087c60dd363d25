"""Small Markdown forms beside the pages (quiz.md, matters.md): safe reading and line-by-line parts.

These files are not pages: they are never rendered as HTML, only split into short plain strings that labels
and buttons show as typed. A few fixed line shapes are all they need, so they are read here line by line
rather than by python-markdown, which keeps them off the kiosk's start-up path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kiosk import limits
from kiosk.errors import Issue, Severity
from kiosk.plaintext import markup_problem

MAX_FORM_BYTES = 64 * 1024  # five questions are about 3 KB; anything near this is a mistake or junk
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# Markdown's inline emphasis and code marks, which a label would show as typed.
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*|`([^`]*)`")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: its number in the file, its text without the indent, and whether it was indented."""

    number: int
    text: str
    indented: bool


def read_form(path: Path) -> tuple[list[Line] | None, list[Issue]]:
    """The non-blank lines of a form file, or None (with the reason) when it cannot be read at all."""
    try:
        size = path.stat().st_size
        if size > MAX_FORM_BYTES:
            return None, [Issue(path, None, f"file is too large ({limits.too_large(size, MAX_FORM_BYTES)})")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Issue(path, None, f"cannot read file: {error.strerror or error}")]
    if b"\x00" in raw:
        return None, [Issue(path, None, "file is binary, not Markdown text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue(path, line, "file is not UTF-8 text (save it as UTF-8)")]
    lines = [
        Line(number, stripped, raw_line[:1] in (" ", "\t"))
        for number, raw_line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
        if (stripped := raw_line.strip())
    ]
    if not lines:
        return None, [Issue(path, None, "file is empty")]
    return lines, []


def heading(line: Line) -> tuple[int, str] | None:
    """(level, text) when the line is a `#` heading."""
    found = _HEADING.match(line.text)
    return (len(found.group(1)), found.group(2)) if found else None


def plain(text: str) -> str:
    """Inline Markdown a staff member may type out of habit (**bold**, *italic*, `code`) as plain words."""
    return " ".join(_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text).split())


def check_text(path: Path, line: int, what: str, text: str, longest: int, issues: list[Issue]) -> None:
    """Markup is an error (labels would show it as typed); a long string a warning (it crowds the screen)."""
    markup = markup_problem(text)
    if markup:
        issues.append(Issue(path, line, f"{what} {markup}"))
    if len(text) > longest:
        issues.append(
            Issue(
                path,
                line,
                f"{what} is long ({len(text)} characters); keep it under {longest} so it fits the screen",
                Severity.WARNING,
            )
        )

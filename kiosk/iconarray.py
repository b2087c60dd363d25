"""Icon arrays written in pages as plain numbers; the screen draws the people (no Qt here).

!!! icons "Pain much better 6 months after surgery"
    73 / 100: People who had surgery
    14 / 100: People who kept to other care
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.errors import Severity

# Rows of 10: 10, 20, 50 or 100 people. A thousand would be dots too small to count on a kiosk; a rare
# risk reads better in words ("about 3 in 1,000").
TOTALS = (10, 20, 50, 100)
PER_ROW = 10
MAX_LINES = 4
MAX_LABEL = 80
SCHEME = "kiosk-icons"  # image addresses the screen draws instead of loading: kiosk-icons:73/100/2
_START = re.compile(r'^!!!\s+icons\b\s*(?:"(?P<caption>[^"]*)")?\s*(?P<rest>.*)$')
_LINE = re.compile(r"^(?P<count>\d{1,5})\s*/\s*(?P<total>\d{1,5})\s*:\s*(?P<label>.*?)\s*$")


@dataclass(frozen=True, slots=True)
class IconLine:
    """One line of an icon array: `count` people out of `total` and what it means for them."""

    count: int
    total: int
    label: str

    def source(self, columns: int) -> str:
        """The image address the screen draws this line from."""
        return f"{SCHEME}:{self.count}/{self.total}/{columns}"


@dataclass(frozen=True, slots=True)
class IconArray:
    """People drawn as icons ("N in 100"): a caption and one line per group compared."""

    caption: str
    lines: tuple[IconLine, ...]

    @property
    def columns(self) -> int:
        """Side by side in twos: a comparison stays on one line, and each person stays big enough to see."""
        return min(2, len(self.lines)) or 1


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with an icon array's lines, for `kiosk check`."""

    line: int  # 0-based offset into the lines given to `take`
    message: str
    severity: Severity = Severity.ERROR


def starts_block(line: str) -> bool:
    return _START.match(line) is not None


def take(lines: list[str], start: int) -> tuple[IconArray, int, list[Problem]]:
    """Parse the block whose `!!! icons` line is `lines[start]`; returns it and the index after it."""
    header = _START.match(lines[start])
    assert header is not None
    problems: list[Problem] = []
    caption = (header.group("caption") or "").strip()
    if not caption or header.group("rest"):
        problems.append(Problem(start, 'write the caption in double quotes: !!! icons "What the numbers show"'))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines after the block belong to the page
    parsed: list[IconLine] = []
    for index in range(start + 1, end):
        text = lines[index].strip()
        if not text:
            continue
        line, problem = _parse_line(text)
        if problem:
            problems.append(Problem(index, problem))
        elif line is not None:
            parsed.append(line)
    if not parsed and not any(lines[i].strip() for i in range(start + 1, end)):
        problems.append(Problem(start, "icon array has no lines; indent each 'COUNT / TOTAL: label' by 4 spaces"))
    if len(parsed) > MAX_LINES:
        problems.append(
            Problem(start, f"icon array has {len(parsed)} lines; at most {MAX_LINES} fit side by side")
        )
        parsed = parsed[:MAX_LINES]
    if len({line.total for line in parsed}) > 1:
        problems.append(
            Problem(start, "the lines count out of different totals; compare like with like", Severity.WARNING)
        )
    return IconArray(caption, tuple(parsed)), end, problems


def _parse_line(text: str) -> tuple[IconLine | None, str]:
    match = _LINE.match(text)
    if match is None:
        return (
            None,
            "write each icon line as COUNT / TOTAL: label, like '73 / 100: People who had surgery', "
            f"not '{text[:50]}'",
        )
    count, total, label = int(match.group("count")), int(match.group("total")), match.group("label")
    if total not in TOTALS:
        allowed = ", ".join(map(str, TOTALS))
        return None, f"an icon array shows {allowed} people, not {total} (say rarer numbers in words)"
    if count > total:
        return None, f"{count} is more than the {total} people shown"
    if not label:
        return None, f"say who the {count} / {total} are, after the colon"
    if len(label) > MAX_LABEL:
        return None, f"label is {len(label)} characters long; keep it under {MAX_LABEL}"
    return IconLine(count, total, label), ""


def parse_source(src: str) -> tuple[int, int, int] | None:
    """(count, total, columns) from an address made by IconLine.source, or None if it is not one."""
    match = re.fullmatch(rf"{SCHEME}:(\d{{1,4}})/(\d{{1,4}})/([1-4])", src)
    if match is None:
        return None
    count, total, columns = (int(group) for group in match.groups())
    return (count, total, columns) if total in TOTALS and count <= total else None

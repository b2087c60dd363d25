"""How much a pack may hold, checked on the raw text in milliseconds, before anything expensive reads it.

Python-markdown and Qt's layout are fast on pages people write, but some shapes cost far more than their size:
call-outs nested in call-outs (Qt lays out a box within a box again for every level), thousands of headings
or table rows, one word of half a megabyte re-broken at every text size. Each limit sits well above what the
bundled pack uses (docs/reliability.md has both) and keeps rendering and laying out the largest allowed page
far under the kiosk's time budget. A page over a limit is not rendered: `kiosk check` reports it as an error
with its line, and the kiosk shows "This page could not be shown" in its place.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

PAGE_BYTES = 128 * 1024  # the bundled pages are 3-5 KB; a valid 90 KB page still fits
WORD_CHARACTERS = 300  # the longest words are web addresses in sources: about 120 characters
HEADINGS = 200  # per page; the bundled pages have up to 9
TABLE_ROWS = 50  # per table; the bundled tables have up to 5 (100 rows x 8 took one 90-100 ms Qt layout)
TABLE_COLUMNS = 8  # the bundled tables have 2
NESTING = 8  # call-outs, quotes and list levels inside each other; the bundled pages go 2 deep
PAGES = 20  # pages in one language (tabs in the tab bar); the bundled pack has 6
LANGUAGES = 12  # the bundled pack has 2
FILES = 2000  # files and folders in the pack folder, all levels; the bundled pack has 30
RENDER_SECONDS = 3.0  # a page not ready by then is shown as "could not be shown" (the largest allowed: ~0.5 s)
# Qt lays a page out on the UI thread in one call; a page that took longer than this (thread time) is shown as
# "could not be shown" from then on. The largest allowed pages take 0.1-0.15 s at 1920 px (docs/reliability.md).
LAYOUT_SECONDS = 0.5

_ATX_HEADING = re.compile(r" {0,3}#{1,6}(\s|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}=+\s*$")
_CALLOUT = re.compile(r"\s*!!!\s")
_QUOTES = re.compile(r"[ >]*")
_LIST_ITEM = re.compile(r"\s*([-*+]|\d{1,9}[.)])\s")


def size_text(n_bytes: int) -> str:
    """A file size the way staff see it in a file manager, and in every limits message: "900 bytes", "128 KB",
    "4.2 MB" (1 KB = 1,024 bytes). Rounded up to a tenth, so a file just over a limit never reads as the limit."""
    if n_bytes < 1024:
        return "1 byte" if n_bytes == 1 else f"{n_bytes:,} bytes"
    value, unit = (n_bytes / 1024, "KB") if n_bytes < 1024 * 1024 else (n_bytes / 1024 / 1024, "MB")
    tenths = math.ceil(round(value * 10, 6))  # round first: a whole number of KB stays whole
    return f"{tenths // 10:,} {unit}" if tenths % 10 == 0 else f"{tenths / 10:,.1f} {unit}"


def too_large(n_bytes: int, limit: int) -> str:
    """'4.5 MB; limit 4 MB': a size over its limit, both in the same unit style."""
    return f"{size_text(n_bytes)}; limit {size_text(limit)}"


@dataclass(frozen=True, slots=True)
class Excess:
    """One limit a page goes over: on which line of the text (1-based), and what to tell staff."""

    line: int
    message: str


def page_excess(text: str) -> list[Excess]:
    """Every limit `text` (a page's Markdown) goes over, in one pass over its lines."""
    found: list[Excess] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > PAGE_BYTES:
        found.append(Excess(1, f"the page is too large ({too_large(size, PAGE_BYTES)}); split it into pages"))
    headings = table_rows = 0
    widest_table = deepest = 0
    longest = (0, 0)
    callouts: list[int] = []  # indentation of each call-out the line is inside
    previous = ""
    first_over: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        longest = max(longest, (max(map(len, line.split()), default=0), -number))
        if not line.strip():
            previous = line
            continue
        if _ATX_HEADING.match(line) or (previous.strip() and _SETEXT_UNDERLINE.match(line)):
            headings += 1
            if headings == HEADINGS + 1:
                first_over["headings"] = number
        if "|" in line:
            table_rows += 1
            widest_table = max(widest_table, line.strip().strip("|").count("|") + 1)
            if table_rows == TABLE_ROWS + 3:  # the header and its --- line are not rows
                first_over["rows"] = number
        else:
            table_rows = 0
        if widest_table > TABLE_COLUMNS and "columns" not in first_over:
            first_over["columns"] = number
        depth = _depth(line, callouts)
        if depth > deepest:
            deepest = depth
            if depth > NESTING and "nesting" not in first_over:
                first_over["nesting"] = number
        previous = line
    if longest[0] > WORD_CHARACTERS:
        found.append(
            Excess(
                -longest[1],
                f"it has a word of {longest[0]:,} characters (limit {WORD_CHARACTERS:,}); add spaces "
                "or shorten the web address",
            )
        )
    if "headings" in first_over:
        found.append(Excess(first_over["headings"], f"it has {headings:,} headings (limit {HEADINGS:,} a page)"))
    if "rows" in first_over:
        found.append(Excess(first_over["rows"], f"a table has more than {TABLE_ROWS:,} rows; split it"))
    if "columns" in first_over:
        found.append(
            Excess(
                first_over["columns"], f"a table has {widest_table:,} columns (limit {TABLE_COLUMNS}); split it"
            )
        )
    if "nesting" in first_over:
        found.append(
            Excess(
                first_over["nesting"],
                f"call-outs, quotes or lists are nested {deepest:,} deep (limit {NESTING}); "
                "put them one after another instead",
            )
        )
    return found


def _depth(line: str, callouts: list[int]) -> int:
    """How deep `line` sits: the call-outs it is in (by indentation), plus its quote marks and list levels."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    while callouts and indent <= callouts[-1]:
        callouts.pop()
    if _CALLOUT.match(expanded):
        callouts.append(indent)
    marks = _QUOTES.match(expanded)
    quotes = marks.group().count(">") if marks else 0
    rest = expanded[marks.end() if marks else 0 :]
    items = 0
    while (item := _LIST_ITEM.match(rest)) is not None:  # "- - - x" is three lists deep on one line
        items += 1
        rest = rest[item.end() :]
    return max(len(callouts), indent // 4 + (1 if items else 0)) + quotes + max(items - 1, 0)


def count_files(root: Path) -> int:
    """How many files and folders the pack holds, counting no further than one past the limit."""
    count = 0
    folders = [root]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    count += 1
                    if count > FILES:
                        return count
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
        except OSError:
            continue
    return count

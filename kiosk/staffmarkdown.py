"""Markdown as clinic staff type it, rewritten line by line into the strict form python-markdown reads.

Staff start lists straight after a sentence, nest them with 2 spaces, number them "1)", and paste "•" bullets,
non-breaking spaces and invisible characters from Word; python-markdown wants an empty line before a list, 4
spaces per level and "1.". The tidier closes that gap and leaves the rest alone: code (fenced or indented) and
tables pass through, call-out bodies are tidied like a page of their own. It also notes the lines that will
still not show as the writer probably meant, for `kiosk check`. No python-markdown here: `kiosk check` and the
renderer's preprocessors (kiosk/render.py) share it.

Why not an extension from PyPI: mdx-truly-sane-lists takes one nesting width (2 breaks the 4-space lists the
bundled pages use, and it splits loose lists) and keeps its options on class attributes shared by every
converter; mdx-breakless-lists (one 2020 release) only adds the empty line, and lets "Also:" run on into the
last item; pymdownx.fancylists ("work in progress") brings "1)" only. None handles Word's bullets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Invisible characters pasted from Word and web pages: soft hyphen, zero-width space, word joiner, byte-order
# mark. Zero-width (non-)joiners stay: emoji and some scripts need them.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_NO_BREAK_SPACE = re.compile("[\u00a0\u2007\u202f]")
# Bullets Word and web pages paste (• ◦ ▪ ‣, the hyphen bullet, ● ○ and the middle dot); an en dash needs a
# space after it.
_WORD_BULLETS = "\u2022\u25e6\u25aa\u2023\u2043\u25cf\u25cb\u00b7"
_ITEM = re.compile(
    rf"^(?P<indent> *)(?P<marker>[-*+\u2013]|\d{{1,9}}\.|\d{{1,3}}\)|[{_WORD_BULLETS}])(?P<gap> *)(?P<text>\S.*)$"
)
_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")  # "- - -" and "* * *" are lines across, not items
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_NO_SPACE = re.compile(r"^(#{1,6})([^#\s].*)$")
_LETTERED = re.compile(r"^ *([a-zA-Z])\) +\S")
_NO_GAP = re.compile(r"^ *([-+]|\d{1,3}[.)])(?=[^\W\d_])")
_TABLE_SEPARATOR = re.compile(r"^ *\|?[ :|-]*-[ :|-]*$")
STEP = "    "  # python-markdown's nesting unit (tab_length 4)
MAX_CALLOUT_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Note:
    """A line that will not show as its writer probably meant, and what to do about it."""

    line: int  # index into the lines given to forgive()
    message: str


@dataclass(frozen=True, slots=True)
class _Item:
    """One list item as staff typed it: indent, marker, the gap after it, and its text."""

    indent: int
    marker: str
    gap: str
    text: str

    @property
    def ordered(self) -> bool:
        return self.marker[0].isdigit()

    @property
    def may_interrupt(self) -> bool:
        """Whether it starts a list right under a sentence: a bullet, or a number 1 (so a wrapped line
        beginning "2024. Then ..." stays text, as in CommonMark)."""
        return not self.ordered or int(self.marker[:-1]) == 1

    def written(self, level: int) -> str:
        if self.ordered:
            return f"{STEP * level}{self.marker[:-1]}.{self.gap}{self.text}"
        if self.marker in "-*+":
            return f"{STEP * level}{self.marker}{self.gap}{self.text}"
        return f"{STEP * level}- {self.text}"  # a pasted bullet or dash


def tidy_characters(text: str) -> str:
    """Drops invisible characters; a no-break space becomes a plain space unless it ties two letters or digits
    together ("10 mg"), where it was put on purpose."""
    text = text.translate(_INVISIBLE)

    def space(found: re.Match[str]) -> str:
        start, end = found.span()
        tie = start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()
        return found.group() if tie else " "

    return _NO_BREAK_SPACE.sub(space, text)


def forgive(lines: list[str], depth: int = 0) -> tuple[list[str], list[Note]]:
    """The lines rewritten for python-markdown (tabs already expanded), and notes on what still surprises."""
    if depth > MAX_CALLOUT_DEPTH:  # call-outs inside call-outs: a hostile file, not a page
        return lines, []
    tidier = _Tidier(lines, depth)
    tidier.run()
    return tidier.out, tidier.notes


def _item(line: str) -> _Item | None:
    found = _ITEM.match(line)
    if found is None or _RULE.match(line):
        return None
    marker, gap = found["marker"], found["gap"]
    if not gap and marker not in _WORD_BULLETS:
        return None
    return _Item(len(found["indent"]), marker, gap, found["text"])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _cells(row: str) -> int:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


class _Tidier:
    def __init__(self, lines: list[str], depth: int) -> None:
        self.lines, self.depth = list(lines), depth  # a copy: a line that ends a list loses its indent
        self.out: list[str] = []
        self.notes: list[Note] = []
        self.levels: list[tuple[int, bool]] = []  # the open list's levels: (column of the marker, numbered)
        # What the last line written was: blank, text, code, item, lazy (text right under an item) or more (an
        # item's text after an empty line).
        self.last = "blank"

    def run(self) -> None:
        index = 0
        while index < len(self.lines):
            index = self._step(index)

    def _emit(self, index: int, line: str, kind: str) -> None:
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        if line.endswith("\\") and not line.endswith("\\\\") and following.strip():
            line = line[:-1] + "  "  # a backslash at the end of a line is a line break, as in CommonMark
        self.out.append(line)
        self.last = kind

    def _blank(self) -> None:
        self.out.append("")
        self.last = "blank"

    def _step(self, index: int) -> int:
        line = self.lines[index]
        if not line.strip():
            self.out.append(line)
            self.last = "blank"
            return index + 1
        if self.levels:
            if self._in_list(index, line):
                return index + 1
            self.levels.clear()
            if self.last != "blank":  # "Also:" right under a list starts a new paragraph
                self._blank()
            if _indent(line) < 4:  # indented less than the list: the list's indent is gone from the output
                line = self.lines[index] = line.lstrip(" ")
        if line.startswith("!!!"):
            self._emit(index, line, "text")
            return self._callout(index + 1)
        if _FENCE.match(line):
            return self._verbatim(index, self._fence_end(index))
        if self.last == "blank" and _indent(line) >= 4:
            end = self._block_end(index, lambda text: _indent(text) >= 4)
            self.notes.append(
                Note(
                    index,
                    "this line starts with 4 or more spaces after an empty line, so it shows as typewriter-style "
                    "code, not as text: remove the spaces at its start",
                )
            )
            return self._verbatim(index, end)
        if "|" in line and self._separator(index + 1):
            return self._table(index)
        item = _item(line)
        # Under a sentence, a line indented 4 spaces or more goes on with the sentence, as in python-markdown.
        if item is not None and (self.last == "blank" or (item.may_interrupt and item.indent < 4)):
            if self.last != "blank":
                self._blank()
            self.levels = [(item.indent, item.ordered)]
            self._emit(index, item.written(0), "item")
            return index + 1
        self._note_text(index, line, item)
        self._emit(index, line, "text")
        return index + 1

    def _in_list(self, index: int, line: str) -> bool:
        """Writes `line` as part of the open list, or says it is not part of it."""
        item = _item(line)
        if item is not None:
            levels = self.levels
            while len(levels) > 1 and item.indent + 1 < levels[-1][0]:
                levels.pop()
            if item.indent >= levels[-1][0] + 2:
                levels.append((item.indent, item.ordered))
            elif levels[-1][1] != item.ordered:  # bullets after numbers: a list of their own
                levels[-1] = (levels[-1][0], item.ordered)
                if self.last != "blank" and len(levels) == 1:
                    self._blank()
            if self.last == "more":  # python-markdown would read it into the paragraph above
                self._blank()
            self._emit(index, item.written(len(levels) - 1), "item")
            return True
        indent = _indent(line)
        if self.last in ("item", "lazy") and indent > 0:
            self._emit(index, line, "lazy")
            return True
        if self.last == "blank" and indent > 0 and indent >= self.levels[0][0]:  # the list's own indent counts
            owner = max(level for level, (column, _) in enumerate(self.levels) if column < indent or level == 0)
            self._emit(index, STEP * (owner + 1) + line.lstrip(" "), "more")
            return True
        if self.last == "more" and indent > 0:
            self._emit(index, line, "more")
            return True
        return False

    def _callout(self, start: int) -> int:
        """A call-out's indented body (4 spaces, or staff's 2), tidied as a page of its own."""
        first = next((i for i in range(start, len(self.lines)) if self.lines[i].strip()), None)
        if first is None or _indent(self.lines[first]) == 0:
            self.last = "text"
            return start
        unit = min(_indent(self.lines[first]), 4)
        end = self._block_end(start, lambda text: _indent(text) >= unit)
        body, notes = forgive(
            [text[unit:] if text.strip() else "" for text in self.lines[start:end]], self.depth + 1
        )
        self.out += [STEP + text if text.strip() else "" for text in body]
        self.notes += [Note(start + note.line, note.message) for note in notes]
        self.last = "text"
        return end

    def _table(self, start: int) -> int:
        end = self._block_end(start, lambda text: True, across_blanks=False)
        if self.last != "blank":
            self._blank()  # python-markdown finds a table only at the start of a block
        header, separator = _cells(self.lines[start]), _cells(self.lines[start + 1])
        if separator != header:
            self.notes.append(
                Note(
                    start + 1,
                    f"the line of dashes under this table's first row has {separator} cell(s) but the first row "
                    f"has {header}, so the table shows as plain text: give them the same number of | separators",
                )
            )
        for row in range(start + 2, end):
            cells = _cells(self.lines[row])
            if cells > header:
                shown = f"the last {cells - header} will not show"
            elif cells < header:
                shown = f"{header - cells} empty cell(s) are added at its end"
            else:
                continue
            self.notes.append(
                Note(row, f"this table row has {cells} cell(s) but the first row has {header}: {shown}")
            )
        return self._verbatim(start, end, "text")

    def _note_text(self, index: int, line: str, item: _Item | None) -> None:
        previous = self.last != "blank"
        message = ""
        heading = _HEADING_NO_SPACE.match(line)
        if item is not None and item.indent >= 4:
            message = (
                "this item starts with 4 or more spaces right under a sentence, so it runs on from the line "
                "above: remove the spaces at its start"
            )
        elif item is not None:
            message = (
                f"'{item.marker}' right under a sentence does not start a numbered list (only 1 does), so this "
                "line runs on from the one above: put an empty line before it"
            )
        elif heading:
            message = (
                f"'{heading[1]}' with no space after it still makes a heading, '{heading[2].strip()}'. "
                f"For a heading write '{heading[1]} {heading[2].strip()}'; to show the # sign, write \\#"
            )
        elif previous and _LETTERED.match(line) and not _LETTERED.match(self.out[-1]):
            message = (
                "lettered items such as 'a)' are not a list, so this line runs on from the one above: "
                "number the items 1. 2. 3., or start each with -"
            )
        elif _NO_GAP.match(line):
            marker = _NO_GAP.match(line)[1]  # type: ignore[index]
            message = f"'{marker}' with no space after it is not a list item: put a space after '{marker}'"
        elif line.startswith("|") and line.count("|") >= 2 and not (previous and "|" in self.out[-1]):
            message = (
                "this looks like a table but has no line of dashes under its first row, so it shows as plain "
                "text: add a line such as | --- | --- | under the first row"
            )
        if message:
            self.notes.append(Note(index, message))

    def _separator(self, index: int) -> bool:
        """Whether line `index` is a table's line of dashes (| --- | :-: |)."""
        line = self.lines[index] if index < len(self.lines) else ""
        return "|" in line and _TABLE_SEPARATOR.match(line) is not None

    def _fence_end(self, start: int) -> int:
        fence = _FENCE.match(self.lines[start])[1]  # type: ignore[index]
        for index in range(start + 1, len(self.lines)):
            if self.lines[index].lstrip().startswith(fence):
                return index + 1
        return len(self.lines)

    def _block_end(self, start: int, belongs: Callable[[str], bool], *, across_blanks: bool = True) -> int:
        """End of the block from `start`: the lines `belongs` accepts (and empty lines between them)."""
        end = start
        for index in range(start, len(self.lines)):
            text = self.lines[index]
            if not text.strip():
                if not across_blanks:
                    break
                continue
            if not belongs(text):
                break
            end = index + 1
        return end

    def _verbatim(self, start: int, end: int, kind: str = "code") -> int:
        self.out += self.lines[start:end]
        self.last = kind
        return end

"""What Listen says, cut into sentences: each one says what sighted readers see, and knows the stretch of the
page it covers, so the screen can follow the voice on engines that report no word positions (no Qt).

The page comes in as text blocks (paragraphs, headings, list items, table cells) with their document
positions. Headings and list items are sentences of their own; a row of a table with column headings is read
as "Heading: cell, heading: cell"; decorative symbols (▲ ▼ ◐, pictures' placeholders) are not read, and
symbols that mean something (a checklist's ☐ and ☑) are read as the words the caller gives for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

# Arrows, technical symbols, box drawing, geometric shapes, miscellaneous symbols and dingbats, emoji, the
# variation selectors that colour them, and U+FFFC, which stands for a picture in the document's text.
# Letters-like symbols patients need read (° % € ©) are outside these ranges.
_DECORATIVE = re.compile(
    "[\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\ufffc"
    "\u2022\u2023\u2043\U0001f000-\U0001faff]"
)
_SPACES = re.compile(r"[\s\u00a0\u2028\u2029]")  # line breaks inside a paragraph read as spaces


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a block sits in a table. `headed`: the table's first row holds the column headings."""

    table: int  # any number naming the table, e.g. its position in the document
    row: int
    column: int
    headed: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item or table-cell paragraph of the page, as the document holds it."""

    text: str
    start: int  # the document position of its first character
    cell: Cell | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the voice says at once, and the document range [start, end) it covers.

    `pieces` map the said text back to the page: (offset in `text`, its length, document position, length
    there) for each run copied from the page, or said for a symbol (its words all point at the symbol). Words
    added for the ear alone (column headings) map to what follows them.
    """

    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int, int, int], ...] = field(default=(), repr=False)

    def document_position(self, offset: int) -> int:
        """Where the character at `offset` in `text` lies on the page."""
        for said, length, position, span in self.pieces:
            if offset < said + length:
                return position + min(max(0, offset - said), span - 1)
        return self.end


class _Said:
    """Text for the voice being built, remembering where each copied run came from."""

    def __init__(self) -> None:
        self.text = ""
        self.pieces: list[tuple[int, int, int, int]] = []

    def add(self, words: str, position: int | None = None, span: int | None = None) -> None:
        """Say `words`: copied from the page at `position`, or said for the `span` characters there."""
        if position is not None and words:
            self.pieces.append((len(self.text), len(words), position, len(words) if span is None else span))
        self.text += words

    def extend(self, other: _Said) -> None:
        offset = len(self.text)
        self.text += other.text
        self.pieces += [(offset + said, length, position, span) for said, length, position, span in other.pieces]

    def sentence(self, begin: int = 0, end: int | None = None) -> Sentence | None:
        """The stretch [begin, end) of the text as a sentence, its spaces trimmed; None if nothing is said."""
        end = len(self.text) if end is None else end
        words = self.text[begin:end]
        begin += len(words) - len(words.lstrip())
        end -= len(words) - len(words.rstrip())
        if begin >= end or not any(character.isalnum() for character in self.text[begin:end]):
            return None
        pieces = tuple(
            _cut(piece, begin, end) for piece in self.pieces if piece[0] < end and sum(piece[:2]) > begin
        )
        if not pieces:
            return None  # only added words, nothing of the page: there is nothing to show
        first, last = pieces[0], pieces[-1]
        return Sentence(self.text[begin:end], first[2], last[2] + last[3], pieces)


def _cut(piece: tuple[int, int, int, int], begin: int, end: int) -> tuple[int, int, int, int]:
    """The part of a piece inside [begin, end) of the said text, with offsets from `begin`."""
    said, length, position, span = piece
    head, tail = max(0, begin - said), max(0, said + length - end)
    if length != span:  # a symbol's words: all of them stand for the whole symbol
        return max(said, begin) - begin, length - head - tail, position, span
    return max(said, begin) - begin, length - head - tail, position + head, span - head - tail


def sentences(blocks: Iterable[Block], language: str, symbols: Mapping[str, str] | None = None) -> list[Sentence]:
    """The page as the voice reads it, in order. `symbols` maps characters to the words said for them
    (a checklist box to "Ticked:"); other decorative symbols are skipped. `language` chooses the rules for
    where sentences end ("Dr." and "1.5" do not end one in English)."""
    said: list[Sentence] = []
    headings: dict[int, dict[int, str]] = {}
    for key, group in groupby(blocks, key=_row_of):
        row = list(group)
        cell = row[0].cell
        if key is None or cell is None or not cell.headed:
            for block in row:
                said += _split(_spoken(block, symbols or {}), language)
        elif cell.row == 0:  # the column headings: said with each cell below, not on their own
            headings[cell.table] = {
                column: " ".join(_spoken(block, symbols or {}).text.strip() for block in cells)
                for column, cells in groupby(row, key=lambda block: block.cell.column if block.cell else 0)
            }
        else:
            sentence = _table_row(row, headings.get(cell.table, {}), symbols or {})
            if sentence is not None:
                said.append(sentence)
    return said


def _row_of(block: Block) -> tuple[int, int] | None:
    return (block.cell.table, block.cell.row) if block.cell is not None else None


def _spoken(block: Block, symbols: Mapping[str, str]) -> _Said:
    """A block's text as said: spaces normalised, meaningful symbols as words, decorative ones left out."""
    said = _Said()
    text = _SPACES.sub(" ", block.text)
    done = 0
    for index, character in enumerate(text):
        words = symbols.get(character)
        if words is None and not _DECORATIVE.match(character):
            continue
        said.add(text[done:index], block.start + done)
        if words is not None:
            said.add(words, block.start + index, 1)
            if not text[index + 1 : index + 2].isspace():
                said.add(" ")
        done = index + 1
    said.add(text[done:], block.start + done)
    return said


def _split(said: _Said, language: str) -> list[Sentence]:
    if not said.text.strip():
        return []
    from sentencex import get_sentence_boundaries  # a 4 MB library: loaded at the first Listen

    found = [said.sentence(b["start_index"], b["end_index"]) for b in get_sentence_boundaries(language, said.text)]
    return [sentence for sentence in found if sentence is not None]


def _table_row(row: list[Block], headings: Mapping[int, str], symbols: Mapping[str, str]) -> Sentence | None:
    """One table row as one sentence: "Problem: Numb toes, How many people: Less than 1 in 100"."""
    said = _Said()
    for column, cells in groupby(row, key=lambda block: block.cell.column if block.cell else 0):
        parts = [_spoken(block, symbols) for block in cells]
        if not any(part.text.strip() for part in parts):
            continue
        if said.text:
            said.add(", ")
        heading = headings.get(column, "")
        if heading:
            said.add(f"{heading}: ")
        for part in parts:
            if said.text and not said.text.endswith(" "):
                said.add(" ")
            said.extend(part)
    return said.sentence()

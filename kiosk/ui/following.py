"""What a page view needs to follow the voice: its text blocks for kiosk/spoken.py, the colours of the
sentence being read (carried in the page's style sheet, like the icon arrays' colours), and where a stretch of
its text is on screen, to mark it and keep it in view."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QTextCursor, QTextDocument, QTextFormat, QTextTable
from PySide6.QtWidgets import QScroller, QTextEdit

from kiosk.spoken import Block, Cell

_MARKER = "/* kiosk-reading-colours "


@dataclass(frozen=True, slots=True)
class ReadingColours:
    """How the sentence being read aloud is marked on the page."""

    background: str  # behind the sentence being read: the text on it keeps its 7:1
    bar: str  # beside it, in the page's margin: at least 3:1 against the page, so the place shows at a glance


def reading_colours_css(colours: ReadingColours) -> str:
    return f"{_MARKER}{colours.background} {colours.bar} */"


def reading_colours_from_css(css: str) -> ReadingColours:
    marker = css.find(_MARKER)
    words = css[marker + len(_MARKER) :].split()[:2] if marker >= 0 else []
    if len(words) == 2 and all(QColor.isValidColorName(word) for word in words):
        return ReadingColours(*words)
    return ReadingColours("#dcebf7", "#0a4652")


def page_blocks(document: QTextDocument) -> list[Block]:
    """Every block above the footer's rule (dates and sources are not read), with its table cell if any."""
    blocks: list[Block] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            break
        table = QTextCursor(block).currentTable()
        cell = None
        if table is not None:
            here = table.cellAt(block.position())
            cell = Cell(table.firstPosition(), here.row(), here.column(), _headed(table))
        blocks.append(Block(block.text(), block.position(), cell))
        block = block.next()
    return blocks


def _headed(table: QTextTable) -> bool:
    """A table of data: columns, each first-row cell its own heading. Call-outs have one column, and an
    icon array's caption spans all of them."""
    columns = table.columns()
    return columns > 1 and all(table.cellAt(0, column).columnSpan() == 1 for column in range(columns))


def stretch(view: QTextEdit, start: int, end: int) -> QTextEdit.ExtraSelection:
    """A mark over the text from `start` to `end` (document positions), to be given a format."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    return selection


def rect_of(view: QTextEdit, start: int, end: int) -> QRect:
    """The lines from `start` to `end`, in viewport coordinates."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    first = view.cursorRect(cursor)
    cursor.setPosition(end)
    return first.united(view.cursorRect(cursor))


def keep_in_view(view: QTextEdit, start: int, end: int) -> None:
    """Scroll when the stretch is not wholly on screen: its top a third of the way down, or higher if the
    rest would not fit below (a long sentence at large text starts near the top)."""
    where, room = rect_of(view, start, end), view.viewport().rect()
    if room.contains(where):
        return
    QScroller.scroller(view.viewport()).stop()
    gap = view.font().pixelSize() // 2
    above = max(gap, min(room.height() // 3, room.height() - where.height() - gap))
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + where.top() - above)

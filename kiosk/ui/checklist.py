"""A page's checklist in its document: the box of each row a patient can tick, found and drawn ticked or not."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QColor, QFont, QTextBlock, QTextCharFormat, QTextCursor, QTextDocument

from kiosk.links import TICK_ANCHOR

EMPTY_BOX, TICKED_BOX = "☐", "☑"
BOXES = (EMPTY_BOX, TICKED_BOX)
Box = tuple[int, int, QTextCharFormat]  # a row's number, the position of its box, the box's format


def tick_boxes(document: QTextDocument, only: QTextBlock | None = None) -> Iterator[Box]:
    """The box of each checklist row in `document` (or in its block `only`)."""
    block = only if only is not None else document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            names = fragment.charFormat().anchorNames()
            if names and names[0].startswith(TICK_ANCHOR) and fragment.text()[:1] in BOXES:
                yield int(names[0][len(TICK_ANCHOR) :]), fragment.position(), fragment.charFormat()
                break
            fragments += 1
        if only is not None:
            return
        block = block.next()


def mark_ticks(document: QTextDocument, boxes: list[Box], ticked: frozenset[int], tick_colour: str) -> None:
    """Draw each of `boxes` ticked (in `tick_colour`) if its row is in `ticked`, else empty."""
    for number, position, box_format in boxes:
        box = TICKED_BOX if number in ticked else EMPTY_BOX
        if document.characterAt(position) == box:
            continue
        mark = QTextCharFormat(box_format)
        if box == TICKED_BOX:  # the tick stands out in the page's link colour, heavier than the text
            mark.setForeground(QColor(tick_colour))
            mark.setFontWeight(QFont.Weight.Black)
        else:
            mark.clearForeground()
            mark.setFontWeight(QFont.Weight.Normal)
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(box, mark)

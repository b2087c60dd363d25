"""A page's stops for the keypad: its headings, paragraphs, list items, checklist rows and links, in order."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QTextBlock, QTextFormat

from kiosk.announce import Item, Role
from kiosk.links import TICK_ANCHOR, topic_target
from kiosk.ui.checklist import BOXES, TICKED_BOX
from kiosk.ui.page_view import PageView

_OBJECT = "\ufffc"  # where a picture stands in a block's text


@dataclass(frozen=True, slots=True)
class PageStop:
    """One stop: what it says, where it is in the document (`start`, `end`), and what Enter does there."""

    item: Item
    start: int
    end: int
    href: str = ""  # links: where Enter goes
    tick: int | None = None  # checklist rows: the row Enter ticks


def page_stops(view: PageView) -> list[PageStop]:
    """Every stop on the page above its footer rule (the footer's dates and sources are not read, as in
    Listen). Each block is a stop; each link in it is one more, right after it."""
    stops: list[PageStop] = []
    block = view.document().begin()
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
            break
        stops += _block_stops(block)
        block = block.next()
    return stops


def _block_stops(block: QTextBlock) -> list[PageStop]:
    words = " ".join(block.text().replace(_OBJECT, " ").split())
    start, end = block.position(), block.position() + block.length() - 1
    tick: int | None = None
    links: list[tuple[str, str, int, int]] = []  # href, words, start, end
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        char_format = fragment.charFormat()
        names = char_format.anchorNames()
        if names and names[0].startswith(TICK_ANCHOR) and fragment.text()[:1] in BOXES:
            tick = int(names[0][len(TICK_ANCHOR) :])
        href = char_format.anchorHref() if char_format.isAnchor() else ""
        if href:
            text = fragment.text()
            if links and links[-1][0] == href and links[-1][3] == fragment.position():  # one link, many styles
                last = links[-1]
                links[-1] = (href, last[1] + text, last[2], fragment.position() + fragment.length())
            else:
                links.append((href, text, fragment.position(), fragment.position() + fragment.length()))
        fragments += 1
    if not words.strip(BOXES[0] + BOXES[1] + " "):
        return []
    if tick is not None:
        ticked = words.startswith(TICKED_BOX)
        item = Item(words.lstrip("".join(BOXES) + " "), Role.TICK_BOX, ticked=ticked)
        return [PageStop(item, start, end, tick=tick)]
    role = Role.HEADING if block.blockFormat().headingLevel() > 0 else Role.TEXT
    stops = [PageStop(Item(words, role), start, end)]
    for href, text, begin, finish in links:
        role = Role.TOPIC_LINK if topic_target(href) is not None else Role.LINK  # "link to another topic"
        stops.append(PageStop(Item(" ".join(text.split()), role), begin, finish, href=href))
    return stops


def stop_rect(view: PageView, stop: PageStop) -> QRect:
    """Where `stop` is, in the view's viewport coordinates (a link: its words; else its whole block)."""
    document = view.document()
    if stop.href:
        cursor = view.textCursor()
        cursor.setPosition(stop.start)
        first = view.cursorRect(cursor)
        cursor.setPosition(stop.end)
        last = view.cursorRect(cursor)
        if first.top() == last.top():
            return first.united(last).adjusted(-2, 0, 2, 0)
    block = document.findBlock(stop.start)
    layout = block.layout()
    cursor = view.textCursor()
    rect = QRect()
    for index in range(layout.lineCount() if layout is not None else 0):  # caret to caret, line by line
        line = layout.lineAt(index)
        for offset in (
            line.textStart(),
            line.textStart() + max(0, line.textLength() - 1),
            line.textStart() + line.textLength(),
        ):
            cursor.setPosition(min(block.position() + offset, block.position() + block.length() - 1))
            rect = rect.united(view.cursorRect(cursor))
    if rect.isNull():  # a block without lines: its layout rectangle
        rect = document.documentLayout().blockBoundingRect(block).toAlignedRect()
        rect.translate(-view.horizontalScrollBar().value(), -view.verticalScrollBar().value())
    return rect.adjusted(-6, -3, 6, 3)


def bring_into_view(view: PageView, stop: PageStop) -> None:
    """Scroll so the whole stop is on screen (its top a third of the way down if it has to move)."""
    rect = stop_rect(view, stop)
    height = view.viewport().height()
    if rect.top() >= 0 and rect.bottom() <= height:
        return
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + rect.top() - min(height // 3, max(0, height - rect.height()) // 2))


def follow(view: PageView, stop: PageStop) -> None:
    """Enter on a link: as a tap would (page links change the tab; others show their QR code)."""
    view.anchorClicked.emit(QUrl(stop.href))

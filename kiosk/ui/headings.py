"""Headings at the sizes the page's style sheet gives them.

Qt's rich text marks <h1> to <h3> with a size step (xx-large, x-large, large) and lets that step win over a
`font-size` in pixels: a title came out at twice the body text whatever the style sheet said, so at 200 % text
it filled a short screen on its own. The step is dropped where the style sheet gave a size.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument, QTextFormat

_STEP = QTextFormat.Property.FontSizeAdjustment
_PIXELS = QTextFormat.Property.FontPixelSize


def headings_as_styled(document: QTextDocument) -> None:
    """Drop the size step from every heading run whose size the style sheet set in pixels. Cheap when called
    before the page is laid out (a few runs a page)."""
    cursor: QTextCursor | None = None
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            runs = block.begin()
            while not runs.atEnd():
                run = runs.fragment()
                style = run.charFormat()
                if style.hasProperty(_STEP) and style.hasProperty(_PIXELS):
                    style.clearProperty(_STEP)
                    cursor = cursor or QTextCursor(document)
                    cursor.setPosition(run.position())
                    cursor.setPosition(run.position() + run.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(style)
                runs += 1
        block = block.next()

"""Page headings at the sizes the page's style sheet gives them (Qt's own heading sizes used to win)."""

from __future__ import annotations

import re

from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory


def heading_px(view_document: object, level: int) -> list[int]:
    from PySide6.QtGui import QTextDocument

    assert isinstance(view_document, QTextDocument)
    sizes = []
    block = view_document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == level and block.text().strip():
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.Right)
            sizes.append(cursor.charFormat().font().pixelSize())
        block = block.next()
    return sizes


def test_headings_follow_the_style_sheet_and_grow_less_than_the_text(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    window.show_reader()
    for scale in (1.0, 2.0):
        window.set_visit(window.visit.with_text_scale(scale))
        qtbot.waitUntil(lambda: not window.restyling)
        view = window.reader.current_view()
        assert view is not None
        css = view.document().defaultStyleSheet()
        wanted = {
            level: int(re.search(rf"h{level} {{[^}}]*?font-size: (\d+)px", css)[1])  # type: ignore[index]
            for level in (1, 2)
        }
        body = window.look().metrics.body_px()
        assert heading_px(view.document(), 1) == [wanted[1]]  # the title, as the style sheet says
        assert set(heading_px(view.document(), 2)) == {wanted[2]}
        # Not Qt's twice the text; at 200 % little more than the text, so a short screen shows some of it
        assert body < wanted[2] < wanted[1] <= round(body * (1.6 if scale == 1 else 1.15))

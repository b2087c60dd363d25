"""A page is laid out once, at the width it is shown; a long one in a turn of the event loop of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF
from pytestqt.qtbot import QtBot

from kiosk.palette import CALM
from kiosk.ui.metrics import Metrics
from kiosk.ui.page_view import LONG_HTML, PageView
from kiosk.ui.style import page_css

ROWS = "".join(f"<tr><td>row {n}</td>{'<td>some words in a cell</td>' * 4}</tr>" for n in range(100))
LONG = f"<h1>Table</h1><table class='data'>{ROWS}</table><p>The end.</p>"


def shown_view(qtbot: QtBot, tmp_path: Path) -> tuple[PageView, str]:
    metrics = Metrics(96.0, 6.0, 20.0)
    css = page_css(CALM, metrics)
    view = PageView("first", "<h1>First</h1><p>Short.</p>", css, metrics.font(metrics.body_px()), tmp_path)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view, css


def assert_laid_out_at_its_width(view: PageView) -> None:
    width = view.viewport().width()
    assert view.document().pageSize().width() == width
    assert view.document().size().width() <= width + 1


def test_a_long_page_is_parsed_now_and_laid_out_in_the_next_turn(qtbot: QtBot, tmp_path: Path) -> None:
    view, css = shown_view(qtbot, tmp_path)
    assert len(LONG) > LONG_HTML
    view.load("long", LONG, css, view.font(), tmp_path, in_turns=True)

    assert "row 99" in view.document().toPlainText()  # parsed
    assert view.document().pageSize() == QSizeF(0, 0)  # not laid out yet
    assert not view.updatesEnabled()  # the screen keeps what it showed until then

    qtbot.waitUntil(view.updatesEnabled)
    assert_laid_out_at_its_width(view)
    assert view.verticalScrollBar().maximum() > 0


def test_a_newer_page_replaces_one_waiting_for_its_layout(qtbot: QtBot, tmp_path: Path) -> None:
    view, css = shown_view(qtbot, tmp_path)
    view.load("long", LONG, css, view.font(), tmp_path, in_turns=True)
    view.load("short", "<p>Short again.</p>", css, view.font(), tmp_path, in_turns=True)
    assert view.document().toPlainText() == "Short again."
    assert view.updatesEnabled()  # a short page is laid out at once
    assert_laid_out_at_its_width(view)
    qtbot.wait(20)  # the long page's turn comes and goes without undoing that
    assert view.updatesEnabled() and view.document().toPlainText() == "Short again."
    assert_laid_out_at_its_width(view)


def test_without_turns_a_long_page_is_laid_out_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    view, css = shown_view(qtbot, tmp_path)
    view.load("long", LONG, css, view.font(), tmp_path)
    assert view.updatesEnabled()
    assert_laid_out_at_its_width(view)

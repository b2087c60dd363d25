"""The quiz and 'what matters' overlays driven by taps, in both languages, and the quiz's statistics rows."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder
from kiosk.library import load_library
from kiosk.matters import MattersAnswers
from kiosk.palette import CALM, HIGH_CONTRAST
from kiosk.quiz import QuizProgress
from kiosk.ui.app import load_fonts
from kiosk.ui.form_card import FormCard
from kiosk.ui.matters import MattersOverlay
from kiosk.ui.metrics import Metrics
from kiosk.ui.quiz import QuizOverlay
from kiosk.ui.style import window_qss
from kiosk.ui.usage import quiz_report
from kiosk.ui.widgets import TouchButton
from kiosk.usagereport import export_csv, summarize
from tests.conftest import BUNDLED, BUNDLED_LIBRARY
from tests.ui.conftest import TopicsFactory, WindowFactory

TAP = Qt.MouseButton.LeftButton


def host(qtbot: QtBot, size: tuple[int, int] = (1280, 1024), scale: float = 1.0) -> tuple[QWidget, Metrics]:
    load_fonts()
    metrics = Metrics(96.0, 6.0, 20.0, scale)
    window = QWidget()
    window.setStyleSheet(window_qss(CALM, dataclasses.replace(metrics, scale=1 + (scale - 1) / 2)))
    window.resize(*size)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, metrics


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_quiz_taken_by_taps_reports_each_first_answer(qtbot: QtBot, language: str) -> None:
    library = load_library(BUNDLED, lazy=True)
    quiz, text = library.quiz_in(language), library.text_for(language)
    assert quiz is not None
    window, metrics = host(qtbot)
    overlay = QuizOverlay(window, quiz, text, metrics, CALM)
    answered: list[tuple[int, bool]] = []
    overlay.answered.connect(lambda index, right: answered.append((index, right)))
    overlay.open_at(QuizProgress())
    wrong = (quiz.questions[0].right + 1) % len(quiz.questions[0].answers)
    qtbot.mouseClick(overlay.answer_buttons[wrong], TAP)
    assert overlay.verdict.text() == text.quiz_not_quite
    assert overlay.explanation.text() == quiz.questions[0].explanation
    assert overlay.answer_buttons[quiz.questions[0].right].text().startswith("✓")
    qtbot.mouseClick(overlay.answer_buttons[quiz.questions[0].right], TAP)  # a second tap changes nothing
    for index, question in enumerate(quiz.questions):
        if index:
            qtbot.mouseClick(overlay.answer_buttons[question.right], TAP)
            assert overlay.verdict.text() == text.quiz_right
        with qtbot.waitSignal(overlay.progress_changed):
            qtbot.mouseClick(overlay.next_button, TAP)
    assert answered == [(0, False), *((n, True) for n in range(1, len(quiz.questions)))]
    assert overlay.done.isVisible() and overlay.progress_state.finished
    assert [b.text() for b in overlay.read_again_buttons] == [
        text.quiz_read_about.format(page=quiz.questions[0].page_label)
    ]
    assert "%" not in overlay.done_body.text()  # no score, no grade
    with qtbot.waitSignal(overlay.read_page) as read:
        qtbot.mouseClick(overlay.read_again_buttons[0], TAP)
    assert read.args == [quiz.questions[0].page] and not overlay.isVisible()
    overlay.reset()
    overlay.open_at(QuizProgress())
    assert overlay.current == 0 and not overlay.verdict.isVisible()


@pytest.mark.parametrize(("size", "scale"), [((1920, 1080), 2.0), ((1280, 1024), 2.0), ((1280, 1024), 1.0)])
def test_every_screen_fits_and_every_control_is_big(qtbot: QtBot, size: tuple[int, int], scale: float) -> None:
    library = load_library(BUNDLED, lazy=True)
    window, metrics = host(qtbot, size, scale)
    for language in ("en", "es"):
        text = library.text_for(language)
        quiz_in, matters_in = library.quiz_in(language), library.matters_in(language)
        assert quiz_in is not None and matters_in is not None
        quiz = QuizOverlay(window, quiz_in, text, metrics, HIGH_CONTRAST)
        matters = MattersOverlay(window, matters_in, text, metrics, HIGH_CONTRAST)
        done = QuizProgress(results=((0, False), (1, False), (2, False)), finished=True)
        screens: list[tuple[FormCard, Callable[[], None]]] = [
            (quiz, partial(quiz.open_at, QuizProgress(current=2))),
            (quiz, partial(quiz.choose, 0)),
            (quiz, partial(quiz.open_at, done)),
            (matters, partial(matters.open_at, MattersAnswers())),
        ]
        for overlay, show in screens:
            show()
            assert overlay.card.height() <= window.height()
            card = overlay.card

            def placed(card: QWidget = card) -> bool:  # the overlay places the card on its next layout pass
                return card.y() >= 0 and card.geometry().bottom() < window.height()

            qtbot.waitUntil(placed)
            for button in overlay.card.findChildren(TouchButton):
                if button.isVisible():
                    assert min(button.width(), button.height()) >= metrics.target, button.text()
            overlay.close_overlay()


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_matters_by_taps_becomes_sheet_lines(qtbot: QtBot, language: str) -> None:
    library = load_library(BUNDLED, lazy=True)
    matters, text = library.matters_in(language), library.text_for(language)
    assert matters is not None
    window, metrics = host(qtbot)
    overlay = MattersOverlay(window, matters, text, metrics, CALM)
    seen: list[tuple[int, str]] = []
    overlay.answered.connect(lambda index, level: seen.append((index, level)))
    overlay.open_at(MattersAnswers())
    a_lot, a_little = overlay.level_buttons[2], overlay.level_buttons[1]
    qtbot.mouseClick(a_lot, TAP)
    qtbot.mouseClick(overlay.back_button, TAP)
    assert overlay.level_buttons[2].isChecked()  # Back shows the answer given
    qtbot.mouseClick(a_little, TAP)
    for _ in matters.statements[1:]:
        qtbot.mouseClick(a_lot, TAP)
    assert seen[0] == (0, "a_lot") and seen[1] == (0, "a_little") and len(seen) == len(matters.statements) + 1
    assert overlay.sheet()[0] == text.matters_sheet_a_lot.format(statement=matters.statements[1])
    assert overlay.sheet()[-1] == text.matters_sheet_a_little.format(statement=matters.statements[0])
    with qtbot.waitSignal(overlay.finished):
        qtbot.mouseClick(overlay.done_button, TAP)
    overlay.reset()
    overlay.open_at(MattersAnswers())
    assert overlay.current == 0 and not any(b.isChecked() for b in overlay.level_buttons)


def test_quiz_statistics_rows_summary_and_csv(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    recorder = Recorder(path, 365)
    recorder.quiz_answered("1", "en", 1, True)  # no visit yet: nothing recorded
    for visit in range(4):
        recorder.visit_started()
        recorder.quiz_answered("2026.11.1", "en", 1, visit % 2 == 0)
        recorder.quiz_answered("2026.11.1", "en", 1, True)  # a second time through: the first answer stands
        recorder.quiz_answered("2026.11.1", "es", 2, True)
        recorder.visit_ended("idle")
    recorder.close()
    summary = summarize(path)
    assert sorted(summary.quiz) == [("2026.11.1", 1, 4, 2), ("2026.11.1", 2, 4, 4)]
    lines = quiz_report(summary.quiz, {"2026.11.1": {1: "Did the study find a clear benefit?"}})
    assert "   1. Did the study find a clear benefit?  2 of 4 (50 %)" in lines
    out = tmp_path / "usage.csv"
    export_csv(path, out)
    with out.open() as handle:
        rows = [row for row in csv.DictReader(handle) if row["record"] == "quiz_answer"]
    assert len(rows) == 8 and rows[0]["ended_or_page"] == "question 1" and rows[0]["first_try_right"] == "1"
    assert {row["pack_version"] for row in rows} == {"2026.11.1"}


def test_read_about_it_opens_the_page_at_its_top(make_window: WindowFactory, qtbot: QtBot) -> None:
    """A tab keeps where the patient left it; the quiz's "Read about it" starts the page from the top."""
    window = make_window()
    window.show_reader()
    reader = window.reader
    qtbot.waitUntil(lambda: (view := reader.current_view()) is not None and view.verticalScrollBar().maximum() > 0)
    first = reader.current_page_id()
    view = reader.current_view()
    assert first is not None and view is not None
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    reader.show_index(1)
    reader.show_index(0)
    assert view.verticalScrollBar().value() > 0  # a tab keeps its place
    reader.show_index(1)
    window.activities.page_requested.emit(first)
    assert reader.current_page_id() == first and view.verticalScrollBar().value() == 0


def test_the_first_page_a_topic_opens_on_counts_towards_the_quiz(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    """A topic opens on its first page without a tap on its tab: with the bundled three pages before the quiz,
    the first page and two tabs must do."""
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-fusion")
    button, tabs = window.reader.toolbar.quiz_button, window.reader.tabs.buttons()
    assert window.library.pack.info.quiz.after_pages == 3 and not window.library.pack.info.quiz.tab
    qtbot.mouseClick(tabs[1], Qt.MouseButton.LeftButton)
    assert button.isHidden()
    qtbot.mouseClick(tabs[2], Qt.MouseButton.LeftButton)
    assert button.isVisible()

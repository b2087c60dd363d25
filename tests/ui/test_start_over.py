"""Start over: at once on a visit with nothing to take home; asked first when questions are ticked or answers
given, since one tap next to A- and All topics must not wipe a list the patient meant to take home."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.matters import Importance
from kiosk.visit import Visit
from tests.ui.conftest import KioskFactory, WindowFactory, start_over_question
from tests.ui.test_my_questions import open_page, tap, tap_row


def test_nothing_to_lose_starts_over_at_once(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    open_page(qtbot, window, "risks")
    window.step_text_size(+1)
    tap(qtbot, window.reader.toolbar.start_over_button)
    assert start_over_question(window) is None and window.visit == Visit.start("en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_ticked_questions_are_asked_about_and_kept_unless_cleared(
    qtbot: QtBot, make_window: WindowFactory, language: str
) -> None:
    window = make_window()
    open_page(qtbot, window, "questions")
    window.set_language(language)
    view = window.reader.current_view()
    assert view is not None
    tap_row(qtbot, view, 2)
    before = window.visit
    tap(qtbot, window.reader.toolbar.start_over_button)
    asked = start_over_question(window)
    assert asked is not None
    assert asked.question.text() == window.text.start_over_question
    assert (asked.go_button.text(), asked.stay_button.text()) == (
        window.text.start_over_clear,
        window.text.start_over_keep,
    )
    if language == "es":
        assert "preguntas" in asked.question.text()
    tap(qtbot, asked.stay_button)  # "Keep them": nothing changed
    assert start_over_question(window) is None and window.visit == before
    tap(qtbot, window.reader.toolbar.start_over_button)
    asked = start_over_question(window)
    assert asked is not None
    tap(qtbot, asked.go_button)
    assert start_over_question(window) is None and window.visit == Visit.start("en")
    assert window.current_screen() is window.home


def test_what_matters_answers_in_another_topic_count_too() -> None:
    visit = Visit.start("en").open_topic("fusion")
    assert not visit.has_take_away
    answered = visit._with(matters=visit.matters.answer(0, Importance.A_LOT)).open_topic("injection")
    assert answered.topic == "injection" and answered.has_take_away  # shelved under "fusion", still there
    assert not answered.reset().has_take_away


def test_the_idle_reset_closes_the_question_and_clears(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 1)
    tap(qtbot, window.reader.toolbar.start_over_button)
    assert start_over_question(window) is not None
    window.reset_session("idle")
    assert start_over_question(window) is None and window.visit == Visit.start("en")
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    tap(qtbot, window.reader.toolbar.start_over_button)  # nothing ticked now: at once
    assert start_over_question(window) is None

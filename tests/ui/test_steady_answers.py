"""What matters and the quiz keep their buttons still under a finger: every answer button is where it was on the
first question, and nothing that finishes, closes or moves on comes up where an answer (or "Next") just was.

At 1366 x 768 and 200 % text the What matters card once got shorter after the first answer: a second tap on
"A lot" landed on Done and skipped the other five statements.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.matters import Importance, MattersAnswers
from kiosk.quiz import QuizProgress
from kiosk.ui.form_card import FormCard
from kiosk.ui.matters import MattersOverlay
from kiosk.ui.quiz import QuizOverlay
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory
from tests.ui.test_small_screens import at_look

TAP = Qt.MouseButton.LeftButton
LOOKS = [((1366, 768), 2.0), ((1920, 1080), 1.0)]


def opened(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> KioskWindow:
    window = make_window(size=size)
    window.show_reader()
    at_look(qtbot, window, language, False, scale)
    return window


def rect_in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def settled(overlay: FormCard) -> None:
    """The card laid out as the patient sees it: layouts run on the next pass of the event loop."""
    for _ in range(3):
        QApplication.processEvents()
    assert overlay.isVisible()


def shown(buttons: Sequence[TouchButton]) -> list[TouchButton]:
    return [button for button in buttons if button.isVisible()]


def assert_clear(window: KioskWindow, buttons: list[TouchButton], spots: list[QRect], step: str) -> None:
    """None of these buttons (those that finish, close or move on) lies under any of these spots."""
    for button in shown(buttons):
        for spot in spots:
            assert not rect_in(window, button).intersects(spot), (step, button.text(), spot)


def tap_at(window: KioskWindow, point: QPoint, qtbot: QtBot) -> None:
    """A finger at this point of the window: whatever is there now gets the tap."""
    target = window.childAt(point)
    assert target is not None
    qtbot.mouseClick(target, TAP, pos=target.mapFrom(window, point))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("size", "scale"), LOOKS)
def test_what_matters_answers_stay_put_and_done_never_comes_under_them(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> None:
    window = opened(qtbot, make_window, size, scale, language)
    window.activities.open_matters()
    overlay = window.activities.matters
    assert isinstance(overlay, MattersOverlay)
    settled(overlay)
    first = [rect_in(window, button) for button in overlay.level_buttons]
    for button in overlay.level_buttons:
        assert min(button.width(), button.height()) >= overlay.metrics.target
    previous = first
    for step in range(len(overlay.matters.statements)):
        assert overlay.current == step
        assert [rect_in(window, button) for button in overlay.level_buttons] == first, f"statement {step + 1}"
        moving_on = [overlay.done_button, overlay.close_button, overlay.back_button]
        assert_clear(window, moving_on, previous, f"statement {step + 1}")
        previous = [rect_in(window, button) for button in shown(overlay.level_buttons)]
        qtbot.mouseClick(overlay.level_buttons[step % 3], TAP)
        settled(overlay)
    assert overlay.current == len(overlay.matters.statements)  # the summary
    assert_clear(window, [overlay.done_button, overlay.close_button, overlay.back_button], previous, "summary")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("size", "scale"), LOOKS)
def test_a_double_tap_on_an_answer_answers_the_next_statement_not_done(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> None:
    window = opened(qtbot, make_window, size, scale, language)
    window.activities.open_matters()
    overlay = window.activities.matters
    assert isinstance(overlay, MattersOverlay)
    settled(overlay)
    a_lot = rect_in(window, overlay.level_buttons[2]).center()
    finished: list[bool] = []
    overlay.finished.connect(lambda: finished.append(True))
    tap_at(window, a_lot, qtbot)
    settled(overlay)
    tap_at(window, a_lot, qtbot)
    settled(overlay)
    assert overlay.current == 2 and not finished  # two statements answered, none skipped
    assert [overlay.answers.level(i) for i in range(2)] == [overlay.answers.level(0)] * 2


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("size", "scale"), LOOKS)
def test_quiz_answers_and_next_stay_put_and_nothing_moving_on_comes_under_a_finger(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> None:
    window = opened(qtbot, make_window, size, scale, language)
    window.activities.open_quiz()
    overlay = window.activities.quiz
    assert isinstance(overlay, QuizOverlay)
    settled(overlay)
    first = [rect_in(window, button) for button in shown(overlay.answer_buttons)]
    next_spot: QRect | None = None
    for number, question in enumerate(overlay.quiz.questions):
        step = f"question {number + 1}"
        answers = shown(overlay.answer_buttons)
        assert [rect_in(window, button) for button in answers] == first[: len(answers)], step
        assert_clear(window, [overlay.next_button, overlay.read_button, overlay.close_button], first, step)
        if next_spot is not None:  # a second tap on "Next" must not answer this question
            assert_clear(window, answers, [next_spot], step)
        wrong = (question.right + 1) % len(question.answers)
        qtbot.mouseClick(overlay.answer_buttons[wrong], TAP)
        settled(overlay)
        step += ", answered"
        assert [rect_in(window, button) for button in shown(overlay.answer_buttons)] == first[: len(answers)], step
        moving_on = [overlay.next_button, overlay.read_button, overlay.close_button]
        assert_clear(window, moving_on, [rect_in(window, button) for button in answers], step)
        if next_spot is not None:
            assert rect_in(window, overlay.next_button) == next_spot, step
        next_spot = rect_in(window, overlay.next_button)
        qtbot.mouseClick(overlay.next_button, TAP)
        settled(overlay)
    assert overlay.progress_state.finished and next_spot is not None
    # The closing message: its Close is not where "Finish" was, nor where the answers were.
    closing = [overlay.close_button, overlay.next_button, *overlay.read_again_buttons]
    assert_clear(window, closing, [next_spot], "closing message")
    assert_clear(window, [overlay.close_button, overlay.next_button], first, "closing message")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_summary_and_the_closing_message_start_with_their_title_not_a_blank_line(
    qtbot: QtBot, make_window: WindowFactory, language: str
) -> None:
    window = opened(qtbot, make_window, (1920, 1080), 1.0, language)
    activities = window.activities
    activities.open_matters()
    matters = activities.matters
    assert isinstance(matters, MattersOverlay)
    settled(matters)
    first_line = matters.progress.geometry().top()  # "1 of 6": the card's first line
    answers = MattersAnswers()
    for index in range(len(matters.matters.statements)):
        answers = answers.answer(index, Importance.A_LOT)
    matters.open_at(answers)
    settled(matters)
    assert matters.summary.isVisible() and not matters.progress.isVisible()
    assert matters.title.geometry().top() == first_line
    matters.close_overlay()
    activities.open_quiz()
    quiz = activities.quiz
    assert isinstance(quiz, QuizOverlay)
    settled(quiz)
    first_line = quiz.progress.geometry().top()
    quiz.open_at(QuizProgress(results=((0, False),), finished=True))
    settled(quiz)
    assert quiz.done.isVisible() and not quiz.progress.isVisible()
    assert quiz.title.geometry().top() == first_line
    quiz.open_at(QuizProgress())
    settled(quiz)
    assert quiz.progress.isVisible() and quiz.progress.text()  # back on a question: where the patient is


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_real_double_tap_answers_one_statement_only(
    qtbot: QtBot, make_window: WindowFactory, language: str
) -> None:
    """A double tap (Qt's press, release, double click, release) at "A lot": the statement shown is answered;
    the next one, which has come under the finger meanwhile, is left for the patient to read."""
    window = opened(qtbot, make_window, (1366, 768), 2.0, language)
    window.activities.open_matters()
    overlay = window.activities.matters
    assert isinstance(overlay, MattersOverlay)
    settled(overlay)
    button = overlay.level_buttons[2]
    centre = QPointF(button.rect().center())
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
        (QEvent.Type.MouseButtonDblClick, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, centre, button.mapToGlobal(centre), Qt.MouseButton.LeftButton, buttons,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(button, event)
    settled(overlay)
    assert overlay.current == 1 and overlay.answers.level(1) is None  # statement 2 is on screen, unanswered

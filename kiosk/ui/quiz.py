"""'Check what you learned': one question at a time, big answers, kind feedback, never a score.

The overlay keeps no visit of its own: every change goes out as `progress_changed(QuizProgress)` for the
window to keep in the visit, and `open_at(progress)` shows any saved point again (after a language
change, or when the patient comes back from reading a page).

Every question screen, asked or answered, has the same card, text size and button places: room is kept
for the longest question above the answers, for each answer's longest words, and for the longest feedback
below them, so neither an answer nor "Next" moves under a finger. The closing message puts its Close at
the left, where a second tap on "Finish" cannot reach it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.palette import Palette
from kiosk.quiz import Question, Quiz, QuizProgress
from kiosk.ui.form_card import FormCard, keep_place, repolish, tallest
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import OneTapButton, TouchButton, named
from kiosk.uitext import UiText

RIGHT_MARK, WRONG_MARK = "✓", "✗"


class QuizOverlay(FormCard):
    """Signals: `answered(question index from 0, right the first time)`, once per question and visit;
    `progress_changed(QuizProgress)`; `read_page(page id)` (the overlay has closed itself); `finished` when
    the closing message shows; `closed` when the patient leaves with Close."""

    answered = Signal(int, bool)
    progress_changed = Signal(object)
    read_page = Signal(str)
    finished = Signal()
    closed = Signal()

    def __init__(
        self,
        parent: QWidget,
        quiz: Quiz,
        text: UiText,
        metrics: Metrics,
        palette: Palette,
        progress: QuizProgress | None = None,
    ) -> None:
        super().__init__(parent, "Quiz", metrics, palette)
        self.quiz, self.text = quiz, text
        self.progress_state = progress or QuizProgress()
        self.chosen: int | None = None  # the answer tapped on this screen (never leaves the overlay)
        self.title.setText(quiz.title or text.quiz_title)

        self.asking = QWidget()
        asking = QVBoxLayout(self.asking)
        asking.setContentsMargins(0, 0, 0, 0)
        self.question = self.body_label("FormQuestion")
        self.question.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)  # on its answers
        asking.addWidget(self.question)
        self.answer_buttons = [named(OneTapButton(""), "Answer") for _ in range(4)]
        # Each answer in a place of its own, as tall as its longest words (`reserve`): a short answer's button
        # fills it, so every answer button is where it was on the question before.
        self.answer_places = [QWidget() for _ in self.answer_buttons]
        for index, (button, place) in enumerate(zip(self.answer_buttons, self.answer_places, strict=True)):
            button.clicked.connect(lambda _=False, index=index: self.choose(index))
            keep_place(button)  # a question with fewer answers leaves the next ones' places empty
            inside = QVBoxLayout(place)
            inside.setContentsMargins(0, 0, 0, 0)
            inside.addWidget(button)
            asking.addWidget(place)
        self.feedback = QWidget()  # the room for the longest feedback, kept before the answer too
        self._feedback_layout = feedback = QVBoxLayout(self.feedback)
        feedback.setContentsMargins(0, 0, 0, 0)
        self.verdict = self.body_label("FormStrong")
        self.explanation = self.body_label()
        feedback.addWidget(self.verdict)
        feedback.addWidget(self.explanation)
        feedback.addStretch(1)
        asking.addWidget(self.feedback)

        self.done = QWidget()
        done = QVBoxLayout(self.done)
        done.setContentsMargins(0, 0, 0, 0)
        self.done_body = self.body_label()
        self.read_again_hint = self.body_label()
        done.addWidget(self.done_body)
        done.addWidget(self.read_again_hint)
        self.read_again_buttons: list[TouchButton] = []
        self._read_again_layout = QGridLayout()  # two a row: five pages fit a short screen at the default size
        done.addLayout(self._read_again_layout)

        self.close_button = TouchButton(text.close)
        self.read_button = TouchButton("")
        self.next_button = named(OneTapButton(""), "PrimaryButton")
        keep_place(self.next_button)  # before an answer, without it: the row as tall as with it
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.read_button, 0)
        buttons.addWidget(self.next_button, 0)
        for widget in (self.asking, self.done):
            self.card_layout.addWidget(widget)
        self.card_layout.addStretch(1)  # the closing message as tall as a question keeps its Close at the bottom
        self.card_layout.addLayout(buttons)
        self.close_button.clicked.connect(self._close_by_patient)
        self.read_button.clicked.connect(lambda: self._read(self._question().page))
        self.next_button.clicked.connect(self._next)

    # --- what the window calls ---
    def open_at(
        self, progress: QuizProgress, metrics: Metrics | None = None, palette: Palette | None = None
    ) -> None:
        """Show the quiz where this visit left it, at the patient's text size and colours."""
        if metrics is not None and palette is not None:
            self.set_look(metrics, palette)
        count = len(self.quiz.questions)
        self.progress_state = progress.move_to(min(progress.current, count - 1))
        self._show()
        self.open()

    def reset(self) -> None:
        """Forget everything (the visit ended): the next open starts at the first question."""
        self.progress_state = QuizProgress()
        self.chosen = None
        self.close_overlay()

    @property
    def current(self) -> int:
        return self.progress_state.current

    # --- taps ---
    def choose(self, index: int) -> None:
        """The patient tapped answer `index`: only the first tap on a question counts."""
        number = self.current
        if self.progress_state.result(number) is not None or index >= len(self._question().answers):
            return
        right = index == self._question().right
        self.chosen = index
        self._set_progress(self.progress_state.answer(number, right))
        self.answered.emit(number, right)
        self._show()

    def _next(self) -> None:
        if self.progress_state.finished:
            self._close_by_patient()
            return
        self.chosen = None
        if self.current + 1 < len(self.quiz.questions):
            self._set_progress(self.progress_state.move_to(self.current + 1))
        else:
            self._set_progress(self.progress_state.finish())
            self.finished.emit()
        self._show()

    def _read(self, page_id: str) -> None:
        self.close_overlay()
        self.read_page.emit(page_id)

    def _close_by_patient(self) -> None:
        self.close_overlay()
        self.closed.emit()

    # --- drawing ---
    def _question(self) -> Question:
        return self.quiz.questions[self.current]

    def _set_progress(self, progress: QuizProgress) -> None:
        self.progress_state = progress
        self.progress_changed.emit(progress)

    def _show(self) -> None:
        finished = self.progress_state.finished
        self.asking.setVisible(not finished)
        self.done.setVisible(finished)
        if finished:
            self._show_done()
        else:
            self.open_question_screen()
            self._show_question()
        if self.isVisible():
            self.fit()

    def _show_question(self) -> None:
        question, text = self._question(), self.text
        total = len(self.quiz.questions)
        self.show_progress(text.quiz_progress.format(number=self.current + 1, total=total))
        self.question.setText(question.text)
        result = self.progress_state.result(self.current)
        for index, button in enumerate(self.answer_buttons):
            shown = index < len(question.answers)
            button.setVisible(shown)
            if not shown:
                continue
            verdict = ""
            if result is not None and index == question.right:
                verdict = "right"
            elif result is not None and index == self.chosen:
                verdict = "wrong"
            mark = {"right": f"{RIGHT_MARK}  ", "wrong": f"{WRONG_MARK}  "}.get(verdict, "")
            button.setText(mark + question.answers[index])
            button.setProperty("verdict", verdict)
            # Once answered, the other answers step back; the right one and the one tapped stay clear.
            button.setEnabled(result is None or bool(verdict))
            repolish(button)
        answered = result is not None
        self.verdict.setVisible(answered)
        self.explanation.setVisible(answered)
        self.read_button.setVisible(answered)
        self.next_button.setVisible(answered)
        if answered:
            self.verdict.setText(text.quiz_right if result else text.quiz_not_quite)
            self.explanation.setText(question.explanation)
            self.read_button.setText(text.quiz_read_about.format(page=question.page_label))
            last = self.current + 1 >= total
            self.next_button.setText(text.quiz_finish if last else text.quiz_next)

    def _show_done(self) -> None:
        text = self.text
        self.show_progress("")
        self.title.setText(text.quiz_done_title)
        self.done_body.setText(text.quiz_done_body)
        pages = self.progress_state.to_read_again(self.quiz)
        self.read_again_hint.setVisible(bool(pages))
        self.read_again_hint.setText(text.quiz_read_again)
        for button in self.read_again_buttons:
            self._read_again_layout.removeWidget(button)
            button.deleteLater()
        self.read_again_buttons = []
        for number, (page_id, label) in enumerate(pages):
            button = TouchButton(text.quiz_read_about.format(page=label))
            button.clicked.connect(lambda _=False, page_id=page_id: self._read(page_id))
            self._read_again_layout.addWidget(button, number // 2, number % 2)
            button.show()  # now, not on the next event loop pass (as a layout would): `fit` must measure it
            self.read_again_buttons.append(button)
        # Close at the left, as on the questions: a second tap on "Finish" (at the right) finds nothing there.
        self.read_button.setVisible(False)
        self.next_button.setVisible(False)
        self.close_button.setVisible(True)

    def open_question_screen(self) -> None:
        """Title and Close as the question screens have them (after the closing message was shown)."""
        self.title.setText(self.quiz.title or self.text.quiz_title)
        self.close_button.setVisible(True)

    # --- keeping the answers in place ---
    @override
    def words_of(self, button: TouchButton) -> tuple[str, ...]:
        if button is self.next_button:  # "Finish" where "Next question" was
            return (self.text.quiz_next, self.text.quiz_finish)
        return ()

    @override
    def on_question(self) -> bool:
        return not self.progress_state.finished

    @override
    def reserve(self, width: int) -> None:
        """Room for the longest question, each answer's longest words (marked, as once answered) and the
        longest feedback, at the text size now in the style sheet."""
        questions = self.quiz.questions
        for label in (self.question, self.verdict, self.explanation):
            label.ensurePolished()
        self.question.setMinimumHeight(0)  # a label's height for a width counts its minimum in
        self.question.setMinimumHeight(tallest(self.question, (q.text for q in questions), width))
        for index, (button, place) in enumerate(zip(self.answer_buttons, self.answer_places, strict=True)):
            words = [q.answers[index] for q in questions if index < len(q.answers)]
            place.setVisible(bool(words))  # no question has this many answers
            place.setMinimumHeight(_tallest_button(button, words, width) if words else 0)
        verdicts = tallest(self.verdict, (self.text.quiz_right, self.text.quiz_not_quite), width)
        explanations = tallest(self.explanation, (q.explanation for q in questions), width)
        spacing = max(0, self._feedback_layout.spacing())
        self.feedback.setMinimumHeight(verdicts + spacing + explanations)

    # --- look ---
    @override
    def style_sheet(self, metrics: Metrics, palette: Palette) -> str:
        p, border = palette, max(3, metrics.px(1))
        return f"""
        QPushButton#Answer {{ min-height: {metrics.target}px; text-align: left; }}
        QPushButton#Answer QLabel#ButtonLabel {{ font-size: {metrics.ui_px()}px; }}
        QPushButton#Answer[verdict="right"] {{ background: {p.accent}; border-color: {p.accent}; }}
        QPushButton#Answer[verdict="right"] QLabel#ButtonLabel {{ color: {p.on_accent}; font-weight: 700; }}
        QPushButton#Answer[verdict="wrong"] {{ border: {border}px solid {p.alert}; }}
        QPushButton#Answer[verdict="wrong"] QLabel#ButtonLabel {{ color: {p.alert}; }}
        """


def _tallest_button(button: TouchButton, texts: list[str], width: int) -> int:
    """The height `button` needs, `width` wide, for the longest of these answers, marked as once answered (the
    right one in bold, a wrong one with a thicker border)."""
    shown, verdict = button.text(), button.property("verdict")
    most = 0
    for mark, marked in ((RIGHT_MARK, "right"), (WRONG_MARK, "wrong")):
        button.setProperty("verdict", marked)
        repolish(button)
        for text in texts:
            button.setText(f"{mark}  {text}")
            most = max(most, button.minimumHeight(), button.heightForWidth(width))
    button.setText(shown)
    button.setProperty("verdict", verdict)
    repolish(button)
    return most

"""'What matters most to you?': one statement at a time, three big buttons, then what the sheet will say.

One statement per screen keeps every button large at 200 % text on any screen, and a tap moves on by
itself (Back goes to the one before). The answers leave as signals for the window to keep in the visit;
`open_at(answers)` shows them again. The last screen lists the sheet lines so the patient sees exactly
what the surgeon will read.

Every statement screen has the same card, text size and button places (room is kept for the longest
statement, under the opening words, which stay on every one), so a second tap where an answer was lands on the next
statement's answer, never on Done; Close, Back and Done keep a row of their own below the answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.matters import Importance, Matters, MattersAnswers, sheet_lines
from kiosk.override import override
from kiosk.palette import Palette
from kiosk.ui.form_card import FormCard, keep_place, tallest
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import OneTapButton, TouchButton, named
from kiosk.uitext import UiText

LEVELS = (Importance.NOT_AT_ALL, Importance.A_LITTLE, Importance.A_LOT)


class MattersOverlay(FormCard):
    """Signals: `answered(statement index, level value)` ('not_at_all', 'a_little', 'a_lot') on every tap;
    `answers_changed(MattersAnswers)`; `finished` when the patient taps Done; `closed` on Close."""

    answered = Signal(int, str)
    answers_changed = Signal(object)
    finished = Signal()
    closed = Signal()

    def __init__(
        self,
        parent: QWidget,
        matters: Matters,
        text: UiText,
        metrics: Metrics,
        palette: Palette,
        answers: MattersAnswers | None = None,
    ) -> None:
        super().__init__(parent, "Matters", metrics, palette)
        self.matters, self.text = matters, text
        self.answers = answers or MattersAnswers()
        self.current = 0  # the statement on show; len(statements): the summary
        self._words_height = 0  # room kept above the answers for the longest statement (`reserve`)
        self.title.setText(matters.title or text.matters_title)
        self.intro = self.body_label()
        self.intro.setText(matters.intro or text.matters_intro)
        self.statement = self.body_label("FormQuestion")
        # On the answers, room above it for the longest (`reserve`): the answers stay put from one to the next.
        self.statement.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.level_buttons = [
            OneTapButton(words, checkable=True, objectName="Level")
            for words in (text.matters_not_at_all, text.matters_a_little, text.matters_a_lot)
        ]
        levels = QHBoxLayout()
        for level, answer in zip(LEVELS, self.level_buttons, strict=True):
            answer.clicked.connect(lambda _=False, level=level: self.choose(level))
            levels.addWidget(answer, 1)
        self.summary = self.body_label()
        # The summary, grouped: each level's words once, then its statements (shorter than the sheet's lines).
        self.group_titles = [self.body_label("FormStrong") for _ in LEVELS]
        self.group_lines = [self.body_label() for _ in LEVELS]
        self.back_button = TouchButton(text.matters_back)
        self.close_button = TouchButton(text.close)
        self.done_button = named(OneTapButton(text.matters_done), "PrimaryButton")
        keep_place(self.done_button)  # the first statement, without it: the row as tall as with it
        buttons = QHBoxLayout()
        for button in (self.close_button, self.back_button):
            buttons.addWidget(button, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button, 0)
        layout = self.card_layout
        for widget in (self.intro, self.statement):
            layout.addWidget(widget)
        layout.addLayout(levels)
        layout.addWidget(self.summary)
        for title, lines in zip(self.group_titles, self.group_lines, strict=True):
            layout.addWidget(title)
            layout.addWidget(lines)
        layout.addStretch(1)  # a summary as tall as a statement screen keeps its buttons at the bottom
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.close_button.clicked.connect(self._close_by_patient)
        self.done_button.clicked.connect(self._done)

    # --- what the window calls ---
    def open_at(
        self, answers: MattersAnswers, metrics: Metrics | None = None, palette: Palette | None = None
    ) -> None:
        """Show the statements with this visit's answers: the first unanswered one, or the summary."""
        if metrics is not None and palette is not None:
            self.set_look(metrics, palette)
        self.answers = answers
        count = len(self.matters.statements)
        self.current = next((i for i in range(count) if answers.level(i) is None), count)
        self._show()
        self.open()

    def reset(self) -> None:
        self.answers, self.current = MattersAnswers(), 0
        self.close_overlay()

    def sheet(self) -> list[str]:
        return sheet_lines(self.matters, self.answers, self.text)

    # --- taps ---
    def choose(self, level: Importance) -> None:
        if self.current >= len(self.matters.statements):
            return
        index = self.current
        self.answers = self.answers.answer(index, level)
        self.answers_changed.emit(self.answers)
        self.answered.emit(index, level.value)
        self.current += 1
        self._show()

    def back(self) -> None:
        if self.current > 0:
            self.current -= 1
            self._show()

    def _done(self) -> None:
        if self.current < len(self.matters.statements):  # "Done" early: the summary of what was answered
            self.current = len(self.matters.statements)
            self._show()
            return
        self.close_overlay()
        self.finished.emit()

    def _close_by_patient(self) -> None:
        self.close_overlay()
        self.closed.emit()

    # --- drawing ---
    def _show(self) -> None:
        count = len(self.matters.statements)
        asking = self.current < count
        # The opening words on every statement: how to answer stays in sight, and leaves no gap when it goes.
        self.intro.setVisible(asking)
        self.statement.setVisible(asking)
        for button in self.level_buttons:
            button.setVisible(asking)
        self.summary.setVisible(not asking)
        self.back_button.setVisible(self.current > 0)
        self.done_button.setVisible(not asking or len(self.answers) > 0)
        if asking:
            self.show_progress(self.text.matters_progress.format(number=self.current + 1, total=count))
            self.statement.setText(self.matters.statements[self.current])
            chosen = self.answers.level(self.current)
            for level, button in zip(LEVELS, self.level_buttons, strict=True):
                button.setChecked(level is chosen)
        else:
            self.show_progress("")
            self.summary.setText(self.text.matters_summary)
        self._show_groups(not asking)
        self._keep_room()
        if self.isVisible():
            self.fit()

    # --- keeping the answers in place ---
    @override
    def on_question(self) -> bool:
        return self.current < len(self.matters.statements)

    @override
    def reserve(self, width: int) -> None:
        """Room above the answers for the longest statement: each sits on the answers, the opening words and
        the title above it where they were on the one before."""
        self.statement.setMinimumHeight(0)  # a label's height for a width counts its minimum in
        self.statement.ensurePolished()
        self._words_height = tallest(self.statement, self.matters.statements, width)
        self._keep_room()

    def _keep_room(self) -> None:
        self.statement.setMinimumHeight(self._words_height if self.on_question() else 0)

    def _show_groups(self, shown: bool) -> None:
        """Most important first, as on the sheet; a level nobody chose is left out."""
        words = {
            Importance.A_LOT: self.text.matters_a_lot,
            Importance.A_LITTLE: self.text.matters_a_little,
            Importance.NOT_AT_ALL: self.text.matters_not_at_all,
        }
        for level, title, lines in zip(reversed(LEVELS), self.group_titles, self.group_lines, strict=True):
            chosen = [s for i, s in enumerate(self.matters.statements) if self.answers.level(i) is level]
            title.setVisible(shown and bool(chosen))
            lines.setVisible(shown and bool(chosen))
            title.setText(words[level])
            lines.setText("\n".join(f"•  {statement}" for statement in chosen))

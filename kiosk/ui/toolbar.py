"""The toolbar under every page: start over, text size, contrast, listen, language, take this home."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.override import override
from kiosk.ui.metrics import Metrics
from kiosk.ui.speech import Speech
from kiosk.ui.widgets import (
    TouchButton,
    columns_that_fit,
    flow_px,
    longest_word_px,
    one_line_px,
    place_in_grid,
    place_in_rows,
)
from kiosk.uitext import UiText


def two_lines_px(button: TouchButton) -> int:
    """The narrowest a button's label can be on at most two lines."""
    words, metrics = button.text().split(), button.label.fontMetrics()
    halves = (
        max(metrics.horizontalAdvance(" ".join(words[:cut])), metrics.horizontalAdvance(" ".join(words[cut:])))
        for cut in range(1, len(words))
    )
    return max(longest_word_px(button), min(halves, default=0))


class Toolbar(QWidget):
    all_topics = Signal()  # back to the topic list, in a library of several topics
    start_over = Signal()
    smaller = Signal()
    larger = Signal()
    contrast = Signal(bool)
    listen = Signal()  # listen, pause or resume, by the speaker's state
    stop = Signal()
    slower = Signal(bool)  # read aloud more slowly, or at the voice's own speed again
    next_language = Signal()
    take_home = Signal()
    my_questions = Signal()
    matters = Signal()
    quiz = Signal()
    reflowed = Signal()  # buttons came or went, or their words changed: the reading screen checks its room

    def __init__(self, text: UiText, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Toolbar")
        self._text = text
        self._speech = Speech.IDLE
        self.all_topics_button = TouchButton(text.all_topics, self, objectName="AllTopics")
        self.start_over_button = TouchButton(text.start_over, self, objectName="StartOver")
        self.smaller_button = TouchButton(text.smaller_text, self, objectName="Smaller")
        self.larger_button = TouchButton(text.larger_text, self, objectName="Larger")
        self.contrast_button = TouchButton(text.high_contrast, self, checkable=True, objectName="Contrast")
        self.listen_button = TouchButton(text.listen, self, objectName="Listen")
        self.stop_button = TouchButton(text.stop, self, objectName="Stop")
        self.slower_button = TouchButton(text.slower, self, checkable=True, objectName="Slower")
        self.language_button = TouchButton("", self, objectName="Language")
        self.take_home_button = TouchButton(text.take_home, self, objectName="TakeHome")
        self.my_questions_button = TouchButton("", self, objectName="MyQuestions")
        self.matters_button = TouchButton(text.matters_button, self, objectName="Matters")
        self.quiz_button = TouchButton(text.quiz_button, self, objectName="Quiz")
        self._question_count = 0
        self.flow = False  # closed up (kiosk/ui/chrome_fit.py): rows of buttons each as wide as its label
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(metrics.gap, metrics.gap, metrics.gap, metrics.gap)
        self.grid.setSpacing(metrics.gap)
        self.all_topics_button.clicked.connect(self.all_topics)
        self.start_over_button.clicked.connect(self.start_over)
        self.smaller_button.clicked.connect(self.smaller)
        self.larger_button.clicked.connect(self.larger)
        self.contrast_button.toggled.connect(self.contrast)
        self.listen_button.clicked.connect(self.listen)
        self.stop_button.clicked.connect(self.stop)
        self.slower_button.toggled.connect(self.slower)
        self.language_button.clicked.connect(self.next_language)
        self.take_home_button.clicked.connect(self.take_home)
        self.my_questions_button.clicked.connect(self.my_questions)
        self.matters_button.clicked.connect(self.matters)
        self.quiz_button.clicked.connect(self.quiz)
        hidden = (
            self.all_topics_button,
            self.stop_button,
            self.slower_button,
            self.my_questions_button,
            self.matters_button,
        )
        for button in (*hidden, self.quiz_button):
            button.setVisible(False)
        self._name_symbols(text)
        self.reflow()

    def buttons(self) -> list[TouchButton]:
        return [
            self.all_topics_button,
            self.start_over_button,
            self.smaller_button,
            self.larger_button,
            self.contrast_button,
            self.listen_button,
            self.stop_button,
            self.slower_button,
            self.language_button,
            self.take_home_button,
            self.matters_button,
            self.quiz_button,
            self.my_questions_button,
        ]

    def shown(self) -> list[TouchButton]:
        return [button for button in self.buttons() if not button.isHidden()]

    def set_texts(self, text: UiText, next_language_name: str) -> None:
        self._text = text
        for button, words in (
            (self.all_topics_button, text.all_topics),
            (self.start_over_button, text.start_over),
            (self.smaller_button, text.smaller_text),
            (self.larger_button, text.larger_text),
            (self.contrast_button, text.high_contrast),
            (self.stop_button, text.stop),
            (self.slower_button, text.slower),
            (self.take_home_button, text.take_home),
            (self.matters_button, text.matters_button),
            (self.quiz_button, text.quiz_button),
        ):
            button.setText(words)
        self.my_questions_button.setText(text.my_questions.format(count=self._question_count))
        self.language_button.setText(next_language_name)
        self.language_button.setVisible(bool(next_language_name))
        self.show_speech(self._speech)
        self._name_symbols(text)

    def _name_symbols(self, text: UiText) -> None:
        """A- and A+ have no words to read out: screen readers and the keypad say these instead."""
        self.smaller_button.setAccessibleName(text.smaller_text_name)
        self.larger_button.setAccessibleName(text.larger_text_name)

    def show_activities(self, sheet_lines: int, matters: bool, quiz: bool) -> None:
        """My questions once anything is on the sheet (saying how many lines), What matters to me when the
        pack has it, Check what you learned once the pack offers it. Reflows only when something changed."""
        changed = False
        if sheet_lines != self._question_count:
            self._question_count = sheet_lines
            self.my_questions_button.setText(self._text.my_questions.format(count=sheet_lines))
            changed = True
        for button, wanted in (
            (self.my_questions_button, sheet_lines > 0),
            (self.matters_button, matters),
            (self.quiz_button, quiz),
        ):
            if button.isHidden() == wanted:
                button.setVisible(wanted)
                changed = True
        if changed:
            self.reflow()

    def show_speech(self, state: Speech) -> None:
        self._speech = state
        text = self._text
        words = {Speech.IDLE: text.listen, Speech.SPEAKING: text.pause, Speech.PAUSED: text.resume}
        self.listen_button.setText(words[state])
        self.stop_button.setVisible(state is not Speech.IDLE)
        self.slower_button.setVisible(state is not Speech.IDLE)
        self.reflow()

    def show_speech_starting(self, words: str) -> None:
        """Say the voice is starting ("One moment"), until `show_speech` or `set_texts`."""
        self.listen_button.setText(words)
        self.reflow()

    def set_size_limits(self, at_smallest: bool, at_largest: bool) -> None:
        self.smaller_button.setEnabled(not at_smallest)
        self.larger_button.setEnabled(not at_largest)

    def reflow(self) -> None:
        """Arrange the buttons anew after they or their words changed, and say so."""
        self.arrange()
        self.reflowed.emit()

    def arrange(self) -> None:
        """One row when every label fits on one line; otherwise as many rows of equal cells as it takes, or with
        `flow` rows of buttons each as wide as its label on one line."""
        shown = self.shown()
        if not shown:
            return
        gap = self.grid.spacing()
        widths = [one_line_px(button) + 3 * gap for button in shown]
        available = max(self.width(), 1) - 2 * gap
        if sum(widths) + gap * (len(shown) - 1) <= available:
            place_in_grid(self.grid, shown, len(shown), stretches=widths)
        elif self.flow:
            place_in_rows(self.grid, shown, [flow_px(button, gap) for button in shown], available)
        else:
            columns = columns_that_fit(len(shown), available, max(widths), gap)
            if -(-len(shown) // columns) > 2:  # labels wrap onto two lines before the toolbar takes the page
                words = max(longest_word_px(button) for button in shown) + 3 * gap
                columns = max(columns, columns_that_fit(len(shown), available, words, gap))
            # Equal cells, unless a label would need a third line (a button is two tall): then each column as
            # wide as the widest label in it needs.
            needs = [two_lines_px(button) + 3 * gap for button in shown]
            cell = (available - gap * (columns - 1)) / columns
            stretches = [max(needs[column::columns]) for column in range(columns)] if max(needs) > cell else None
            place_in_grid(self.grid, shown, columns, stretches)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

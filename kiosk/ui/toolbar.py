"""The toolbar under every page: start over, text size, contrast, language, take this home, listen.

Buttons a patient has seen keep their place: a button that comes and goes during a visit (Stop and Slower while
the voice reads, My questions once a row is ticked, the quiz after a few pages, Take this home on a page with an
address) has its place kept for it from the start, empty until it shows, and every label is measured with the
widest words it may show (Listen's Pause, a count that grows). The order puts those places after the ones that
stay, Stop and Slower beside Listen: at a visit's start the empty room is at the row's end.
"""

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
    label_metrics,
    one_line_px,
    place_in_grid,
    place_in_rows,
    texts,
)
from kiosk.uitext import UiText


def word_px(button: TouchButton) -> int:
    """Width of the longest word a button may show (bold if it can be checked, as it is then)."""
    metrics = label_metrics(button)
    return max((metrics.horizontalAdvance(word) for text in texts(button) for word in text.split()), default=0)


def two_lines_px(button: TouchButton) -> int:
    """The narrowest a button's label (any of its `texts`) can be on at most two lines."""
    metrics = label_metrics(button)

    def narrowest(words: list[str]) -> int:
        halves = (
            max(metrics.horizontalAdvance(" ".join(words[:cut])), metrics.horizontalAdvance(" ".join(words[cut:])))
            for cut in range(1, len(words))
        )
        return min(halves, default=0)

    return max(word_px(button), *(narrowest(text.split()) for text in texts(button)))


def shared_out(wanted: list[int], least: list[int], room: int) -> list[int]:
    """`room` shared among columns as they want it, none below its `least`: columns that would get less get
    their least, and the others share what is left. Just the leasts when even those do not fit."""
    if sum(least) >= room:
        return least
    given: dict[int, int] = {}
    while True:
        free = [index for index in range(len(wanted)) if index not in given]
        left, asked = room - sum(given.values()), sum(wanted[index] for index in free)
        short = {index: least[index] for index in free if left * wanted[index] / asked < least[index]}
        if not short:
            return [given.get(index, round(left * wanted[index] / asked)) for index in range(len(wanted))]
        given.update(short)


WIDEST_COUNTS = tuple(11 * digit for digit in range(1, 10))  # 11..99: as wide as any count up to 99 is


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
        # Places kept for hidden buttons (see the module's docstring); Stop and Slower have one while Listen has.
        self._reserved = {self.my_questions_button}
        self._listen_text = text  # the words of the language Listen was last offered in
        for button in self.buttons():
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # in the grid only while `placed`: there, hidden keeps its place
            button.setSizePolicy(policy)
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
        self._make_room(text)
        self.reflow()

    def buttons(self) -> list[TouchButton]:
        """Every button, in the order they are laid out (and the keypad goes through them)."""
        return [
            self.all_topics_button,
            self.start_over_button,
            self.smaller_button,
            self.larger_button,
            self.contrast_button,
            self.language_button,
            self.take_home_button,
            self.matters_button,
            self.listen_button,
            self.stop_button,
            self.slower_button,
            self.quiz_button,
            self.my_questions_button,
        ]

    def shown(self) -> list[TouchButton]:
        return [button for button in self.buttons() if not button.isHidden()]

    def placed(self) -> list[TouchButton]:
        """The buttons with a place in the layout: those shown, and the hidden ones whose place is kept."""
        return [button for button in self.buttons() if not button.isHidden() or self.keeps_place(button)]

    def keeps_place(self, button: TouchButton) -> bool:
        if button in (self.stop_button, self.slower_button):
            return not self.listen_button.isHidden() or self.listen_button in self._reserved
        return button in self._reserved

    def keep_place(self, button: TouchButton, kept: bool) -> None:
        """Keep `button`'s place while it is hidden (it may show during this visit), or not."""
        if (button in self._reserved) != kept:
            if kept:
                self._reserved.add(button)
            else:
                self._reserved.discard(button)
            if button.isHidden():
                self.reflow()

    def _make_room(self, text: UiText) -> None:
        """Room for the widest words Listen and My questions may show."""
        self.listen_button.room_for = (text.listen, text.pause, text.resume, text.speech_starting)
        self.my_questions_button.room_for = tuple(text.my_questions.format(count=n) for n in WIDEST_COUNTS)

    def offer_listen(self, offered: bool) -> None:
        """Listen while a voice can read the language. Found to have none in the language it was offered in (the
        engine starts at the first Listen), it leaves its place, empty, till the language changes: no button moves
        under the finger that tapped it. In another language it leaves no hole."""
        if self.listen_button.isHidden() == offered:
            if not offered and self._listen_text is self._text:
                self._reserved.add(self.listen_button)
            else:
                self._reserved.discard(self.listen_button)
            self.listen_button.setVisible(offered)
            self.reflow()
        if offered:
            self._listen_text = self._text

    def set_texts(self, text: UiText, next_language_name: str) -> None:
        if text is not self._text:
            self._reserved.discard(self.listen_button)
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
        self._make_room(text)
        self.show_speech(self._speech)
        self._name_symbols(text)

    def _name_symbols(self, text: UiText) -> None:
        """A- and A+ have no words to read out: screen readers and the keypad say these instead."""
        self.smaller_button.setAccessibleName(text.smaller_text_name)
        self.larger_button.setAccessibleName(text.larger_text_name)

    def show_activities(self, sheet_lines: int, matters: bool, quiz: bool, *, quiz_later: bool = False) -> None:
        """My questions once anything is on the sheet (saying how many lines), What matters to me when the
        pack has it, Check what you learned once the pack offers it (its place kept with `quiz_later`: it will).
        Reflows only when something changed."""
        changed = (self.quiz_button in self._reserved) != quiz_later
        if changed:
            self._reserved ^= {self.quiz_button}
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
        """The `placed` buttons in one row when every label fits on one line; otherwise as many rows of equal cells
        as it takes, or with `flow` rows of buttons each as wide as its label on one line."""
        placed = self.placed()
        if not placed:
            return
        gap = self.grid.spacing()
        widths = [one_line_px(button) + 3 * gap for button in placed]
        available = max(self.width(), 1) - 2 * gap
        if sum(widths) + gap * (len(placed) - 1) <= available:
            place_in_grid(self.grid, placed, len(placed), stretches=widths)
        elif self.flow:
            place_in_rows(self.grid, placed, [flow_px(button, gap) for button in placed], available)
        else:
            columns = columns_that_fit(len(placed), available, max(widths), gap)
            if -(-len(placed) // columns) > 2:  # labels wrap onto two lines before the toolbar takes the page
                words = max(word_px(button) for button in placed) + 3 * gap
                columns = max(columns, columns_that_fit(len(placed), available, words, gap))
            # Equal cells, unless a label would need a third line (a button is two tall): then columns shared out
            # as their labels are long on one line, or, where that leaves one too narrow for two lines, as wide
            # as the widest label in it needs.
            needs = [two_lines_px(button) + 3 * gap for button in placed]
            room = available - gap * (columns - 1)
            stretches = None
            if max(needs) > room / columns:
                need = [max(needs[column::columns]) for column in range(columns)]
                stretches = shared_out([max(widths[column::columns]) for column in range(columns)], need, room)
            place_in_grid(self.grid, placed, columns, stretches)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

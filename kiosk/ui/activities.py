"""What a patient does beyond reading: My questions, What matters to me, and Check what you learned.

Each overlay is made when first asked for. What the patient does in them goes into the visit through
`changed(Visit)`; the overlays themselves keep nothing a reset must clear (Start over closes them and the
next visit opens them from its own, empty, visit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.library import Library
from kiosk.palette import Palette
from kiosk.quiz import offer_quiz
from kiosk.ui.metrics import Metrics
from kiosk.ui.reader import ReadingScreen
from kiosk.uitext import UiText
from kiosk.visit import TopicWork, Visit

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # each loads when a patient first opens it
    from kiosk.takeaway import Group, Sheet
    from kiosk.ui.matters import MattersOverlay
    from kiosk.ui.my_questions import MyQuestionsOverlay
    from kiosk.ui.quiz import QuizOverlay


# In a library: (topic id, its title in the language given, its pages) for the topics named, in the library's order
TopicsOf = Callable[[str, Collection[str]], list[tuple[str, str, Library]]]


@dataclasses.dataclass(frozen=True, slots=True)
class Look:
    """What the overlays need of the moment: the words, the patient's text size and colours."""

    text: UiText
    metrics: Metrics  # the page's: the patient's text size
    chrome: Metrics  # the toolbar's: grows half as much, so cards with buttons still fit the screen
    palette: Palette


class Activities(QObject):
    """Opens the three overlays for the visit of the moment. Signals: `changed(Visit)` with the visit the
    patient's answers make, `feature_used(feature, value)`, `quiz_answered(pack version, language, question from
    1, right the first time)`, `page_requested(page id)` when the quiz sends the patient back to a page."""

    changed = Signal(object)
    feature_used = Signal(str, str)
    quiz_answered = Signal(str, str, int, bool)
    page_requested = Signal(str)

    def __init__(
        self,
        host: QWidget,
        visit: Callable[[], Visit],
        look: Callable[[], Look],
        library: Callable[[], Library],
        *,
        printer: str = "",
        clinic_name: str = "",
    ) -> None:
        super().__init__(host)
        self._host, self._visit, self._look, self._library, self._printer = host, visit, look, library, printer
        self._clinic_name = clinic_name  # kiosk.toml's, for a pack whose [clinic] has no name
        self.my_questions: MyQuestionsOverlay | None = None  # made once and kept: see MyQuestionsOverlay
        self.matters: MattersOverlay | None = None
        self.quiz: QuizOverlay | None = None
        self.topics_of: TopicsOf | None = None  # set in a library of topics (kiosk.ui.topics)
        self.library_title: Callable[[str], str] | None = None  # the library's title in a language (likewise)

    def attach(self, reader: ReadingScreen) -> None:
        """The toolbar's My questions, What matters and quiz buttons, and the quiz tab, open the overlays."""
        reader.toolbar.my_questions.connect(self.open_my_questions)
        reader.toolbar.matters.connect(self.open_matters)
        reader.toolbar.quiz.connect(self.open_quiz)
        reader.extra_tab_tapped.connect(self.open_quiz)

    def offer(self, reader: ReadingScreen, text: UiText) -> None:
        """Show what the visit may use now: My questions once anything is on the sheet, What matters when the
        pack has it, the quiz after enough pages (as a tab after the pages if the pack asks for one)."""
        visit, library = self._visit(), self._library()
        has_quiz = library.quiz_in(visit.language) is not None
        quiz = has_quiz and offer_quiz(library.pack.info.quiz, len(visit.seen))
        as_tab = quiz and library.pack.info.quiz.tab
        reader.set_extra_tab(text.quiz_title if as_tab else "")
        matters = library.matters_in(visit.language) is not None
        on_sheet = sum(len(work.ticked) + len(work.matters) for work in visit.works().values())  # every topic's
        quiz_later = has_quiz and not library.pack.info.quiz.tab  # its button's place is kept till it shows
        reader.toolbar.show_activities(on_sheet, matters, quiz and not as_tab, quiz_later=quiz_later)

    def sheet(self) -> Sheet:
        """The ticked rows under their pages' tabs, then what matters to the patient, in the language of the
        moment, under the topic's title. In a library, every topic of the visit with something on it, in the
        library's order."""
        from kiosk.takeaway import Section, Sheet

        visit, text = self._visit(), self._look().text
        works = self._on_sheet()
        shown: list[tuple[str, Library, TopicWork]] = [(self._pack_title(), self._library(), visit.work)]
        if self.topics_of is not None and works:
            shown = [(title, library, works[id_]) for id_, title, library in self.topics_of(visit.language, works)]
        sections = [
            Section(title, *self._groups(library, work, visit.language, text)) for title, library, work in shown
        ]
        return Sheet(text.my_questions_title, tuple(sections))

    def _pack_title(self) -> str:
        """The pack's title in the language of the moment."""
        return self._look().text.welcome_title or self._library().pack.info.title

    def _on_sheet(self) -> dict[str, TopicWork]:
        """The topics of the visit with rows ticked or "what matters" answered (pages seen alone add nothing)."""
        return {topic: work for topic, work in self._visit().works().items() if work.ticked or work.matters}

    @staticmethod
    def _groups(library: Library, work: TopicWork, language: str, text: UiText) -> tuple[tuple[Group, ...], Group]:
        """The ticked questions under their pages' tabs, and what matters to the patient under its heading."""
        from kiosk.matters import sheet_lines
        from kiosk.takeaway import chosen_groups

        with_ticks = {page_id for page_id, _row in work.ticked}  # shown, so rendered: no render on this thread
        pages = [
            (page.id, page.tab, page.checklist) for page in library.pages_in(language) if page.id in with_ticks
        ]
        matters = library.matters_in(language)
        said = tuple(sheet_lines(matters, work.matters, text)) if matters is not None and work.matters else ()
        return tuple(chosen_groups(pages, work.ticked)), (text.matters_sheet_heading, said)

    def open_my_questions(self) -> None:
        from kiosk.ui.my_questions import MyQuestionsOverlay

        look = self._look()
        if self.my_questions is None:
            overlay = MyQuestionsOverlay(self._host, look.text, look.metrics, can_print=bool(self._printer))
            overlay.qr_shown.connect(lambda parts: self.feature_used.emit("questions_qr", str(parts)))
            overlay.print_requested.connect(self.print_sheet)
            self.my_questions = overlay
        sheet = self.sheet()
        self.my_questions.open_with(sheet, look.text, look.chrome)
        self.feature_used.emit("my_questions", str(len(sheet.lines)))

    def print_sheet(self) -> None:
        """The sheet on the clinic's printer: the questions, what matters, the clinic's name and phone, the
        pack's title and the date, on one page in large type."""
        from kiosk.takeaway import sheet_html
        from kiosk.ui.printing import print_sheet

        if self.my_questions is None:
            return
        look, info = self._look(), self._library().pack.info
        sheet = self.sheet()
        today = dt.date.today()
        date = look.text.date_format.format(
            day=today.day, month=look.text.months[today.month - 1], year=today.year
        )
        text = look.text
        phone = text.sheet_phone.format(phone=info.clinic.phone) if info.clinic.phone else text.sheet_phone_missing
        footer = [info.clinic.name or self._clinic_name, phone, text.printed_for.format(date=date)]
        topics = [section.topic for section in sheet.sections if section.lines]
        title = topics[0] if len(topics) == 1 and topics[0] else self._pack_title()  # in the sheet's language
        if self.library_title is not None and len(topics) > 1:  # several topics: the library's title
            title = self.library_title(self._visit().language)
        problem = print_sheet(self._printer, sheet_html(sheet, title, footer), look.metrics.family)
        if problem:
            log.error("printing the My questions sheet: %s", problem)
        self.my_questions.show_print_result(look.text.print_failed if problem else look.text.printing)
        self.feature_used.emit("print", "failed" if problem else "printed")

    def open_matters(self) -> None:
        from kiosk.ui.matters import MattersOverlay

        visit, look = self._visit(), self._look()
        matters = self._library().matters_in(visit.language)
        if matters is None:
            return
        if self.matters is None or self.matters.matters is not matters or self.matters.text is not look.text:
            self._drop(self.matters)
            self.matters = MattersOverlay(self._host, matters, look.text, look.metrics, look.palette)
            self.matters.answers_changed.connect(lambda answers: self._change(self._visit().with_matters(answers)))
        self.matters.open_at(visit.matters, look.metrics, look.palette)
        self.feature_used.emit("what_matters", "")

    def open_quiz(self) -> None:
        from kiosk.ui.quiz import QuizOverlay

        visit, look = self._visit(), self._look()
        quiz = self._library().quiz_in(visit.language)
        if quiz is None:
            return
        if self.quiz is None or self.quiz.quiz is not quiz or self.quiz.text is not look.text:
            self._drop(self.quiz)
            self.quiz = QuizOverlay(self._host, quiz, look.text, look.metrics, look.palette)
            self.quiz.progress_changed.connect(lambda progress: self._change(self._visit().with_quiz(progress)))
            self.quiz.answered.connect(self._answered)
            self.quiz.read_page.connect(self.page_requested)
        self.quiz.open_at(visit.quiz, look.metrics, look.palette)
        self.feature_used.emit("quiz", "")

    def close_all(self) -> None:
        """The visit ended: close every overlay; the next visit's empty state reopens them from the start."""
        if self.my_questions is not None:
            self.my_questions.close_overlay()
        for overlay in (self.matters, self.quiz):
            if overlay is not None:
                overlay.reset()

    def _answered(self, index: int, right: bool) -> None:
        version, language = self._library().pack.info.version, self._visit().language
        self.quiz_answered.emit(version, language, index + 1, right)

    def _change(self, visit: Visit) -> None:
        self.changed.emit(visit)

    @staticmethod
    def _drop(overlay: QWidget | None) -> None:
        if overlay is not None:
            overlay.hide()
            overlay.deleteLater()

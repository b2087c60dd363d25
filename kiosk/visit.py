"""One patient's visit as a value: what they chose, and the start the next patient gets (no Qt).

The window shows a `Visit`; every tap makes a new one through the transitions below, and Start over or the
idle reset replace it with `reset()`. Nothing a patient did lives anywhere else, so "nothing survives a visit"
is this module's promise, tested without a screen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.config import TEXT_SCALES
from kiosk.matters import MattersAnswers
from kiosk.quiz import QuizProgress


@dataclass(frozen=True, slots=True)
class TopicWork:
    """What a patient did in one topic: row and question numbers name that topic's own, so each topic keeps its
    own while the patient reads another one."""

    ticked: frozenset[tuple[str, int]] = frozenset()
    seen: frozenset[str] = frozenset()
    matters: MattersAnswers = MattersAnswers()
    quiz: QuizProgress = QuizProgress()

    @property
    def is_empty(self) -> bool:
        return self == TopicWork()


@dataclass(frozen=True, slots=True)
class Place:
    """Where a patient was when they followed a link to another topic: the way back returns there."""

    topic: str
    page: str
    scroll: float = 0.0  # how far down the page, from 0 (its top) to 1 (its end): the same at any text size


@dataclass(frozen=True, slots=True)
class Visit:
    """The state of the screen a patient controls. `home_language` is the pack's, kept for `reset()`."""

    home_language: str
    language: str
    reading: bool = False  # False: the welcome screen; True: the visit has begun (a topic's pages, or the list)
    topic: str = ""  # the topic on show, in a library of several; "" for the topic list (or the only topic)
    page: str = ""  # the page id on show; "" for the first page
    text_step: int = 0  # index into TEXT_SCALES: 0 is the size IT set, each step larger
    high_contrast: bool = False
    slow_speech: bool = False  # Listen reads more slowly
    ticked: frozenset[tuple[str, int]] = frozenset()  # checklist rows ticked: (page id, row number in page)
    seen: frozenset[str] = frozenset()  # pages opened (the quiz is offered after a few)
    matters: MattersAnswers = MattersAnswers()  # how much each "what matters" statement matters
    quiz: QuizProgress = QuizProgress()  # how far through "Check what you learned"
    by_keys: bool = False  # the keypad was used: the kiosk speaks what a sighted patient would read
    # The work of the other topics of this visit (a library of topics), in the order first opened; the fields
    # above hold the work of `topic` (on the topic list, none: every topic's is shelved).
    shelved: tuple[tuple[str, TopicWork], ...] = ()
    came_from: Place | None = None  # a link to this topic was followed from there: the way back

    @classmethod
    def start(cls, language: str) -> Visit:
        """How the next patient finds the kiosk: welcome screen, pack language, default look."""
        return cls(home_language=language, language=language)

    def reset(self) -> Visit:
        return Visit.start(self.home_language)

    @property
    def text_scale(self) -> float:
        return TEXT_SCALES[self.text_step]

    @property
    def at_smallest_text(self) -> bool:
        return self.text_step == 0

    @property
    def at_largest_text(self) -> bool:
        return self.text_step == len(TEXT_SCALES) - 1

    @property
    def changed_look(self) -> bool:
        return self.text_step != 0 or self.high_contrast

    # --- transitions: each returns a new visit (or this one when nothing changes) ---
    def begin_reading(self) -> Visit:
        return self._with(reading=True)

    @property
    def work(self) -> TopicWork:
        """The work of the topic on show."""
        return TopicWork(self.ticked, self.seen, self.matters, self.quiz)

    def works(self) -> dict[str, TopicWork]:
        """Every topic's work in this visit, the one on show included, in the order first opened; topics with
        nothing done are left out."""
        found = dict(self.shelved)
        found[self.topic] = self.work
        return {topic: work for topic, work in found.items() if not work.is_empty}

    @property
    def has_take_away(self) -> bool:
        """Whether the visit holds what the patient would take home (ticked questions, what matters to them, in
        any topic): Start over asks before it clears them."""
        return any(work.ticked or work.matters.levels for work in self.works().values())

    @property
    def ticked_count(self) -> int:
        """Rows ticked in every topic of the visit (the statistics keep how many, never which)."""
        return sum(len(work.ticked) for work in self.works().values())

    def open_topic(self, topic: str, page: str = "", came_from: Place | None = None) -> Visit:
        """A card on the topic list, or a link from another topic, was tapped: that topic at `page` (its first
        page for ""), keeping the language and look. Ticks, answers and pages seen belong to the topic they were
        made in; the topic's own come back when the patient returns to it within the visit. `came_from`: where
        the link was, for the way back (a card, or the way back itself, leaves none)."""
        shelf = self._shelving()
        kept = dict(shelf).get(topic, TopicWork())
        return self._with(
            reading=True,
            topic=topic,
            page="",
            came_from=came_from,
            shelved=tuple((name, work) for name, work in shelf if name != topic),
            ticked=kept.ticked,
            seen=kept.seen,
            matters=kept.matters,
            quiz=kept.quiz,
        ).show_page(page)

    def all_topics(self) -> Visit:
        """Back to the topic list ("All topics"): the visit goes on, with its language and look; the topic's work
        is shelved under its name."""
        return self._with(
            topic="",
            page="",
            came_from=None,
            shelved=self._shelving(),
            ticked=frozenset(),
            seen=frozenset(),
            matters=MattersAnswers(),
            quiz=QuizProgress(),
        )

    def follow_to_topic(self, topic: str, page: str, scroll: float) -> Visit:
        """A link to another topic was followed from this topic's page, `scroll` of the way down it."""
        return self.open_topic(topic, page, Place(self.topic, self.page, scroll))

    def back_to_topic(self) -> tuple[Visit, float]:
        """The way back from a followed link: the topic and page it was on, and how far down to scroll it."""
        place = self.came_from
        if place is None:
            return self, 0.0
        return self.open_topic(place.topic, place.page), place.scroll

    def forget_topics(self, topics: Sequence[str]) -> Visit:
        """New content for these topics: their work goes (a row or question number may name another one), and
        so does a way back to one of them (its page may be gone)."""
        visit = self._with(shelved=tuple((name, work) for name, work in self.shelved if name not in topics))
        if visit.came_from is not None and visit.came_from.topic in topics:
            visit = visit._with(came_from=None)
        if visit.topic in topics:
            visit = visit._with(ticked=frozenset(), matters=MattersAnswers(), quiz=QuizProgress())
        return visit

    def _shelving(self) -> tuple[tuple[str, TopicWork], ...]:
        """`shelved` with the work of the topic the fields hold put away under its name."""
        shelf = dict(self.shelved)
        if not self.work.is_empty:
            shelf[self.topic] = self.work
        else:
            shelf.pop(self.topic, None)
        return tuple(shelf.items())

    def show_page(self, page_id: str) -> Visit:
        return self._with(page=page_id, seen=self.seen | {page_id} if page_id else self.seen)

    def step_text(self, steps: int) -> Visit:
        return self._with(text_step=max(0, min(len(TEXT_SCALES) - 1, self.text_step + steps)))

    def with_text_scale(self, scale: float) -> Visit:
        """The step nearest `scale` (the snapshot command names sizes, not steps)."""
        step = min(range(len(TEXT_SCALES)), key=lambda index: abs(TEXT_SCALES[index] - scale))
        return self._with(text_step=step)

    def with_contrast(self, on: bool) -> Visit:
        return self._with(high_contrast=on)

    def with_slow_speech(self, on: bool) -> Visit:
        return self._with(slow_speech=on)

    def with_language(self, language: str, offered: Sequence[str]) -> Visit:
        """Switch language if the pack has it; unknown languages are ignored, not an error."""
        return self._with(language=language) if language in offered else self

    def next_language(self, offered: Sequence[str]) -> Visit:
        if self.language not in offered:
            return self._with(language=offered[0]) if offered else self
        return self._with(language=offered[(offered.index(self.language) + 1) % len(offered)])

    def following_pack(self, home_language: str, offered: Sequence[str]) -> Visit:
        """New content arrived: keep the patient's choices where the new pack still allows them. Ticks and
        answers go: a row or question number may name another one in the new pack."""
        language = self.language if self.language in offered else home_language
        return self._with(
            home_language=home_language,
            language=language,
            ticked=frozenset(),
            matters=MattersAnswers(),
            quiz=QuizProgress(),
        )

    def toggle_tick(self, page_id: str, row: int) -> Visit:
        return self._with(ticked=self.ticked ^ {(page_id, row)})

    def with_matters(self, answers: MattersAnswers) -> Visit:
        return self._with(matters=answers)

    def with_quiz(self, progress: QuizProgress) -> Visit:
        return self._with(quiz=progress)

    def using_keys(self) -> Visit:
        return self._with(by_keys=True)

    def _with(self, **changes: object) -> Visit:
        new = dataclasses.replace(self, **changes)  # type: ignore[arg-type]  # keys are this class's fields
        return self if new == self else new


def upcoming_language(visit: Visit, offered: Sequence[str]) -> str:
    """The language the language button would switch to, or "" when there is only one."""
    if len(offered) < 2:
        return ""
    return visit.next_language(offered).language

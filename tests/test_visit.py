"""The visit as a value: every choice a patient can make, and the reset that undoes all of them (no Qt)."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.config import TEXT_SCALES
from kiosk.matters import Importance, MattersAnswers
from kiosk.quiz import QuizProgress
from kiosk.visit import Place, Visit, upcoming_language

LANGUAGES = ("en", "es")


def a_visit_that_changed_everything() -> Visit:
    """Every transition a patient can reach, one after the other."""
    visit = Visit.start("en").open_topic("si-joint-injection").toggle_tick("questions", 0).all_topics()
    visit = visit.open_topic("si-joint-injection", "benefits").follow_to_topic("si-joint-fusion", "risks", 0.5)
    visit = visit.step_text(+3).with_contrast(True)
    visit = visit.with_slow_speech(True)
    visit = visit.toggle_tick("questions", 2).with_matters(MattersAnswers().answer(0, Importance.A_LOT))
    visit = visit.with_quiz(QuizProgress().answer(0, right=False)).using_keys()
    return visit.with_language("es", LANGUAGES)


def test_reset_returns_every_field_to_its_start() -> None:
    start = Visit.start("en")
    used = a_visit_that_changed_everything()
    # Each field of the visit must be one a patient can change: a field added later without a transition
    # here (or without being part of the reset) fails this test.
    for field in dataclasses.fields(Visit):
        if field.name != "home_language":
            assert getattr(used, field.name) != getattr(start, field.name), f"{field.name} never changed"
    assert used.reset() == start
    assert used.reset().reset() == start


def test_reset_keeps_the_pack_language_not_the_patients() -> None:
    visit = Visit.start("es").with_language("en", LANGUAGES)
    assert visit.reset().language == "es"


def test_text_size_steps_stop_at_both_ends() -> None:
    visit = Visit.start("en")
    assert visit.step_text(-1) is visit and visit.at_smallest_text
    largest = visit.step_text(+100)
    assert largest.text_scale == TEXT_SCALES[-1] and largest.at_largest_text
    assert largest.step_text(+1) is largest
    assert [visit.step_text(n).text_scale for n in range(len(TEXT_SCALES))] == list(TEXT_SCALES)


@pytest.mark.parametrize(("scale", "step"), [(1.0, 0), (1.25, 1), (2.0, 4), (1.3, 1), (9.0, 4)])
def test_a_size_given_by_name_finds_the_nearest_step(scale: float, step: int) -> None:
    assert Visit.start("en").with_text_scale(scale).text_step == step


def test_languages_the_pack_lacks_are_ignored_and_the_button_cycles() -> None:
    visit = Visit.start("en")
    assert visit.with_language("fr", LANGUAGES) is visit
    assert visit.next_language(LANGUAGES).language == "es"
    assert visit.next_language(LANGUAGES).next_language(LANGUAGES).language == "en"
    assert visit.next_language(("en",)) == visit
    assert upcoming_language(visit, LANGUAGES) == "es"
    assert upcoming_language(visit, ("en",)) == ""


def test_a_new_pack_keeps_what_it_can() -> None:
    visit = Visit.start("en").with_language("es", LANGUAGES).step_text(+1)
    kept = visit.following_pack("en", LANGUAGES)
    assert kept.language == "es" and kept.text_step == 1
    moved = visit.following_pack("fr", ("fr", "en"))
    assert moved.language == "fr" and moved.home_language == "fr" and moved.reset() == Visit.start("fr")


def test_unchanged_transitions_return_the_same_visit() -> None:
    visit = Visit.start("en").begin_reading()
    assert visit.begin_reading() is visit
    assert visit.with_contrast(False) is visit
    assert visit.changed_look is False and visit.with_contrast(True).changed_look


def test_a_visit_cannot_be_changed_in_place() -> None:
    visit = Visit.start("en")
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.language = "es"  # type: ignore[misc]


def test_ticks_toggle_per_page_and_a_new_pack_clears_them() -> None:
    visit = Visit.start("en").toggle_tick("questions", 1).toggle_tick("recovery", 1)
    assert visit.ticked == {("questions", 1), ("recovery", 1)}
    assert visit.toggle_tick("questions", 1).ticked == {("recovery", 1)}
    assert visit.following_pack("en", LANGUAGES).ticked == frozenset()


def test_pages_seen_grow_as_pages_are_shown() -> None:
    visit = Visit.start("en").begin_reading().show_page("what-it-is").show_page("risks").show_page("risks")
    assert visit.seen == {"what-it-is", "risks"}


def test_a_topic_opens_at_its_first_page_and_all_topics_keeps_the_visit_going() -> None:
    visit = Visit.start("en").with_language("es", LANGUAGES).open_topic("fusion").show_page("risks").step_text(+1)
    visit = visit.toggle_tick("questions", 1)
    assert (visit.reading, visit.topic, visit.page) == (True, "fusion", "risks")
    listed = visit.all_topics()
    assert (listed.reading, listed.topic, listed.page) == (True, "", "")  # still the same patient's visit
    assert (listed.language, listed.text_step) == ("es", 1)
    other = listed.open_topic("injection")
    assert other.topic == "injection" and other.ticked == frozenset() and other.seen == frozenset()
    assert other.reset() == Visit.start("en")  # Start over and the idle reset: back to the list, in English


def test_each_topic_keeps_its_own_ticks_answers_and_quiz_within_the_visit() -> None:
    answers = MattersAnswers().answer(0, Importance.A_LOT)
    fusion = Visit.start("en").open_topic("fusion").show_page("risks").toggle_tick("questions", 2)
    fusion = fusion.with_matters(answers).with_quiz(QuizProgress().answer(0, right=True))
    listed = fusion.all_topics()
    assert listed.ticked == frozenset() and listed.ticked_count == 1  # shelved, still the visit's
    injection = listed.open_topic("injection").toggle_tick("questions", 0).toggle_tick("questions", 1)
    assert injection.ticked == {("questions", 0), ("questions", 1)} and injection.matters == MattersAnswers()
    back = injection.open_topic("fusion", "benefits")  # a link from the injection topic to a fusion page
    assert (back.topic, back.page) == ("fusion", "benefits")
    assert back.ticked == {("questions", 2)} and back.matters == answers and back.quiz.results == ((0, True),)
    assert back.seen == {"risks", "benefits"}
    assert list(back.works()) == ["injection", "fusion"]  # first opened first; the one on show included
    assert back.works()["injection"].ticked == {("questions", 0), ("questions", 1)}
    assert back.ticked_count == 3
    assert back.reset() == Visit.start("en")  # Start over and the idle reset forget every topic


def test_a_topic_left_untouched_is_not_listed_and_new_content_forgets_a_topics_work() -> None:
    visit = Visit.start("en").open_topic("fusion").all_topics().open_topic("injection")
    assert visit.works() == {}  # opened, nothing done: nothing to take home
    visit = visit.toggle_tick("questions", 0).open_topic("fusion").toggle_tick("questions", 1)
    assert visit.forget_topics(["injection"]).works().keys() == {"fusion"}
    forgotten = visit.forget_topics(["fusion"])
    assert forgotten.ticked == frozenset() and forgotten.works().keys() == {"injection"}


def test_a_followed_link_offers_the_way_back_to_its_page_and_place_with_that_topics_ticks() -> None:
    fusion = Visit.start("en").open_topic("si-joint-fusion", "questions").toggle_tick("questions", 1)
    fusion = fusion.show_page("what-it-is")
    injection = fusion.follow_to_topic("si-joint-injection", "benefits", 0.4)
    assert (injection.topic, injection.page, injection.ticked) == ("si-joint-injection", "benefits", frozenset())
    assert injection.came_from == Place("si-joint-fusion", "what-it-is", 0.4)
    injection = injection.show_page("risks").toggle_tick("questions", 0)  # reading on: the way back stays
    assert injection.came_from == Place("si-joint-fusion", "what-it-is", 0.4)
    back, scroll = injection.back_to_topic()
    assert (back.topic, back.page, scroll) == ("si-joint-fusion", "what-it-is", 0.4)
    assert back.ticked == {("questions", 1)}
    assert back.came_from is None  # one step back, then none: no way "back" to where the patient just was
    assert back.works()["si-joint-injection"].ticked == {("questions", 0)}
    assert back.back_to_topic() == (back, 0.0)
    assert injection.all_topics().came_from is None  # the list, a card, or new content for that topic: none
    assert injection.all_topics().open_topic("si-joint-injection").came_from is None
    assert injection.forget_topics(["si-joint-fusion"]).came_from is None
    assert injection.forget_topics(["si-joint-injection"]).came_from is not None
    assert injection.reset().came_from is None

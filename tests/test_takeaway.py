"""The My questions sheet and its QR codes: the exact text comes back out of every code (no Qt)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.library import load_library
from kiosk.takeaway import MAX_VERSION, Group, Section, Sheet, chosen_groups, fits, qr_png, qr_texts, sheet_html
from tests.conftest import BUNDLED, read_qr

PARTS = "Code {part} of {parts}"


def one_topic(heading: str, groups: tuple[Group, ...], topic: str = "") -> Sheet:
    return Sheet(heading, (Section(topic, groups),))


def decode(text: str) -> str:
    """What a phone would read: the PNG the kiosk shows, decoded by zxing-cpp."""
    from PySide6.QtGui import QImage

    return read_qr(QImage.fromData(qr_png(text, 4)))


def test_chosen_rows_follow_the_page_order_not_the_tap_order() -> None:
    pages = [("benefits", "Benefits", ["How likely?", "How much?"]), ("risks", "Risks", ["What risks?"])]
    ticked = frozenset({("risks", 0), ("benefits", 1)})
    assert chosen_groups(pages, ticked) == [("Benefits", ("How much?",)), ("Risks", ("What risks?",))]
    assert chosen_groups(pages, frozenset({("benefits", 5)})) == []
    sheet = one_topic("Mine", tuple(chosen_groups(pages, ticked)))
    assert sheet.text() == "Mine\nBenefits:\n- How much?\nRisks:\n- What risks?"


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_bundled_question_ticked_reads_back_exactly(language: str) -> None:
    library = load_library(BUNDLED)
    pages = [(page.id, page.tab, page.checklist) for page in library.pages_in(language)]
    everything = frozenset((page_id, n) for page_id, _, rows in pages for n in range(len(rows)))
    words = library.text_for(language)
    topic = words.welcome_title or library.pack.info.title  # the pack's title in this language
    sheet = one_topic(words.my_questions_title, tuple(chosen_groups(pages, everything)), topic)
    lines = list(sheet.lines)
    groups = sheet.sections[0].groups
    assert len(lines) >= 20 and len(groups) == 2  # the Recovery checklist and the Questions page
    texts = qr_texts(sheet, words.qr_part)
    assert len(texts) > 1  # too long for one readable code: numbered parts instead
    decoded = [decode(text) for text in texts]
    assert decoded == texts
    # Every question arrives whole, once, in order, and each part says which part it is.
    got = [line[2:] for text in decoded for line in text.splitlines()[1:] if line.startswith("- ")]
    assert got == lines
    # A group split between codes says again, in the next code, whose rows they are.
    for text in decoded[1:]:
        assert text.splitlines()[1] in {f"{title}:" for title, _ in groups}
    # Every code names the procedure: the heading, the topic's title in the visit's language, the part.
    for index, code in enumerate(decoded, start=1):
        part = words.qr_part.format(part=index, parts=len(texts))
        assert code.splitlines()[0] == f"{words.my_questions_title} — {topic} ({part})"


def test_a_short_list_is_one_code_without_a_part_number() -> None:
    sheet = one_topic(
        "My questions for my care team", (("", ("Why do you think the pain comes from my SI joint?",)),)
    )
    assert qr_texts(sheet, PARTS) == [sheet.text()]
    assert (
        decode(sheet.text())
        == "My questions for my care team\n- Why do you think the pain comes from my SI joint?"
    )


def test_a_question_too_long_for_any_code_is_shortened_not_dropped() -> None:
    sheet = one_topic("Questions", (("", ("word " * 400, "Short one?")),))
    texts = qr_texts(sheet, PARTS)
    assert texts[0].splitlines()[0] == "Questions" and texts[0].splitlines()[1].endswith("…")
    assert texts[-1].endswith("\n- Short one?")
    assert all(fits(text) for text in texts)


def test_ten_or_more_parts_are_numbered_with_room_to_spare() -> None:
    sheet = one_topic(
        "Questions", (("", tuple(f"Question number {n}: " + "long words " * 25 for n in range(40))),)
    )
    texts = qr_texts(sheet, PARTS)
    assert len(texts) >= 10
    assert all(fits(text) for text in texts)
    assert texts[-1].splitlines()[0] == f"Questions (Code {len(texts)} of {len(texts)})"


@settings(max_examples=25, deadline=None, derandomize=True)  # the same cases on every run, as test_fuzz
@given(
    st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=120).map(
            str.strip
        ),
        max_size=12,
    )
)
def test_any_text_survives_the_round_trip(lines: list[str]) -> None:
    sheet = one_topic("Mis preguntas", (("Preguntas", tuple(lines)),), "Fusión")
    for text in qr_texts(sheet, PARTS):
        assert fits(text)
        assert decode(text) == text


def test_codes_stay_small_enough_to_scan_from_the_screen() -> None:
    import segno

    rows = tuple("¿Cuánto tiempo estaré en el hospital?" for _ in range(30))
    text = qr_texts(one_topic("Q", (("Preguntas", rows),)), PARTS)[0]
    version = segno.make_qr(text, error="m", boost_error=False, encoding="utf-8").version
    assert isinstance(version, int) and version <= MAX_VERSION  # never a Micro QR code ("M4")
    assert io.BytesIO(qr_png(text, 1)).getbuffer().nbytes > 0


TWO_TOPICS = Sheet(
    "My questions",
    (
        Section(
            "SI joint fusion",
            (("Questions to ask", ("When can I drive?",)),),
            ("What matters to me", ("It matters a lot to me: less pain",)),
        ),
        Section("SI joint injection", (("Questions to ask", ("Will the needle hurt?",)),)),
    ),
)


def test_each_topic_has_codes_of_its_own_that_name_it() -> None:
    texts = qr_texts(TWO_TOPICS, PARTS)
    assert [decode(text) for text in texts] == texts
    assert texts == [
        "My questions — SI joint fusion (Code 1 of 2)\nQuestions to ask:\n- When can I drive?\n"
        "What matters to me:\n- It matters a lot to me: less pain",
        "My questions — SI joint injection (Code 2 of 2)\nQuestions to ask:\n- Will the needle hurt?",
    ]


def test_the_printed_sheet_groups_lines_by_topic_and_boxes_only_the_questions() -> None:
    page = sheet_html(TWO_TOPICS, "Your procedure", ["Riverside Clinic"])
    assert page.index("<h2 class='topic'>SI joint fusion</h2>") < page.index("When can I drive?")
    assert page.index("When can I drive?") < page.index("<h2 class='topic'>SI joint injection</h2>")
    assert page.index("<h2 class='topic'>SI joint injection</h2>") < page.index("Will the needle hurt?")
    assert page.count("☐") == 2  # the two questions; what matters is said, not ticked
    assert "<h3>What matters to me</h3><p class='said'>It matters a lot to me: less pain</p>" in page
    alone = sheet_html(Sheet("My questions", TWO_TOPICS.sections[:1]), "SI joint fusion", [])
    assert "class='topic'" not in alone  # one topic: the page's title already names it


def test_a_title_too_long_for_any_code_is_shortened_in_every_heading() -> None:
    sheet = Sheet("My questions", (Section("SI joint fusion " * 60, (("Questions", ("When?", "Why?" * 120)),)),))
    texts = qr_texts(sheet, PARTS)
    assert len(texts) == 2 and all(fits(text) for text in texts)
    assert all(text.startswith("My questions — SI joint fusion SI joint") for text in texts)
    assert [text.splitlines()[0][-len("… (Code 1 of 2)") :] for text in texts] == [
        "… (Code 1 of 2)",
        "… (Code 2 of 2)",
    ]
    assert texts[0].endswith("\n- When?") and "\nQuestions:\n- Why?Why?" in texts[1]

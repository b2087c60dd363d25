"""A page cut into sentences for the voice, each knowing the stretch of the page it covers (no Qt)."""

from __future__ import annotations

from kiosk.spoken import Block, Cell, Sentence, sentences


def page_of(*texts: str) -> list[Block]:
    """Blocks as a document holds them: one after another, a paragraph separator between each."""
    blocks, position = [], 0
    for text in texts:
        blocks.append(Block(text, position))
        position += len(text) + 1
    return blocks


def document_text(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks)


def covered(sentence: Sentence, document: str) -> str:
    return document[sentence.start : sentence.end]


def test_paragraphs_split_into_sentences_that_cover_their_own_words() -> None:
    blocks = page_of("What is SI joint fusion?", "It joins two bones. Most people go home the next day!")
    said = sentences(blocks, "en")
    assert [s.text for s in said] == [
        "What is SI joint fusion?",
        "It joins two bones.",
        "Most people go home the next day!",
    ]
    document = document_text(blocks)
    assert [covered(s, document) for s in said] == [s.text for s in said]
    assert [s.start for s in said] == sorted(s.start for s in said)


def test_abbreviations_and_decimal_numbers_do_not_end_a_sentence() -> None:
    said = sentences(page_of("Ask Dr. Smith about it, e.g. the risks. A fever over 38.3 °C is a sign."), "en")
    assert [s.text for s in said] == ["Ask Dr. Smith about it, e.g. the risks.", "A fever over 38.3 °C is a sign."]


def test_spanish_questions_and_abbreviations() -> None:
    said = sentences(page_of("¿Qué es la fusión? Pregunte a la Dra. García. Pesa 1,5 kg."), "es")
    assert [s.text for s in said] == ["¿Qué es la fusión?", "Pregunte a la Dra. García.", "Pesa 1,5 kg."]


def test_headings_and_list_items_are_sentences_of_their_own_even_without_a_full_stop() -> None:
    blocks = page_of("Key points", "Most people walk the same day", "", "Risks")
    assert [s.text for s in sentences(blocks, "en")] == ["Key points", "Most people walk the same day", "Risks"]


def test_decorative_symbols_are_skipped_and_positions_still_match_the_page() -> None:
    blocks = page_of("▲ Scroll up ▼", "◐ Contrast", "\ufffc Figure 1: the pelvis ★")
    said = sentences(blocks, "en")
    assert [s.text for s in said] == ["Scroll up", "Contrast", "Figure 1: the pelvis"]
    document = document_text(blocks)
    assert covered(said[0], document) == "Scroll up"
    assert covered(said[2], document) == "Figure 1: the pelvis"
    assert sentences(page_of("▲ ▼ ☐ ◐", "\ufffc"), "en") == []  # nothing but symbols: nothing to say


def test_symbols_that_mean_something_are_read_as_words_at_their_place() -> None:
    blocks = page_of("☐ Will I need a brace?", "☑ How long is the stay?")
    said = sentences(blocks, "en", {"☐": "Not ticked:", "☑": "Ticked:"})
    assert [s.text for s in said] == ["Not ticked: Will I need a brace?", "Ticked: How long is the stay?"]
    assert said[0].start == 0  # the box is part of what is marked
    document = document_text(blocks)
    first = said[0]
    word = first.text.index("brace")
    assert document[first.document_position(word) :].startswith("brace")
    assert first.document_position(0) == 0  # words said for the box point at the box
    assert document[said[1].document_position(said[1].text.index("stay")) :].startswith("stay")


def test_a_table_with_headings_is_read_row_by_row_with_each_heading() -> None:
    texts = ["Problem", "How many people", "Numb toes or foot", "Less than 1 in 100", "Hip pain", "About 2 in 100"]
    blocks, position = [], 10
    for index, text in enumerate(texts):
        blocks.append(Block(text, position, Cell(table=10, row=index // 2, column=index % 2, headed=True)))
        position += len(text) + 1
    blocks.append(Block("The last row comes from several studies.", position))
    said = sentences(blocks, "en")
    assert [s.text for s in said] == [
        "Problem: Numb toes or foot, How many people: Less than 1 in 100",
        "Problem: Hip pain, How many people: About 2 in 100",
        "The last row comes from several studies.",
    ]
    row = said[0]
    assert (row.start, row.end) == (blocks[2].start, blocks[3].start + len(texts[3]))
    # A word the engine reports inside a cell lands on that cell; a heading's words land on its cell.
    assert row.document_position(row.text.index("toes")) == blocks[2].start + texts[2].index("toes")
    assert row.document_position(row.text.index("Less")) == blocks[3].start
    assert row.document_position(row.text.index("How many")) == blocks[3].start


def test_call_outs_and_icon_arrays_read_every_paragraph_in_order() -> None:
    # One-column call-out boxes and icon arrays have no heading row: their paragraphs read as they stand.
    blocks = [
        Block("Key points", 0, Cell(0, 0, 0)),
        Block("Most go home in a day. Some stay two.", 11, Cell(0, 0, 0)),
        Block("Problems after surgery", 60, Cell(60, 0, 0)),
        Block("\ufffc", 83, Cell(60, 1, 0)),
        Block("11 in 100", 85, Cell(60, 1, 0)),
        Block("A problem with the wound", 95, Cell(60, 1, 0)),
        Block("3 in 100", 120, Cell(60, 1, 1)),
    ]
    assert [s.text for s in sentences(blocks, "en")] == [
        "Key points",
        "Most go home in a day.",
        "Some stay two.",
        "Problems after surgery",
        "11 in 100",
        "A problem with the wound",
        "3 in 100",
    ]


def test_line_breaks_inside_a_paragraph_read_as_spaces() -> None:
    said = sentences(page_of("Call 911\u2028if you have chest pain."), "en")
    assert [s.text for s in said] == ["Call 911 if you have chest pain."]


def test_position_past_the_said_text_is_the_end_of_the_sentence() -> None:
    sentence = sentences(page_of("One two."), "en")[0]
    assert sentence.document_position(len(sentence.text) + 5) == sentence.end

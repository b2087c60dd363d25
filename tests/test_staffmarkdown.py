"""Markdown as clinic staff type it (issue 22): the tidier on its own, the staff-style corpus in
tests/data/staff-pack rendered to the structure its writer meant, and the warnings `kiosk check` gives."""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import override

from kiosk.authoring import check_pack
from kiosk.errors import Severity
from kiosk.library import load_library
from kiosk.staffmarkdown import forgive, tidy_characters
from tests.conftest import PackFactory

CORPUS = Path(__file__).parent / "data" / "staff-pack"
ISSUE_EXAMPLE = "Bring these things:\n- your glasses\n- your medicines\nAlso:\n1. first\n2. second\n"


class _Outline(HTMLParser):
    """The page's body as nested tags: 'ul(2)' is a list of two items, what is inside an item follows in []."""

    VOID = frozenset({"br", "img", "hr", "a"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[object]] = [[]]
        self.texts: list[str] = []

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            self.stack[-1].append(tag)
            return
        classes = dict(attrs).get("class")
        node: list[object] = [f"{tag}.{classes}" if classes else tag]
        self.stack[-1].append(node)
        self.stack.append(node)

    @override
    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()

    @override
    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _shape(node: object) -> object:
    """'ul(2)' for a flat list; a list item with a nested list becomes ['li', <nested>]."""
    if not isinstance(node, list):
        return node
    tag, children = node[0], [_shape(child) for child in node[1:]]
    if tag in ("ul", "ol", "ul.checklist") and all(child == "li" for child in children):
        return f"{tag}({len(children)})"
    inner = [child for child in children if child not in ("p", "li", "br", "a", "span")]
    if tag.split(".")[0] in ("p", "li", "h2", "span", "td", "th") and not inner:
        return tag
    return [tag, *children]


def outline(page_html: str) -> list[object]:
    """The shape of a rendered page between its title and its footer."""
    body = page_html.split("</h1>", 1)[1].rsplit("<hr", 1)[0]
    parser = _Outline()
    parser.feed(body)
    return [_shape(node) for node in parser.stack[0]]


def text_of(page_html: str) -> str:
    parser = _Outline()
    parser.feed(page_html)
    return "".join(parser.texts)


@functools.cache
def corpus_html() -> dict[str, str]:
    return {page.id: page.html for page in load_library(CORPUS).pages_in("en")}


def test_the_issues_example_is_a_paragraph_a_list_a_paragraph_and_a_numbered_list(
    make_pack: PackFactory,
) -> None:
    library = load_library(make_pack({"one": ISSUE_EXAMPLE}))
    (page,) = library.pages_in("en")
    assert outline(page.html) == ["p", "ul(2)", "p", "ol(2)"]
    assert "Bring these things:" in page.html and "<li>your medicines</li>" in page.html
    assert "<p>Also:</p>" in page.html and "<li>second</li>" in page.html


def test_lists_without_empty_lines_nest_by_2_spaces_4_spaces_and_tabs() -> None:
    li_with = ["li", "ul(2)"]
    assert outline(corpus_html()["lists"]) == [
        "p", "ul(2)", "p", "ol(2)",
        "h2", "p", ["ul", ["li", ["ul", "li", ["li", "ul(1)"]]], ["li", "ol(2)"], "li"],
        "h2", ["ul", li_with, li_with],
        "h2", "p", "ol(3)",
    ]  # fmt: skip


def test_pasted_word_bullets_numbers_and_characters() -> None:
    page = corpus_html()["pasted"]
    assert outline(page) == ["p", ["ul", "li", ["li", "ul(1)"], "li", "li"], "p", "ol(2)"]
    words = text_of(page)
    assert "\u201cBring a list of all your medicines.\u201d It\u2019s" in words  # smart quotes kept as typed
    assert "Take 10\u00a0mg only" in words  # a no-break space that ties a number to its unit stays
    assert "so.  Ask before you take anything else." in words  # others are spaces; invisible ones are gone
    for pasted in ("\u200b", "\u00ad", "\u2022", "\u2013", "\u25e6", "1)", "\u00b7"):
        assert pasted not in page.split("<hr", 1)[0]


def test_callouts_checklists_tables_breaks_and_icons_keep_working() -> None:
    page = corpus_html()["callouts"]
    assert outline(page) == [
        ["table.callout note", ["tbody", ["tr", ["td", "p.callout-title", ["ul", ["li", "ul(1)"], "li"]]]]],
        "p",
        "ul.checklist(2)",
        ["table.callout warning", ["tbody", ["tr", ["td", "p.callout-title", "p", "ul(2)"]]]],
        "p",
        ["table.data", ["thead", ["tr", "th", "th"]], ["tbody", ["tr", "td", "td"], ["tr", "td", "td"]]],
        "p",  # the address, its lines broken by backslashes (below)
        ["table.icons", ["tbody", ["tr", ["td", "p.callout-title"]],
                                  ["tr", ["td", ["p.icons-figure", "img"], "p.icons-count", "p.icons-label"]]]],
    ]  # fmt: skip
    assert "Our address:<br>\n1 Main Street<br>\nSpringfield</p>" in page
    assert "\\" not in page


@pytest.mark.parametrize("ending", ["\r\n", "mixed"])
def test_windows_and_mixed_line_endings_render_the_same(tmp_path: Path, ending: str) -> None:
    copy = tmp_path / "pack"
    (copy / "en").mkdir(parents=True)
    (copy / "pack.toml").write_bytes((CORPUS / "pack.toml").read_bytes())
    for source in (CORPUS / "en").glob("*.md"):
        lines = source.read_text("utf-8").split("\n")
        if ending == "mixed":  # Windows lines pasted into a file saved with Unix ones, and an old Mac line
            text = "".join(line + ("\r\n", "\n", "\r")[number % 3] for number, line in enumerate(lines))
        else:
            text = "\r\n".join(lines)
        (copy / "en" / source.name).write_bytes(text.encode("utf-8"))
    library = load_library(copy)
    assert {page.id: page.html for page in library.pages_in("en")} == corpus_html()


def test_check_warns_where_the_page_still_surprises_with_lines_and_fixes() -> None:
    library = load_library(CORPUS)
    warnings = [
        issue
        for issue in [*library.issues, *check_pack(library.pack)]
        if issue.severity is Severity.WARNING and "too hard to read" not in issue.message
    ]
    found = {(Path(issue.path).name, issue.line): issue.message for issue in warnings}
    expected = {
        9: "'#' with no space after it still makes a heading",
        12: "'2.' right under a sentence does not start a numbered list",
        15: "lettered items such as 'a)' are not a list",
        18: "'-' with no space after it is not a list item: put a space after '-'",
        22: "this table row has 3 cell(s) but the first row has 2: the last 1 will not show",
        23: "this table row has 1 cell(s) but the first row has 2: 1 empty cell(s) are added",
        25: "this looks like a table but has no line of dashes under its first row",
        28: "starts with 4 or more spaces after an empty line, so it shows as typewriter-style code",
        30: "link 'risk.md' does not lead to a page of this pack",
    }
    assert sorted(found) == [("surprises.md", line) for line in expected]  # the other pages: no warning
    for line, words in expected.items():
        assert words in found["surprises.md", line]


# The tidier on its own: what it must leave alone.


def _forgiven(text: str) -> str:
    return "\n".join(forgive(text.split("\n"))[0])


@pytest.mark.parametrize(
    "text",
    [
        "Some text\n\n    - code, not a list\n    more code",  # indented code
        "```\nWords:\n- inside a fence\n  - stays\n```",
        "| a | b |\n|---|---|\n| - x | 1) y |",  # a table
        "- - -\n\n* * *",  # lines across
        "We moved in\n2024. Then we grew.",  # only 1 starts a numbered list under a sentence
        "Words\\\\\nmore",  # an escaped backslash is not a line break
        "- [ ] a question\n- [x] another",  # a checklist
        "!!! note\n    - a\n        - b\n\n    Text.",  # a call-out already written the strict way
        "- a\n\n    more about a\n\n- b",
    ],
)
def test_the_strict_form_and_what_is_not_a_list_are_left_alone(text: str) -> None:
    assert _forgiven(text) == text


@pytest.mark.parametrize(
    ("text", "strict"),
    [
        ("Intro\n- a\n- b", "Intro\n\n- a\n- b"),
        ("- a\n  - b\n    - c\n- d", "- a\n    - b\n        - c\n- d"),
        ("  - a\n  - b", "- a\n- b"),  # a whole list indented
        ("Steps:\n1) one\n2) two", "Steps:\n\n1. one\n2. two"),
        ("\u2022Tea\n\u2013 coffee", "- Tea\n- coffee"),
        ("1. a\n- b", "1. a\n\n- b"),  # a bullet list of its own after a numbered one
        ("- a\nAlso", "- a\n\nAlso"),
        ("- a\n  more of a\n- b", "- a\n  more of a\n- b"),  # a continued line stays in its item
        ("- a\n\n  more about a\n- b", "- a\n\n    more about a\n\n- b"),
        ("!!! tip\n  - a\n    - b", "!!! tip\n    - a\n        - b"),  # a 2-space call-out body
        ("Intro:\n| a |\n|---|", "Intro:\n\n| a |\n|---|"),
        ("Line\\\nnext", "Line  \nnext"),
    ],
)
def test_staff_forms_become_the_strict_form(text: str, strict: str) -> None:
    assert _forgiven(text) == strict


def test_notes_point_at_the_lines_given() -> None:
    _, notes = forgive(["!!! note", "    Some words", "    2. step", "", "#Title", "Words", "    - deep"])
    assert [note.line for note in notes] == [2, 4, 6]
    assert "remove the spaces" in notes[2].message


def test_pasted_characters() -> None:
    assert tidy_characters("a\u00a0\u00a0b \u00a0- c 10\u00a0mg Dr.\u00a0Who") == "a  b  - c 10\u00a0mg Dr. Who"
    assert tidy_characters("soft\u00adhy\u200bphen\u2060\ufeff") == "softhyphen"
    assert tidy_characters("\U0001f469\u200d\u2695\ufe0f") == "\U0001f469\u200d\u2695\ufe0f"  # emoji joiner kept


_PIECES = st.sampled_from(
    ["", "Text", "- a", "  - b", "    - c", "\t- d", "1. x", "2) y", "a) z", "\u2022 w", "\u2013 v", "!!! note",
     "    Body", "  - in box", "| a | b |", "|---|---|", "| 1 |", "```", "#Head", "## Head", "    code", "- [ ] q",
     "- - -", "more\\", "-x", "  more"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30))
@settings(max_examples=400, deadline=None, derandomize=True)  # the same cases on every run, as test_fuzz
def test_tidying_twice_changes_nothing_more(lines: list[str]) -> None:
    once, notes = forgive(lines)
    assert forgive(once)[0] == once
    assert all(0 <= note.line < len(lines) for note in notes)

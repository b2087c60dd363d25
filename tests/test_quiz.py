"""The quiz and 'what matters' forms: parsing, checking across languages, broken and hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import load_pack
from kiosk.errors import Issue
from kiosk.matters import Importance, MattersAnswers, parse_matters, sheet_lines
from kiosk.quiz import QuizProgress, QuizSettings, offer_quiz, parse_quiz
from kiosk.uitext import UiText
from tests.conftest import BUNDLED, PackFactory

PAGES = {"benefits", "risks"}
GOOD = """# Check

## Did the pretend-surgery study find a clear benefit?

- [ ] Yes, a large one.
- [x] No. The gap was small.

> Both groups felt better.

[Benefits](benefits.md)
"""


def quiz_from(tmp_path: Path, text: str | bytes) -> tuple[object, list[Issue]]:
    path = tmp_path / "quiz.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return parse_quiz(path, "en", PAGES)


def errors(issues: list[Issue]) -> list[str]:
    return [f"{issue.line}: {issue.message}" for issue in issues if issue.is_error]


def test_a_good_quiz_is_read(tmp_path: Path) -> None:
    quiz, issues = quiz_from(tmp_path, GOOD)
    assert errors(issues) == []
    question = quiz.questions[0]  # type: ignore[attr-defined]
    assert (question.right, question.page, question.page_label) == (1, "benefits", "Benefits")
    assert question.right_answer == "No. The gap was small." and question.explanation == "Both groups felt better."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("- [x] No.", "- [ ] No."), "3: no right answer"),
        (("- [ ] Yes", "- [x] Yes"), "3: 2 answers marked right (lines 5, 6)"),
        (("- [ ] Yes, a large one.\n", "- [ ] A\n- [ ] B\n- [ ] C\n- [ ] Yes, a large one.\n"), "3: 5 answer(s)"),
        (("(benefits.md)", "(cost.md)"), "10: link to 'cost.md', but the pack has no page 'cost'"),
        (("(benefits.md)", "(https://example.com)"), "10: link to 'https://example.com'"),
        (("> Both groups felt better.\n", ""), "3: no explanation"),
        (("[Benefits](benefits.md)\n", ""), "3: no link to the page"),
        (("- [ ] Yes", "Yes"), "5: line not understood"),
        (("Yes, a large one.", "<b>Yes</b>"), "5: the answer contains markup"),
    ],
)
def test_each_mistake_is_named_with_its_line(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    quiz, issues = quiz_from(tmp_path, GOOD.replace(*change, 1))
    assert quiz is None
    assert any(message.startswith(expected) for message in errors(issues)), errors(issues)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "file is empty"),
        ("   \n\n", "file is empty"),
        (b"\x00\x01binary", "file is binary"),
        (b"## Q\n- [x] caf\xe9\n", "not UTF-8"),
        ("# Only a title\n", "no questions"),
        ("## Q?\n- [x] A\n- [ ] B\n> Why.\n[Risks](risks.md)\n" * 3000, "file is too large"),
        ("## Q?\n- [x] A\n- [ ] B\n> Why.\n[Risks](risks.md)\n" * 21, "more than 20 questions"),
    ],
)
def test_broken_and_hostile_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    quiz, issues = quiz_from(tmp_path, content)
    assert quiz is None and any(expected in message for message in errors(issues)), errors(issues)


def test_languages_must_ask_the_same_questions(make_pack: PackFactory) -> None:
    root = make_pack({"benefits": "Words.", "risks": "Words."})
    (root / "en" / "quiz.md").write_text(GOOD, "utf-8")
    (root / "es").mkdir()
    for page in ("benefits", "risks"):
        (root / "es" / f"{page}.md").write_text((root / "en" / f"{page}.md").read_text("utf-8"), "utf-8")
    (root / "es" / "quiz.md").write_text(
        GOOD.replace("- [ ] Yes", "- [x] Yes").replace("- [x] No", "- [ ] No").replace("benefits.md", "risks.md"),
        "utf-8",
    )
    pack, issues = load_pack(root)
    warnings = [str(issue) for issue in issues if "es/quiz.md" in str(issue.path)]
    assert any("answer 1 is marked right; in en answer 2 is" in w for w in warnings)
    assert any("links to 'risks'; in en to 'benefits'" in w for w in warnings)
    assert set(pack.quizzes) == {"en", "es"}  # warnings only: both are offered
    assert not any("not listed in pack.toml" in str(issue) for issue in issues)  # quiz.md is no page


def test_a_pack_without_a_quiz_has_none(make_pack: PackFactory) -> None:
    pack, issues = load_pack(make_pack())
    assert pack.quizzes == {} and pack.matters == {} and not any("quiz" in str(i) for i in issues)


def test_the_bundled_forms_are_clean_and_agree() -> None:
    pack, issues = load_pack(BUNDLED)
    mine = [str(i) for i in issues if i.is_problem and Path(str(i.path)).name in ("quiz.md", "matters.md")]
    assert mine == []
    assert [len(q.questions) for q in pack.quizzes.values()] == [5, 5]
    pages = {page.id for page in pack.pages["en"]}
    for quiz in pack.quizzes.values():
        assert {question.page for question in quiz.questions} <= pages
    assert [len(m.statements) for m in pack.matters.values()] == [6, 6]


def test_progress_counts_only_the_first_answer() -> None:
    progress = QuizProgress().answer(0, False).answer(0, True).answer(2, True)
    assert progress.results == ((0, False), (2, True))
    assert (
        not offer_quiz(QuizSettings(), 2)
        and offer_quiz(QuizSettings(), 3)
        and offer_quiz(QuizSettings(tab=True), 0)
    )


def test_matters_form_and_sheet_lines(tmp_path: Path) -> None:
    path = tmp_path / "matters.md"
    path.write_text("# What matters?\n\nPick.\n\n- Avoiding surgery\n- Working soon\n- Being sure\n", "utf-8")
    matters, issues = parse_matters(path, "en")
    assert matters is not None and errors(issues) == []
    assert (matters.title, matters.intro, matters.statements[1]) == ("What matters?", "Pick.", "Working soon")
    answers = (
        MattersAnswers()
        .answer(0, Importance.A_LITTLE)
        .answer(1, Importance.A_LOT)
        .answer(0, Importance.NOT_AT_ALL)
    )
    assert sheet_lines(matters, answers, UiText()) == [
        "This matters a lot to me: Working soon",
        "This does not matter to me: Avoiding surgery",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "file is empty"),
        ("# Title only\n", "no statements"),
        ("- [ ] A box\n- B\n- C\n", "without [ ] or [x]"),
        ("- A\n- B\n- C\n\n## More\n", "line not understood"),
        ("".join(f"- Statement {n}\n" for n in range(11)), "at most 10"),
    ],
)
def test_broken_matters_files(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "matters.md"
    path.write_text(content, "utf-8")
    matters, issues = parse_matters(path, "en")
    assert matters is None and any(expected in message for message in errors(issues)), errors(issues)

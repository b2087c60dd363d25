"""'Check what you learned': a short teach-back quiz a pack may add as `<language>/quiz.md` (no Qt).

The form, one question after another::

    # Check what you learned

    ## Did the study with a pretend surgery find a clear benefit?

    - [ ] Yes. Real fusion was far better.
    - [x] No. The gap was small and may have been chance.

    > Both groups felt better, and real fusion added only about 1 point out of 10.

    [Benefits](benefits.md)

`[x]` marks the one right answer; the `>` line says why, in one sentence; the link names the page that
explains it. A quiz with any error is not offered in that language; `kiosk check` lists why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.errors import Issue, Severity, has_errors
from kiosk.formfile import Line, check_text, heading, plain, read_form
from kiosk.schema import Flag, Number, setting

QUIZ_FILE = "quiz.md"
MIN_ANSWERS, MAX_ANSWERS = 2, 4
MAX_QUESTIONS = 20  # beyond this the file is surely wrong; patients tire long before
ADVISED_QUESTIONS = 8
_ANSWER = re.compile(r"^[-*+]\s+\[([ xX])\]\s*(.*)$")
_LINK = re.compile(r"^\[([^\]]+)\]\(\s*([^)\s]+)\s*\)\.?$")
_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[¿¡\"'(]?[A-ZÁÉÍÓÚÑÜ0-9])")
_SHAPES = "'## question', '- [ ] answer', '- [x] right answer', '> why' or '[Page](page.md)'"


@dataclass(frozen=True, slots=True)
class QuizSettings:
    """pack.toml [quiz]: where the 'Check what you learned' quiz is offered."""

    tab: bool = setting(False, Flag(), "Show the quiz as its own tab after the pages, instead of a button.")
    after_pages: int = setting(
        3,
        Number(0, 50, integer=True),
        "Without a tab: the button appears once a patient has opened this many different pages (0: at once).",
    )


@dataclass(frozen=True, slots=True)
class Question:
    """One quiz question: its answers, which one is right, and why."""

    text: str
    answers: tuple[str, ...]
    right: int  # index into answers
    explanation: str
    page: str  # the page id that explains it
    page_label: str  # the link's words, e.g. "Benefits"
    line: int

    @property
    def right_answer(self) -> str:
        return self.answers[self.right]


@dataclass(frozen=True, slots=True)
class Quiz:
    """The quiz of one language: its questions, in order."""

    language: str
    path: Path
    title: str  # "" when the file has no '# ' heading: the kiosk's own words are used
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class QuizProgress:
    """What one visit did with the quiz; the visit keeps it, so Start over and the idle reset forget it.

    `results` holds (question index, right the first time) in the order answered; `current` is the
    question on show, and `finished` is set once the patient has seen the closing message.
    """

    results: tuple[tuple[int, bool], ...] = ()
    current: int = 0
    finished: bool = False

    def result(self, index: int) -> bool | None:
        return next((right for number, right in self.results if number == index), None)

    def answer(self, index: int, right: bool) -> QuizProgress:
        """The first answer to a question counts; later ones change nothing."""
        if self.result(index) is not None:
            return self
        return replace(self, results=(*self.results, (index, right)))

    def move_to(self, index: int) -> QuizProgress:
        return replace(self, current=index)

    def finish(self) -> QuizProgress:
        return replace(self, finished=True)

    def to_read_again(self, quiz: Quiz) -> tuple[tuple[str, str], ...]:
        """(page id, label) of the pages explaining what was missed, each once, in question order."""
        missed = {index for index, right in self.results if not right}
        pages: dict[str, str] = {}
        for index, question in enumerate(quiz.questions):
            if index in missed:
                pages.setdefault(question.page, question.page_label)
        return tuple(pages.items())


def offer_quiz(settings: QuizSettings, pages_seen: int) -> bool:
    """Whether the 'Check what you learned' button shows, once a visit has opened `pages_seen` pages."""
    return settings.tab or pages_seen >= settings.after_pages


def load_quizzes(
    root: Path, languages: Collection[str], default: str, page_ids: Collection[str]
) -> tuple[dict[str, Quiz], list[Issue]]:
    """Every language's quiz that can be offered, and the problems found (a pack without quizzes has none)."""
    paths = {language: root / language / QUIZ_FILE for language in languages}
    present = {language: path for language, path in paths.items() if path.is_file()}
    if not present:
        return {}, []
    issues: list[Issue] = []
    quizzes: dict[str, Quiz] = {}
    for language in sorted(paths):
        if language not in present:
            issues.append(
                Issue(paths[language], None, "no quiz in this language: the quiz is not offered", Severity.WARNING)
            )
            continue
        quiz, problems = parse_quiz(present[language], language, page_ids)
        issues += problems
        if quiz is not None:
            quizzes[language] = quiz
    if default in quizzes:
        for language, quiz in sorted(quizzes.items()):
            if language != default:
                issues += _compare(quizzes[default], quiz)
    return quizzes, issues


def parse_quiz(path: Path, language: str, page_ids: Collection[str]) -> tuple[Quiz | None, list[Issue]]:
    """Read one quiz.md. None when it has any error: half a quiz would confuse more than it teaches."""
    lines, issues = read_form(path)
    if lines is None:
        return None, issues
    title, blocks = _split(path, lines, issues)
    questions = [q for q in (_question(path, block, page_ids, issues) for block in blocks) if q is not None]
    if not blocks:
        issues.append(Issue(path, None, "no questions: each question starts with a '## ' line"))
    elif len(blocks) > MAX_QUESTIONS:
        issues.append(Issue(path, blocks[MAX_QUESTIONS][0].number, f"more than {MAX_QUESTIONS} questions"))
    elif len(blocks) > ADVISED_QUESTIONS:
        issues.append(
            Issue(
                path,
                blocks[ADVISED_QUESTIONS][0].number,
                f"{len(blocks)} questions; patients tire after about {ADVISED_QUESTIONS}: keep the key ones",
                Severity.WARNING,
            )
        )
    if has_errors(issues):
        return None, issues
    return Quiz(language, path, title, tuple(questions)), issues


def _split(path: Path, lines: list[Line], issues: list[Issue]) -> tuple[str, list[list[Line]]]:
    """The '# ' title and the lines of each question, from its '## ' line to the next."""
    title = ""
    blocks: list[list[Line]] = []
    for line in lines:
        found = heading(line)
        if found and found[0] == 1 and not blocks and not title:
            title = plain(found[1])
            check_text(path, line.number, "the title", title, 60, issues)
        elif found and found[0] == 2:
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        else:
            issues.append(
                Issue(
                    path,
                    line.number,
                    "text before the first question is not shown; start each question with '## '",
                    Severity.WARNING,
                )
            )
    return title, blocks


def _question(path: Path, block: list[Line], page_ids: Collection[str], issues: list[Issue]) -> Question | None:
    head, start = block[0], len(issues)
    found = heading(head)
    text = plain(found[1]) if found else ""
    answers: list[tuple[int, bool, str]] = []  # line, right, words
    why: list[str] = []
    links: list[tuple[int, str, str]] = []
    last = ""  # what an indented line continues
    for line in block[1:]:
        answer, link = _ANSWER.match(line.text), _LINK.match(line.text)
        if answer:
            answers.append((line.number, answer.group(1) != " ", answer.group(2)))
            last = "answer"
        elif line.text.startswith(">"):
            if why and last != "why":
                issues.append(Issue(path, line.number, "a second '>' explanation; a question has one"))
            why.append(line.text.lstrip(">").strip())
            last = "why"
        elif link:
            links.append((line.number, link.group(1), link.group(2)))
            last = ""
        elif line.indented and last == "answer":
            number, is_right, so_far = answers[-1]
            answers[-1] = (number, is_right, f"{so_far} {line.text}")
        elif line.indented and last == "why":
            why.append(line.text)
        else:
            issues.append(Issue(path, line.number, f"line not understood; a question has lines like {_SHAPES}"))
    check_text(path, head.number, "the question", text, 160, issues)
    if not text:
        issues.append(Issue(path, head.number, "the question has no words after '## '"))
    right = [index for index, (_, is_right, _) in enumerate(answers) if is_right]
    where = head.number
    if not MIN_ANSWERS <= len(answers) <= MAX_ANSWERS:
        issues.append(
            Issue(path, where, f"{len(answers)} answer(s); a question has {MIN_ANSWERS} to {MAX_ANSWERS}")
        )
    if not right:
        issues.append(Issue(path, where, "no right answer: mark the one right answer '- [x]'"))
    elif len(right) > 1:
        lines = ", ".join(str(answers[index][0]) for index in right)
        issues.append(Issue(path, where, f"{len(right)} answers marked right (lines {lines}); mark exactly one"))
    words = [plain(raw) for _, _, raw in answers]
    for (number, _, _), said in zip(answers, words, strict=True):
        if not said:
            issues.append(Issue(path, number, "an answer with no words"))
        check_text(path, number, "the answer", said, 120, issues)
    if len({said.casefold() for said in words}) < len(words):
        issues.append(Issue(path, where, "two answers have the same words", Severity.WARNING))
    explanation = plain(" ".join(why))
    _check_explanation(path, where, explanation, issues)
    page, label = _page(path, where, links, page_ids, issues)
    if len(issues) > start and has_errors(issues[start:]):
        return None
    return Question(text, tuple(words), right[0], explanation, page, label, head.number)


def _check_explanation(path: Path, where: int, explanation: str, issues: list[Issue]) -> None:
    if not explanation:
        issues.append(Issue(path, where, "no explanation: add one '> ' line that says why the answer is right"))
        return
    check_text(path, where, "the explanation", explanation, 240, issues)
    sentences = len(_SENTENCE_END.split(explanation))
    if sentences > 1:
        issues.append(
            Issue(
                path,
                where,
                f"the explanation has {sentences} sentences; one short sentence is easier to take in",
                Severity.WARNING,
            )
        )


def _page(
    path: Path, where: int, links: list[tuple[int, str, str]], page_ids: Collection[str], issues: list[Issue]
) -> tuple[str, str]:
    if not links:
        message = "no link to the page that explains it: add a line like [Risks](risks.md)"
        issues.append(Issue(path, where, message))
        return "", ""
    if len(links) > 1:
        issues.append(Issue(path, links[1][0], "a second page link; a question links to one page"))
    number, label, target = links[0]
    page_id = target[:-3] if target.endswith(".md") else ""
    if not page_id or "/" in page_id or "#" in target or ":" in target:
        issues.append(Issue(path, number, f"link to '{target}': link to a page of this pack, like (risks.md)"))
        return "", ""
    if page_id not in page_ids:
        issues.append(Issue(path, number, f"link to '{target}', but the pack has no page '{page_id}'"))
    label = plain(label)
    check_text(path, number, "the link's words", label, 40, issues)
    return page_id, label


def _compare(first: Quiz, other: Quiz) -> list[Issue]:
    """Statistics count answers by question number, so every language must ask the same questions."""
    issues: list[Issue] = []

    def warn(line: int | None, message: str) -> None:
        issues.append(Issue(other.path, line, message, Severity.WARNING))

    if len(first.questions) != len(other.questions):
        warn(None, f"{len(other.questions)} questions, but the {first.language} quiz has {len(first.questions)}")
    for number, (mine, theirs) in enumerate(zip(first.questions, other.questions, strict=False), start=1):
        if len(mine.answers) != len(theirs.answers):
            counts = f"{len(theirs.answers)} answers; in {first.language}: {len(mine.answers)}"
            warn(theirs.line, f"question {number} has {counts}")
        if mine.right != theirs.right:
            rights = f"answer {theirs.right + 1} is marked right; in {first.language} answer {mine.right + 1} is"
            warn(theirs.line, f"question {number}: {rights}")
        if mine.page != theirs.page:
            warn(theirs.line, f"question {number} links to '{theirs.page}'; in {first.language} to '{mine.page}'")
    return issues


def quiz_lines(quizzes: Mapping[str, Quiz], default: str) -> dict[int, str]:
    """Question number (from 1) to its words in the default language, for staff's statistics."""
    quiz = quizzes.get(default)
    return {number: q.text for number, q in enumerate(quiz.questions, start=1)} if quiz else {}

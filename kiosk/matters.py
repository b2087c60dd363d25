"""'What matters most to you?': value statements a pack may add as `<language>/matters.md` (no Qt).

The form::

    # What matters most to you?

    There are no right or wrong answers.

    - Avoiding surgery if I can
    - Getting back to work soon

The patient taps how much each matters (not at all, a little, a lot); `sheet_lines` turns the answers into
lines for the sheet the patient takes to the surgeon. IPDAS-style values clarification: the statements
name what the evidence pages weigh, never a hint of which choice is right.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.errors import Issue, Severity
from kiosk.formfile import check_text, heading, plain, read_form
from kiosk.uitext import UiText

MATTERS_FILE = "matters.md"
ADVISED = (3, 6)
MAX_STATEMENTS = 10  # one screen each; more is surely a mistake
_ITEM = re.compile(r"^[-*+]\s+(.*)$")
_CHECKBOX = re.compile(r"^\[[ xX]\]")


class Importance(enum.Enum):
    NOT_AT_ALL = "not_at_all"
    A_LITTLE = "a_little"
    A_LOT = "a_lot"


@dataclass(frozen=True, slots=True)
class Matters:
    """The "What matters most to you?" page of one language: its statements to weigh."""

    language: str
    path: Path
    title: str  # "" when the file has no '# ' heading: the kiosk's own words are used
    intro: str
    statements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MattersAnswers:
    """How much each statement matters to this patient, by statement index; the visit keeps it."""

    levels: tuple[tuple[int, Importance], ...] = ()

    def level(self, index: int) -> Importance | None:
        return next((level for number, level in self.levels if number == index), None)

    def answer(self, index: int, level: Importance) -> MattersAnswers:
        kept = tuple(pair for pair in self.levels if pair[0] != index)
        return replace(self, levels=tuple(sorted((*kept, (index, level)), key=lambda pair: pair[0])))

    def __len__(self) -> int:
        return len(self.levels)


def sheet_lines(matters: Matters, answers: MattersAnswers, text: UiText) -> list[str]:
    """'This matters a lot to me: ...' lines in the page's language, what matters most first."""
    templates = {
        Importance.A_LOT: text.matters_sheet_a_lot,
        Importance.A_LITTLE: text.matters_sheet_a_little,
        Importance.NOT_AT_ALL: text.matters_sheet_not_at_all,
    }
    lines = []
    for level in (Importance.A_LOT, Importance.A_LITTLE, Importance.NOT_AT_ALL):
        for index, statement in enumerate(matters.statements):
            if answers.level(index) is level:
                lines.append(templates[level].format(statement=statement))
    return lines


def load_matters(root: Path, languages: Collection[str], default: str) -> tuple[dict[str, Matters], list[Issue]]:
    """Every language's statements that can be shown, and the problems found (a pack may have none)."""
    paths = {language: root / language / MATTERS_FILE for language in languages}
    if not any(path.is_file() for path in paths.values()):
        return {}, []
    found: dict[str, Matters] = {}
    issues: list[Issue] = []
    for language, path in sorted(paths.items()):
        if not path.is_file():
            message = "no 'what matters' statements in this language: not offered"
            issues.append(Issue(path, None, message, Severity.WARNING))
            continue
        matters, problems = parse_matters(path, language)
        issues += problems
        if matters is not None:
            found[language] = matters
    base = found.get(default)
    for language, matters in sorted(found.items()):
        if base is not None and language != default and len(matters.statements) != len(base.statements):
            issues.append(
                Issue(
                    matters.path,
                    None,
                    f"{len(matters.statements)} statements, but the {default} file has {len(base.statements)}",
                    Severity.WARNING,
                )
            )
    return found, issues


def parse_matters(path: Path, language: str) -> tuple[Matters | None, list[Issue]]:
    """Read one matters.md; None when it has an error."""
    lines, issues = read_form(path)
    if lines is None:
        return None, issues
    title = ""
    intro: list[str] = []
    statements: list[str] = []
    for line in lines:
        found, item = heading(line), _ITEM.match(line.text)
        if found and found[0] == 1 and not (title or intro or statements):
            title = plain(found[1])
            check_text(path, line.number, "the title", title, 60, issues)
        elif item:
            words = plain(item.group(1))
            if _CHECKBOX.match(words):
                issues.append(Issue(path, line.number, "a statement is a plain '- ' line, without [ ] or [x]"))
            elif not words:
                issues.append(Issue(path, line.number, "a statement with no words"))
            check_text(path, line.number, "the statement", words, 90, issues)
            statements.append(words)
        elif line.indented and statements:
            statements[-1] = f"{statements[-1]} {plain(line.text)}"
        elif not statements and not found:
            intro.append(plain(line.text))
        else:
            issues.append(
                Issue(
                    path,
                    line.number,
                    "line not understood: one '- ' line per statement, and nothing after the list",
                )
            )
    check_text(path, 1, "the introduction", " ".join(intro), 240, issues)
    low, high = ADVISED
    if not statements:
        issues.append(Issue(path, None, "no statements: write each as a '- ' line"))
    elif len(statements) > MAX_STATEMENTS:
        issues.append(Issue(path, None, f"{len(statements)} statements; at most {MAX_STATEMENTS}"))
    elif not low <= len(statements) <= high:
        issues.append(
            Issue(path, None, f"{len(statements)} statements; {low} to {high} work best", Severity.WARNING)
        )
    if len({s.casefold() for s in statements}) < len(statements):
        issues.append(Issue(path, None, "two statements have the same words", Severity.WARNING))
    if any(issue.is_error for issue in issues):
        return None, issues
    return Matters(language, path, title, " ".join(intro), tuple(statements)), issues

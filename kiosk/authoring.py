"""Authoring checks for `kiosk check`: review dates, Markdown that may surprise its writer, and reading level.
The kiosk itself never runs these."""

from __future__ import annotations

import datetime as dt
import re

from kiosk import readability, staffmarkdown
from kiosk.content import Pack
from kiosk.errors import Issue, Severity
from kiosk.lines import text_line
from kiosk.pagefile import Page

# Notes meant for staff that must never reach a patient. The capitals words are matched exactly:
# Spanish "todo" (all) is an ordinary word.
_STAFF_NOTE = re.compile(
    r"\(?\s*(clinic staff|staff note|personal de la cl[ií]nica)\b[^)\n]*\)?|\[\s*(insert|add|agregue)\b[^\]\n]*\]",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\b(TODO|TBD|FIXME|XXX+|Lorem ipsum)\b")


def check_pack(pack: Pack, today: dt.date | None = None) -> list[Issue]:
    today = today or dt.date.today()
    issues: list[Issue] = []
    shown = [page for pages in pack.pages.values() for page in pages if not page.refused]  # over a limit: not read
    for page in shown:
        issues += _review(page, pack.info.review_interval_months, today)
        issues += _staff_notes(page)
        issues += _markdown_surprises(page)
    if readability.available():
        for page in shown:
            issues += _reading_level(page, pack)
    else:
        issues.append(Issue(pack.root, None, readability.missing_message(), Severity.INFO))
    return issues


def _staff_notes(page: Page) -> list[Issue]:
    """Placeholder text left for staff: a warning, so `kiosk check --strict` keeps it from being published."""
    issues = []
    for offset, line in enumerate(page.body.split("\n")):
        found = _STAFF_NOTE.search(line) or _MARKER.search(line)
        if found:
            issues.append(
                Issue(
                    page.path,
                    page.body_line + offset,
                    f"note for staff left in the page: '{_clip(found.group(0))}'; patients would read it. "
                    "Replace it with the real words, or a clinic value such as {{clinic.phone}}",
                    Severity.WARNING,
                )
            )
    return issues


def _markdown_surprises(page: Page) -> list[Issue]:
    """Lines the forgiving renderer still cannot read as their writer probably meant (kiosk/staffmarkdown.py)."""
    lines = staffmarkdown.tidy_characters(page.body).expandtabs(4).split("\n")
    _, notes = staffmarkdown.forgive(lines)
    return [Issue(page.path, page.body_line + note.line, note.message, Severity.WARNING) for note in notes]


def _review(page: Page, months: int, today: dt.date) -> list[Issue]:
    reviewed = page.meta.reviewed
    if reviewed is None:
        return []
    due = _add_months(reviewed, months)
    if reviewed > today:
        return [Issue(page.path, None, f"review date {reviewed} is in the future", Severity.WARNING)]
    if due < today:
        return [
            Issue(
                page.path,
                None,
                f"last reviewed {reviewed}; a review was due by {due} (every {months} months)",
                Severity.WARNING,
            )
        ]
    return []


def _reading_level(page: Page, pack: Pack) -> list[Issue]:
    limits = pack.info.readability
    scores = readability.score(page, limits.sentence_words_max)
    issues: list[Issue] = []
    if scores.fk_grade is not None and scores.smog is not None:
        summary = (
            f"Flesch-Kincaid grade {scores.fk_grade:g}, SMOG {scores.smog:g} "
            f"(limits {limits.fk_grade_max:g} and {limits.smog_max:g})"
        )
        if scores.fk_grade > limits.fk_grade_max or scores.smog > limits.smog_max:
            issues.append(Issue(page.path, None, f"too hard to read: {summary}", Severity.WARNING))
    else:
        summary = f"Fernández-Huerta reading ease {scores.reading_ease:g} (at least {limits.spanish_ease_min:g})"
        if scores.reading_ease is not None and scores.reading_ease < limits.spanish_ease_min:
            issues.append(Issue(page.path, None, f"too hard to read: {summary}", Severity.WARNING))
    issues.append(
        Issue(page.path, None, f"{summary}; {scores.words} words, {scores.sentences} sentences", Severity.INFO)
    )
    for sentence in scores.long_sentences:
        issues.append(
            Issue(
                page.path,
                text_line(page.body, page.body_line, sentence),
                f"sentence of {len(sentence.split())} words "
                f"(limit {limits.sentence_words_max}): '{_clip(sentence)}'",
                Severity.WARNING,
            )
        )
    for term in scores.unexplained_terms:
        issues.append(
            Issue(
                page.path,
                text_line(page.body, page.body_line, term),
                f"'{term}' is used without a plain explanation (add one in brackets where it first appears)",
                Severity.WARNING,
            )
        )
    return issues


def _clip(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:  # reviewed: 9999-12-31 is due after the calendar ends: never, as far as check cares
        return dt.date.max
    return dt.date(year, month, min(day.day, 28))

"""Authoring checks for `kiosk check`: review dates and reading level. The kiosk itself never runs these."""

from __future__ import annotations

import datetime as dt

from kiosk import readability
from kiosk.content import Pack
from kiosk.errors import Issue, Severity
from kiosk.pagefile import Page


def check_pack(pack: Pack, today: dt.date | None = None) -> list[Issue]:
    today = today or dt.date.today()
    issues: list[Issue] = []
    for pages in pack.pages.values():
        for page in pages:
            issues += _review(page, pack.info.review_interval_months, today)
    if readability.available():
        for pages in pack.pages.values():
            for page in pages:
                issues += _reading_level(page, pack)
    else:
        issues.append(Issue(pack.root, None, readability.MISSING_EXTRA, Severity.INFO))
    return issues


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
                _line_of(page, sentence),
                f"sentence of {len(sentence.split())} words "
                f"(limit {limits.sentence_words_max}): '{_clip(sentence)}'",
                Severity.WARNING,
            )
        )
    for term in scores.unexplained_terms:
        issues.append(
            Issue(
                page.path,
                _line_of(page, term),
                f"'{term}' is used without a plain explanation (add one in brackets where it first appears)",
                Severity.WARNING,
            )
        )
    return issues


def _line_of(page: Page, text: str) -> int | None:
    probe = " ".join(text.split()[:4]).lower()
    for offset, line in enumerate(page.body.split("\n")):
        if probe and probe in " ".join(line.split()).lower():
            return page.body_line + offset
    return None


def _clip(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, 28))

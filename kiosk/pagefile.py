"""One page file: safe reading, YAML front matter, and the plain data the rest of the kiosk uses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from kiosk import limits
from kiosk.errors import Issue, Severity
from kiosk.lines import key_line
from kiosk.plaintext import markup_problem
from kiosk.schema import Date, Text, TextList, build, setting

MAX_PAGE_BYTES = limits.PAGE_BYTES  # a long page is ~20 KB; anything near this is a mistake or junk
_FENCE = "---"
# libyaml's loader when PyYAML was built with it (the wheels are): ten times faster on big packs.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FRONT_MATTER_BYTES = 8 * 1024
MAX_NESTING = 10
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A page's front matter: title, tab label, review and sources."""

    title: str
    tab: str
    reviewed: dt.date | None
    reviewer: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Page:
    """A page ready to render: its id (file stem), language, front matter and Markdown body."""

    id: str
    language: str
    path: Path
    meta: PageMeta
    body: str
    body_line: int  # line number of the body's first line in the file, for messages
    refused: str = ""  # why the page goes over a limit (kiosk/limits.py): it is shown as "could not be shown"


def read_page(path: Path, page_id: str, language: str) -> tuple[Page | None, list[Issue]]:
    """Read and parse one page. None when the file cannot be shown at all; issues say why. A page over a
    limit comes back `refused`, with an error per limit: its tab stays, its words are never rendered."""
    text, issues = _read_text(path)
    if text is None:
        if issues and issues[0].message.startswith(_TOO_LARGE):
            title = page_id.replace("-", " ").capitalize()
            meta = PageMeta(title, title, None, "", ())
            return Page(page_id, language, path, meta, "", 1, issues[0].message), issues
        return None, issues
    raw_meta, body, body_line, problems = _split_front_matter(path, text)
    issues += problems
    if raw_meta is None:
        return None, issues
    meta = _check_meta(path, raw_meta, text, body, page_id, issues)
    excess = limits.page_excess(body)
    for over in excess:
        issues.append(Issue(path, body_line + over.line - 1, f"{_REFUSED}{over.message}"))
    refused = excess[0].message if excess else ""
    return Page(
        page_id, language, path, meta, _without_title_heading(body, meta.title), body_line, refused
    ), issues


_REFUSED = "page cannot be shown: "
_TOO_LARGE = _REFUSED + "the file is "


def _read_text(path: Path) -> tuple[str | None, list[Issue]]:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            message = f"{_TOO_LARGE}{limits.too_large(size, MAX_PAGE_BYTES)}; split it into pages"
            return None, [Issue(path, None, message)]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Issue(path, None, f"cannot read file: {error.strerror or error}")]
    if b"\x00" in raw:
        return None, [Issue(path, None, "file is binary, not a text page")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Issue(path, line, "file is not UTF-8 text (save it as UTF-8)")]
    if not text.strip():
        return None, [Issue(path, None, "file is empty")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any] | None, str, int, list[Issue]]:
    lines = text.split("\n")
    if lines[0].strip() != _FENCE:
        lost = _lost_opening_fence(lines)
        if lost:
            return (
                None,
                "",
                1,
                [Issue(path, lost, "front matter has lost its first '---' line: add '---' as line 1")],
            )
        return (
            {},
            text,
            1,
            [Issue(path, 1, "page has no front matter (a '---' block at the top)", Severity.WARNING)],
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        return None, "", 1, [Issue(path, 1, "front matter is not closed by a '---' line")]
    block = "\n".join(lines[1:end])
    refusal = _unsafe_front_matter(block)
    if refusal:
        return None, "", 1, [Issue(path, 2, f"front matter {refusal}")]
    try:
        data = yaml.load(block, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        line = _error_line(error)
        reason = getattr(error, "problem", None) or "cannot be read"
        return None, "", 1, [Issue(path, line, f"front matter is not valid YAML: {reason}")]
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. reviewed: 2026-02-30
        return None, "", 1, [Issue(path, 2, f"front matter has a value that cannot be read: {error}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, "", 1, [Issue(path, 2, "front matter must be 'key: value' lines")]
    return data, "\n".join(lines[end + 1 :]), end + 2, []


def _error_line(error: yaml.YAMLError) -> int:
    """The page file's line of a front-matter error (the block starts on line 2). A bracket or quote left open is
    found only where the parser gives up (the next line, or the block's end): the line that opened it is the one
    to fix."""
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None)
    context = getattr(error, "context", None) or ""
    if opened is not None and ("flow" in context or "quoted" in context):
        mark = opened
    return mark.line + 2 if mark is not None else 1


def _lost_opening_fence(lines: list[str]) -> int:
    """The line of a lone '---' closing what reads as front matter (`title:`, `tab:`... lines at the top), or 0.

    Without its first '---' such a page would show patients its title, reviewer and sources as words."""
    top = [line.strip() for line in lines[:40]]
    first = next((line for line in top if line), "")
    if not _KEY_LINE.match(first) or _FENCE not in top:
        return 0
    return top.index(_FENCE) + 1


def _unsafe_front_matter(block: str) -> str:
    """Why a front-matter block must not reach the YAML parser: too big, too deep, or using aliases.

    Front matter is a few short lines. Deep nesting crashes libyaml outright (not an exception: the process
    dies), and aliases can multiply a few hundred bytes into gigabytes.
    """
    if len(block) > MAX_FRONT_MATTER_BYTES:
        return f"is too long ({len(block):,} characters; limit {MAX_FRONT_MATTER_BYTES:,})"
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        return f"is nested too deeply ({deepest} levels of [ or {{)"
    try:
        events = yaml.parse(block, Loader=_SAFE_LOADER)
        if any(isinstance(event, yaml.AliasEvent) for event in events):
            return "uses YAML aliases (*name), which pages do not need"
    except yaml.YAMLError:
        return ""  # the full load reports it, with its line
    return ""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The lines between the --- fences at the top of a page, declared like kiosk.toml's keys."""

    title: str = setting("", Text(200, numbers_as_text=True), "The page's heading. Empty: its first # heading.")
    tab: str = setting("", Text(200, numbers_as_text=True), "The tab's label, under 24 letters. Empty: the title.")
    reviewed: dt.date | None = setting(None, Date(), "When the page was last checked against its sources.")
    reviewer: str = setting("", Text(100, numbers_as_text=True), "Who checked it, as a role: 'Spine surgeon'.")
    sources: tuple[str, ...] = setting((), TextList("citations"), "Where every fact on the page comes from.")


FRONT_MATTER_KEYS = tuple(f.name for f in dataclasses.fields(FrontMatter))
_KEY_LINE = re.compile(r"^(" + "|".join(FRONT_MATTER_KEYS) + r")\s*:")  # a front-matter line


@dataclass(frozen=True, slots=True)
class _FrontMatterLines:
    """Front matter as the schema reads it: its keys, and their lines in the page file."""

    path: Path
    text: str
    data: dict[str, Any]
    key_word: ClassVar[str] = "front-matter key"

    def line_of(self, dotted_key: str) -> int | None:
        return key_line(self.text, dotted_key, "yaml")


def _check_meta(
    path: Path, data: dict[str, Any], text: str, body: str, page_id: str, issues: list[Issue]
) -> PageMeta:
    # A key left blank (`reviewed:`, as `kiosk import` writes them) is one not filled in yet: a warning below.
    data = {str(key): value for key, value in data.items() if value is not None}
    document = _FrontMatterLines(path, text, data)
    given = build(FrontMatter, document, issues)

    def warn(key: str, message: str) -> None:
        issues.append(Issue(path, document.line_of(key) or 1, message, Severity.WARNING))

    title = given.title or _first_heading(body) or page_id.replace("-", " ").capitalize()
    if "title" not in data:
        warn("title", f"no 'title' in front matter; using '{title}'")
        markup = markup_problem(title)  # a title taken from the first heading is a label too
        if markup:
            issues.append(Issue(path, 1, f"'title' {markup}"))
    tab = given.tab or short_label(title)
    if "tab" not in data:
        warn("tab", f"no 'tab' label in front matter; using '{tab}'")
    elif len(tab) > 24:
        warn("tab", f"tab label '{tab}' is long ({len(tab)} characters); keep it under 24")
    if not given.reviewer:
        warn("reviewer", "no 'reviewer' (the role of who last checked this page)")
    if "reviewed" not in data:
        warn("reviewed", "no 'reviewed' date (YYYY-MM-DD)")
    if not given.sources:
        warn("sources", "no 'sources' listed")
    return PageMeta(title, tab, given.reviewed, given.reviewer, given.sources)


# Where a title's short form ends: "Thyroidectomy - Patient Information" makes the tab "Thyroidectomy".
_TITLE_PARTS = re.compile(r"\s+[-\u2013\u2014|]\s+|:\s+|\s*\(")  # hyphen, en dash, em dash, bar


def short_label(title: str) -> str:
    """A tab label derived from a title: its part before a dash, colon or bracket (the whole title if that
    part would be empty)."""
    return _TITLE_PARTS.split(title, maxsplit=1)[0].strip() or title


def _without_title_heading(body: str, title: str) -> str:
    """The body without its first heading when that heading repeats the title, which the page shows above the
    body already; the line stays, empty, so line numbers in messages still match the file."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if match:
            if match.group(1).strip() != title.strip():
                return body
            lines[index] = ""
            return "\n".join(lines)
    return body


def _first_heading(body: str) -> str:
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            return match.group(1)
    return ""

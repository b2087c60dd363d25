"""One page file: safe reading, YAML front matter, and the plain data the rest of the kiosk uses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.errors import Issue, Severity
from kiosk.lines import key_line
from kiosk.plaintext import markup_problem
from kiosk.schema import did_you_mean

MAX_PAGE_BYTES = 512 * 1024  # a long page is ~20 KB; anything near this is a mistake or junk
FRONT_MATTER_KEYS = ("title", "tab", "reviewed", "reviewer", "sources")
_FENCE = "---"
# libyaml's loader when PyYAML was built with it (the wheels are): ten times faster on big packs.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FRONT_MATTER_BYTES = 8 * 1024
MAX_NESTING = 10
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True, slots=True)
class PageMeta:
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


def read_page(path: Path, page_id: str, language: str) -> tuple[Page | None, list[Issue]]:
    """Read and parse one page. None when the file cannot be shown at all; issues say why."""
    text, issues = _read_text(path)
    if text is None:
        return None, issues
    raw_meta, body, body_line, problems = _split_front_matter(path, text)
    issues += problems
    if raw_meta is None:
        return None, issues
    meta = _check_meta(path, raw_meta, text, body, page_id, issues)
    return Page(page_id, language, path, meta, body, body_line), issues


def _read_text(path: Path) -> tuple[str | None, list[Issue]]:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return None, [
                Issue(path, None, f"file is too large to be a page ({size:,} bytes; limit {MAX_PAGE_BYTES:,})")
            ]
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
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or "cannot be read"
        return None, "", 1, [Issue(path, line, f"front matter is not valid YAML: {reason}")]
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. reviewed: 2026-02-30
        return None, "", 1, [Issue(path, 2, f"front matter has a value that cannot be read: {error}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, "", 1, [Issue(path, 2, "front matter must be 'key: value' lines")]
    return data, "\n".join(lines[end + 1 :]), end + 2, []


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


def _check_meta(
    path: Path, data: dict[str, Any], text: str, body: str, page_id: str, issues: list[Issue]
) -> PageMeta:
    def line_of(key: str) -> int | None:
        return key_line(text, str(key), "yaml")

    def warn(key: str, message: str) -> None:
        issues.append(Issue(path, line_of(key) or 1, message, Severity.WARNING))

    for key in data:
        if key not in FRONT_MATTER_KEYS:
            hint = did_you_mean(key, FRONT_MATTER_KEYS)
            issues.append(Issue(path, line_of(key), f"unknown front-matter key '{key}'{hint}"))

    def text_value(key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            issues.append(Issue(path, line_of(key), f"'{key}' must be text"))
            return ""
        return str(value).strip()

    title = text_value("title") or _first_heading(body) or page_id.replace("-", " ").capitalize()
    if "title" not in data:
        warn("title", f"no 'title' in front matter; using '{title}'")
    tab = text_value("tab") or title
    if "tab" not in data:
        warn("tab", f"no 'tab' label in front matter; using '{tab}'")
    elif len(tab) > 24:
        warn("tab", f"tab label '{tab}' is long ({len(tab)} characters); keep it under 24")
    for key, value in (("title", title), ("tab", tab)):  # also when taken from the first heading
        markup = markup_problem(value)
        if markup:  # labels show it as typed; surely a mistake, and an attack on an older kiosk
            issues.append(Issue(path, line_of(key), f"'{key}' {markup}"))
    reviewer = text_value("reviewer")
    if not reviewer:
        warn("reviewer", "no 'reviewer' (the role of who last checked this page)")
    return PageMeta(
        title, tab, _reviewed(data, line_of, path, issues), reviewer, _sources(data, line_of, path, issues)
    )


def _reviewed(data: dict[str, Any], line_of: Any, path: Path, issues: list[Issue]) -> dt.date | None:
    value = data.get("reviewed")
    if value is None:
        issues.append(Issue(path, 1, "no 'reviewed' date (YYYY-MM-DD)", Severity.WARNING))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        issues.append(
            Issue(path, line_of("reviewed"), f"'reviewed' must be a date like 2026-03-31, not '{value}'")
        )
        return None


def _sources(data: dict[str, Any], line_of: Any, path: Path, issues: list[Issue]) -> tuple[str, ...]:
    value = data.get("sources")
    if value is None or value == []:
        issues.append(Issue(path, line_of("sources") or 1, "no 'sources' listed", Severity.WARNING))
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        issues.append(Issue(path, line_of("sources"), "'sources' must be a list of citations, one per '- ' line"))
        return ()
    return tuple(item.strip() for item in value)


def _first_heading(body: str) -> str:
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            return match.group(1)
    return ""

"""library.toml: the library's title per language, its topics in order, optional groups of cards (no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import Issue, Severity
from kiosk.schema import Choice, Names, Text, TextMap, build, setting
from kiosk.tomlfile import read_toml, read_toml_leniently
from kiosk.valuewords import did_you_mean

LIBRARY_FILE = "library.toml"


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    """library.toml, declared like kiosk.toml (the `[groups.<name>]` tables are read by `_read_groups`)."""

    title: tuple[tuple[str, str], ...] = setting((), TextMap(80), "The library's title in each language.")
    version: str = setting("", Text(40), "Version of the whole library, shown to staff (e.g. 2026.12).")
    default_language: str = setting("en", Text(10), "The language every topic must have; shown first.")
    topics: tuple[str, ...] = setting((), Names(), "Topic folders beside this file, in the order of their cards.")
    untranslated: str = setting(
        "default",
        Choice(("default", "hide")),
        "A topic missing in the chosen language: 'default' shows it in the default language, with a note; "
        "'hide' leaves it out of that language's list.",
    )


@dataclass(frozen=True, slots=True)
class Group:
    """Optional grouping of the topic cards under a heading: `[groups.<name>]` with `title` and `topics`."""

    name: str
    title: tuple[tuple[str, str], ...]
    topics: tuple[str, ...]

    def title_in(self, language: str, default: str) -> str:
        titles = dict(self.title)
        return titles.get(language) or titles.get(default) or self.name.replace("-", " ").capitalize()


def key_line_of(root: Path, key: str) -> int | None:
    document, _ = read_toml(root / LIBRARY_FILE)
    return document.line_of(key)


def read_library(root: Path) -> tuple[LibraryInfo, tuple[Group, ...], list[Issue]]:
    document, issues = read_toml_leniently(root / LIBRARY_FILE)
    groups_raw = document.data.pop("groups", {})
    info: LibraryInfo = build(LibraryInfo, document, issues)
    if not info.topics:
        line = document.line_of("topics")
        # The list is there but could not be read (the file is not TOML, or that line is not): say where.
        unread = [issue for issue in issues if issue.is_error and (not document.data or issue.line == line)]
        if unread:
            where = f"line {unread[0].line}: " if unread[0].line else ""
            message = f"no topic can be shown: the 'topics' list cannot be read ({where}{unread[0].message})"
        else:
            message = "no 'topics' list: name the topic folders"
        issues.append(Issue(document.path, line or (unread[0].line if unread else None), message))
    groups = _read_groups(groups_raw, info, document.path, document.line_of, issues)
    return info, groups, issues


def _read_groups(
    raw: Any, info: LibraryInfo, path: Path, line_of: Callable[[str], int | None], issues: list[Issue]
) -> tuple[Group, ...]:
    if not isinstance(raw, dict):
        issues.append(Issue(path, line_of("groups"), "'groups' must be tables like [groups.surgery]"))
        return ()
    groups: list[Group] = []
    for name, table in raw.items():
        where = line_of(f"groups.{name}")
        if not isinstance(table, dict):
            issues.append(Issue(path, where, f"'groups.{name}' must be a table like [groups.{name}]"))
            continue
        for key in table:
            if key not in ("title", "topics"):
                hint = did_you_mean(key, ["title", "topics"])
                issues.append(
                    Issue(path, line_of(f"groups.{name}.{key}"), f"unknown key 'groups.{name}.{key}'{hint}")
                )
        title, problem = TextMap(80).check(table.get("title", {}))
        if problem:
            issues.append(Issue(path, where, f"'groups.{name}.title' {problem}"))
            title = ()
        members, problem = Names().check(table.get("topics", []))
        if problem:
            issues.append(Issue(path, where, f"'groups.{name}.topics' {problem}"))
            continue
        unknown = [topic for topic in members if topic not in info.topics]
        if unknown:
            issues.append(
                Issue(
                    path,
                    where,
                    f"'groups.{name}' names topics not in 'topics': {', '.join(unknown)}",
                    Severity.WARNING,
                )
            )
        groups.append(Group(name, title, members))
    return tuple(groups)

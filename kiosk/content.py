"""The content pack: pack.toml, one folder per language, pages in a fixed order, as plain data."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import limits
from kiosk.clinic import ClinicInfo
from kiosk.errors import Issue, Severity
from kiosk.librarytoml import LIBRARY_FILE
from kiosk.matters import MATTERS_FILE, Matters, load_matters
from kiosk.pagefile import Page, read_page
from kiosk.quiz import QUIZ_FILE, Quiz, QuizSettings, load_quizzes
from kiosk.schema import Names, Number, Text, TextMap, build, section, setting
from kiosk.tomlfile import read_toml

PACK_FILE = "pack.toml"
# A folder that is not content at all (empty, or the wrong one chosen), as against a pack with parts missing.
NO_CONTENT = (
    f"this folder has no content: no {PACK_FILE}, no {LIBRARY_FILE} and no language folders (en/, es/, ...);"
    " choose the folder that holds them"
)
LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
# Editors and sync tools leave these beside real pages; they are never pages.
_TEMPORARY = re.compile(r"^(\.|~\$|#)|(~|\.swp|\.tmp|\.part|\.bak)$")
# Forms beside the pages, read by their own modules: never pages themselves.
FORM_FILES = (QUIZ_FILE, MATTERS_FILE)


@dataclass(frozen=True, slots=True)
class ReadabilityLimits:
    """pack.toml [readability]: the reading-level limits `kiosk check` holds pages to."""

    fk_grade_max: float = setting(7.0, Number(1, 18), "Highest Flesch-Kincaid grade for English pages.")
    smog_max: float = setting(8.0, Number(1, 18), "Highest SMOG grade for English pages.")
    spanish_ease_min: float = setting(
        60.0, Number(0, 100), "Lowest Fernández-Huerta reading ease for Spanish pages (60: normal)."
    )
    sentence_words_max: int = setting(20, Number(8, 60, integer=True), "Longest sentence, in words.")


@dataclass(frozen=True, slots=True)
class PackInfo:
    """pack.toml, declared like kiosk.toml."""

    title: str = setting("Patient information", Text(80), "Title of the pack, shown to staff.")
    version: str = setting("", Text(40), "Version of the pack, shown to staff (e.g. 2026.11).")
    default_language: str = setting("en", Text(10), "Language shown first, and the one every page must exist in.")
    pages: tuple[str, ...] = setting((), Names(), "Page ids (file names without .md), in tab order.")
    review_interval_months: int = setting(
        24, Number(1, 120, integer=True), "Months after which a page's review date counts as stale."
    )
    summary: tuple[tuple[str, str], ...] = setting(
        (), TextMap(120), "One line per language saying what the pack is about, for its card in a library."
    )
    cover: str = setting(
        "",
        Text(200),
        "Picture for the pack's card in a library, e.g. images/pelvis-{language}.svg ({language}: the language"
        " shown). Empty: the first picture of the pages.",
    )
    readability: ReadabilityLimits = section(ReadabilityLimits, "Reading-level limits for 'kiosk check'.")
    clinic: ClinicInfo = section(
        ClinicInfo, "Clinic details that pages use as {{clinic.name}}, {{clinic.phone}} and so on."
    )
    quiz: QuizSettings = section(QuizSettings, "Where the 'Check what you learned' quiz (quiz.md) is offered.")


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded pack. `pages` holds, per language, the pages that could be read, in tab order."""

    root: Path
    info: PackInfo
    pages: dict[str, tuple[Page, ...]] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)  # per language: quiz.md, when it has no errors
    matters: dict[str, Matters] = field(default_factory=dict)  # per language: matters.md, likewise
    # Why pack.toml could not be read at all (not TOML, not UTF-8, unreadable): its title, page order and main
    # language are guesses, so a library does not offer the pack (kiosk.shelf); empty when it was read.
    unread: tuple[Issue, ...] = ()
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())

    @property
    def languages(self) -> tuple[str, ...]:
        default = self.info.default_language
        return (default, *sorted(lang for lang in self.pages if lang != default))

    def pages_in(self, language: str) -> tuple[Page, ...]:
        return self.pages.get(language) or self.pages.get(self.info.default_language, ())

    @property
    def is_empty(self) -> bool:
        return not any(self.pages.values())


def load_pack(root: Path) -> tuple[Pack, list[Issue]]:
    """Load everything that can be loaded; every problem found is returned, none stops the others."""
    if not root.is_dir():
        reason = "does not exist" if not root.exists() else "is not a folder"
        return Pack(root, PackInfo()), [Issue(root, None, f"content folder {reason}")]
    if limits.count_files(root) > limits.FILES:  # counted before anything lists them all
        message = f"the folder holds more than {limits.FILES:,} files and folders; a pack needs a few dozen"
        return Pack(root, PackInfo()), [Issue(root, None, f"{message}; not loaded")]
    languages = sorted(p.name for p in root.iterdir() if p.is_dir() and LANGUAGE_DIR.match(p.name))
    if not languages and not (root / PACK_FILE).is_file() and not (root / LIBRARY_FILE).is_file():
        return Pack(root, PackInfo()), [Issue(root, None, NO_CONTENT)]  # one clear error, not a pack's dozen
    info, issues, unread = _read_info(root)
    if info.default_language not in languages:
        issues.append(
            Issue(root / PACK_FILE, None, f"no folder '{info.default_language}/' for the default language")
        )
    languages = _within_limits(root, info.default_language, languages, issues)
    order = info.pages or _discovered_order(root / info.default_language, root, issues)
    listed = set(order)
    if len(order) > limits.PAGES:
        dropped = f"'{order[limits.PAGES]}' and the {len(order) - limits.PAGES - 1:,} after it are not shown"
        message = f"the pack has {len(order):,} pages (limit {limits.PAGES} in each language); {dropped}"
        issues.append(Issue(root / PACK_FILE, None, message))
        order = order[: limits.PAGES]
    pages: dict[str, tuple[Page, ...]] = {}
    inside = root.resolve()
    for language in languages:
        folder = root / language
        loaded: list[Page] = []
        for page_id in order:
            path = folder / f"{page_id}.md"
            if not path.is_file():
                severity = Severity.ERROR if language == info.default_language else Severity.WARNING
                issues.append(Issue(path, None, f"page '{page_id}' is missing", severity))
                continue
            if not path.resolve().is_relative_to(inside):  # a link (the page's or its folder's) out of the pack
                issues.append(Issue(path, None, "is a link to a file outside the pack; not shown"))
                continue
            page, problems = read_page(path, page_id, language)
            issues += problems
            if page is not None:
                loaded.append(page)
        for extra in sorted(_page_files(folder)):
            if extra.stem not in listed:
                issues.append(
                    Issue(
                        extra,
                        None,
                        f"'{extra.stem}' is not listed in {PACK_FILE} pages; not shown",
                        Severity.WARNING,
                    )
                )
        pages[language] = tuple(loaded)
    for page_id in sorted(set(order) & {Path(name).stem for name in FORM_FILES}):
        issues.append(Issue(root / PACK_FILE, None, f"'{page_id}' cannot be a page: {page_id}.md is a form"))
    quizzes, quiz_issues = load_quizzes(root, languages, info.default_language, set(order))
    matters, matters_issues = load_matters(root, languages, info.default_language)
    return Pack(root, info, pages, quizzes, matters, unread), [*issues, *quiz_issues, *matters_issues]


def _within_limits(root: Path, default: str, languages: list[str], issues: list[Issue]) -> list[str]:
    """The languages to load: all of them, or the default and the first others up to the limit."""
    if len(languages) <= limits.LANGUAGES:
        return languages
    kept = [default] if default in languages else []
    kept += [language for language in languages if language != default][: limits.LANGUAGES - len(kept)]
    left = [language for language in languages if language not in kept]
    message = f"the pack has {len(languages)} languages (limit {limits.LANGUAGES}); not shown: {', '.join(left)}"
    issues.append(Issue(root, None, message))
    return sorted(kept)


def read_info(root: Path) -> tuple[PackInfo, list[Issue]]:
    info, issues, _ = _read_info(root)
    return info, issues


def _read_info(root: Path) -> tuple[PackInfo, list[Issue], tuple[Issue, ...]]:
    """pack.toml, its problems, and those that left none of it read."""
    path = root / PACK_FILE
    if not path.is_file():
        return PackInfo(), [Issue(path, None, f"no {PACK_FILE}; using defaults", Severity.WARNING)], ()
    document, issues = read_toml(path)
    unread = tuple(issues)  # read_toml's own problems: the file could not be read as TOML at all
    info = build(PackInfo, document, issues)
    return info, issues, unread


def _discovered_order(folder: Path, root: Path, issues: list[Issue]) -> tuple[str, ...]:
    found = tuple(sorted(p.stem for p in _page_files(folder)))
    if found:
        issues.append(
            Issue(root / PACK_FILE, None, "no 'pages' list; showing pages in file-name order", Severity.WARNING)
        )
    return found


def _page_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [
        p
        for p in folder.glob("*.md")
        if p.is_file() and not _TEMPORARY.search(p.name) and p.name not in FORM_FILES
    ]


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of everything in the pack: cheap to take, changes with any edit.
    A folder over the files limit is fingerprinted by its first entries only: it is refused anyway.

    Walked with os.scandir, not Path.rglob: a library of 50 topics (1,600 files) takes 20 ms instead of 120 ms,
    and the kiosk takes it at start (start guard, content watcher) and every few seconds (the watcher's poll)."""
    entries: list[tuple[str, int, int]] = []
    if not root.is_dir():
        return ()
    folders = [(str(root), "")]
    try:
        while folders and len(entries) <= limits.FILES:
            folder, prefix = folders.pop()
            try:
                listing = list(os.scandir(folder))
            except PermissionError:  # as rglob: a folder it may not read is passed over
                continue
            for entry in listing:
                stat = entry.stat()  # follows a link, as Path.stat
                entries.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
                if entry.is_dir() and not entry.is_symlink():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
    except OSError:
        entries.append(("<unreadable>", 0, 0))
    return tuple(sorted(entries[: limits.FILES + 1]))

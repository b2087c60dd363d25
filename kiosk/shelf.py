"""A library of topics: `library.toml` beside one pack folder per topic, or a single pack standing as the only
topic. Each topic is a `Library` (kiosk.library) of its own; this module only adds the shelf around them (no Qt).

Where the words come from: the library's title, per language, from `library.toml`; a topic's card title from the
`welcome_title` of its own `<language>/ui.toml` (else its pack title) and its one-line summary from `pack.toml`'s
`[summary]`; the buttons around the topic list from the first topic (in the library's order) that has the chosen
language.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content import LANGUAGE_DIR, PACK_FILE, Pack, PackInfo, fingerprint, read_info
from kiosk.errors import Issue, Severity, has_errors
from kiosk.library import Library, load_library
from kiosk.librarytoml import LIBRARY_FILE, Group, LibraryInfo, key_line_of, read_library
from kiosk.pictures import Picture, inspect
from kiosk.uitext import UI_FILE, UiText

_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
Fingerprint = tuple[tuple[str, int, int], ...]


class Topic:
    """One topic: its folder name and pack. The pack's pages are read the first time they are needed (`library`),
    so a list of fifty topics reads fifty pack.toml files at start, not eight hundred pages; the card's words and
    picture come from pack.toml and the folder alone."""

    def __init__(
        self,
        topic_id: str,
        root: Path,
        *,
        library: Library | None = None,
        lazy: bool = True,
        load: Callable[..., Library] = load_library,
    ) -> None:
        self.id, self.root = topic_id, root
        self._library, self._lazy, self._load = library, lazy, load
        self._lock = threading.RLock()  # the UI thread may ask while the reload thread is reading it
        self.loaded_from: Fingerprint = ()  # the folder as it was read (taken just before reading it)
        self.on_load: Callable[[Library], None] | None = None  # the shelf lends it its interface words
        if library is not None:
            self.info = library.pack.info
        else:
            self.info, _ = read_info(root)  # its problems are reported with the pages, when they are read
        self._titles: dict[str, str] = {}
        self._languages: tuple[str, ...] | None = None

    @property
    def loaded(self) -> bool:
        return self._library is not None

    @property
    def library(self) -> Library:
        with self._lock:
            if self._library is None:
                self.loaded_from = fingerprint(self.root)
                self._library = self._load(self.root, lazy=self._lazy)
                if self.on_load is not None:
                    self.on_load(self._library)
            return self._library

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it has pages in (without reading them until it is loaded)."""
        if self._library is not None:
            return self._library.languages
        if self._languages is None:
            self._languages = self._languages_on_disk()
        return self._languages

    def _languages_on_disk(self) -> tuple[str, ...]:
        first = self.info.pages[0] if self.info.pages else ""
        found = []
        for folder in sorted(self.root.iterdir()) if self.root.is_dir() else []:
            if folder.is_dir() and LANGUAGE_DIR.match(folder.name):
                has_page = (folder / f"{first}.md").is_file() if first else any(folder.glob("*.md"))
                if has_page:
                    found.append(folder.name)
        default = self.info.default_language
        return tuple(sorted(found, key=lambda code: (code != default, code)))

    @property
    def is_empty(self) -> bool:
        return not self.languages

    @property
    def unavailable(self) -> bool:
        """Read, and nothing of it can be shown: not offered to patients. A topic not read yet is offered; opening
        it reads it first, and it opens only if this stays False."""
        return bool(self.why_unavailable())

    def why_unavailable(self) -> str:
        """Why a topic read is not offered ("" if it is). Pages with errors are left out and the others offered,
        as in a single pack; the topic itself is left out when its pack.toml could not be read at all (its
        title, page order and main language would be guesses) or no page of its main language could be read
        (every other language falls back on that one)."""
        library = self._library
        if library is None:
            return ""
        if library.pack.unread:
            return f"its {PACK_FILE} cannot be read"
        if not library.pack.pages.get(library.default_language):
            return f"no page in its main language '{library.default_language}' can be shown"
        return ""

    @property
    def default_language(self) -> str:
        return self.info.default_language

    def offers(self, language: str) -> bool:
        return language in self.languages

    def title_in(self, language: str) -> str:
        if not self.offers(language):
            return self.info.title
        if self._library is not None:
            return self._library.text_for(language).welcome_title or self.info.title
        if language not in self._titles:
            self._titles[language] = _welcome_title(self.root / language / UI_FILE)
        return self._titles[language] or self.info.title

    def summary_in(self, language: str) -> str:
        summaries = dict(self.info.summary)
        return summaries.get(language) or summaries.get(self.info.default_language, "")

    def cover_in(self, language: str) -> Picture | None:
        """The picture on the topic's card: pack.toml's `cover`, else the first picture of the language's
        pages, else none."""
        src = self.cover_src(language)
        return inspect(self.root, src)[0] if src else None

    def cover_src(self, language: str) -> str:
        """Where the card's picture is, relative to the pack (as pages name pictures); "" for none."""
        shown = language if self.offers(language) else self.info.default_language
        if self.info.cover:
            return self.info.cover.replace("{language}", shown)
        for page_id in self.info.pages:
            try:
                text = (self.root / shown / f"{page_id}.md").read_text("utf-8", errors="replace")
            except OSError:
                continue
            for src in _PICTURE.findall(text):  # checked when drawn: only the cards on screen read their picture
                return str(src)
        return ""

    def cover_problems(self) -> list[Issue]:
        """pack.toml's `cover`, checked in every language of the pack."""
        cover = self.info.cover
        found: list[Issue] = []
        for language in self.languages if cover else ():
            src = cover.replace("{language}", language)
            picture, why = inspect(self.root, src)
            if picture is None:
                problem = f"'cover' picture {src} {why}; the card shows none"
                found.append(Issue(self.root / PACK_FILE, None, problem, Severity.WARNING))
        return found

    def problems(self) -> list[Issue]:
        """This topic's problems, each naming the topic, so a list of many topics' problems says whose is whose."""
        return self.named([*self.library.issues, *self.cover_problems()])

    def named(self, issues: list[Issue]) -> list[Issue]:
        return [dataclasses.replace(issue, message=f"[{self.id}] {issue.message}") for issue in issues]


@dataclass(frozen=True, slots=True)
class Shelf:
    """What a content folder holds: one pack (`is_library` False: its one topic is named after the folder) or a
    library of topics. `issues` are library.toml's own; each topic keeps its own in its Library."""

    root: Path
    info: LibraryInfo
    topics: tuple[Topic, ...]
    groups: tuple[Group, ...] = ()
    issues: tuple[Issue, ...] = ()
    is_library: bool = False
    kept: tuple[str, ...] = ()  # topics whose new files had errors, shown as they were before (hot reload)
    held_back: tuple[tuple[str, tuple[Issue, ...]], ...] = ()  # per kept topic, its new files' problems (named)

    @property
    def default_language(self) -> str:
        return self.info.default_language if self.is_library else self.first.default_language

    @property
    def first(self) -> Topic:
        return self.topics[0]

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language some topic offers, the default first."""
        offered = {language for topic in self.topics for language in topic.languages}
        default = self.default_language
        return (default, *sorted(offered - {default})) if offered else ()

    @property
    def is_empty(self) -> bool:
        return all(topic.is_empty for topic in self.topics)

    @property
    def has_errors(self) -> bool:
        """library.toml's own errors only: a topic's errors keep that topic as it was, never the others."""
        return has_errors(list(self.issues))

    def topic(self, topic_id: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)

    def listed_in(self, language: str) -> list[tuple[Topic, bool]]:
        """The topics a patient choosing `language` sees, in order, each with whether it is shown in the
        default language instead (then the card says so)."""
        listed: list[tuple[Topic, bool]] = []
        for topic in self.topics:
            if topic.is_empty or (self.is_library and topic.unavailable):
                continue
            missing = not topic.offers(language)
            if missing and self.info.untranslated == "hide":
                continue
            listed.append((topic, missing))
        return listed

    def grouped_in(self, language: str) -> list[tuple[str, list[tuple[Topic, bool]]]]:
        """`listed_in` under the library's group headings (one untitled group when it has none); topics no
        group names come last, under no heading."""
        listed = self.listed_in(language)
        if not self.groups:
            return [("", listed)]
        placed: set[str] = set()
        sections: list[tuple[str, list[tuple[Topic, bool]]]] = []
        for group in self.groups:
            members = [entry for entry in listed if entry[0].id in group.topics]
            placed.update(entry[0].id for entry in members)
            if members:
                sections.append((group.title_in(language, self.default_language), members))
        rest = [entry for entry in listed if entry[0].id not in placed]
        return [*sections, ("", rest)] if rest else sections

    def text_for(self, language: str) -> UiText:
        """Words around the topic list: the first topic that has the language, else the first topic's."""
        for topic in self.topics:
            if topic.offers(language):
                return topic.library.text_for(language)
        return self.first.library.text_for(language)

    def title_in(self, language: str) -> str:
        titles = dict(self.info.title)
        return titles.get(language) or titles.get(self.default_language) or self.first.title_in(language)

    def loaded_problems(self) -> list[Issue]:
        """`problems()` of the topics read so far (what the kiosk logs at start, without reading them all)."""
        if not self.is_library:
            return self.problems()
        return [*self.issues, *(issue for topic in self.topics if topic.loaded for issue in topic.problems())]

    def problems(self) -> list[Issue]:
        """Everything staff should see: library.toml's problems, then every topic's, each naming its topic
        (reading every topic not read yet)."""
        if not self.is_library:
            return [*self.first.library.issues, *self.first.cover_problems()]
        held_back = (issue for _, issues in self.held_back for issue in issues)
        return [*self.issues, *held_back, *(issue for topic in self.topics for issue in topic.problems())]

    def with_topic(self, topic: Topic) -> Shelf:
        return dataclasses.replace(self, topics=tuple(topic if t.id == topic.id else t for t in self.topics))


def is_library(root: Path) -> bool:
    return (root / LIBRARY_FILE).is_file()


def load_shelf(
    root: Path, *, lazy: bool = False, previous: Shelf | None = None, load: Callable[..., Library] = load_library
) -> Shelf:
    """Load the content folder at `root`, a library or a single pack.

    With `previous` (hot reload): a topic whose folder has not changed keeps its loaded Library, and a topic
    whose new files have errors keeps its last good one (named in `kept`, the new files' problems in
    `held_back`); a broken topic never hides another.
    """
    if not is_library(root):
        library = load(root, lazy=lazy)
        topic = Topic(root.name, root, library=library)
        return Shelf(root, LibraryInfo(default_language=library.default_language), (topic,))
    info, groups, issues = read_library(root)
    old = {topic.id: topic for topic in previous.topics} if previous is not None and previous.is_library else {}
    topics: list[Topic] = []
    kept: list[str] = []
    held_back: list[tuple[str, tuple[Issue, ...]]] = []
    for topic_id in info.topics:
        folder = root / topic_id
        if not (folder / "pack.toml").is_file() and not folder.is_dir():
            issues.append(
                Issue(root / LIBRARY_FILE, key_line_of(root, "topics"), f"topic folder '{topic_id}/' is missing")
            )
            continue
        earlier = old.get(topic_id)
        if earlier is not None and earlier.loaded and earlier.loaded_from == fingerprint(folder):
            topics.append(earlier)  # read before and unchanged since: kept as it is, pages and all
            continue
        topic = Topic(topic_id, folder, lazy=lazy, load=load)
        if not lazy:
            _ = topic.library  # read now: `kiosk check` and `kiosk pack`, or a reload on the watcher's thread
        # A topic read before whose new files have errors keeps its last good version (or, if that had errors too,
        # the one that can be shown). One never read has no earlier version in memory to keep: it is shown as a
        # single pack would be (pages with errors left out), its problems listed for staff.
        if earlier is not None and _keeps(earlier, topic):
            topics.append(earlier)
            kept.append(topic_id)
            held_back.append((topic_id, tuple(topic.named(topic.library.issues))))
            continue
        if topic.default_language != info.default_language and not topic.is_empty:
            issues.append(
                Issue(
                    folder / PACK_FILE,
                    None,
                    f"[{topic_id}] default language '{topic.default_language}' differs from the library's "
                    f"'{info.default_language}'",
                    Severity.WARNING,
                )
            )
        topics.append(topic)
    for extra in sorted(
        p.name for p in root.iterdir() if (p / "pack.toml").is_file() and p.name not in info.topics
    ):
        issues.append(
            Issue(
                root / extra,
                None,
                f"'{extra}' is not listed in {LIBRARY_FILE} topics; not shown",
                Severity.WARNING,
            )
        )
    if not topics:
        issues.append(Issue(root / LIBRARY_FILE, key_line_of(root, "topics"), "no topic could be loaded"))
        empty = Library(Pack(root, PackInfo(default_language=info.default_language)), {}, [])
        return Shelf(root, info, (Topic("", root, library=empty),), groups, tuple(issues), True)
    shelf = Shelf(root, info, tuple(topics), groups, tuple(issues), True, tuple(kept), tuple(held_back))
    for topic in topics:
        topic.on_load = functools.partial(_borrow_words, shelf)
        if topic.loaded:
            _borrow_words(shelf, topic.library)
    return shelf


def _keeps(earlier: Topic, new: Topic) -> bool:
    """Whether hot reload keeps the version of a topic read before instead of its new files, which have errors:
    when that one had none, or when it could be shown and the new one cannot."""
    if not earlier.loaded or not new.library.has_errors:
        return False
    return not earlier.library.has_errors or (new.unavailable and not earlier.unavailable)


def _borrow_words(shelf: Shelf, library: Library) -> None:
    """A topic shown in the default language to a patient who chose another keeps the buttons in the chosen
    language: it borrows the interface words of the first topic that has them (its pages stay as they are)."""
    for language in shelf.languages:
        if language not in library.texts:
            library.texts[language] = shelf.text_for(language)


_WELCOME_TITLE = re.compile(r"^welcome_title\s*=.*$", re.MULTILINE)


def _welcome_title(path: Path) -> str:
    """One key of a ui.toml, read from its own line (the whole file is checked when the topic's pages are read):
    a list of fifty topics in Spanish reads fifty lines, not fifty files' worth of checks."""
    try:
        line = _WELCOME_TITLE.search(path.read_text("utf-8"))
        value = tomllib.loads(line.group(0)).get("welcome_title") if line else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return value.strip() if isinstance(value, str) else ""

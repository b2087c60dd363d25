"""What staff call the pages and topics the statistics record by id: page titles and topic titles, each in its
topic's default language, read from the content as it is now (`kiosk stats`; staff mode names its own).

Statistics keep the file stem ("risks", "si-joint-fusion/risks" in a library of topics): stable keys for
spreadsheets, but not words staff know. A page renamed or deleted since its visits has no title any more: it is
reported by its id, as no longer shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.shelf import Shelf, load_shelf

NO_LONGER_SHOWN = "no longer shown"  # a recorded page the content no longer has


@dataclass(frozen=True, slots=True)
class PageTitle:
    """A page of the content: its topic's title ("" for a single pack) and its own."""

    topic: str
    page: str

    @property
    def shown(self) -> str:
        """As staff read it: "Topic title · Page title" in a library, the page's title alone in a single pack."""
        return f"{self.topic} · {self.page}" if self.topic else self.page


@dataclass(slots=True)
class ContentNames:
    """Titles of the content's pages (by the key statistics record: "topic/page", or "page" for a single pack)
    and of its topics (by id; a single pack's topic is "")."""

    pages: dict[str, PageTitle] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)

    def page(self, key: str) -> PageTitle | None:
        """The page recorded as `key`; None if the content no longer has it."""
        return self.pages.get(key)


def content_names(shelf: Shelf) -> ContentNames:
    """Every page's title in its topic's default language (else the first language that has the page)."""
    names = ContentNames()
    for topic in shelf.topics:
        library = topic.library  # its pages' front matter: every topic is read, as staff asked for the report
        topic_id = topic.id if shelf.is_library else ""
        names.topics[topic_id] = topic.title_in(topic.default_language) if shelf.is_library else ""
        for language in library.pack.languages:  # the default language first
            for page in library.pack.pages.get(language, ()):
                key = f"{topic_id}/{page.id}" if topic_id else page.id
                names.pages.setdefault(key, PageTitle(names.topics[topic_id], page.meta.title or page.id))
    return names


def read_content_names(root: Path) -> tuple[ContentNames, str]:
    """The names of the content at `root`, and why there are none ("" when it could be read)."""
    try:
        shelf = load_shelf(root, lazy=True)
        names = content_names(shelf)
    except (OSError, ValueError) as error:  # a folder gone or unreadable: the report lists pages by id
        return ContentNames(), f"cannot read the content in {root} for page titles ({error}): pages by their ids"
    return names, "" if names.pages else f"no pages in the content in {root} for page titles: pages by their ids"

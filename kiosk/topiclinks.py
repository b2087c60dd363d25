"""Links between the topics of a library (`[SI joint fusion](topic:si-joint-fusion/benefits)`), checked against
the library itself: each must name a topic it lists and a page that topic has (no Qt).

Rendering keeps any well-formed `topic:` link (a pack does not know the library around it); this module is what
`kiosk check` and staff mode use to say which ones lead nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.librarytoml import LIBRARY_FILE
from kiosk.lines import text_line
from kiosk.links import TOPIC_SCHEME, topic_href, topic_target
from kiosk.pagefile import Page
from kiosk.shelf import Shelf, is_library, load_shelf

# `[words](topic:...)`, `[words](<topic:...>)` and a reference definition `[name]: topic:...`
_LINKS = re.compile(
    rf"\]\(\s*<?({TOPIC_SCHEME}:[^)\s>]*)|^[ ]{{0,3}}\[[^\]]+\]:\s*<?({TOPIC_SCHEME}:[^\s>]*)", re.MULTILINE
)


def topic_links(page: Page) -> Iterator[str]:
    """The `topic:` addresses a page's Markdown links to, as written."""
    for found in _LINKS.finditer(page.body):
        yield found.group(1) or found.group(2)


def topic_link_problems(shelf: Shelf) -> list[Issue]:
    """An error for every topic link that leads nowhere: in a single pack (no library around it), to a topic the
    library does not list, or to a page that topic lacks. Reads every topic's pages. A pack checked on its own that
    is a topic of the library around it (`kiosk check content/si-joint-fusion`) has its links checked there."""
    around = _library_around(shelf)
    problems: list[Issue] = []
    for topic in shelf.topics:
        for page in _pages(topic.library):
            for href in topic_links(page):
                message = _problem(around, href)
                if message:
                    line = text_line(page.body, page.body_line, href)
                    named = f"[{topic.id}] {message}" if shelf.is_library else message
                    problems.append(Issue(page.path, line, named))
    return problems


def _problem(shelf: Shelf, href: str) -> str:
    named = topic_target(href)
    if named is None:
        return ""  # rendering reports a malformed one (and shows it as plain text)
    if not shelf.is_library:
        return (
            f"link '{href}' leads to another topic, but this folder is a single pack, not a library of topics "
            f"({LIBRARY_FILE} beside one folder per topic): tapping it would do nothing. Link to a page of this "
            "pack instead (such as benefits.md), or make the folder a library"
        )
    import difflib  # only for a link that leads nowhere: 7 ms and 0.5 MB at every start otherwise

    topic_id, page_id = named
    topic = shelf.topic(topic_id)
    if topic is None or topic.is_empty:
        listed = [candidate.id for candidate in shelf.topics if not candidate.is_empty]
        close = difflib.get_close_matches(topic_id, listed, n=1)
        fix = f"Did you mean '{topic_href(close[0], page_id)}'?" if close else f"Topics: {', '.join(listed)}"
        return f"link '{href}' names topic '{topic_id}', which {LIBRARY_FILE} does not list. {fix}"
    pages = sorted({page.id for page in _pages(topic.library)})
    if page_id and page_id not in pages:
        close = difflib.get_close_matches(page_id, pages, n=1)
        fix = f"Did you mean '{topic_href(topic_id, close[0])}'?" if close else f"Its pages: {', '.join(pages)}"
        return f"link '{href}' names page '{page_id}', which topic '{topic_id}' does not have. {fix}"
    return ""


def _library_around(shelf: Shelf) -> Shelf:
    parent = shelf.root.parent
    if shelf.is_library or not is_library(parent):
        return shelf
    around = load_shelf(parent, lazy=True)
    return around if around.topic(shelf.root.name) is not None else shelf


def _pages(library: Library) -> Iterator[Page]:
    for pages in library.pack.pages.values():
        yield from pages

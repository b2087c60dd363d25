"""Everything the kiosk shows: the pack, its interface words, and its pages rendered (on demand or all at once)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import limits
from kiosk.content import Pack, load_pack
from kiosk.errors import Issue, has_errors
from kiosk.footer import not_shown_html
from kiosk.matters import Matters
from kiosk.pagefile import Page
from kiosk.quiz import Quiz
from kiosk.uitext import UiText, load_ui_texts

if TYPE_CHECKING:
    from kiosk.render import RenderedPage


class ShownPage:
    """A page as the screen needs it. Its HTML is made the first time it is asked for (and kept), together
    with the problems rendering found, which stay with the page: `Library.issues` gathers them. The kiosk
    asks for it on a worker thread (kiosk/ui/rendering.py); a page that takes longer than the time budget is
    given up: it shows "This page could not be shown" and staff mode says why."""

    __slots__ = (
        "_checklist",
        "_html",
        "_library",
        "_page",
        "_rendering",
        "id",
        "issues",
        "language",
        "tab",
        "title",
    )

    def __init__(self, page: Page, library: Library) -> None:
        self.id, self.language, self.tab, self.title = page.id, page.language, page.meta.tab, page.meta.title
        self._page, self._library = page, library
        self._html: str | None = None
        # One render a page: a page asked for and the whole pack's render may reach it at once on two workers.
        self._rendering = threading.Lock()
        self.issues: tuple[Issue, ...] = ()
        self._checklist: tuple[str, ...] = ()

    @property
    def rendered(self) -> bool:
        return self._html is not None

    @property
    def html(self) -> str:
        if self._html is None:
            with self._rendering:
                if self._html is None:  # else rendered (or given up) while this thread waited
                    self._render()
        assert self._html is not None
        return self._html

    def _render(self) -> None:
        started = time.monotonic()
        result = self._library.render(self._page)
        seconds = time.monotonic() - started
        if self._html is not None:  # given up while it rendered: the calm page stays
            return
        if seconds > limits.RENDER_SECONDS:
            self.give_up(seconds)
            return
        self._html, self.issues, self._checklist = result.html, tuple(result.issues), result.checklist

    def give_up(self, seconds: float) -> None:
        """Show the calm "could not be shown" page instead: rendering took (or is taking) `seconds`."""
        if self._html is not None:
            return
        words = self._library.text_for(self.language).page_not_shown
        message = (
            f"page cannot be shown: preparing it took over {seconds:.1f} s "
            f"(budget {limits.RENDER_SECONDS:.0f} s); make it shorter or simpler"
        )
        self.issues = (Issue(self._page.path, None, message),)
        self._html = not_shown_html(self.title, words)

    def too_slow_to_lay_out(self, seconds: float) -> None:
        """Show the calm "could not be shown" page from now on: the screen took `seconds` to lay this one out."""
        words = self._library.text_for(self.language).page_not_shown
        if self._html == not_shown_html(self.title, words):  # the calm page already
            return
        message = (
            f"page cannot be shown: laying it out on screen took {seconds:.1f} s "
            f"(budget {limits.LAYOUT_SECONDS:.1f} s); make it shorter or simpler, e.g. smaller tables"
        )
        self.issues = (*self.issues, Issue(self._page.path, None, message))
        self._html = not_shown_html(self.title, words)

    @property
    def checklist(self) -> tuple[str, ...]:
        """The words of each row a patient can tick, in page order."""
        _ = self.html
        return self._checklist


class Library:
    """A loaded pack. Pages render the first time their language is asked for, so start-up renders one
    language; `render_all()` does the rest (checks, hot reload and idle time after the first frame)."""

    def __init__(self, pack: Pack, texts: dict[str, UiText], issues: list[Issue]) -> None:
        self.pack = pack
        self.texts = texts
        self.load_issues = tuple(issues)
        self._rendered: dict[str, tuple[ShownPage, ...]] = {}
        self._found: dict[tuple[str, str], tuple[Issue, ...]] = {}  # problems of pages let go (`let_go`)
        self._lock = threading.RLock()  # a library may be rendered on the loader thread, then shown
        listed = pack.info.pages[: limits.PAGES]  # the pages past the limit were not loaded
        self._page_ids = set(listed) or {p.id for pages in pack.pages.values() for p in pages}

    @property
    def root(self) -> Path:
        return self.pack.root

    @property
    def default_language(self) -> str:
        return self.pack.info.default_language

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.pack.languages if self.pack.pages.get(lang))

    @property
    def page_count(self) -> int:
        return sum(len(pages) for pages in self.pack.pages.values())

    @property
    def is_empty(self) -> bool:
        return self.pack.is_empty

    @property
    def issues(self) -> list[Issue]:
        """Problems found loading the pack, then those of every page rendered so far."""
        with self._lock:
            found = dict(self._found)
            found.update(
                ((p.language, p.id), p.issues) for pages in self._rendered.values() for p in pages if p.rendered
            )
        return [*self.load_issues, *(issue for issues in found.values() for issue in issues)]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    def text_for(self, language: str) -> UiText:
        return self.texts.get(language) or self.texts.get(self.default_language) or UiText()

    def quiz_in(self, language: str) -> Quiz | None:
        """The language's quiz, or None: a missing translation is not offered rather than shown in another
        language to someone who may not read it."""
        return self.pack.quizzes.get(language)

    def matters_in(self, language: str) -> Matters | None:
        """The language's 'what matters most' statements, or None (as for the quiz)."""
        return self.pack.matters.get(language)

    def pages_in(self, language: str) -> tuple[ShownPage, ...]:
        if language not in self.languages:
            language = self.default_language
        with self._lock:
            if language not in self._rendered:
                self._rendered[language] = self._render(language)
            return self._rendered[language]

    def let_go(self) -> None:
        """Forget the rendered pages but the default language's first (what opening the topic shows first):
        the others are made again when next asked for. Their problems are kept for staff mode. A library of
        topics calls it when the patient leaves a topic, so ten topics visited hold one topic's pages."""
        with self._lock:
            for pages in self._rendered.values():
                self._found.update(((page.language, page.id), page.issues) for page in pages if page.rendered)
            first = self._rendered.get(self.default_language, ())[:1]
            self._rendered.clear()
            if first:
                self._rendered[self.default_language] = (*first, *self._render(self.default_language)[1:])

    def render_all(self, between: Callable[[], object] | None = None) -> list[Issue]:
        """Render every page not rendered yet (checks, hot reload, idle time); returns the problems found.
        `between()` is called before each page (the kiosk's workers wait there while its screen is busy)."""
        found: list[Issue] = []
        for language in self.languages:
            for shown in self.pages_in(language):
                if not shown.rendered:
                    if between is not None:
                        between()
                    _ = shown.html
                    found += shown.issues
        return found

    def render(self, page: Page) -> RenderedPage:
        from kiosk.render import render_page  # python-markdown loads after the first frame, not before

        words = self.text_for(page.language).footer()  # no lock held: the screen never waits for a render
        return render_page(page, self.pack.root, self._page_ids, words, self.pack.info.clinic)

    def _render(self, language: str) -> tuple[ShownPage, ...]:
        return tuple(ShownPage(page, self) for page in self.pack.pages.get(language, ()))


def load_library(root: Path, *, lazy: bool = False) -> Library:
    """Load the pack at `root` and its interface words; render every page unless `lazy`."""
    pack, issues = load_pack(root)
    texts, text_issues = load_ui_texts(pack.root, tuple(pack.pages), pack.info.default_language)
    library = Library(pack, texts, [*issues, *text_issues])
    if not lazy:
        library.render_all()
    return library

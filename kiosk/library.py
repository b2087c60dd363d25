"""Everything the kiosk shows: the pack, its interface words, and its pages rendered (on demand or all at once)."""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.content import Pack, load_pack
from kiosk.errors import Issue, has_errors
from kiosk.pagefile import Page
from kiosk.uitext import UiText, load_ui_texts


class ShownPage:
    """A page as the screen needs it. Its HTML is made the first time it is asked for."""

    __slots__ = ("_html", "_library", "_page", "id", "language", "tab", "title")

    def __init__(self, page: Page, library: Library) -> None:
        self.id, self.language, self.tab, self.title = page.id, page.language, page.meta.tab, page.meta.title
        self._page, self._library, self._html = page, library, ""

    @property
    def html(self) -> str:
        if not self._html:
            self._html = self._library.render(self._page)
        return self._html


class Library:
    """A loaded pack. Pages render the first time their language is asked for, so start-up renders one
    language; `render_all()` does the rest (checks, hot reload and idle time after the first frame)."""

    def __init__(self, pack: Pack, texts: dict[str, UiText], issues: list[Issue]) -> None:
        self.pack = pack
        self.texts = texts
        self.issues = issues
        self._rendered: dict[str, tuple[ShownPage, ...]] = {}
        self._lock = threading.RLock()  # a library may be rendered on the loader thread, then shown
        self._page_ids = set(pack.info.pages) or {p.id for pages in pack.pages.values() for p in pages}

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
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    def text_for(self, language: str) -> UiText:
        return self.texts.get(language) or self.texts.get(self.default_language) or UiText()

    def pages_in(self, language: str) -> tuple[ShownPage, ...]:
        if language not in self.languages:
            language = self.default_language
        with self._lock:
            if language not in self._rendered:
                self._rendered[language] = self._render(language)
            return self._rendered[language]

    def render_all(self) -> Library:
        """Render every page now (checks, hot reload, idle time): problems in any page land in `issues`."""
        for language in self.languages:
            for shown in self.pages_in(language):
                _ = shown.html
        return self

    def render(self, page: Page) -> str:
        from kiosk.render import render_page  # python-markdown loads after the first frame, not before

        with self._lock:
            result = render_page(page, self.pack.root, self._page_ids, self.text_for(page.language).footer())
            self.issues += result.issues
            return result.html

    def _render(self, language: str) -> tuple[ShownPage, ...]:
        return tuple(ShownPage(page, self) for page in self.pack.pages.get(language, ()))


def load_library(root: Path, *, lazy: bool = False) -> Library:
    """Load the pack at `root` and its interface words; render every page unless `lazy`."""
    pack, issues = load_pack(root)
    texts, text_issues = load_ui_texts(pack.root, tuple(pack.pages), pack.info.default_language)
    library = Library(pack, texts, [*issues, *text_issues])
    return library if lazy else library.render_all()

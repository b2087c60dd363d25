"""Everything the kiosk shows, loaded and rendered in one step, with every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content import Pack, load_pack
from kiosk.errors import Issue, has_errors
from kiosk.render import render_page
from kiosk.uitext import UiText, load_ui_texts


@dataclass(frozen=True, slots=True)
class ShownPage:
    """A page as the screen needs it."""

    id: str
    language: str
    tab: str
    title: str
    html: str


@dataclass(frozen=True, slots=True)
class Library:
    pack: Pack
    pages: dict[str, tuple[ShownPage, ...]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    texts: dict[str, UiText] = field(default_factory=dict)

    def text_for(self, language: str) -> UiText:
        return self.texts.get(language) or self.texts.get(self.default_language) or UiText()

    @property
    def root(self) -> Path:
        return self.pack.root

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.pack.languages if self.pages.get(lang))

    @property
    def default_language(self) -> str:
        return self.pack.info.default_language

    def pages_in(self, language: str) -> tuple[ShownPage, ...]:
        return self.pages.get(language) or self.pages.get(self.default_language, ())

    @property
    def is_empty(self) -> bool:
        return not any(self.pages.values())

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)


def load_library(root: Path) -> Library:
    """Load the pack at `root`, its interface words, and render every page that could be read."""
    pack, issues = load_pack(root)
    texts, text_issues = load_ui_texts(pack.root, tuple(pack.pages), pack.info.default_language)
    issues += text_issues
    page_ids = set(pack.info.pages) or {p.id for pages in pack.pages.values() for p in pages}
    shown: dict[str, tuple[ShownPage, ...]] = {}
    for language, pages in pack.pages.items():
        rendered = []
        footer = texts.get(language, UiText()).footer()
        for page in pages:
            result = render_page(page, pack.root, page_ids, footer)
            issues += result.issues
            rendered.append(ShownPage(page.id, language, page.meta.tab, page.meta.title, result.html))
        shown[language] = tuple(rendered)
    return Library(pack, shown, issues, texts)

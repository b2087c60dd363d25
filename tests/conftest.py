"""Shared fixtures: off-screen Qt, no real config or folders of the developer's, and pack factories."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "content"
PAGE_IDS = ("what-it-is", "procedure", "benefits", "risks", "recovery", "questions")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the developer's kiosk.toml, system config and log folders out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(home / "etc-xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("HOME", str(home))


def page_text(title: str = "A page", tab: str = "Page", body: str = "Some words.", **extra: str) -> str:
    lines = [
        "---",
        f"title: {title}",
        f"tab: {tab}",
        "reviewed: 2026-10-01",
        "reviewer: Nurse educator",
        "sources:",
        '  - "A source, 2024."',
        *(f"{key}: {value}" for key, value in extra.items()),
        "---",
        textwrap.dedent(body).strip(),
        "",
    ]
    return "\n".join(lines)


PackFactory = Callable[..., Path]


@pytest.fixture
def make_pack(tmp_path: Path) -> PackFactory:
    """Write a small pack: `pages` maps id to Markdown body (or to full file text via `raw`)."""

    def make(
        pages: dict[str, str] | None = None,
        *,
        raw: dict[str, bytes | str] | None = None,
        language: str = "en",
        order: list[str] | None = None,
        pack_toml: str | None = None,
        name: str = "pack",
    ) -> Path:
        root = tmp_path / name
        folder = root / language
        folder.mkdir(parents=True, exist_ok=True)
        pages = {"one": "First page.", "two": "Second page."} if pages is None and raw is None else pages or {}
        for page_id, body in pages.items():
            (folder / f"{page_id}.md").write_text(page_text(page_id.title(), page_id.title(), body), "utf-8")
        for file_name, content in (raw or {}).items():
            target = folder / file_name
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        ids = order if order is not None else [*pages, *(Path(n).stem for n in (raw or {}))]
        if pack_toml is None:
            pack_toml = f'title = "Test pack"\nversion = "1"\ndefault_language = "{language}"\npages = {ids!r}\n'
        (root / "pack.toml").write_text(pack_toml.replace("'", '"'), "utf-8")
        return root

    return make


class TagCollector(HTMLParser):
    """Every start tag of an HTML text with its attributes, to check what rendering let through."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

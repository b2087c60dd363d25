"""The bundled pages render to exactly the HTML stored in tests/data/rendered (made before issue 22's forgiving
Markdown): a change to the Markdown pipeline that alters a shipped page shows up here, page by page. A change
meant to alter them: render them again (`load_library(bundled_content_dir() / "si-joint-fusion")`, as below), look
at the difference, and store the new copies with the change."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kiosk.library import load_library
from kiosk.paths import bundled_content_dir

STORED = Path(__file__).parent / "data" / "rendered"


@functools.cache
def _rendered() -> dict[str, str]:
    library = load_library(bundled_content_dir() / "si-joint-fusion")
    return {f"{lang}-{page.id}": page.html for lang in library.languages for page in library.pages_in(lang)}


def test_every_bundled_page_has_a_stored_copy() -> None:
    assert sorted(_rendered()) == sorted(path.stem for path in STORED.glob("*.html"))
    assert len(list(STORED.glob("*.html"))) == 12


@pytest.mark.parametrize("name", sorted(path.stem for path in STORED.glob("*.html")))
def test_bundled_page_renders_as_before(name: str) -> None:
    assert _rendered()[name] == (STORED / f"{name}.html").read_text(encoding="utf-8")

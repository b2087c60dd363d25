"""A loaded pack (kiosk.library): letting go of rendered pages keeps what staff and the next patient need."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.library import load_library
from tests.conftest import BUNDLED


def test_letting_go_keeps_the_first_page_and_every_problem_found(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(BUNDLED, root)
    edited = root / "en" / "benefits.md"
    edited.write_text(edited.read_text("utf-8") + "\nSee [this](nowhere.md).\n", "utf-8")
    library = load_library(root, lazy=True)
    pages = library.pages_in("en")
    for page in (*pages, *library.pages_in("es")):
        _ = page.html
    warning = pages[2].issues  # whatever rendering found stays listed after the page is let go
    assert pages[2].id == "benefits" and any("nowhere.md" in issue.message for issue in warning)
    issues = library.issues
    library.let_go()
    again = library.pages_in("en")
    assert again[0] is pages[0] and again[0].rendered  # what opening the topic shows first, at once
    assert not any(page.rendered for page in again[1:]) and again[1] is not pages[1]
    assert not any(page.rendered for page in library.pages_in("es"))
    assert library.issues == issues
    _ = again[2].html  # made again: its problems are not counted twice
    assert again[2].issues == warning and library.issues == issues
    assert again[2].html == pages[2].html

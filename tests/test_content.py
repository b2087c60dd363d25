"""The content pack: discovery, front matter, and broken files that must not take the others down."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.content import load_pack
from kiosk.errors import Issue, Severity
from kiosk.library import load_library
from tests.conftest import BUNDLED, PAGE_IDS, PackFactory, page_text


def messages(issues: list[Issue]) -> list[str]:
    return [str(issue) for issue in issues]


def test_bundled_pack_loads_cleanly_in_order() -> None:
    pack, issues = load_pack(BUNDLED)
    assert issues == []
    assert tuple(page.id for page in pack.pages_in("en")) == PAGE_IDS
    for page in pack.pages_in("en"):
        assert page.meta.title and page.meta.tab and page.meta.reviewer
        assert isinstance(page.meta.reviewed, dt.date)
        assert page.meta.sources


def test_missing_content_folder_is_an_error_and_an_empty_pack(tmp_path: Path) -> None:
    pack, issues = load_pack(tmp_path / "gone")
    assert pack.is_empty
    assert messages(issues) == [f"{tmp_path / 'gone'}: error: content folder does not exist"]


def test_a_folder_with_no_content_at_all_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a page", "utf-8")
    (tmp_path / "images").mkdir()
    pack, issues = load_pack(tmp_path)
    assert pack.is_empty
    assert messages(issues) == [
        f"{tmp_path}: error: this folder has no content: no pack.toml, no library.toml and no language folders"
        " (en/, es/, ...); choose the folder that holds them"
    ]


def test_a_pack_with_parts_missing_says_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()  # a language folder, but no pack.toml and no folder for the default language
    pack, issues = load_pack(tmp_path)
    assert pack.is_empty
    text = "\n".join(messages(issues))
    assert "no pack.toml" in text
    assert "no folder 'en/'" in text
    assert "has no content" not in text
    (tmp_path / "es").rmdir()
    (tmp_path / "pack.toml").write_text('title = "Draft"\n', "utf-8")
    _, issues = load_pack(tmp_path)
    assert [str(issue) for issue in issues] == [
        f"{tmp_path / 'pack.toml'}: error: no folder 'en/' for the default language"
    ]


def test_malformed_pack_toml_names_line_and_still_loads_pages(make_pack: PackFactory) -> None:
    root = make_pack(pack_toml='title = "x"\npages = ["one", "two"\nversion = 3\n')
    pack, issues = load_pack(root)
    assert str(issues[0]).startswith(f"{root / 'pack.toml'}:3: error: not valid TOML")
    # With no usable page order, pages are still found in file-name order.
    assert [page.id for page in pack.pages_in("en")] == ["one", "two"]


def test_wrong_pack_keys_are_reported_with_suggestion(make_pack: PackFactory) -> None:
    root = make_pack(pack_toml='title = "x"\nversoin = "1"\npages = ["one", "two", "one"]\n')
    _, issues = load_pack(root)
    text = "\n".join(messages(issues))
    assert f"{root / 'pack.toml'}:2: error: unknown key 'versoin' (did you mean 'version'?)" in text
    assert f"{root / 'pack.toml'}:3: error: 'pages' lists one more than once" in text


def test_one_broken_page_does_not_stop_the_others(make_pack: PackFactory) -> None:
    root = make_pack(
        {"good": "Fine words."},
        raw={
            "latin1.md": page_text(body="caf\xe9").encode("latin-1"),
            "junk.md": bytes(range(256)) * 4,
            "empty.md": b"",
            "huge.md": b"a" * (20 * 1024 * 1024),
        },
    )
    pack, issues = load_pack(root)
    # A page too large to read keeps its tab, shown as "could not be shown" (kiosk/limits.py).
    assert [(page.id, bool(page.refused)) for page in pack.pages_in("en")] == [("good", False), ("huge", True)]
    text = "\n".join(messages(issues))
    assert f"{root / 'en' / 'latin1.md'}:" in text and "not UTF-8" in text
    assert "junk.md: error: file is binary" in text
    assert "empty.md: error: file is empty" in text
    assert "huge.md: error: page cannot be shown: the file is 20 MB; limit 128 KB; split it into pages" in text


def test_unknown_front_matter_key_is_reported_but_page_still_shows(make_pack: PackFactory) -> None:
    root = make_pack(raw={"one.md": page_text(revieved="2025-01-01")})
    pack, issues = load_pack(root)
    assert [page.id for page in pack.pages_in("en")] == ["one"]
    assert f"{root / 'en' / 'one.md'}:8: error: unknown front-matter key 'revieved'" in "\n".join(messages(issues))
    assert "did you mean 'reviewed'" in str(issues[0])


def test_front_matter_yaml_error_gives_its_line(make_pack: PackFactory) -> None:
    root = make_pack(raw={"one.md": "---\ntitle: ok\ntab: [unclosed\nreviewed: 2026-01-01\n---\nBody\n"})
    pack, issues = load_pack(root)
    assert pack.pages_in("en") == ()
    assert str(issues[0]).startswith(f"{root / 'en' / 'one.md'}:")
    assert "not valid YAML" in str(issues[0])


@pytest.mark.parametrize("broken", ["tab: [Risks", 'summary: "The risks', "tab: {a: b", "title: Risks: and more"])
@pytest.mark.parametrize("at", [0, 1, 2])  # the first, a middle and the last front-matter line
def test_front_matter_yaml_error_names_the_broken_line(make_pack: PackFactory, broken: str, at: int) -> None:
    """A bracket or quote left open was reported on the line after it (risks.md:3 for a broken line 2)."""
    lines = ["title: Risks", "tab: Risks", "summary: The risks"]
    lines[at] = broken
    root = make_pack(raw={"one.md": "---\n" + "\n".join(lines) + "\n---\nBody\n"})
    _, issues = load_pack(root)
    assert str(issues[0]).startswith(f"{root / 'en' / 'one.md'}:{at + 2}: error: front matter is not valid YAML")


def test_front_matter_that_is_never_closed(make_pack: PackFactory) -> None:
    root = make_pack(raw={"one.md": "---\ntitle: ok\nBody without a closing fence\n"})
    _, issues = load_pack(root)
    assert "not closed" in str(issues[0])


def test_front_matter_that_lost_its_first_fence_is_an_error_not_page_text(make_pack: PackFactory) -> None:
    lost = "title: Benefits\ntab: Benefits\nreviewer: Nurse\nsources:\n  - A study\n---\n\nWords for patients.\n"
    plain = "Words first.\n\n---\n\ntitle: not front matter, just words after a rule\n"
    root = make_pack(raw={"lost.md": lost, "plain.md": plain})
    pack, issues = load_pack(root)
    assert [page.id for page in pack.pages_in("en")] == ["plain"]  # left out: patients never see its sources
    error = next(issue for issue in issues if str(issue.path).endswith("lost.md"))
    assert error.is_error and error.line == 6 and "lost its first '---'" in error.message


def test_title_falls_back_to_first_heading_then_file_name(make_pack: PackFactory) -> None:
    root = make_pack(raw={"with-heading.md": "Intro\n\n## Real title\n\nText", "bare-name.md": "Just text."})
    pack, issues = load_pack(root)
    titles = {page.id: page.meta.title for page in pack.pages_in("en")}
    assert titles == {"with-heading": "Real title", "bare-name": "Bare name"}
    assert any(issue.severity is Severity.WARNING and "no front matter" in issue.message for issue in issues)


def test_missing_and_unlisted_pages(make_pack: PackFactory) -> None:
    root = make_pack({"one": "x", "extra": "y"}, order=["one", "missing"])
    (root / "en" / ".#one.md").write_text("editor lock file", "utf-8")
    (root / "en" / "one.md~").write_text("editor backup", "utf-8")
    pack, issues = load_pack(root)
    text = "\n".join(messages(issues))
    assert f"{root / 'en' / 'missing.md'}: error: page 'missing' is missing" in text
    assert "extra.md: warning: 'extra' is not listed" in text
    assert ".#one" not in text and "one.md~" not in text
    assert [page.id for page in pack.pages_in("en")] == ["one"]


def test_bad_review_date_and_sources_are_reported(make_pack: PackFactory) -> None:
    text = "---\ntitle: T\ntab: T\nreviewed: last spring\nreviewer: Nurse\nsources: 5\n---\nBody\n"
    root = make_pack(raw={"one.md": text})
    pack, issues = load_pack(root)
    page = pack.pages_in("en")[0]
    assert page.meta.reviewed is None and page.meta.sources == ()
    joined = "\n".join(messages(issues))
    assert ":4: error: 'reviewed' must be a date" in joined
    assert ":6: error: 'sources' must be a list" in joined


def test_second_language_falls_back_to_default_for_missing_pages(make_pack: PackFactory) -> None:
    root = make_pack({"one": "English", "two": "More English"})
    (root / "es").mkdir()
    (root / "es" / "one.md").write_text(page_text("Uno", "Uno", "Español"), "utf-8")
    library = load_library(root)
    assert library.languages == ("en", "es")
    assert [page.id for page in library.pages_in("es")] == ["one"]
    assert any("es/two.md: warning: page 'two' is missing" in str(issue) for issue in library.issues)
    assert [page.id for page in library.pages_in("fr")] == ["one", "two"]


def test_front_matter_is_checked_through_the_schema(make_pack: PackFactory) -> None:
    """Each key's type and bounds are declared once (pagefile.FrontMatter), as for kiosk.toml."""
    raw = (
        "---\ntitle: 2026\ntab: [a, list]\nreviewed: someday\nreviewer: Nurse\nsources: One book, 2024.\n"
        "extra: 1\n---\nText.\n"
    )
    root = make_pack(raw={"one.md": raw})
    pack, issues = load_pack(root)
    text = "\n".join(messages(issues))
    page = pack.pages["en"][0]
    assert page.meta.title == "2026" and page.meta.sources == ("One book, 2024.",)  # YAML's number, as words
    assert page.meta.tab == "2026" and page.meta.reviewed is None
    assert "one.md:3: error: 'tab' must be text in quotes, not a list; left out" in text
    assert "one.md:4: error: 'reviewed' must be a date like 2026-03-31, not 'someday'; left out" in text
    assert "one.md:7: error: unknown front-matter key 'extra'" in text


def test_a_page_that_links_out_of_the_pack_is_refused(make_pack: PackFactory, tmp_path: Path) -> None:
    """A page that is a symbolic link to a file elsewhere was read and shown, like any page (pictures were not)."""
    secret = tmp_path / "secret.md"
    secret.write_text(page_text("Secret", "Secret", "The server's secret notes."), "utf-8")
    root = make_pack({"one": "First page.", "two": "Second page."})
    (root / "en" / "two.md").unlink()
    (root / "en" / "two.md").symlink_to(secret)
    pack, issues = load_pack(root)
    assert [page.id for page in pack.pages["en"]] == ["one"]
    refused = [issue for issue in issues if issue.path == root / "en" / "two.md"]
    assert refused and refused[0].is_error and "outside the pack" in refused[0].message


def test_a_language_folder_that_links_out_of_the_pack_is_refused(make_pack: PackFactory, tmp_path: Path) -> None:
    elsewhere = make_pack({"one": "Words from elsewhere."}, language="es", name="elsewhere")
    root = make_pack({"one": "First page."})
    (root / "es").symlink_to(elsewhere / "es")
    pack, issues = load_pack(root)
    assert pack.pages["es"] == () and any("outside the pack" in issue.message for issue in issues)


def test_a_link_inside_the_pack_is_still_read(make_pack: PackFactory) -> None:
    root = make_pack({"one": "First page.", "two": "Second page."})
    (root / "en" / "two.md").unlink()
    (root / "en" / "two.md").symlink_to(root / "en" / "one.md")
    pack, _ = load_pack(root)
    assert [page.id for page in pack.pages["en"]] == ["one", "two"]


def test_a_title_from_the_first_heading_is_not_shown_twice(make_pack: PackFactory) -> None:
    root = make_pack(raw={"leaflet.md": "# Thyroidectomy - Patient Information\n\nWhat to expect.\n\n## After"})
    pack, _ = load_pack(root)
    (page,) = pack.pages_in("en")
    assert page.meta.title == "Thyroidectomy - Patient Information"
    assert "Thyroidectomy" not in page.body and "## After" in page.body  # the title heading only
    assert page.body.count("\n") == 4  # its line stays, empty: messages keep pointing at the right lines
    assert page.meta.tab == "Thyroidectomy"


def test_derived_tab_labels_are_the_short_part_of_the_title() -> None:
    from kiosk.pagefile import short_label

    assert short_label("Risks: what can go wrong") == "Risks"
    assert short_label("Recovery (week by week)") == "Recovery"
    assert short_label("Before \u2013 during \u2013 after") == "Before"
    assert short_label("Well-being") == "Well-being"  # a hyphen inside a word is no separator
    assert short_label("- odd") == "- odd"

"""Issue 20's hostile inputs are refused on their text, before anything expensive reads them (kiosk/limits.py).

Each test is one example from the issue; on the code before the limits each of them was rendered (for seconds
to minutes) instead of refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import limits, readability
from kiosk.cli import main
from kiosk.content import load_pack
from kiosk.library import load_library
from kiosk.uitext import load_ui_texts
from tests.conftest import BUNDLED, PackFactory, page_text

BODY_LINE = 9  # page_text puts the body on line 9 of the file


def nested_callouts(levels: int) -> str:
    return "".join(f"{'    ' * n}!!! note\n\n" for n in range(levels)) + "    " * levels + "deep\n"


def refusal(root: Path, page_id: str = "one") -> tuple[list[str], str]:
    """The errors about `page_id`, and its HTML as the kiosk would show it (rendering everything)."""
    library = load_library(root)
    errors = [str(issue) for issue in library.issues if issue.is_error and page_id in str(issue.path)]
    page = next(page for page in library.pages_in("en") if page.id == page_id)
    return errors, page.html


def assert_calm(html: str) -> None:
    assert "This page could not be shown" in html
    assert "deep" not in html and "Heading 1" not in html  # nothing of the page itself


@pytest.mark.parametrize("levels", [32, 100])
def test_nested_callouts_are_refused_with_the_line_where_they_go_too_deep(
    make_pack: PackFactory, levels: int
) -> None:
    root = make_pack({"one": nested_callouts(levels), "two": "Fine."})
    errors, html = refusal(root)
    first_too_deep = BODY_LINE + 2 * limits.NESTING  # call-out number NESTING + 1
    assert errors == [
        f"{root / 'en' / 'one.md'}:{first_too_deep}: error: page cannot be shown: call-outs, quotes or lists "
        f"are nested {levels} deep (limit {limits.NESTING}); put them one after another instead"
    ]
    assert_calm(html)
    assert "Fine." in refusal(root, "two")[1]  # the other pages are shown as usual


def test_nesting_up_to_the_limit_is_shown(make_pack: PackFactory) -> None:
    errors, html = refusal(make_pack({"one": nested_callouts(limits.NESTING)}))
    assert errors == []
    assert "deep" in html


def test_ten_thousand_headings_are_refused(make_pack: PackFactory) -> None:
    body = "".join(f"# {n}\n\n" for n in range(1, 10_001))
    root = make_pack({"one": body})
    errors, html = refusal(root)
    assert errors == [
        f"{root / 'en' / 'one.md'}:{BODY_LINE + 2 * limits.HEADINGS}: error: page cannot be shown: "
        f"it has 10,000 headings (limit {limits.HEADINGS} a page)"
    ]
    assert_calm(html)


def test_a_500_kb_word_is_refused_by_size_and_its_tab_stays(make_pack: PackFactory) -> None:
    root = make_pack({"one": "a" * 500_000, "two": "Fine."})
    errors, html = refusal(root)
    assert len(errors) == 1 and f"; limit {limits.size_text(limits.PAGE_BYTES)}; split it into pages" in errors[0]
    assert [page.tab for page in load_library(root).pages_in("en")] == ["One", "Two"]
    assert "This page could not be shown" in html and "aaaa" not in html


def test_a_word_longer_than_the_limit_is_refused_with_its_line(make_pack: PackFactory) -> None:
    root = make_pack({"one": "Short words.\n\n" + "a" * (limits.WORD_CHARACTERS + 1)})
    errors, html = refusal(root)
    assert errors == [
        f"{root / 'en' / 'one.md'}:{BODY_LINE + 2}: error: page cannot be shown: it has a word of "
        f"{limits.WORD_CHARACTERS + 1} characters (limit {limits.WORD_CHARACTERS}); add spaces or shorten "
        "the web address"
    ]
    assert "This page could not be shown" in html


def test_a_ten_thousand_row_table_is_refused(make_pack: PackFactory) -> None:
    body = "| a | b |\n|---|---|\n" + "".join(f"| {n} | x |\n" for n in range(10_000))
    root = make_pack({"one": body})
    errors, html = refusal(root)
    assert errors == [
        f"{root / 'en' / 'one.md'}:{BODY_LINE + 2 + limits.TABLE_ROWS}: error: page cannot be shown: "
        f"a table has more than {limits.TABLE_ROWS} rows; split it"
    ]
    assert "This page could not be shown" in html


def test_a_table_wider_than_the_limit_is_refused(make_pack: PackFactory) -> None:
    columns = limits.TABLE_COLUMNS + 1
    body = "|" + " x |" * columns + "\n|" + "---|" * columns + "\n"
    errors, _ = refusal(make_pack({"one": body}))
    assert len(errors) == 1 and f"a table has {columns} columns" in errors[0]


def test_a_thousand_pages_load_only_up_to_the_limit(make_pack: PackFactory) -> None:
    root = make_pack({f"p{n:04d}": "Words." for n in range(1000)})
    pack, issues = load_pack(root)
    assert [page.id for page in pack.pages["en"]] == [f"p{n:04d}" for n in range(limits.PAGES)]
    assert [str(issue) for issue in issues if issue.is_error] == [
        f"{root / 'pack.toml'}: error: the pack has 1,000 pages (limit {limits.PAGES} in each language); "
        f"'p{limits.PAGES:04d}' and the {999 - limits.PAGES:,} after it are not shown"
    ]


def test_too_many_languages_keep_the_default_and_the_first_others(make_pack: PackFactory) -> None:
    root = make_pack({"one": "Words."})
    codes = [f"x{chr(97 + n)}" for n in range(limits.LANGUAGES + 3)]
    for code in codes:
        (root / code).mkdir()
        (root / code / "one.md").write_text(page_text(body="Words."), "utf-8")
    pack, issues = load_pack(root)
    assert pack.languages == ("en", *codes[: limits.LANGUAGES - 1])
    assert [issue.message for issue in issues if issue.is_error] == [
        f"the pack has {limits.LANGUAGES + 4} languages (limit {limits.LANGUAGES}); not shown: "
        + ", ".join(codes[limits.LANGUAGES - 1 :])
    ]


def test_a_folder_with_too_many_files_is_not_loaded(
    make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "FILES", 50)  # counted the same way at 2,000, only slower to set up
    root = make_pack({"one": "Words."})
    junk = root / "images" / "junk"
    junk.mkdir(parents=True)
    for n in range(limits.FILES):
        (junk / f"{n}.txt").touch()
    pack, issues = load_pack(root)
    assert pack.is_empty
    assert [issue.message for issue in issues] == [
        f"the folder holds more than {limits.FILES:,} files and folders; a pack needs a few dozen; not loaded"
    ]


def test_the_bundled_pack_is_well_inside_every_limit() -> None:
    pack, issues = load_pack(BUNDLED)
    assert not [issue for issue in issues if "cannot be shown" in issue.message or "limit" in issue.message]
    assert limits.count_files(BUNDLED) * 10 < limits.FILES
    for pages in pack.pages.values():
        for page in pages:
            assert not page.refused
            assert len(page.body.encode()) * 10 < limits.PAGE_BYTES


def test_check_reports_a_refused_page_as_an_error(
    make_pack: PackFactory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readability, "available", lambda: False)  # its dictionary takes seconds to load
    root = make_pack({"one": nested_callouts(32)})
    assert main(["check", str(root)]) == 1
    assert f"one.md:{BODY_LINE + 2 * limits.NESTING}: error: page cannot be shown" in capsys.readouterr().out


def test_a_page_over_the_time_budget_is_given_up_calmly(
    make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", -1.0)  # every render is over budget
    library = load_library(make_pack({"one": "Words that took too long."}))
    page = library.pages_in("en")[0]
    assert "This page could not be shown" in page.html and "took too long" not in page.html
    assert [issue.message for issue in library.issues if issue.is_error] == [
        "page cannot be shown: preparing it took over 0.0 s (budget -1 s); make it shorter or simpler"
    ]


@pytest.mark.parametrize(
    ("key", "value"), [("date_format", "{day:x>1000000} {month} {year}"), ("wrong_pin", "({failures:>999999999})")]
)
def test_format_specs_in_ui_toml_are_errors_and_the_kiosk_keeps_its_words(
    make_pack: PackFactory, key: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readability, "available", lambda: False)
    root = make_pack({"one": "Words."})
    (root / "en" / "ui.toml").write_text(f"{key} = {json.dumps(value)}\n", "utf-8")
    texts, issues = load_ui_texts(root, ("en",), "en")
    assert [issue.is_error for issue in issues] == [True]
    assert getattr(texts["en"], key) == getattr(type(texts["en"])(), key)
    assert main(["check", str(root)]) == 1


@pytest.mark.parametrize(
    ("n_bytes", "shown"),
    [
        (1, "1 byte"),
        (900, "900 bytes"),
        (64 * 1024, "64 KB"),
        (limits.PAGE_BYTES, "128 KB"),
        (limits.PAGE_BYTES + 1, "128.1 KB"),  # just over a limit never reads as the limit
        (200_000, "195.4 KB"),
        (4 * 1024 * 1024, "4 MB"),
        (4_718_592, "4.5 MB"),
        (300 * 1024 * 1024, "300 MB"),
    ],
)
def test_sizes_read_as_a_file_manager_shows_them(n_bytes: int, shown: str) -> None:
    assert limits.size_text(n_bytes) == shown


def test_every_size_limit_says_size_and_limit_in_the_same_units(tmp_path: Path) -> None:
    from kiosk import pictures
    from kiosk.formfile import read_form
    from kiosk.tomlfile import read_toml

    assert [excess.message for excess in limits.page_excess("word " * 40_000)] == [
        "the page is too large (195.4 KB; limit 128 KB); split it into pages"
    ]
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.jpg").write_bytes(b"\xff" * (4 * 1024 * 1024 + 512 * 1024))
    assert (
        pictures.inspect(tmp_path, "images/photo.jpg")[1] == "is too large (4.5 MB; limit 4 MB): save it smaller"
    )
    svg = b"<svg>" + b" " * (1024 * 1024) + b"</svg>"
    assert (
        pictures.svg_size(svg)[1] == "is too large for an SVG drawing (1.1 MB; limit 1 MB): save it as plain SVG"
    )
    (tmp_path / "quiz.md").write_text("x" * 70_000, "utf-8")
    assert [issue.message for issue in read_form(tmp_path / "quiz.md")[1]] == [
        "file is too large (68.4 KB; limit 64 KB)"
    ]
    (tmp_path / "kiosk.toml").write_text("#" * 1_900_000, "utf-8")
    assert [issue.message for issue in read_toml(tmp_path / "kiosk.toml")[1]] == [
        "file is too large (1.9 MB; limit 1 MB)"
    ]

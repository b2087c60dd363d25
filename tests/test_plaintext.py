"""Strings outside page bodies: markup is an error for `kiosk check`; format strings take bare placeholders."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.library import load_library
from kiosk.plaintext import markup_problem
from kiosk.uitext import UiText, load_ui_texts
from tests.conftest import PackFactory, page_text

IMG = "<img src=/dev/zero>"


@pytest.mark.parametrize(
    "text", [IMG, "<span style=font-size:2000px>X</span>", "</b>", "<!-- x -->", "Fish &amp; chips", "&#60;b"]
)
def test_tags_and_entities_are_markup(text: str) -> None:
    assert markup_problem(text) is not None


@pytest.mark.parametrize("text", ["Risks & benefits", "Less than < 5 cm", "3<4", "Q&A, AT&T", "Mañana: ¿qué?"])
def test_plain_words_with_brackets_or_ampersands_are_not(text: str) -> None:
    assert markup_problem(text) is None


def hostile(make_pack: PackFactory) -> Path:
    root = make_pack(
        raw={
            "one.md": page_text(title=json.dumps(IMG), tab="One"),
            "two.md": page_text(title="Two", tab=json.dumps("<b>Two</b>")),
        }
    )
    (root / "pack.toml").write_text(
        f'version = "1"\ntitle = {json.dumps(IMG)}\ndefault_language = "en"\npages = ["one", "two"]\n', "utf-8"
    )
    (root / "en" / "ui.toml").write_text(
        'close = "Close"\ntouch_to_start = "<img src=\'/etc/passwd\'>"\n'
        'months = ["Jan", "Feb &amp; co", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]\n',
        "utf-8",
    )
    return root


def test_check_rejects_markup_in_titles_tabs_pack_title_and_ui_words(
    make_pack: PackFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hostile(make_pack)
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "<b>Clinic</b>"\n', "utf-8")
    assert main(["check", "--config", str(config), str(root)]) == 1
    out = capsys.readouterr().out
    for where, key in [
        (f"{root / 'en' / 'one.md'}:2", "title"),
        (f"{root / 'en' / 'two.md'}:3", "tab"),
        (f"{root / 'pack.toml'}:2", "title"),
        (f"{root / 'en' / 'ui.toml'}:2", "touch_to_start"),
        (f"{root / 'en' / 'ui.toml'}:3", "months"),
        (f"{config}:1", "clinic_name"),
    ]:
        assert f"{where}: error: '{key}' contains markup" in out, (where, key)


def test_markup_is_still_loaded_and_shown_as_written(make_pack: PackFactory) -> None:
    library = load_library(hostile(make_pack))
    assert library.pack.info.title == IMG
    assert library.pages_in("en")[1].tab == "<b>Two</b>"
    assert library.text_for("en").touch_to_start == "<img src='/etc/passwd'>"
    assert library.has_errors  # so a content source refuses it, and a hot reload keeps the last good pack


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("date_format", "{day:x>1000000} {month} {year}"),
        ("wrong_pin", "Wrong PIN ({failures:>999999999999999999})."),
        ("wrong_pin", "Wrong PIN ({failures!r})."),
        ("wrong_pin", "Wrong PIN ({failures}) {}."),
        ("wrong_pin", "Wrong PIN ({failures.__class__})."),
        ("pad_locked", "Locked for {seconds[0]} s."),
        ("close", "Close {0}"),
    ],
)
def test_format_specs_and_odd_placeholders_are_errors_and_fall_back(
    make_pack: PackFactory, key: str, value: str
) -> None:
    root = make_pack()
    (root / "en" / "ui.toml").write_text(f"{key} = {json.dumps(value)}\n", "utf-8")
    texts, issues = load_ui_texts(root, ("en",), "en")
    assert [str(issue) for issue in issues] == [
        f"{root / 'en' / 'ui.toml'}:1: error: '{key}' "
        + (
            "must not contain {...} placeholders"
            if key == "close"
            else "must contain "
            + {"date_format": "{day}, {month}, {year}", "wrong_pin": "{failures}", "pad_locked": "{seconds}"}[key]
            + ", each written just like that (nothing else between braces)"
        )
        + f"; using {getattr(UiText(), key)!r}"  # the words shown instead (here the built-in English)
    ]
    assert getattr(texts["en"], key) == getattr(UiText(), key)
    started = time.perf_counter()
    texts["en"].footer().date_format.format(day=1, month="May", year=2026)
    texts["en"].wrong_pin.format(failures=10**6)
    assert time.perf_counter() - started < 0.1

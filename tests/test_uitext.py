"""Interface words per language from ui.toml: fallbacks, and clear reports of what is missing or wrong."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.library import load_library
from kiosk.schemadoc import describe
from kiosk.uitext import FIELDS, UiText, load_ui_texts, ui_schema
from tests.conftest import BUNDLED, PackFactory, page_text


def add_language(root: Path, code: str, ui_toml: str | None) -> None:
    folder = root / code
    folder.mkdir()
    for page in ("one", "two"):
        (folder / f"{page}.md").write_text(page_text(f"{page} ({code})", page), "utf-8")
    if ui_toml is not None:
        (folder / "ui.toml").write_text(ui_toml, "utf-8")


def test_bundled_spanish_translates_every_string() -> None:
    library = load_library(BUNDLED)
    spanish, english = library.text_for("es"), library.text_for("en")
    assert spanish.language_name == "Español" and english.language_name == "English"
    assert library.issues == []
    for name in FIELDS:
        if name not in ("scroll_up", "scroll_down", "smaller_text", "larger_text", "ok", "welcome_title"):
            assert getattr(spanish, name) != getattr(english, name), name


def test_missing_strings_fall_back_and_are_reported(make_pack: PackFactory) -> None:
    root = make_pack()
    add_language(root, "fr", 'language_name = "Français"\nstill_here = "Je suis là"\n')
    texts, issues = load_ui_texts(root, ("en", "fr"), "en")
    assert texts["fr"].still_here == "Je suis là"
    assert texts["fr"].touch_to_start == UiText().touch_to_start
    assert len(issues) == 1 and "no translation for" in str(issues[0]) and "touch_to_start" in str(issues[0])


def test_a_language_without_ui_toml_is_reported(make_pack: PackFactory) -> None:
    root = make_pack()
    add_language(root, "de", None)
    texts, issues = load_ui_texts(root, ("en", "de"), "en")
    assert texts["de"] == texts["en"]
    assert str(issues[0]).endswith("warning: no ui.toml: buttons and prompts will be in English")


def test_bad_values_are_errors_and_unknown_keys_warnings_never_used(make_pack: PackFactory) -> None:
    root = make_pack()
    add_language(
        root,
        "es",
        'still_hier = "x"\nstarting_over_in = "En {segundos} segundos"\n'
        'wrong_pin = "PIN {failures"\nmonths = ["enero"]\nclose = 3\n',
    )
    texts, issues = load_ui_texts(root, ("en", "es"), "en")
    text = "\n".join(map(str, issues))
    # A warning: words a newer kiosk knows must not make this one refuse the pack (a typo fails --strict).
    assert "es/ui.toml:1: warning: unknown key 'still_hier' (did you mean 'still_here'?)" in text
    assert "es/ui.toml:2: error: 'starting_over_in' must contain {seconds}" in text
    assert "es/ui.toml:3: error: 'wrong_pin' must contain {failures}" in text
    assert "es/ui.toml:4: error: 'months' must be a list of 12 words" in text
    assert "es/ui.toml:5: error: 'close' must be text in quotes" in text
    # The kiosk keeps working with the fallback words, which format safely.
    assert texts["es"].starting_over_in.format(seconds=5) == "This screen will start over in 5 seconds."


def test_ui_toml_is_declared_through_the_schema() -> None:
    """Every word of the interface is a declared key, like kiosk.toml's: type, placeholders and default."""
    rows = {key: (kind, default) for key, kind, default, _ in describe(ui_schema(UiText()))}
    assert set(rows) == set(FIELDS)
    assert rows["wrong_pin"] == ("words with {failures}", UiText().wrong_pin)
    assert rows["months"][0] == "list of 12 words"
    spanish = UiText(close="Cerrar")
    assert dict((key, default) for key, _, default, _ in describe(ui_schema(spanish)))["close"] == "Cerrar"


def test_a_wrong_string_names_the_words_shown_instead(make_pack: PackFactory) -> None:
    """A wrong value falls back on the default language's words, and the report quotes those, not English."""
    root = make_pack()
    (root / "en" / "ui.toml").write_text('close = "Shut"\n', "utf-8")
    add_language(root, "fr", 'language_name = "Français"\nclose = 3\n')
    texts, issues = load_ui_texts(root, ("en", "fr"), "en")
    assert texts["fr"].close == "Shut"
    wrong = [str(issue) for issue in issues if "'close'" in str(issue)]
    assert len(wrong) == 1 and "using 'Shut'" in wrong[0]


def test_words_are_built_in_english_with_any_replaced_and_no_others() -> None:
    spanish = UiText(close="Cerrar")
    assert (spanish.close, spanish.start_over) == ("Cerrar", UiText().start_over)
    assert dataclasses.replace(spanish, ok="Vale").close == "Cerrar"
    with pytest.raises(TypeError, match="no words named clsoe"):
        UiText(clsoe="Cerrar")


def test_a_pack_for_a_newer_kiosk_is_shown_with_the_words_this_one_knows(make_pack: PackFactory) -> None:
    """One content source, kiosks updated one by one: new interface words in a pack (its ui.toml) must not make
    the kiosks not yet updated keep their old content."""
    root = make_pack()
    add_language(root, "es", 'close = "Cerrar"\nwords_of_a_newer_kiosk = "Más temas"\n')
    library = load_library(root)
    assert not library.has_errors
    assert library.text_for("es").close == "Cerrar"
    assert any("words_of_a_newer_kiosk" in issue.message and not issue.is_error for issue in library.issues)

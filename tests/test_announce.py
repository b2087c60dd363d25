"""What the keypad says, the keys kiosk.toml may give it, and its outline's contrast (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.announce import Item, Role, announce, help_words, introduction, spoken_name, still_reading
from kiosk.config import KeypadConfig, load_config
from kiosk.keys import key_name_problem
from kiosk.palette import THEMES, contrast_ratio
from kiosk.uitext import load_ui_texts
from tests.conftest import BUNDLED

ENGLISH, SPANISH = (load_ui_texts(BUNDLED, ("en", "es"), "en")[0][code] for code in ("en", "es"))


def test_a_move_says_name_role_state_and_place_in_each_language() -> None:
    assert announce(Item("Risks", Role.TAB), 4, 6, ENGLISH) == "Risks, tab, 4 of 6"
    assert (
        announce(Item("Riesgos", Role.TAB, selected=True), 4, 6, SPANISH)
        == "Riesgos, pestaña, seleccionado, 4 de 6"
    )
    assert announce(Item("Ask about X", Role.TICK_BOX, ticked=False), 2, 9, ENGLISH) == (
        "Ask about X, tick box, Not ticked, 2 of 9"
    )
    assert announce(Item("A paragraph.", Role.TEXT), 1, 3, ENGLISH) == "A paragraph., 1 of 3"
    assert announce(Item("Smaller text", Role.BUTTON, available=False), 2, 7, ENGLISH) == (
        "Smaller text, button, not available, 2 of 7"
    )


def test_intro_help_and_still_reading() -> None:
    assert introduction("SI joint fusion", ENGLISH) == (
        "This kiosk explains: SI joint fusion. Use up and down to move, Enter to choose, Back to go back,"
        " and Help at any time."
    )
    assert introduction("X", SPANISH).startswith("Este quiosco explica: X. Use arriba y abajo")
    assert help_words(Item("Risks", Role.TAB), "the page Risks", ENGLISH).startswith(
        "You are on Risks, tab, in the page Risks. Up and down move"
    )
    assert still_reading(20, SPANISH) == (
        "¿Sigue leyendo? Esta pantalla volverá al inicio en 20 segundos. Pulse Intro para quedarse."
    )


@pytest.mark.parametrize(
    ("label", "said"),
    [("↺  Start over", "Start over"), ("✓  My questions (2)", "My questions (2)"), ("▲", "▲"), ("A−", "A")],  # noqa: RUF001
)
def test_spoken_names_drop_symbols(label: str, said: str) -> None:
    assert spoken_name(label) == said


def test_key_names_are_checked_with_a_suggestion(tmp_path: Path) -> None:
    assert key_name_problem("F1") is None
    assert "did you mean 'Return'" in (key_name_problem("return") or "")
    path = tmp_path / "kiosk.toml"
    path.write_text('[keypad]\nup = "Upp"\ndown = ["Down", 3]\nenter = "Return"\nhelp = "Return"\n', "utf-8")
    config, issues = load_config([path])
    messages = "\n".join(map(str, issues))
    assert f"{path}:2: error: 'keypad.up' 'Upp' is not a key name the kiosk knows" in messages
    assert "'keypad.down' must be a key name in quotes or a list of them" in messages
    assert "[keypad] key 'Return' is given to enter and help; using the default keys" in messages
    assert config.keypad == KeypadConfig()  # a clash: every keypad key back to its default, none lost to it


def test_focus_outline_has_3_to_1_against_what_it_surrounds_in_both_themes() -> None:
    for palette in THEMES.values():
        for around in (palette.background, palette.surface, palette.control):
            assert contrast_ratio(palette.focus, around) >= 3.0, (palette.focus, around)

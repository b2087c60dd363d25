"""Both themes meet the contrast bars, computed from the colours themselves (WCAG 2.x formula)."""

from __future__ import annotations

import pytest

from kiosk.palette import CALM, HIGH_CONTRAST, THEMES, Palette, contrast_ratio

TEXT_PAIRS = [  # (foreground, background): text patients read, at least 7:1 (WCAG AAA)
    ("text", "background"), ("muted", "background"), ("heading", "background"), ("link", "background"),
    ("alert", "background"), ("text", "surface"), ("muted", "surface"), ("on_accent", "accent"),
    ("on_control", "control"), ("text", "note_bg"), ("text", "warning_bg"), ("text", "tip_bg"),
    ("link", "note_bg"), ("on_highlight", "highlight"), ("text", "reading"), ("heading", "reading"),
    ("link", "reading"), ("muted", "reading"),
]  # fmt: skip
BOUNDARY_PAIRS = [  # control outlines and box edges against what they sit on, at least 3:1 (WCAG 1.4.11)
    ("border", "surface"), ("border", "background"), ("border", "control"), ("accent", "surface"),
    ("accent", "background"), ("note_border", "note_bg"), ("warning_border", "warning_bg"),
    ("tip_border", "tip_bg"),
]  # fmt: skip


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_text_contrast_is_at_least_7_to_1(name: str, fg: str, bg: str) -> None:
    palette: Palette = THEMES[name]
    assert contrast_ratio(getattr(palette, fg), getattr(palette, bg)) >= 7.0


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("fg", "bg"), BOUNDARY_PAIRS)
def test_control_boundaries_are_at_least_3_to_1(name: str, fg: str, bg: str) -> None:
    palette: Palette = THEMES[name]
    assert contrast_ratio(getattr(palette, fg), getattr(palette, bg)) >= 3.0


def test_contrast_formula_matches_known_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_high_contrast_really_is_higher() -> None:
    high = contrast_ratio(HIGH_CONTRAST.text, HIGH_CONTRAST.background)
    assert high > contrast_ratio(CALM.text, CALM.background)

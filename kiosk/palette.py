"""Colours in one place, with the WCAG contrast arithmetic that tests hold them to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Palette:
    """Every colour the kiosk draws with, as #rrggbb."""

    background: str  # the page and screens
    surface: str  # bars around the page
    text: str  # body text
    muted: str  # footers, hints (still at least 7:1 on background)
    heading: str
    link: str
    accent: str  # selected tab, main buttons
    on_accent: str  # text on accent
    control: str  # unselected buttons
    on_control: str
    border: str  # control outlines (at least 3:1 against what they sit on)
    note_bg: str
    note_border: str
    warning_bg: str
    warning_border: str
    tip_bg: str
    tip_border: str
    alert: str  # missing pictures and other problems shown on a page
    highlight: str  # the word being read aloud
    on_highlight: str
    reading: str  # behind the sentence being read aloud (a bar in `accent` beside it gives the 3:1)
    # Icon arrays: the people counted, and the rest. Each at least 3:1 against the other and the page
    # (WCAG 1.4.11, non-text contrast), so the count reads without relying on colour alone.
    icon_on: str
    icon_off: str
    # The keypad's focus outline, drawn around an item on the page or the bars (kiosk/ui/keypad.py): at
    # least 3:1 against background, surface and control (WCAG 2.4.13), and in a hue no other part uses.
    focus: str


CALM = Palette(
    background="#fbfaf7",
    surface="#eef1f2",
    text="#1b2430",
    muted="#3c4753",
    heading="#0a4652",
    link="#0a4270",
    accent="#0a4652",
    on_accent="#ffffff",
    control="#ffffff",
    on_control="#1b2430",
    border="#5d6b77",
    note_bg="#e4f0f2",
    note_border="#0a4652",
    warning_bg="#fdf1d4",
    warning_border="#7a4f00",
    tip_bg="#e6f3e6",
    tip_border="#23602a",
    alert="#8a1c1c",
    highlight="#ffe066",
    on_highlight="#1b2430",
    reading="#dcebf7",
    icon_on="#0a4652",
    icon_off="#87919a",
    focus="#9b1c8c",
)


HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    heading="#ffff00",
    link="#7fdbff",
    accent="#ffff00",
    on_accent="#000000",
    control="#000000",
    on_control="#ffffff",
    border="#ffffff",
    note_bg="#000000",
    note_border="#7fdbff",
    warning_bg="#000000",
    warning_border="#ffff00",
    tip_bg="#000000",
    tip_border="#7dff7d",
    alert="#ffb3b3",
    highlight="#ffff00",
    on_highlight="#000000",
    reading="#1a3060",
    icon_on="#ffff00",
    icon_off="#808080",
    focus="#ff66ff",
)

THEMES = {"calm": CALM, "contrast": HIGH_CONTRAST}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)

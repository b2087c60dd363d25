"""What the keypad says aloud: an item's name, role, state and place ("Risks, tab, 4 of 6"), no Qt.

The words come from the visit's `UiText`, so each language says them its own way ("Riesgos, pestaña, 4 de 6").
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass

from kiosk.uitext import UiText


class Role(enum.Enum):
    TAB = "tab"
    BUTTON = "button"
    HEADING = "heading"
    LINK = "link"
    TOPIC_LINK = "topic_link"  # a link that opens another topic of the library
    TICK_BOX = "tick_box"
    TEXT = "text"  # a paragraph or list item: its words alone say what it is


@dataclass(frozen=True, slots=True)
class Item:
    """One stop of the keypad's walk through a screen; `name` as it is to be said (see `spoken_name`)."""

    name: str
    role: Role
    selected: bool = False  # the tab on show, the language chosen, Contrast on
    ticked: bool | None = None  # tick boxes only
    available: bool = True


def spoken_name(label: str) -> str:
    """A label's words without its symbols: "↺  Start over" → "Start over", "☐ Ask about X" → "Ask about X"."""
    kept = "".join(" " if unicodedata.category(char) in ("So", "Sm") else char for char in label)
    words = " ".join(kept.split())
    return words or " ".join(label.split())


def role_word(role: Role, text: UiText) -> str:
    words = {
        Role.TAB: text.role_tab,
        Role.BUTTON: text.role_button,
        Role.HEADING: text.role_heading,
        Role.LINK: text.role_link,
        Role.TOPIC_LINK: text.role_topic_link,
        Role.TICK_BOX: text.role_tick_box,
    }
    return words.get(role, "")


def describe(item: Item, text: UiText) -> str:
    """Name, role and state, without the place: "Risks, tab, selected"."""
    parts = [item.name, role_word(item.role, text)]
    if item.ticked is not None:
        parts.append(text.ticked if item.ticked else text.not_ticked)
    if item.selected:
        parts.append(text.state_selected)
    if not item.available:
        parts.append(text.state_unavailable)
    return ", ".join(part for part in parts if part)


def announce(item: Item, number: int, total: int, text: UiText) -> str:
    """What a move to `item` says: "Risks, tab, 4 of 6"."""
    return f"{describe(item, text)}, {text.keypad_position.format(number=number, total=total)}"


def introduction(title: str, text: UiText) -> str:
    return text.keypad_intro.format(title=title)


def help_words(item: Item, screen: str, text: UiText) -> str:
    """Where the patient is and what the keys do; `screen` is "the welcome screen", "the page Risks"..."""
    return text.keypad_help.format(item=describe(item, text), screen=screen)


def still_reading(seconds: int, text: UiText) -> str:
    return f"{text.still_reading} {text.starting_over_in.format(seconds=seconds)} {text.keypad_stay}"

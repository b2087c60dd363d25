"""Keypad keys by their Qt names ("Up", "Return", "F1"), checked without Qt: the UI makes Qt.Key.Key_<name>."""

from __future__ import annotations

import string

# Keys a USB keypad or keyboard may be given. Modifier keys (Shift, Control, Alt, Meta) are left out: they
# are held with other keys, and lockdown needs them swallowed. tests/ui/test_keypad.py checks each is a Qt key.
KEY_NAMES: frozenset[str] = frozenset(
    {
        "Up", "Down", "Left", "Right", "Return", "Enter", "Backspace", "Escape", "Delete", "Insert", "Home",
        "End", "PageUp", "PageDown", "Space", "Tab", "Help", "Menu", "Select", "Back", "Forward", "Plus",
        "Minus", "Asterisk", "Slash", "Period", "Comma",
        *(f"F{number}" for number in range(1, 25)),
        *string.ascii_uppercase,
        *string.digits,
    }
)  # fmt: skip
_BY_LOWER = {name.lower(): name for name in KEY_NAMES}


def key_name_problem(name: str) -> str | None:
    """Why `name` is not a key the keypad can use, or None."""
    if name in KEY_NAMES:
        return None
    close = _BY_LOWER.get(name.lower().replace(" ", "").replace("_", ""))
    hint = f" (did you mean '{close}'?)" if close else ""
    return (
        f"'{name}' is not a key name the kiosk knows{hint}; use Qt's names such as Up, Down, Return, Backspace, F1"
    )


def clashes(actions: dict[str, tuple[str, ...]]) -> list[str]:
    """One line for each key given to more than one action, in the order of `actions`."""
    owners: dict[str, list[str]] = {}
    for action, keys in actions.items():
        for key in keys:
            owners.setdefault(key, []).append(action)
    return [f"key '{key}' is given to {' and '.join(names)}" for key, names in owners.items() if len(names) > 1]

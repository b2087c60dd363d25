"""Strings shown outside a page body (titles, tab labels, interface words) are plain text, never markup.

The kiosk shows them as typed (the Qt layer makes every label plain text), so a tag or an entity in one
is a mistake at best and an attack at worst: `<img src=/dev/zero>` in a title once crashed every kiosk of
a fleet. `kiosk check` reports any as an error; at run time they are shown literally, tags and all.
"""

from __future__ import annotations

import re

# What Qt's rich-text guess and HTML parser act on: a tag, comment or declaration opening (`<b`, `</`,
# `<!--`, `<?`), or an entity (`&amp;`, `&#60;`, `&#x3c;`). A lone `<` or `&` ("A & B", "< 5 cm") is fine.
_MARKUP = re.compile(r"<[a-zA-Z/!?]|&#?[a-zA-Z0-9]+;")


def markup_problem(text: str) -> str | None:
    """Why `text` must not be shown as a label, or None if it is plain text."""
    found = _MARKUP.search(text)
    if found is None:
        return None
    rest = text[found.start() :]
    end = min((rest.find(mark) + 1 for mark in ">;" if mark in rest), default=len(rest))
    shown = rest[:end] if end <= 40 else rest[:37] + "..."
    return f"contains markup ({shown}), which the kiosk shows as typed; use plain words (no <tags> or &entities;)"

"""Why a setting's value is wrong, in words staff can act on: placeholders, web addresses, near-miss names."""

from __future__ import annotations

import re
import string
from typing import Any


def placeholder_problem(value: str, wanted: frozenset[str]) -> str | None:
    """Why `value` cannot be filled in with exactly the placeholders `wanted`, or None."""
    expected = ", ".join("{" + field + "}" for field in sorted(wanted)) or "no {...} placeholders"
    try:
        parsed = [(field, spec, conversion) for _, field, spec, conversion in string.Formatter().parse(value)]
    except ValueError:
        return f"must contain {expected}, but has a {{ or }} without its partner (write {{{{ or }}}} for a brace)"
    used = [(field, spec, conversion) for field, spec, conversion in parsed if field is not None]
    bad = [field for field, spec, conversion in used if spec or conversion or field not in wanted]
    if bad or {field for field, _, _ in used} != wanted:
        if not wanted:
            return "must not contain {...} placeholders"
        return f"must contain {expected}, each written just like that (nothing else between braces)"
    return None


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def url_problem(value: str) -> str | None:
    return None if _URL.match(value) else f"'{value}' is not a web address starting with https:// or http://"


def did_you_mean(word: Any, options: list[str] | tuple[str, ...]) -> str:
    import difflib  # only when a key or value is wrong: 2 ms and 0.15 MB at every start otherwise

    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def toml_type(value: Any) -> str:
    """What kind of TOML value staff typed, in words."""
    names = {
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "text",
        list: "a list",
    }
    return names.get(type(value), "a table" if isinstance(value, dict) else type(value).__name__)

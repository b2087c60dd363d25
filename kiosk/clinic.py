"""Clinic details in pages: `{{clinic.phone}}` and friends, filled in from pack.toml's [clinic] table.

Pages never carry a clinic's phone numbers themselves: one pack serves many clinics, and a number typed
into twelve pages goes stale in eleven. A value left empty reads as a neutral phrase in the page's
language ("the clinic's phone number (ask at the front desk)"), never as raw syntax.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from kiosk.errors import Severity
from kiosk.footer import FooterText
from kiosk.schema import Flag, Text, setting
from kiosk.valuewords import did_you_mean, url_problem

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\n]*?)\s*\}\}")
_STRAY_BRACES = re.compile(r"\{\{|\}\}")
_PHONE = re.compile(r"^[0-9A-Za-z +().,/#-]+$")
# Characters that would make a value mean something to Markdown instead of reading as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#!|])")


def _phone_problem(value: str) -> str | None:
    if not _PHONE.match(value) or sum(char.isdigit() for char in value) < 3:
        return f"'{value}' does not look like a phone number (digits, spaces, + - ( ) and 'ext' only)"
    return None


def _one_line(value: str) -> str | None:
    return "must be one line of plain words" if any(char in value for char in "\n\r{}<>") else None


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """pack.toml [clinic]: what {{clinic.KEY}} in a page becomes. Empty: the neutral phrase."""

    name: str = setting("", Text(80, _one_line), "Clinic name, for {{clinic.name}} in pages.")
    phone: str = setting(
        "", Text(40, _phone_problem), "Phone number patients call in opening hours, for {{clinic.phone}}."
    )
    after_hours_phone: str = setting(
        "",
        Text(40, _phone_problem),
        "Phone number for evenings, nights and weekends, for {{clinic.after_hours_phone}}.",
    )
    take_home_url: str = setting(
        "", Text(500, url_problem), "Address of the clinic's page for patients, for {{clinic.take_home_url}}."
    )
    generic: bool = setting(
        False,
        Flag(),
        "A pack for any clinic: empty values above are meant, and patients are told to ask at the front desk."
        " Without it an empty value a page uses is a warning, and `kiosk check --strict` fails.",
    )


KEYS = tuple(f.name for f in dataclasses.fields(ClinicInfo) if f.type in (str, "str"))
NAMES = tuple(f"clinic.{key}" for key in KEYS)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a placeholder, at an offset (0-based) into the page body's lines."""

    line: int
    message: str
    severity: Severity


def neutral_phrase(key: str, words: FooterText) -> str:
    phrase: str = getattr(words, f"clinic_{key}_missing")
    return phrase


def fill(body: str, clinic: ClinicInfo, words: FooterText) -> tuple[str, list[Problem]]:
    """The body with every placeholder replaced, and what staff should fix.

    An unknown name is an error (a typo would otherwise read as the neutral phrase forever); a value
    a page uses but pack.toml leaves empty is a warning, so `kiosk check --strict` stops it being published.
    """
    problems: list[Problem] = []
    reported: set[str] = set()
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if "{{" not in line and "}}" not in line:
            continue

        def replace(match: re.Match[str], index: int = index) -> str:
            name = match.group(1)
            if name not in NAMES:
                hint = did_you_mean(name, NAMES)
                problems.append(
                    Problem(
                        index,
                        f"unknown placeholder '{{{{{name}}}}}'{hint}; the known ones are "
                        + ", ".join(f"{{{{{known}}}}}" for known in NAMES),
                        Severity.ERROR,
                    )
                )
                return ""
            key = name.removeprefix("clinic.")
            value: str = getattr(clinic, key)
            if value.strip():
                return value if key == "take_home_url" else _MARKDOWN_SPECIAL.sub(r"\\\1", value)
            phrase = neutral_phrase(key, words)
            if key not in reported and not clinic.generic:
                reported.add(key)
                problems.append(
                    Problem(
                        index,
                        f"'{key}' is not set under [clinic] in pack.toml; patients see '{phrase}' instead",
                        Severity.WARNING,
                    )
                )
            return phrase

        filled = PLACEHOLDER.sub(replace, line)
        if _STRAY_BRACES.search(filled):
            problems.append(
                Problem(
                    index,
                    "'{{' or '}}' without a placeholder between them; write placeholders like {{clinic.phone}}",
                    Severity.ERROR,
                )
            )
            filled = _STRAY_BRACES.sub("", filled)  # patients never see template syntax
        lines[index] = filled
    return "\n".join(lines), problems

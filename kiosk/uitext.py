"""The words on the kiosk's own buttons and screens, per language, from `<language>/ui.toml` in the pack.

English is built in. A pack may add `ui.toml` beside the pages of any language; a string it leaves out
falls back to the default language's, then to the built-in English, and `kiosk check` says which.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText
from kiosk.schema import did_you_mean
from kiosk.tomlfile import TomlDocument, read_toml

UI_FILE = "ui.toml"
_PAGE_WORDS = FooterText()


@dataclass(frozen=True, slots=True)
class UiText:
    language_name: str = "English"  # in the language itself: "English", "Español"
    welcome_title: str = ""  # empty: the pack's title from pack.toml
    touch_to_start: str = "Touch the screen to start"
    start_over: str = "↺  Start over"
    more_below: str = "More below: drag up or tap ▼"
    end_of_page: str = "End of page"
    scroll_up: str = "▲"
    scroll_down: str = "▼"
    smaller_text: str = "A−"  # noqa: RUF001 -- a true minus sign, as typeset
    larger_text: str = "A+"
    high_contrast: str = "◐  Contrast"
    listen: str = "▶  Listen"
    pause: str = "❚❚  Pause"
    resume: str = "▶  Resume"
    speech_starting: str = "…  One moment"  # the first Listen after the kiosk starts waits for the voice
    stop: str = "■  Stop"
    no_voice: str = "Read aloud is not available in {language} on this kiosk."
    take_home: str = "Take this home"
    take_home_hint: str = "Point your phone's camera at the code to open this page on your phone."
    outside_link_hint: str = "This page is on the internet. Point your phone's camera at the code to open it."
    resting_title: str = "This screen is resting"
    resting_body: str = "Please ask a member of staff for help."
    still_reading: str = "Still reading?"
    still_here: str = "I'm still here"
    starting_over_in: str = "This screen will start over in {seconds} seconds."
    close: str = "Close"
    # Around each page (the English words are FooterText's own)
    reviewed: str = _PAGE_WORDS.reviewed
    sources: str = _PAGE_WORDS.sources
    disclaimer: str = _PAGE_WORDS.disclaimer
    missing_picture: str = _PAGE_WORDS.missing_picture
    date_format: str = _PAGE_WORDS.date_format
    months: tuple[str, ...] = _PAGE_WORDS.months
    # Staff mode
    staff_title: str = "Staff mode"
    enter_pin: str = "Enter the staff PIN"
    wrong_pin: str = "Wrong PIN ({failures} so far)."
    pad_locked: str = "Too many wrong PINs. Try again in {seconds} seconds."
    no_pin_set: str = (
        "No staff PIN is set, so staff mode cannot be opened.\n"
        "To set one, run  kiosk hash-pin  on this computer and put the line it prints under [staff]"
        " in kiosk.toml."
    )
    clear: str = "Clear"
    ok: str = "OK"
    reload_now: str = "Reload content now"
    touch_test: str = "Touch test"
    statistics: str = "Statistics"
    exit_to_desktop: str = "Exit to desktop"
    pack_summary: str = "{title}, version {version}. Loaded {loaded}."
    no_problems: str = "No problems found in the content."
    problems_found: str = "{count} problem(s) found:"
    reload_kept_old: str = "The new content has errors, so the last good content is still shown."
    touch_test_hint: str = "Touch anywhere. Each finger leaves a mark."

    def footer(self) -> FooterText:
        return FooterText(
            self.reviewed, self.sources, self.disclaimer, self.missing_picture, self.months, self.date_format
        )


FIELDS = {f.name: f for f in dataclasses.fields(UiText)}


def load_ui_texts(root: Path, languages: tuple[str, ...], default: str) -> tuple[dict[str, UiText], list[Issue]]:
    """The interface words for every language of the pack, with fallbacks, and what staff should fix."""
    issues: list[Issue] = []
    built_in = UiText()
    base, _ = _read(root / default / UI_FILE, built_in, issues, required=False)
    texts = {default: base}
    for language in languages:
        if language != default:
            texts[language], missing = _read(root / language / UI_FILE, base, issues, required=True)
            if missing:
                issues.append(
                    Issue(
                        root / language / UI_FILE,
                        None,
                        f"no translation for {', '.join(missing)}; showing {base.language_name}",
                        Severity.WARNING,
                    )
                )
    return texts, issues


def _read(path: Path, fallback: UiText, issues: list[Issue], *, required: bool) -> tuple[UiText, list[str]]:
    if not path.is_file():
        if required:
            issues.append(
                Issue(
                    path,
                    None,
                    f"no {UI_FILE}: buttons and prompts will be in {fallback.language_name}",
                    Severity.WARNING,
                )
            )
        return fallback, []
    document, problems = read_toml(path)
    issues += problems
    values = {name: value for name, value in document.data.items() if _usable(document, name, value, issues)}
    missing = [name for name in FIELDS if name not in values]
    return dataclasses.replace(fallback, **values), missing


def _usable(document: TomlDocument, name: str, value: Any, issues: list[Issue]) -> bool:
    line = document.line_of(name)
    if name not in FIELDS:
        issues.append(Issue(document.path, line, f"unknown key '{name}'{did_you_mean(name, list(FIELDS))}"))
        return False
    default = FIELDS[name].default
    if isinstance(default, tuple):
        if not (isinstance(value, list) and len(value) == len(default) and all(isinstance(v, str) for v in value)):
            issues.append(Issue(document.path, line, f"'{name}' must be a list of {len(default)} words"))
            return False
        return True
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue(document.path, line, f"'{name}' must be text in quotes"))
        return False
    wanted, found = _placeholders(str(default)), _placeholders(value)
    if wanted != found:
        expected = ", ".join("{" + p + "}" for p in sorted(wanted)) or "no {...} placeholders"
        issues.append(Issue(document.path, line, f"'{name}' must contain {expected}"))
        return False
    return True


def _placeholders(text: str) -> set[str]:
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:  # an unmatched brace: never equal to a real placeholder set
        return {"<unmatched brace>"}

"""The words on the kiosk's own buttons and screens, per language, from `<language>/ui.toml` in the pack.

English is built in. A pack may add `ui.toml` beside the pages of any language; a string it leaves out
falls back to the default language's, then to the built-in English, and `kiosk check` says which.

Made for every start, so made cheaply: 155 fields cost dataclasses 24 ms with the usual generated `__init__`,
`__repr__` and string annotations (each checked for ClassVar by a regular expression), 9 ms without them. That is
why this module does without `from __future__ import annotations`, and UiText has its own `__init__`.
"""

import dataclasses
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText
from kiosk.schema import Words, checked, setting
from kiosk.tomlfile import read_toml

UI_FILE = "ui.toml"
_PAGE_WORDS = FooterText()


@dataclass(frozen=True, slots=True, eq=False, init=False, repr=False)  # see the module's docstring
class UiText:
    """Every word on the kiosk's own buttons and screens in one language (built-in: English)."""

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
    slower: str = "Slower"  # while reading aloud: a toggle, on while the voice reads more slowly
    no_voice: str = "Listen is not available: there is no voice for {language}."
    take_home: str = "Take this home"
    take_home_hint: str = "Point your phone's camera at the code to read this information on your phone."
    outside_link_hint: str = "This page is on the internet. Point your phone's camera at the code to open it."
    resting_title: str = "This screen is resting"
    resting_body: str = "Please ask a member of staff for help."
    still_reading: str = "Still reading?"
    still_here: str = "I'm still here"
    starting_over_in: str = "This screen will start over in {seconds} seconds."
    close: str = "Close"
    # A library of topics: the list of topics, and the way back to it
    all_topics: str = "☰  All topics"
    back_to_topic: str = "←  Back to {topic}"  # after a link to another topic: the way back to the one it was on
    choose_topic: str = "Tap a topic to start"
    more_topics: str = "More topics below: drag the list up"
    shown_in_default: str = "(in English)"  # a topic not written in this language: in which one it is shown
    # Check what you learned (the teach-back quiz); never a score, only kind feedback
    quiz_title: str = "Check what you learned"
    quiz_progress: str = "Question {number} of {total}"
    quiz_right: str = "That's right."
    quiz_not_quite: str = "Not quite. Here is why:"
    quiz_read_about: str = "Read about it: {page}"
    quiz_next: str = "Next question"
    quiz_finish: str = "Finish"
    quiz_done_title: str = "Thank you for checking"
    quiz_done_body: str = (
        "Every question you asked yourself helps. If something is still unclear, ask your care team."
        " They are glad to explain."
    )
    quiz_read_again: str = "You may want to read these pages again:"
    # What matters most to you (values clarification); the sheet lines go on the My questions sheet
    matters_title: str = "What matters most to you?"
    matters_intro: str = "Tap how much each one matters to you. There are no right or wrong answers."
    matters_progress: str = "{number} of {total}"
    matters_not_at_all: str = "Not at all"
    matters_a_little: str = "A little"
    matters_a_lot: str = "A lot"
    matters_back: str = "◀  Back"
    matters_done: str = "Done"
    matters_summary: str = "This is what you told us. Your care team will see it on your sheet."
    matters_sheet_heading: str = "What matters to me"
    matters_sheet_a_lot: str = "This matters a lot to me: {statement}"
    matters_sheet_a_little: str = "This matters a little to me: {statement}"
    matters_sheet_not_at_all: str = "This does not matter to me: {statement}"
    # My questions: the rows a patient ticked, to take away
    ticked: str = "Ticked"  # Listen reads a checklist box as one of these two
    not_ticked: str = "Not ticked"
    my_questions: str = "✓  My questions ({count})"
    my_questions_title: str = "My questions for my care team"
    my_questions_hint: str = "Show this list to your care team at your next visit."
    show_qr: str = "Show as QR code"
    qr_hint: str = (
        "Point your phone's camera at the code. The list appears on your phone as text you can save."
        " Nothing is kept on this screen."
    )
    qr_part: str = "Code {part} of {parts}"
    next_code: str = "Next code"
    first_code: str = "Back to code 1"  # on the last code, instead of "Next code"
    back_to_list: str = "Back to my list"
    print_sheet: str = "Print"
    printing: str = "Your sheet is printing. Please ask at the front desk for it."
    print_failed: str = "The printer is not working just now. Please ask at the front desk."
    printed_for: str = "Printed {date}"
    sheet_phone: str = "Phone: {phone}"  # the printed sheet's clinic line (its name comes first)
    sheet_phone_missing: str = "Phone: ask at the front desk"  # pack.toml has no [clinic] phone
    matters_button: str = "♡  What matters to me"
    quiz_button: str = "✎  Check what you learned"
    # Around each page (the English words are FooterText's own)
    reviewed: str = _PAGE_WORDS.reviewed
    sources: str = _PAGE_WORDS.sources
    disclaimer: str = _PAGE_WORDS.disclaimer
    missing_picture: str = _PAGE_WORDS.missing_picture
    date_format: str = _PAGE_WORDS.date_format
    months: tuple[str, ...] = _PAGE_WORDS.months
    icon_count: str = _PAGE_WORDS.icon_count
    clinic_name_missing: str = _PAGE_WORDS.clinic_name_missing
    clinic_phone_missing: str = _PAGE_WORDS.clinic_phone_missing
    clinic_after_hours_phone_missing: str = _PAGE_WORDS.clinic_after_hours_phone_missing
    clinic_take_home_url_missing: str = _PAGE_WORDS.clinic_take_home_url_missing
    # The keypad: spoken for patients who cannot see or touch the screen (kiosk/announce.py puts them together)
    keypad_intro: str = (
        "This kiosk explains: {title}. Use up and down to move, Enter to choose, Back to go back,"
        " and Help at any time."
    )
    keypad_help: str = (
        "You are on {item}, in {screen}. Up and down move from item to item. Enter chooses."
        " Back goes back. Help says this again."
    )
    keypad_position: str = "{number} of {total}"
    keypad_start: str = "Start"
    keypad_welcome_screen: str = "the welcome screen"
    keypad_page: str = "the page {page}"
    keypad_page_of_topic: str = "the page {page} of {topic}"  # in a library of topics: which topic too
    keypad_stay: str = "Press Enter to stay."
    role_tab: str = "tab"
    role_button: str = "button"
    role_heading: str = "heading"
    role_link: str = "link"
    role_topic_link: str = "link to another topic"
    role_tick_box: str = "tick box"
    state_selected: str = "selected"
    state_unavailable: str = "not available"
    smaller_text_name: str = "Smaller text"  # what a voice or screen reader says for A- and A+
    larger_text_name: str = "Larger text"
    scroll_up_name: str = "Scroll up"
    scroll_down_name: str = "Scroll down"
    page_not_shown: str = _PAGE_WORDS.page_not_shown
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
    reload_checking: str = "Checking the content…"
    reload_done: str = "Content reloaded at {time}."
    reload_checked: str = "Content checked at {time}: not loaded, see the problems above."
    reload_failed: str = "Content checked at {time}: it could not be read, so nothing changed (the log says why)."
    leave_question: str = "Leave the kiosk and show the desktop?"
    leave: str = "Leave"
    stay: str = "Stay"
    start_over_question: str = "Start over? Your questions and answers will be cleared."
    start_over_clear: str = "Clear and start over"
    start_over_keep: str = "Keep them"
    # Staff mode's Statistics: counts in pairs (one, many) for the plural
    stats_title: str = "Statistics (last 30 days)"
    stats_off: str = "Usage statistics are switched off ([analytics] enabled in kiosk.toml)."
    stats_visits_one: str = "{count} visit"
    stats_visits_many: str = "{count} visits"
    stats_endings: str = "How they ended: {endings}."
    stats_none_yet: str = "none yet"
    stats_pages: str = "Pages (views, median time on the page):"
    stats_views_one: str = "{count} view"
    stats_views_many: str = "{count} views"
    stats_median: str = "median {seconds} s"
    stats_more_pages: str = "… and {count} more (kiosk stats --csv has them)"
    stats_aids: str = "Reading aids used: {aids}."
    stats_quiz: str = "Quiz, answered right the first time (pack version {version}):"
    stats_right_of: str = "{right} of {answered}"
    stats_earlier: str = "Earlier pack versions: {versions} (kiosk stats --csv has them)"
    stats_answers_one: str = "{count} answer"
    stats_answers_many: str = "{count} answers"
    stats_topics: str = "Topics (visits, page views, what matters, quiz right the first time):"
    stats_topic: str = "{topic}: {visits}, {views}, what matters {matters}, quiz {quiz}"
    stats_no_answers: str = "no answers"
    # What staff read for each recorded reading aid and way a visit ended (kiosk.analytics' keys)
    aid_text_size: str = "larger or smaller text"
    aid_contrast: str = "high contrast"
    aid_listen: str = "read aloud"
    aid_language: str = "language changed"
    aid_take_home: str = "take-home code"
    aid_outside_link: str = "internet link code"
    aid_topic_link: str = "link to another topic"
    aid_quiz: str = "quiz opened"
    aid_what_matters: str = "what matters to me"
    aid_questions_ticked: str = "questions ticked"
    aid_my_questions: str = "my questions sheet"
    aid_questions_qr: str = "my questions as a code"
    aid_print: str = "sheet printed"
    aid_keypad: str = "keypad used"
    ending_start_over: str = "Start over tapped"
    ending_idle: str = "left idle"
    ending_staff: str = "staff mode opened"
    ending_error: str = "an error"
    ending_shutdown: str = "the kiosk stopped"
    ending_new_content: str = "the content changed shape"

    def __init__(self, **words: Any) -> None:
        """The built-in English, with any of its `words` replaced."""
        for name, default in _DEFAULTS.items():
            object.__setattr__(self, name, words.pop(name, default))
        if words:
            raise TypeError(f"UiText has no words named {', '.join(sorted(words))}")

    def footer(self) -> FooterText:
        return FooterText(
            self.reviewed,
            self.sources,
            self.disclaimer,
            self.missing_picture,
            self.months,
            self.date_format,
            icon_count=self.icon_count,
            clinic_name_missing=self.clinic_name_missing,
            clinic_phone_missing=self.clinic_phone_missing,
            clinic_after_hours_phone_missing=self.clinic_after_hours_phone_missing,
            clinic_take_home_url_missing=self.clinic_take_home_url_missing,
            page_not_shown=self.page_not_shown,
        )


FIELDS = {f.name: f for f in dataclasses.fields(UiText)}
_DEFAULTS = {name: f.default for name, f in FIELDS.items()}


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
    # An unknown key is a warning, its words left out: a pack made for a newer kiosk (with words this one does
    # not have) must not be refused by the kiosks not yet updated; a misspelt key still fails `check --strict`.
    values = checked(UI_SCHEMA, document, issues, lambda name: getattr(fallback, name), Severity.WARNING)
    missing = [name for name in FIELDS if name not in values]
    return dataclasses.replace(fallback, **values), missing


def ui_schema(fallback: UiText) -> type:
    """ui.toml declared like kiosk.toml: every key of UiText, its words defaulting to `fallback`'s, with exactly
    the {placeholders} the kiosk fills in (the English ones). Made once, with the built-in English: a language
    falling back on another's words says which when it reads the file (see `_read`)."""

    def kind(name: str, english: Any) -> Words:
        return Words(count=len(english)) if isinstance(english, tuple) else Words(frozenset(_fields(english)))

    spec = [
        (name, field.type, setting(getattr(fallback, name), kind(name, field.default), _DOC))
        for name, field in FIELDS.items()
    ]
    # Read, never made. A docstring: without one, dataclasses makes one from inspect.signature(), 8 ms a start.
    doc = {"__doc__": _DOC}
    return dataclasses.make_dataclass("UiWords", spec, init=False, repr=False, eq=False, namespace=doc)


_DOC = "Words on the kiosk's own buttons and screens, in this folder's language."


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


UI_SCHEMA = ui_schema(UiText())

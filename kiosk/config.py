"""kiosk.toml: what IT can set, declared once; looked up by --config, $KIOSK_CONFIG, then the system folder."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import lastgood
from kiosk.errors import Issue, Severity
from kiosk.keys import clashes
from kiosk.pin import pin_hash_problem
from kiosk.schema import (
    Choice,
    Flag,
    Folder,
    KeyNames,
    Names,
    Number,
    Text,
    UrlMap,
    build,
    section,
    setting,
)
from kiosk.signing import KEY_PATTERN
from kiosk.tomlfile import TomlDocument, read_toml
from kiosk.valuewords import url_problem


@dataclass(frozen=True, slots=True)
class ContentConfig:
    """[content]: where the pages come from, and how edits and a content source are picked up."""

    dir: str = setting("", Folder(), "Folder of the content pack. Empty: the pack bundled with the app.")
    reload_delay_s: float = setting(
        2.0, Number(0.2, 60.0), "Seconds without further file changes before edited content is checked and shown."
    )
    source: str = setting(
        "", Text(500), "A published pack's manifest.json (https:// URL or shared-folder path). Empty: none."
    )
    check_minutes: int = setting(15, Number(1, 1440, integer=True), "Minutes between checks of the source.")
    public_keys: tuple[str, ...] = setting(
        (),
        Names(KEY_PATTERN, "public keys ('ed25519:' and 44 characters, as 'kiosk keygen' prints)"),
        "Keys of the publishers whose signed packs are taken (two while a key is replaced). Empty: unchecked.",
    )


@dataclass(frozen=True, slots=True)
class IdleConfig:
    """[idle]: going back to the start when nobody is using the kiosk."""

    timeout_s: float = setting(
        120.0, Number(10.0, 3600.0), "Seconds without a touch before 'Still reading?' shows."
    )
    warning_s: float = setting(20.0, Number(5.0, 120.0), "Seconds the 'Still reading?' prompt counts down.")


@dataclass(frozen=True, slots=True)
class StaffConfig:
    """[staff]: the PIN and the hidden corner gesture that open staff mode."""

    pin_hash: str = setting(
        "", Text(200, pin_hash_problem), "Staff PIN as made by 'kiosk hash-pin'. Empty: staff mode cannot exit."
    )
    corner: str = setting(
        "top-left",
        Choice(("top-left", "top-right", "bottom-left", "bottom-right")),
        "Corner for the staff gesture.",
    )
    taps: int = setting(5, Number(3, 10, integer=True), "Taps in that corner that open the staff PIN pad.")
    tap_window_s: float = setting(3.0, Number(1.0, 10.0), "Seconds within which all those taps must land.")


# The steps of the A- / A+ buttons: the default size (display.cap_height_mm) up to 200 %.
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)


@dataclass(frozen=True, slots=True)
class DisplayConfig:
    """[display]: text and touch-target sizes in millimetres on the screen, and the screen's DPI if it lies."""

    cap_height_mm: float = setting(
        6.0,
        Number(4.8, 20.0),
        "Height of a capital letter in body text, in millimetres on the screen.",
    )
    target_size_mm: float = setting(
        20.0,
        Number(15.0, 40.0),
        "Smallest width and height of anything a patient can tap, in millimetres.",
    )
    dpi: float = setting(
        0.0,
        Number(50.0, 600.0, zero_allowed=True),
        "Pixels per inch of the screen. 0: ask the screen. Set it when a monitor reports a wrong size.",
    )


@dataclass(frozen=True, slots=True)
class SpeechConfig:
    """[speech]: reading pages aloud."""

    enabled: bool = setting(True, Flag(), "Offer the Listen button (read the page aloud).")
    engine: str = setting("", Text(40), "Text-to-speech engine. Empty: the system's default (speechd, sapi...).")
    volume: float = setting(0.8, Number(0.1, 1.0), "Speech volume, 0.1 to 1; it returns here after every visit.")


@dataclass(frozen=True, slots=True)
class KeypadConfig:
    """[keypad]: a small keypad or keyboard driving the kiosk, each move spoken."""

    enabled: bool = setting(
        True,
        Flag(),
        "Let a small USB keypad or a keyboard drive the kiosk, each move spoken. Other keys do nothing.",
    )
    up: tuple[str, ...] = setting(("Up",), KeyNames(), "Keys that move to the previous item.")
    down: tuple[str, ...] = setting(("Down",), KeyNames(), "Keys that move to the next item.")
    enter: tuple[str, ...] = setting(
        ("Return", "Enter"), KeyNames(), "Keys that choose the item (Enter is the number pad's)."
    )
    back: tuple[str, ...] = setting(("Backspace",), KeyNames(), "Keys that go back (close a card, leave a page).")
    help: tuple[str, ...] = setting(
        ("F1", "Help"), KeyNames(), "Keys that say where you are and what the keys do."
    )

    def actions(self) -> dict[str, tuple[str, ...]]:
        return {"up": self.up, "down": self.down, "enter": self.enter, "back": self.back, "help": self.help}


@dataclass(frozen=True, slots=True)
class TakeHomeConfig:
    """[take_home]: the web address patients can open at home."""

    url: str = setting("", Text(500, url_problem), "Web address patients can open at home. Empty: no QR code.")
    pages: tuple[tuple[str, str], ...] = setting(
        (), UrlMap(), "Web address for single pages, by page id; else the one above."
    )

    def url_for(self, page_id: str) -> str:
        """The page's own address if it has one, else the pack's (empty: no QR code)."""
        return dict(self.pages).get(page_id, self.url)


@dataclass(frozen=True, slots=True)
class PrintConfig:
    """[print]: the printer for the My questions sheet."""

    printer: str = setting(
        "",
        Text(200),
        "Printer for the My questions sheet, by its name in the system's printer list. Empty: no Print button."
        " pdf:FILE writes the sheet to a PDF file instead (to check the layout).",
    )


@dataclass(frozen=True, slots=True)
class AnalyticsConfig:
    """[analytics]: anonymous usage statistics and how long they are kept."""

    enabled: bool = setting(True, Flag(), "Keep anonymous usage statistics (visits, pages read, features used).")
    retention_days: int = setting(365, Number(1, 3650, integer=True), "Days statistics are kept.")
    dir: str = setting("", Folder(), "Folder for the statistics file. Empty: the platform's data folder.")


@dataclass(frozen=True, slots=True)
class LogConfig:
    """[log]: where the log goes, how much of it, and the heartbeat."""

    dir: str = setting("", Folder(), "Folder for log files. Empty: the platform's log folder.")
    level: str = setting("info", Choice(("debug", "info", "warning", "error")), "Least important event to log.")
    heartbeat_s: float = setting(
        60.0,
        Number(5.0, 3600.0),
        "Seconds between writes of heartbeat.json (time, version, state) for monitoring.",
    )


@dataclass(frozen=True, slots=True)
class Config:
    """kiosk.toml: one kiosk's settings, each section checked against this declaration."""

    clinic_name: str = setting("", Text(80), "Clinic name shown on the welcome screen.")
    content: ContentConfig = section(ContentConfig, "Where the pages come from.")
    idle: IdleConfig = section(IdleConfig, "Going back to the start when nobody is using the kiosk.")
    staff: StaffConfig = section(StaffConfig, "Staff mode.")
    display: DisplayConfig = section(DisplayConfig, "Sizes on the real screen.")
    speech: SpeechConfig = section(SpeechConfig, "Reading pages aloud.")
    keypad: KeypadConfig = section(KeypadConfig, "A keypad for patients who cannot see or touch the screen.")
    take_home: TakeHomeConfig = section(TakeHomeConfig, "The 'Take this home' QR code.")
    print: PrintConfig = section(PrintConfig, "Printing the My questions sheet (off unless a printer is named).")
    analytics: AnalyticsConfig = section(AnalyticsConfig, "Anonymous usage statistics for staff.")
    log: LogConfig = section(LogConfig, "Logging.")
    source: Path | None = field(default=None, metadata={"internal": True})

    def content_dir(self) -> Path | None:
        return self._folder(self.content.dir)

    def log_dir(self) -> Path | None:
        return self._folder(self.log.dir)

    def analytics_dir(self) -> Path | None:
        return self._folder(self.analytics.dir)

    def _folder(self, value: str) -> Path | None:
        if not value:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute() and self.source is not None:
            path = self.source.parent / path
        return path


def load_config(
    candidates: list[Path], *, required: bool = False, last_good: Path | None = None
) -> tuple[Config, list[Issue]]:
    """Load the first existing candidate. Bad values fall back to their defaults; every problem is reported.

    With `last_good` (a folder: the running kiosk's state), a file read whole is copied there, and a file that
    cannot be read (half-written, say) is replaced by that copy, if there is one, instead of the defaults.
    """
    for path in candidates:
        if path.is_file():
            document, issues = read_toml(path)
            if not issues and not document.text.strip():  # a tool that replaces the file empties it first
                issues = [Issue(path, None, "file is empty (delete it to run on built-in defaults)")]
            if issues:
                return _last_good_or_defaults(path, issues, last_good)
            if last_good is not None:
                lastgood.remember(path, document.text, last_good)
            config, problems = parse_config(document)
            return config, problems
    if required and candidates:
        return Config(), [Issue(candidates[0], None, "config file not found; running on built-in defaults")]
    return Config(), []


def parse_config(document: TomlDocument) -> tuple[Config, list[Issue]]:
    issues: list[Issue] = []
    config = build(Config, document, issues)
    clashing = clashes(config.keypad.actions())  # each key does one thing, else the keypad's default keys
    for clash in clashing:
        issues.append(
            Issue(document.path, document.line_of("keypad"), f"[keypad] {clash}; using the default keys")
        )
    if clashing:
        config = dataclasses.replace(config, keypad=KeypadConfig(enabled=config.keypad.enabled))
    issues.sort(key=lambda issue: (issue.line is None, issue.line or 0))  # the file's order; unplaced ones last
    return dataclasses.replace(config, source=document.path), issues


def _last_good_or_defaults(path: Path, issues: list[Issue], store: Path | None) -> tuple[Config, list[Issue]]:
    kept = lastgood.recall(path, store) if store is not None else None
    if kept is None:
        return Config(source=path), [*issues, _defaults_note(path)]
    config, problems = parse_config(kept.document)
    when = f" (read {kept.saved})" if kept.saved else ""
    note = f"running on the last copy of this file that could be read{when}, kept in {store}, until it is fixed"
    # Relative folders in it are where they were: beside the file it was read from
    return dataclasses.replace(config, source=path), [
        *issues,
        Issue(path, None, note, Severity.WARNING),
        *problems,
    ]


def _defaults_note(path: Path) -> Issue:
    return Issue(path, None, "running on built-in defaults until this file is fixed", Severity.WARNING)


EXAMPLE_HEADER = """kiosk.toml: the kiosk's one config file.
Every key is optional; the values shown are the defaults.
Found by --config FILE, then the KIOSK_CONFIG environment variable, then the machine-wide folder
(Linux: /etc/xdg/kiosk/kiosk.toml; Windows: C:\\ProgramData\\kiosk\\kiosk.toml). Unknown keys are errors.
Made from the schema in kiosk/config.py by: python -c "import kiosk.config as c; print(c.example(), end='')"
"""


def example() -> str:
    from kiosk.schemadoc import example_toml  # documentation: never needed by a running kiosk

    return example_toml(Config, EXAMPLE_HEADER)

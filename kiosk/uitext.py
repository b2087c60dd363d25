"""The words on the kiosk's own buttons and screens (the pages bring their own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UiText:
    touch_to_start: str = "Touch the screen to start"
    start_over: str = "↺  Start over"
    more_below: str = "More below: drag up or tap ▼"
    end_of_page: str = "End of page"
    scroll_up: str = "▲"
    scroll_down: str = "▼"
    resting_title: str = "This screen is resting"
    resting_body: str = "Please ask a member of staff for help."
    still_reading: str = "Still reading?"
    still_here: str = "I'm still here"
    starting_over_in: str = "This screen will start over in {seconds} seconds."
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
    close: str = "Close"
    reload_now: str = "Reload content now"
    touch_test: str = "Touch test"
    exit_to_desktop: str = "Exit to desktop"
    pack_summary: str = "{title}, version {version}. Loaded {loaded}."
    no_problems: str = "No problems found in the content."
    problems_found: str = "{count} problem(s) found:"
    reload_kept_old: str = "The new content has errors, so the last good content is still shown."
    touch_test_hint: str = "Touch anywhere. Each finger leaves a mark."

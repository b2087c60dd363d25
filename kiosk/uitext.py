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

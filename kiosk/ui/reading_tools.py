"""The reading screen's toolbar kept to the visit, and what its taps do besides changing the visit.

The toolbar offers what the visit's language and page allow (Listen only with a voice for the language, the next
language's name, Take this home only on a page with an address); a tap on a reading aid is noted, with its new
setting, for the anonymous usage statistics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from kiosk.visit import upcoming_language

if TYPE_CHECKING:
    from kiosk.ui.overlay import Overlay
    from kiosk.ui.reading import Reading
    from kiosk.ui.window import KioskWindow


def refresh_toolbar(window: KioskWindow, reading: Reading) -> None:
    """The toolbar's words and buttons for the visit on screen, and the activities it offers."""
    tools = reading.reader.toolbar
    upcoming = upcoming_language(window.visit, window.library.languages)
    tools.set_texts(window.text, window.library.text_for(upcoming).language_name if upcoming else "")
    tools.offer_listen(window.speaker.offered(window.language))
    tools.set_size_limits(window.visit.at_smallest_text, window.visit.at_largest_text)
    take_home = window.config.take_home
    tools.keep_place(tools.take_home_button, bool(take_home.url or take_home.pages))  # shown page by page
    reading.activities.offer(reading.reader, window.text)
    page_changed(window, reading, reading.reader.current_page_id() or "")


def page_changed(window: KioskWindow, reading: Reading, page_id: str) -> None:
    """Another page on screen: the voice stops, and Take this home shows if the page has an address."""
    window.speaker.stop()
    button = reading.reader.toolbar.take_home_button
    wanted = bool(window.config.take_home.url_for(page_id))
    if button.isHidden() == wanted:  # only when it changes: a reflow costs a few ms of a tab switch
        button.setVisible(wanted)
        reading.reader.toolbar.reflow()


def tapped(window: KioskWindow, feature: str, action: Callable[[], None]) -> None:
    """A patient used a reading aid: do it, then note which (with its new setting) for the statistics."""
    action()
    value = {
        "text_size": f"{round(window.scale * 100)}",
        "contrast": "on" if window.visit.high_contrast else "off",
        "language": window.language,
    }.get(feature, "")
    window.feature_used.emit(feature, value)


def start_over(window: KioskWindow) -> None:
    """Start over at once, unless the patient has questions ticked or answers given: those are asked about
    first (one tap must not wipe a list the patient meant to take home)."""
    if window.visit.has_take_away:
        cast("Overlay", window.overlays["start_over"]).open()
    else:
        window.reset_session("start_over")


def show_take_home(window: KioskWindow) -> None:
    """The code and address of the page on screen, for the patient's phone."""
    url = window.config.take_home.url_for(window.reader.current_page_id() or "")
    if url:
        window.take_home.open_for(url, window.text.take_home_hint, window.text.close)


def show_outside_link(window: KioskWindow, url: str) -> None:
    """A link out of the pack: shown as a code and address for the patient's phone, never opened here."""
    window.take_home.open_for(url, window.text.outside_link_hint, window.text.close)
    window.feature_used.emit("outside_link", "")

"""The words around every page: review date, sources and the care-team line (translated per language)."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FooterText:
    """The words around a page (translated per language by the UI layer)."""

    reviewed: str = "Last reviewed {date} by {reviewer}."
    sources: str = "Sources"
    disclaimer: str = "This page does not replace advice from your care team."
    missing_picture: str = "Picture not available"
    months: tuple[str, ...] = (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    )  # fmt: skip
    date_format: str = "{day} {month} {year}"
    # Inside pages: the figure under an icon array, and what a clinic value left empty in pack.toml reads as.
    # Each phrase must fit where the value would ("Call {{clinic.phone}}." / "Llame al {{clinic.phone}}.").
    icon_count: str = "{count} in {total}"
    clinic_name_missing: str = "your clinic"
    clinic_phone_missing: str = "the clinic's phone number (ask at the front desk)"
    clinic_after_hours_phone_missing: str = "the after-hours phone number (ask at the front desk)"
    clinic_take_home_url_missing: str = "the clinic's web page (ask at the front desk)"
    # In place of a page that goes over a limit, or took too long to prepare.
    page_not_shown: str = "This page could not be shown. Please choose another page, or ask a member of staff."


def not_shown_html(title: str, words: str) -> str:
    """A calm page in place of one the kiosk will not show: its title and one sentence."""
    return f"<h1>{html.escape(title)}</h1><p>{html.escape(words)}</p>"

"""The words around every page: review date, sources and the care-team line (translated per language)."""

from __future__ import annotations

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

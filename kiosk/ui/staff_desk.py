"""Staff mode's side of the kiosk window: opening and closing the panel, and what the panel reports."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal

from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.ui.overlay import LazyOverlays, Overlay

if TYPE_CHECKING:
    from kiosk.ui.staff import StaffOverlay

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reload:
    """The last look at the content folder, as staff mode tells it: still checking, or when it was checked and
    whether the content was taken (not taken: its problems are listed)."""

    checking: bool = False
    at: dt.datetime | None = None
    taken: bool = True
    failed: bool = False  # reading it raised (a bug, in the log): nothing changed


class StaffDesk(QObject):
    """Opens the PIN pad and staff panel (the window's "staff" overlay, made on first use) and keeps what the
    panel says: the start's own problems (kiosk.toml's, a skipped pack's: kept whatever content comes later),
    the content's, and the reload and content-source notes. Signals: `opened`, `closed`."""

    opened = Signal()
    closed = Signal()

    def __init__(self, overlays: LazyOverlays, library: Callable[[], Library], parent: QObject) -> None:
        super().__init__(parent)
        self._overlays, self._library = overlays, library
        self.pinned: list[Issue] = []
        self.content: list[Issue] = list(library().issues)
        self.screen: list[Issue] = []  # pictures the screen refused although the pack's checks passed them
        self.refused: list[Issue] = []  # newer content not taken: why (until content is taken again)
        self.reload_note = ""
        self.source_note = ""
        # When the content on screen was last loaded (a reload finding no change loads it again all the same)
        self.loaded_at = library().pack.loaded_at
        self.reload = Reload()
        # A library of topics: every topic's problems and a line per topic (kiosk.ui.topics sets both)
        self.shelf_problems: Callable[[], list[Issue]] | None = None
        self.topics_note: Callable[[], str] | None = None
        self.heading: Callable[[], tuple[str, str]] | None = None  # a library's title (staff's language), version

    @property
    def problems(self) -> list[Issue]:
        shown = self.shelf_problems() if self.shelf_problems else self.content
        return [*self.pinned, *self.refused, *(i for i in shown if i not in self.refused), *self.screen]

    @property
    def note(self) -> str:
        topics = self.topics_note() if self.topics_note else ""
        return "\n".join(note for note in (topics, self.reload_note, self.source_note) if note)

    @property
    def is_open(self) -> bool:
        return self._overlays.is_open("staff")

    def open(self) -> None:
        if self.is_open:
            return
        self._overlays.close("prompt")
        log.info("staff gesture: PIN pad opened")
        self._panel().open_for(
            self._library(), self.problems, self.note, self.loaded, self.reload, self._heading()
        )
        self.opened.emit()

    def close(self) -> None:
        """Close the panel from outside (a reset): as if staff had closed it."""
        if self.is_open:
            self._panel().close_overlay()
            self.panel_closed()

    def panel_closed(self) -> None:
        self._overlays.close("touch_test", "leave")
        self.closed.emit()

    @property
    def loaded(self) -> dt.datetime:
        """When the content on screen was loaded: by the start or the last reload, or later for a topic first
        read since."""
        return max(self.loaded_at, self._library().pack.loaded_at)

    def ask_to_leave(self) -> None:
        """Exit to desktop: asked once more (kiosk.ui.confirm); the window's `exit_requested` only on Leave."""
        cast(Overlay, self._overlays["leave"]).open()

    def reload_started(self) -> None:
        """Staff asked for a reload: the panel says it is checking until the content's answer comes."""
        self.reload = Reload(checking=True)
        self.refresh()

    def show_content(self, issues: list[Issue], reload_note: str = "") -> None:
        """The content's problems now (`reload_note`: why newer content was not taken, if it was not)."""
        self.content, self.reload_note, self.screen = list(issues), reload_note, []
        self.refresh()

    def reload_failed(self) -> None:
        self.reload = Reload(at=dt.datetime.now().astimezone(), taken=False, failed=True)
        self.refresh()

    def reloaded(self, issues: list[Issue], reload_note: str = "", *, taken: bool = True) -> None:
        """Content was loaded again (by staff's button, the folder watcher or a new pack from the content source):
        `taken` False when it was refused and the last good content stays (`reload_note` says why, and names any
        topics that kept their last good version)."""
        now = dt.datetime.now().astimezone()
        self.reload = Reload(at=now, taken=taken)
        if not taken:  # kept apart from the content on screen's, which its late render reports replace
            self.refused, self.reload_note = list(issues), reload_note
            self.refresh()
            return
        self.loaded_at, self.refused = now, []
        self.show_content(issues, reload_note)

    def picture_refused(self, path: Path, message: str) -> None:
        """A picture the screen would not draw (each listed once, until the content changes)."""
        issue = Issue(path, None, message)
        if issue not in self.screen:
            self.screen.append(issue)
            self.refresh()

    def pin(self, problems: list[Issue]) -> None:
        """Problems of the start itself, listed first whatever content comes later."""
        self.pinned = list(problems)
        self.refresh()

    def set_source_note(self, note: str) -> None:
        self.source_note = note
        self.refresh()

    def refresh(self) -> None:
        if self.is_open:
            self._panel().show_status(
                self._library(), self.problems, self.note, self.loaded, self.reload, self._heading()
            )

    def _heading(self) -> tuple[str, str] | None:
        return self.heading() if self.heading else None

    def _panel(self) -> StaffOverlay:
        return cast("StaffOverlay", self._overlays["staff"])  # made by kiosk.ui.overlays_made

"""Swap the content on screen for another folder while the kiosk runs: a new pack from the content source, or a
pack the start skipped, tried again. The folder is read off the UI thread and only swapped in on it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.library import Library, load_library
from kiosk.shelf import Shelf, load_shelf

if TYPE_CHECKING:
    from kiosk.ui.behaviour import Behaviour
    from kiosk.ui.guarded_start import ShownPack
    from kiosk.ui.topics import TopicDesk
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def switch_content(
    window: KioskWindow, behaviour: Behaviour, shown: ShownPack | None, topics: TopicDesk | None, folder: Path
) -> None:
    """Show `folder` instead of what is on screen; the content watcher follows it. Of two switches asked for in
    a row, the later one wins, whichever is read first."""
    if shown is not None:
        shown.swapped(folder)  # counted before it is read: a pack that kills the kiosk is not shown again

    def read() -> Shelf | Library | None:
        try:
            if topics is not None:  # a library's topics switch together (one archive); a pack may become one
                return load_shelf(folder, previous=topics.shelf)
            return load_library(folder)
        except Exception:  # whatever went wrong, the content on screen stays
            log.exception("%s could not be read; the content on screen stays", folder)
            return None

    def show(read_in: Shelf | Library | None) -> None:
        if read_in is None:
            if shown is not None:
                shown.not_shown(folder)
            return
        if shown is not None and not shown.wanted(folder):
            return  # another switch was asked for since this one
        if isinstance(read_in, Shelf) and topics is not None:
            topics.set_shelf(read_in)
        elif isinstance(read_in, Library):
            window.set_library(read_in)
        if behaviour.watcher is not None:
            behaviour.watcher.retarget(folder)
        if shown is not None:
            shown.on_screen(folder)

    window.reader.renderer.run(read, show)

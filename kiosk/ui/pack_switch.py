"""Swap the content on screen for another folder while the kiosk runs: a new pack from the content source, or a
pack the start skipped, tried again. The folder is read off the UI thread and only swapped in on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.library import load_library
from kiosk.shelf import load_shelf

if TYPE_CHECKING:
    from kiosk.ui.behaviour import Behaviour
    from kiosk.ui.guarded_start import ShownPack
    from kiosk.ui.topics import TopicDesk
    from kiosk.ui.window import KioskWindow


def switch_content(
    window: KioskWindow, behaviour: Behaviour, shown: ShownPack | None, topics: TopicDesk | None, folder: Path
) -> None:
    """Show `folder` instead of what is on screen; the content watcher follows it."""
    if shown is not None:
        shown.swapped(folder)  # counted before it is read: a pack that kills the kiosk is not shown again

    def show(swap: Callable[[], None]) -> None:
        swap()
        if behaviour.watcher is not None:
            behaviour.watcher.retarget(folder)

    if topics is not None:  # a library's topics switch together (one archive); a pack may become one, or back
        desk = topics
        window.reader.renderer.run(
            lambda: load_shelf(folder, previous=desk.shelf), lambda shelf: show(lambda: desk.set_shelf(shelf))
        )
    else:
        window.reader.renderer.run(
            lambda: load_library(folder), lambda library: show(lambda: window.set_library(library))
        )

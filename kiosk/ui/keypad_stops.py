"""What the keypad walks: the stops of each screen and card, in the order they are seen, with their words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from kiosk.announce import Item, Role, spoken_name
from kiosk.ui.overlay import Overlay
from kiosk.ui.page_items import PageStop, page_stops
from kiosk.ui.topic_bar import TopicBar
from kiosk.ui.topic_list import TopicListScreen
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.reader import ReadingScreen

BACK_TO_TOPIC = "topic-back"  # the stop of the topic line's way back (kiosk/ui/topic_bar.py)


@dataclass(frozen=True, slots=True)
class Stop:
    """One item of the screen on show: what it is, its identity across redraws, and how to reach it."""

    key: str
    item: Item
    widget: QWidget  # a button or label, or the page view holding `page`
    group: str  # tabs, page, tools, welcome or card: places are counted within one ("4 of 6")
    activate: Callable[[], None] | None = None
    page: PageStop | None = None


def screen_stops(window: KioskWindow, overlay: Overlay | None) -> list[Stop]:
    """The stops of what `window` shows: the open card `overlay` if any, else the screen on show."""
    if overlay is not None:
        return card_stops(overlay.card)
    if isinstance(window.current_screen(), TopicListScreen):
        return _topic_stops(window.current_screen())  # type: ignore[arg-type]  # by the isinstance above
    if window.current_screen() is window.welcome:
        welcome = window.welcome
        words = Item(window.text.keypad_start, Role.BUTTON)
        start = Stop("start", words, welcome.invitation, "welcome", window.show_reader)
        languages = welcome.language_buttons.items()
        return [start, *(_button_stop(f"lang-{code}", b, "welcome") for code, b in languages)]
    if window.current_screen() is window.resting:  # no content to show: its words, for whoever is there
        return card_stops(window.resting)
    if window.current_screen() is not window.reader:
        return []
    reader = window.reader
    back = back_button(reader)
    stops = [_button_stop(BACK_TO_TOPIC, back, "topic")] if back is not None else []
    tabs = [b for b in reader.tabs.buttons() if isinstance(b, TouchButton)]
    stops += [_button_stop(b.objectName(), b, "tabs", Role.TAB) for b in tabs]
    if reader.extra_tab is not None:
        stops.append(_button_stop("tab-extra", reader.extra_tab, "tabs", Role.TAB))
    view = reader.current_view()
    if view is not None:
        stops += [Stop(f"{view.page_id}@{p.start}", p.item, view, "page", page=p) for p in page_stops(view)]
    stops += [_button_stop(b.objectName(), b, "tools") for b in reader.toolbar.shown()]
    return stops


def back_button(reader: ReadingScreen) -> TouchButton | None:
    """The topic line's way back to the topic a link was followed from, when it is offered."""
    bars = [bar for bar in reader.findChildren(TopicBar) if bar.isVisible() and not bar.back_button.isHidden()]
    return bars[0].back_button if bars else None


def topic_name(reader: ReadingScreen) -> str:
    """The topic on show, as the topic line names it ("" for a single pack)."""
    bars = [bar for bar in reader.findChildren(TopicBar) if bar.isVisible()]
    return bars[0].name.text() if bars else ""


def _button_stop(key: str, button: QAbstractButton, group: str, role: Role = Role.BUTTON) -> Stop:
    words = button.accessibleName() or spoken_name(button.text())
    item = Item(words, role, selected=button.isCheckable() and button.isChecked(), available=button.isEnabled())
    return Stop(key, item, button, group, button.click)


def _topic_stops(screen: TopicListScreen) -> list[Stop]:
    """The topic list: each card (its title, summary and note said as one button), then the languages."""
    cards = []
    for card in screen.cards:
        info = card.info
        words = ". ".join(part.rstrip(" .") for part in (info.title, info.summary, info.note) if part)
        cards.append(Stop(f"topic-{info.topic}", Item(words, Role.BUTTON), card, "topics", card.click))
    languages = screen.language_buttons.items()
    return [*cards, *(_button_stop(f"lang-{code}", button, "welcome") for code, button in languages)]


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    """The scroll area `widget` is in, if any (a topic card below the fold is in one)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def card_words(stops: list[Stop]) -> list[str]:
    """What a card says, without its buttons."""
    return [stop.item.name for stop in stops if stop.item.role is Role.TEXT]


def _sentences(label: str) -> str:
    """A label's lines as sentences, without list bullets: a voice then pauses where the eye would."""
    lines = [spoken_name(line).lstrip("•·- ").strip() for line in label.splitlines()]
    return " ".join(line if line[-1:] in ".?!:;" else f"{line}." for line in lines if line)


def card_stops(card: QWidget) -> list[Stop]:
    """A card's (or a screen's) words and buttons, top to bottom and left to right as they are seen."""
    found: list[tuple[int, int, Stop]] = []
    for index, widget in enumerate(card.findChildren(QWidget)):
        if not widget.isVisible():
            continue
        where = widget.mapTo(card, widget.rect().topLeft())
        if isinstance(widget, TouchButton):
            found.append(
                (where.y(), where.x(), _button_stop(f"card-{widget.objectName()}-{index}", widget, "card"))
            )
        elif isinstance(widget, QLabel) and widget.text().strip() and not isinstance(widget.parent(), TouchButton):
            item = Item(_sentences(widget.text()), Role.TEXT)
            found.append((where.y(), where.x(), Stop(f"card-label-{index}", item, widget, "card-text")))
    return [stop for _, _, stop in sorted(found, key=lambda entry: (entry[0], entry[1]))]

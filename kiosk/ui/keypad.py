"""The keypad: up, down, enter, back and help keys walk the kiosk one item at a time, each move spoken.

An app-wide event filter placed before lockdown's: a keypad key pressed in the kiosk window is handled here and
goes no further; every other key still reaches lockdown and is swallowed there. The idle watcher and the staff
gesture see every key first, as before. Speech goes through a `Speaker` of its own, so the page's Listen (its
Pause button, its word highlight) never mistakes a spoken tab name for the page being read.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtWidgets import QWidget

from kiosk.announce import Item, Role, announce, help_words, introduction, spoken_name, still_reading
from kiosk.config import KeypadConfig
from kiosk.override import override
from kiosk.ui.focus_frame import FocusFrame, outline_px
from kiosk.ui.keypad_gate import HELD_WITH, key_codes
from kiosk.ui.keypad_stops import (
    BACK_TO_TOPIC,
    Stop,
    back_button,
    card_stops,
    card_words,
    screen_stops,
    scroll_area_of,
    topic_name,
)
from kiosk.ui.overlay import Overlay
from kiosk.ui.page_items import bring_into_view, follow, stop_rect
from kiosk.ui.speech import Speaker
from kiosk.ui.topic_bar import RESTORE_TRIES
from kiosk.ui.topic_list import TopicListScreen
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
ACTIONS = ("up", "down", "enter", "back", "help")


class Keypad(QObject):
    """Signals: `said(words, language)` for everything it speaks (tests and logs listen)."""

    said = Signal(str, str)

    def __init__(self, window: KioskWindow, config: KeypadConfig, speaker: Speaker | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.codes = key_codes(config)
        speech = window.config.speech
        self.speaker = speaker or Speaker(speech.engine, speech.volume, enabled=speech.enabled, parent=self)
        self.frame = FocusFrame(window)
        self.current = ""  # the key of the stop the keypad is on ("" before the first press)
        self._history: list[tuple[str, str, str]] = []  # (topic, page id, stop key) before each link followed
        self._openers: dict[int, str] = {}  # overlay id → the stop that opened it, to return to on Back
        window.session_reset.connect(self.reset)
        window.visit_changed.connect(lambda _visit: QTimer.singleShot(0, self, self._place))

    # --- keys ---
    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.frame.hide()  # someone is touching the screen: the outline would only be in the way
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        action = self.codes.get(event.key())
        if action is None or event.modifiers() & HELD_WITH or self.window.desk.is_open:
            return False  # not ours: lockdown swallows it
        if not self._in_kiosk(watched):
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress and not (event.isAutoRepeat() and action in ("enter", "back", "help")):
            self.press(action)
        return True

    def _in_kiosk(self, watched: QObject) -> bool:
        # A real key press reaches the native window (a QWindow) before any widget; lockdown takes it there.
        if isinstance(watched, QWindow):
            return watched is self.window.windowHandle()
        return isinstance(watched, QWidget) and watched.window() is self.window

    def press(self, action: str) -> None:
        """Do what a key for `action` (up, down, enter, back, help) does."""
        self.speaker.stop()
        if self.window.overlays.is_open("prompt"):
            if action == "help":
                self._say(still_reading(self.window.prompt.seconds_left(), self.window.text))
            else:  # any other key means someone is there
                self.window.prompt.button.click()
                self._announce_current()
            return
        first = not self.used
        if first:
            self.window.set_visit(self.window.visit.using_keys())
            self.window.feature_used.emit("keypad", "")
        if first and self.window.current_screen() is self.window.home:  # the welcome screen or the topic list
            self.current = ""
            self._say(introduction(self._title(), self.window.text))
            self._place()
            return
        {"up": lambda: self._move(-1), "down": lambda: self._move(+1), "enter": self._enter, "back": self._back,
         "help": self._help}[action]()  # fmt: skip

    def _title(self) -> str:
        screen = self.window.current_screen()
        if isinstance(screen, TopicListScreen) and screen.title.text():
            return screen.title.text()  # a library: its own title ("Your procedure: what to know")
        return self.window.text.welcome_title or self.window.library.pack.info.title

    @property
    def used(self) -> bool:
        """Whether this visit has used the keypad (the visit's own flag: a reset clears it)."""
        return self.window.visit.by_keys

    # --- the stops of the screen on show ---
    def stops(self) -> list[Stop]:
        return screen_stops(self.window, self._overlay())

    def _overlay(self) -> Overlay | None:
        shown = [child for child in self.window.children() if isinstance(child, Overlay) and child.isVisible()]
        return shown[-1] if shown else None

    def _index(self, stops: list[Stop]) -> int:
        return next((i for i, stop in enumerate(stops) if stop.key == self.current), -1)

    # --- actions ---
    def _move(self, step: int) -> None:
        stops = self.stops()
        if not stops:
            return
        index = self._index(stops)
        index = (0 if step > 0 else len(stops) - 1) if index < 0 else (index + step) % len(stops)
        self._go(stops, index)

    def _go(self, stops: list[Stop], index: int, before: str = "") -> None:
        stop = stops[index]
        self.current = stop.key
        self._place(stops)
        group = [other.key for other in stops if other.group == stop.group]
        said = announce(stop.item, group.index(stop.key) + 1, len(group), self.window.text)
        self._say(f"{before} {said}" if before else said)

    def _enter(self) -> None:
        stops = self.stops()
        index = self._index(stops)
        if index < 0:
            self._move(+1)
            return
        stop = stops[index]
        window, reader = self.window, self.window.reader
        language = window.language
        card_before = self._overlay()
        words_before = card_words(stops) if card_before is not None else []
        if stop.page is not None and stop.page.tick is not None:
            view = reader.current_view()
            if view is not None:
                view.tick_tapped.emit(stop.page.tick)
        elif stop.page is not None and stop.page.href:
            view = reader.current_view()
            page, topic = reader.current_page_id() or "", window.visit.topic
            library = window.library
            if view is not None:
                follow(view, stop.page)
            if window.library is not library:  # a link to another topic: its page from the start; Back returns
                self._history = [(topic, page, stop.key)]
                self._to_page_start()
                return
            if reader.current_page_id() != page:
                self._history.append((topic, page, stop.key))
                self._to_page_start()
                return
        elif stop.key == BACK_TO_TOPIC:  # the topic line's way back: as the Back key after the link
            self._back_to_topic()
            return
        elif stop.activate is not None and stop.item.available:
            stop.activate()
        else:
            self._announce_current()
            return
        overlay = self._overlay()
        if overlay is not None and overlay is not card_before:  # a card opened: read it, as a dialog is read
            self._openers[id(overlay)] = stop.key
            self._read_card()
        elif card_before is not None and overlay is None:  # the card closed: back where it was opened
            self.current = self._openers.pop(id(card_before), "")
            self._announce_current()
        elif overlay is not None and card_words(self.stops()) != words_before:  # the next question, feedback
            self._read_card(keep=True)
        elif stop.item.role is Role.TAB and window.current_screen() is reader and stop.key != "tab-extra":
            self._to_page_start()
        elif stop.key == "start":
            self._to_current_tab()
        elif stop.key.startswith("lang-"):  # the introduction again, now in the language chosen
            self._to_current_tab(
                before=introduction(self._title(), window.text) if language != window.language else ""
            )
        elif stop.widget in (reader.toolbar.listen_button, reader.toolbar.stop_button):
            self._place()  # the page is being read aloud (or was just stopped): say nothing over it
        else:
            self._announce_current()

    def _back(self) -> None:
        overlay = self._overlay()
        window, reader = self.window, self.window.reader
        if overlay is not None:
            close = [
                b for b in overlay.findChildren(TouchButton) if b.isVisible() and b.text() == window.text.close
            ]
            if close:
                close[0].click()
            if overlay.isVisible():
                overlay.close_overlay()
            self.current = self._openers.pop(id(overlay), "")
            self._announce_current()
            return
        if window.current_screen() is not reader:
            self._announce_current()
            return
        if self._history and not self.current.startswith("tab-"):
            topic, page, key = self._history[-1]
            if topic != window.visit.topic:
                self._back_to_topic()
                return
            self._history.pop()
            window.set_visit(window.visit.show_page(page))
            self.current = key
            self._announce_current()
            return
        self._to_current_tab()

    def _back_to_topic(self) -> None:
        """Back to the topic a link was followed from (the topic line's way back), on the link followed when the
        keypad followed it, else at the page's start; said once the page is there (it may be rendered again)."""
        button = back_button(self.window.reader)
        key = self._history.pop()[2] if self._history else ""
        self._history.clear()  # the pages of the topic left behind, or of one left by touch since
        if button is None:
            self._to_current_tab()
            return
        button.click()
        self.current = key
        self._when_shown(key)

    def _when_shown(self, key: str, tries: int = RESTORE_TRIES) -> None:
        """Say the stop `key` (the page's start when "" or gone) once the page on show has it: a page rendered
        again comes a turn or more later. Tries each 25 ms as the way back's scrolling does, then goes to the
        page's start."""
        stops = self.stops()
        if key and self.current == key and self._index(stops) < 0 and tries > 0:
            QTimer.singleShot(25, self, lambda: self._when_shown(key, tries - 1))
        elif key and self.current == key and self._index(stops) >= 0:
            self._announce_current()
        elif self.current == key:
            self._to_page_start()

    def _help(self) -> None:
        stops = self.stops()
        index = self._index(stops)
        window = self.window
        if window.current_screen() is window.welcome:
            screen = window.text.keypad_welcome_screen
        elif (overlay := self._overlay()) is not None:
            labels = [s.item.name for s in card_stops(overlay.card) if s.item.role is Role.TEXT]
            screen = labels[0] if labels else ""
        else:
            page = next((b.text() for b in window.reader.tabs.buttons() if b.isChecked()), "")
            topic = topic_name(window.reader)
            screen = (
                window.text.keypad_page_of_topic.format(page=spoken_name(page), topic=spoken_name(topic))
                if topic
                else window.text.keypad_page.format(page=spoken_name(page))
            )
        item = stops[index].item if index >= 0 else Item(window.text.keypad_start, Role.BUTTON)
        self._say(help_words(item, screen, window.text))

    def _read_card(self, *, keep: bool = False) -> None:
        """Say a card's words, then go to its first button (or stay on the one chosen, with `keep`)."""
        stops = self.stops()
        first = next((i for i, stop in enumerate(stops) if stop.item.role is Role.BUTTON), -1)
        index = self._index(stops) if keep else -1
        index = index if index >= 0 else first
        words = " ".join(card_words(stops))
        if index >= 0:
            self._go(stops, index, before=words)
        elif words:
            self._say(words)

    def _to_page_start(self) -> None:
        stops = self.stops()
        first = next((i for i, stop in enumerate(stops) if stop.page is not None), -1)
        if first >= 0:
            self._go(stops, first)
        else:
            self._to_current_tab()

    def _to_current_tab(self, before: str = "") -> None:
        stops = self.stops()
        tab = next((i for i, s in enumerate(stops) if s.item.role is Role.TAB and s.item.selected), 0)
        if stops:
            self._go(stops, tab, before)

    def _announce_current(self) -> None:
        stops = self.stops()
        index = self._index(stops)
        if index >= 0:
            self._go(stops, index)
        else:
            self._place()

    # --- showing and saying ---
    def _place(self, stops: list[Stop] | None = None) -> None:
        """Move the outline to the current stop (hidden when there is none or no keypad was used); `stops`:
        the screen's, when the caller has just made them."""
        if stops is None:
            stops = self.stops() if self.used else []
        index = self._index(stops)
        if index < 0:
            self.frame.hide()
            return
        stop, window = stops[index], self.window
        self.frame.set_look(window.palette_now, outline_px(window.metrics.px(1.2), window.scale))
        if stop.page is not None:
            view = stop.widget
            assert hasattr(view, "viewport")
            bring_into_view(view, stop.page)  # type: ignore[arg-type]  # a PageView, by the stop's making
            rect = stop_rect(view, stop.page)  # type: ignore[arg-type]
            port = view.viewport()
            rect = QRect(port.mapTo(window, rect.topLeft()), rect.size())
            within = QRect(port.mapTo(window, port.rect().topLeft()), port.size())
        else:
            widget = stop.widget
            area = scroll_area_of(widget)
            if area is not None:  # a topic card below the fold: scroll to it, as a finger would
                area.ensureWidgetVisible(widget)
            rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
            within = window.rect()
        self.frame.surround(rect, within)

    def _say(self, words: str) -> None:
        language = self.window.language
        self.window.speaker.stop()  # the keypad's voice and the page's never talk at once
        self.said.emit(words, language)
        log.debug("keypad says (%s): %s", language, words)
        if not self.speaker.started:
            self.speaker.start_soon(then=lambda: self._speak(words, language))
        else:
            self._speak(words, language)

    def _speak(self, words: str, language: str) -> None:
        if not self.speaker.speak(words, language):
            log.info("keypad: no voice for %s on this kiosk", language)

    # --- visits ---
    def prompt_opened(self) -> None:
        """The idle prompt is up: a keypad user hears it (the screen alone says nothing to them)."""
        if self.used and self.window.overlays.is_open("prompt"):
            self._say(still_reading(self.window.prompt.seconds_left(), self.window.text))

    def reset(self) -> None:
        self.speaker.reset()
        self.current = ""
        self._history.clear()
        self._openers.clear()
        self.frame.hide()

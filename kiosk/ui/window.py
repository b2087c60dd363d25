"""The kiosk's one window: welcome, reading and resting screens and the overlays, drawn from the `Visit`."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.config import Config
from kiosk.library import Library
from kiosk.override import override
from kiosk.palette import HIGH_CONTRAST, Palette
from kiosk.pin import PinGuard
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import LazyOverlays, OverlaySlot
from kiosk.ui.overlays_made import overlay_makers
from kiosk.ui.reading import Reading, follow, make_reading, report_rendered, start_after_first_frame
from kiosk.ui.reading_tools import page_changed, refresh_toolbar
from kiosk.ui.resting import RestingScreen
from kiosk.ui.restyle import WindowRestyle
from kiosk.ui.speech import Speaker
from kiosk.ui.staff_desk import StaffDesk
from kiosk.ui.style import window_qss
from kiosk.ui.welcome import WelcomeScreen
from kiosk.ui.window_frame import WindowFrame
from kiosk.visit import Visit

if TYPE_CHECKING:  # made after the first frame, or when first needed: the first screen does without them
    from kiosk.ui.activities import Activities, Look
    from kiosk.ui.idle import StillReadingPrompt
    from kiosk.ui.read_aloud import ReadAloud
    from kiosk.ui.reader import ReadingScreen
    from kiosk.ui.staff import StaffOverlay
    from kiosk.ui.take_home import TakeHomeOverlay
    from kiosk.ui.touch_test import TouchTest

log = logging.getLogger(__name__)


class KioskWindow(WindowFrame):
    """Owns the screens and moves between them (in the frame of kiosk/ui/window_frame.py).

    What the patient chose lives in `visit` (kiosk/visit.py); taps make a new visit and `set_visit` makes the
    screen follow. Signals: `first_painted` once after the first frame, `session_reset` after every return to
    the start, `visit_changed(Visit)`, `page_viewed(page id, language)` while reading, `exit_requested` when
    staff chose to leave, `staff_opened` / `staff_closed`, `reload_requested`.
    """

    session_reset = Signal()
    exit_requested = Signal()
    staff_opened = Signal()
    staff_closed = Signal()
    reload_requested = Signal()
    visit_started = Signal()
    visit_ended = Signal(str)  # how: start_over, idle, error or shutdown
    visit_changed = Signal(object)  # the new Visit
    page_viewed = Signal(str, str)  # page id, language: a page a patient is looking at
    quiz_answered = Signal(str, str, int, bool)  # pack version, language, question from 1, right first time
    feature_used = Signal(str, str)  # feature, value (for anonymous usage statistics)
    stats_requested = Signal()
    prompt: OverlaySlot[StillReadingPrompt] = OverlaySlot()
    staff: OverlaySlot[StaffOverlay] = OverlaySlot()
    take_home: OverlaySlot[TakeHomeOverlay] = OverlaySlot()
    touch_test: OverlaySlot[TouchTest] = OverlaySlot()

    def __init__(
        self,
        library: Library,
        config: Config,
        metrics: Metrics,
        palette: Palette,
        *,
        windowed: bool = False,
        speaker: Speaker | None = None,
        pin_guard: PinGuard | None = None,
    ) -> None:
        super().__init__(library.pack.info.title, windowed=windowed)
        self.config = config
        self.metrics = metrics  # the default size; the patient's choice is `scale`
        self.default_palette = palette
        self.library = library
        self.visit = Visit.start(library.default_language)
        self._following = False
        self.text = library.text_for(self.language)
        speech = config.speech
        self.speaker = speaker or Speaker(speech.engine, speech.volume, enabled=speech.enabled, parent=self)
        self.pin_guard = pin_guard or PinGuard(config.staff.pin_hash)  # the kiosk's own keeps its lock-out
        self.setStyleSheet(window_qss(palette, metrics))
        self._restyle = WindowRestyle(self, self._reflow)

        self.welcome = WelcomeScreen(
            self._welcome_title(),
            config.clinic_name,
            self.text.touch_to_start,
            self._topics(),
            metrics,
            self._language_names(),
        )
        self._reading: Reading | None = None  # the reading screen and its helpers: see `reader`
        self._reading_hooks: list[Callable[[ReadingScreen], None]] = []
        self.resting = RestingScreen(self.text, metrics)
        for screen in (self.welcome, self.resting):
            self.stack.addWidget(screen)
        self.home: QWidget = self.welcome  # where a visit starts: a library of topics puts its topic list here
        self.overlays = LazyOverlays(overlay_makers(self))  # made when first needed, in the language of the moment
        self.desk = StaffDesk(self.overlays, lambda: self.library, self)
        self.desk.opened.connect(self.staff_opened)
        self.desk.closed.connect(self.staff_closed)
        self._connect()
        self._refresh_toolbar()
        self.show_welcome()

    # --- the reading screen: made once, after the first frame or when first needed ---
    @property
    def reader(self) -> ReadingScreen:
        return self._reading_screen().reader

    @property
    def read_aloud(self) -> ReadAloud:
        return self._reading_screen().read_aloud

    @property
    def activities(self) -> Activities:
        return self._reading_screen().activities

    @property
    def reader_built(self) -> bool:
        return self._reading is not None

    def on_reader(self, hook: Callable[[ReadingScreen], None]) -> None:
        """Call `hook(reader)` once the reading screen exists (now, if it does)."""
        if self._reading is not None:
            hook(self._reading.reader)
        else:
            self._reading_hooks.append(hook)

    def _reading_screen(self) -> Reading:
        if self._reading is None:
            self._reading = make_reading(self)
            # A page given up on (too slow to render) is reported to staff mode at once.
            self._reading.reader.renderer.gave_up.connect(lambda _page: report_rendered(self, self.library))
            self._reading.reader.page_refused.connect(lambda _page: report_rendered(self, self.library))
            for hook in self._reading_hooks:
                hook(self._reading.reader)
            self._reading_hooks.clear()
            follow(self._reading, self.visit, None, self.text)
            self._refresh_toolbar()
        return self._reading

    def _connect(self) -> None:
        self.welcome.dismissed.connect(self.show_reader)
        self.welcome.language_chosen.connect(self._language_from_welcome)
        self.speaker.ready.connect(self._refresh_toolbar)

    # --- screens ---
    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.resting if self.library.is_empty else self.home)

    def show_reader(self) -> None:
        if self.library.is_empty:
            self.stack.setCurrentWidget(self.resting)
            return
        self.set_visit(self.visit.begin_reading())

    def state(self) -> str:
        """One word for the heartbeat file."""
        if self.desk.is_open:
            return "staff"
        screen = self.current_screen()
        if self._reading is not None and screen is self._reading.reader:
            return "reading"
        names: dict[QWidget, str] = {self.home: "welcome", self.resting: "resting"}
        return names.get(screen, "unknown") if screen is not None else "unknown"

    # --- the visit: what the patient chose, and the screen following it ---
    @property
    def language(self) -> str:
        return self.visit.language

    @property
    def scale(self) -> float:
        return self.visit.text_scale

    @property
    def palette_now(self) -> Palette:
        return HIGH_CONTRAST if self.visit.high_contrast else self.default_palette

    def set_visit(self, visit: Visit) -> None:
        """Make the screen show `visit`: only what differs from the last one is redrawn."""
        old, self.visit = self.visit, visit
        if visit == old:
            return
        self._following = True  # pages the reader shows now follow the visit; they are not new choices
        try:
            new_look = (visit.text_step, visit.high_contrast) != (old.text_step, old.high_contrast)
            if visit.language != old.language:
                self.speaker.stop()
                self._retranslate(look=new_look)
                log.info("language: %s", visit.language)
            elif new_look:
                self._apply_look()
            if self._reading is not None or visit.reading:  # else the reading screen is made with the visit
                follow(self._reading_screen(), visit, old, self.text)
            if visit.reading and not old.reading:
                self.stack.setCurrentWidget(self.reader)
                self.visit_started.emit()
        finally:
            self._following = False
        self._note_shown_page()
        if self.visit.reading and (self.visit.page, visit.language) != (old.page, old.language):
            self.page_viewed.emit(self.visit.page, self.visit.language)
        self.visit_changed.emit(self.visit)

    def _note_shown_page(self) -> None:
        """While reading, the visit names the page on screen (the reader falls back to the first page when a
        language or a new pack lacks the one the patient was on)."""
        if self._reading is None:
            return
        shown = self._reading.reader.current_page_id() or ""
        if self.visit.reading and self.visit.page != shown:
            self.visit = self.visit.show_page(shown)

    def step_text_size(self, steps: int) -> None:
        self.set_visit(self.visit.step_text(steps))

    def set_text_scale(self, scale: float) -> None:
        self.set_visit(self.visit.with_text_scale(scale))

    def set_high_contrast(self, on: bool) -> None:
        self.set_visit(self.visit.with_contrast(on))

    def set_language(self, language: str) -> None:
        self.set_visit(self.visit.with_language(language, self.library.languages))

    def next_language(self) -> None:
        self.set_visit(self.visit.next_language(self.library.languages))

    def _apply_look(self) -> None:
        """The visit's size and colours: the page at once, the rest in the next turns (kiosk/ui/restyle.py).
        A reading screen not made yet is made in the visit's look."""
        look = self.look()
        if self._reading is not None:
            self._reading.reader.restyle_pages(look.metrics, look.palette)
            self._reading.reader.toolbar.set_size_limits(self.visit.at_smallest_text, self.visit.at_largest_text)
        self._restyle.request(window_qss(look.palette, look.chrome), hold_painting=self._painted)
        if self._reading is not None:  # no page rendered until the window has its new look
            self._reading.reader.renderer.hold(lambda: self._restyle.busy)
        log.info(
            "text size %d %%, %s colours",
            round(self.scale * 100),
            "high-contrast" if self.visit.high_contrast else "standard",
        )

    @property
    def restyling(self) -> bool:
        return self._restyle.busy

    def _reflow(self) -> None:
        if self._reading is not None:
            self._reading.reader.reflow()  # labels measured in their new size

    def _language_from_welcome(self, language: str) -> None:
        self.set_language(language)
        self.show_reader()
        self.feature_used.emit("language", language)

    def _retranslate(self, *, overlays: bool = True, look: bool = False) -> None:
        self.text = self.library.text_for(self.language)
        if self._reading is not None:
            self._reading.reader.set_pages(self.library.pages_in(self.language), self.library.root)
            self._reading.reader.set_texts(self.text)
        self.welcome.set_texts(
            self._welcome_title(), self.config.clinic_name, self.text.touch_to_start, self._topics()
        )
        self.welcome.mark_language(self.language)
        self.resting.set_texts(self.text)
        if overlays:
            self.overlays.drop()
        self._refresh_toolbar()
        if look or self.visit.changed_look:  # new views and labels take the visit's size and colours
            self._apply_look()

    # --- reading aloud ---
    def listen(self) -> None:
        self.read_aloud.listen(self.language, self.text)

    def look(self) -> Look:
        """The visit's size and colours. Tabs, toolbar and cards grow half as much as the page, so they stay on
        at most two rows at 200 %."""
        from kiosk.ui.activities import Look

        page = dataclasses.replace(self.metrics, scale=self.scale)
        return Look(self.text, page, page.chrome(), self.palette_now)

    def page_selected(self, page_id: str) -> None:
        """The reader shows another page: a tab or a link when the patient chose it, else the visit's own."""
        if not self._following and self.visit.reading:
            self.set_visit(self.visit.show_page(page_id))
        page_changed(self, self._reading_screen(), page_id)

    def _refresh_toolbar(self) -> None:
        if self._reading is not None:  # kiosk/ui/reading_tools.py
            refresh_toolbar(self, self._reading)

    # --- sessions ---
    def reset_session(self, ending: str = "start_over") -> None:
        """Back to how the next patient should find it: nothing the last one did survives."""
        # An untouched kiosk is reset every idle timeout: 720 lines a day that say nothing. Still reset, quietly.
        untouched = self.visit == self.visit.reset() and self.current_screen() in (self.home, self.resting)
        level = logging.DEBUG if ending == "idle" and untouched else logging.INFO
        log.log(level, "session reset (%s): back to the welcome screen", ending)
        self.end_visit(ending)
        self.speaker.reset()
        self.overlays.close("prompt", "take_home", "touch_test", "start_over")
        self.desk.close()
        if self._reading is not None:
            self._reading.activities.close_all()
            self._reading.reader.reset()  # first tab, every page at its top: views keep no visit of their own
        self.set_visit(self.visit.reset())
        self.show_welcome()
        self.session_reset.emit()

    def end_visit(self, ending: str) -> None:
        """The visit on screen, if any, is over (`ending`: start_over, idle, error, or shutdown when the kiosk
        is stopped mid-visit); the screen itself is left as it is."""
        if self.visit.reading:  # on a topic's pages, or back on the topic list mid-visit
            if self.visit.ticked_count:  # how many (in every topic of the visit), never which
                self.feature_used.emit("questions_ticked", str(self.visit.ticked_count))
            self.visit_ended.emit(ending)

    def ask_still_reading(self) -> None:
        """Idle: ask first if someone may be reading; anywhere else, quietly return to the start."""
        if self.desk.is_open:
            return
        if self.visit.reading:
            log.info("no input for a while: asking 'Still reading?'")
            self.prompt.open()
        else:
            self.reset_session("idle")

    # --- staff ---
    def open_staff(self) -> None:
        self.desk.open()

    # --- content ---
    def set_library(self, library: Library) -> None:
        """Swap in newly loaded content, keeping the patient's language and page where they still exist."""
        self.library = library
        self.visit = self.visit.following_pack(library.default_language, library.languages)
        self._following = True
        try:
            self._retranslate(overlays=False)  # staff may be looking at the staff panel right now
        finally:
            self._following = False
        self._note_shown_page()
        self.desk.reloaded(library.issues)
        if library.is_empty:
            self.stack.setCurrentWidget(self.resting)
        elif self.current_screen() is self.resting:
            self.show_welcome()

    def show_topic(self, library: Library, visit: Visit) -> None:
        """Another topic of a library on screen: its pages at the first one, in the visit's language (or the
        topic's default one) and look; then `visit` (kiosk.ui.topics makes it)."""
        self.library = library
        self._following = True
        try:
            self._retranslate()  # new views take the visit's size and colours there
            self.reader.reset()
        finally:
            self._following = False
        self.visit = dataclasses.replace(self.visit, page="")  # another topic's page: a new view, even by same id
        self.set_visit(visit)

    def keep_library(self, rejected: Library) -> None:
        """New content had errors: keep showing what we have and tell staff why."""
        self.desk.reloaded(rejected.issues, self.text.reload_kept_old, taken=False)

    def _welcome_title(self) -> str:
        return self.text.welcome_title or self.library.pack.info.title

    def _topics(self) -> str:
        return "  ·  ".join(page.tab for page in self.library.pages_in(self.language))

    def _language_names(self) -> list[tuple[str, str]]:
        return [(code, self.library.text_for(code).language_name) for code in self.library.languages]

    @override
    def _after_first_frame(self) -> None:
        start_after_first_frame(self)  # the reading screen, then the other languages (kiosk/ui/reading.py)

"""The kiosk's one window: welcome, reading and resting screens, the overlays, and each visit's settings."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import TEXT_SCALES, Config
from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.palette import HIGH_CONTRAST, Palette
from kiosk.pin import PinGuard
from kiosk.ui.idle import StillReadingPrompt
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import LazyOverlays, OverlaySlot
from kiosk.ui.reader import ReadingScreen
from kiosk.ui.resting import RestingScreen
from kiosk.ui.speech import Speaker, Speech
from kiosk.ui.staff import StaffOverlay
from kiosk.ui.style import window_qss
from kiosk.ui.take_home import TakeHomeOverlay
from kiosk.ui.touch_test import TouchTest
from kiosk.ui.welcome import WelcomeScreen

log = logging.getLogger(__name__)
AFTER_FIRST_FRAME_MS = 300  # slow start-up work waits until the welcome screen is up


class KioskWindow(QWidget):
    """Owns the screens and moves between them.

    Signals: `first_painted` once after the first frame, `session_reset` after every return to the start,
    `exit_requested` when staff chose to leave, `staff_opened` / `staff_closed`, `reload_requested`.
    """

    first_painted = Signal()
    session_reset = Signal()
    exit_requested = Signal()
    staff_opened = Signal()
    staff_closed = Signal()
    reload_requested = Signal()
    visit_started = Signal()
    visit_ended = Signal(str)  # how: start_over, idle or error
    feature_used = Signal(str, str)  # feature, value (for anonymous usage statistics)
    stats_requested = Signal()
    prompt = OverlaySlot[StillReadingPrompt]()
    staff = OverlaySlot[StaffOverlay]()
    take_home = OverlaySlot[TakeHomeOverlay]()
    touch_test = OverlaySlot[TouchTest]()

    def __init__(
        self,
        library: Library,
        config: Config,
        metrics: Metrics,
        palette: Palette,
        *,
        windowed: bool = False,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(library.pack.info.title)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        if not windowed:
            self.setWindowFlags(
                Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
        self.windowed = windowed
        self.config = config
        self.metrics = metrics  # the default size; the patient's choice is `scale`
        self.default_palette = palette
        self.palette_now = palette
        self.scale = 1.0
        self.library = library
        self.language = library.default_language
        self.text = library.text_for(self.language)
        self.problems: list[Issue] = list(library.issues)
        self.reload_note = ""
        self.source_note = ""  # the content source's state, for staff mode
        speech = config.speech
        self.speaker = speaker or Speaker(speech.engine, speech.volume, enabled=speech.enabled, parent=self)
        self.pin_guard = PinGuard(config.staff.pin_hash)
        self.setStyleSheet(window_qss(palette, metrics))

        self.stack = QStackedWidget()
        self.welcome = WelcomeScreen(
            self._welcome_title(),
            config.clinic_name,
            self.text.touch_to_start,
            self._topics(),
            metrics,
            self._language_names(),
        )
        self.reader = ReadingScreen(
            library.pages_in(self.language), library.root, self.text, palette, metrics, metrics
        )
        self.resting = RestingScreen(self.text, metrics)
        for screen in (self.welcome, self.reader, self.resting):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The screen decides the window's size, never the content: a layout that needs more room than a small
        # screen has (Spanish labels, 200 % text) must squeeze, not push the window out of full screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.stack)
        self.overlays = LazyOverlays(
            {
                "prompt": self._make_prompt,
                "staff": self._make_staff,
                "take_home": lambda: TakeHomeOverlay(self, self.text, self.metrics),
                "touch_test": lambda: TouchTest(self, self.text, self.metrics),
            }
        )  # made when first needed, in the language of the moment
        self._connect()
        self._refresh_toolbar()
        self._painted = False
        self.installEventFilter(self)
        self.show_welcome()

    def _make_prompt(self) -> StillReadingPrompt:
        prompt = StillReadingPrompt(self, self.text, self.metrics, self.config.idle.warning_s)
        prompt.expired.connect(lambda: self.reset_session("idle"))
        return prompt

    def _make_staff(self) -> StaffOverlay:
        staff = StaffOverlay(self, self.pin_guard, self.text, self.metrics)
        staff.closed.connect(self._staff_closed)
        staff.reload_requested.connect(self.reload_requested)
        staff.touch_test_requested.connect(lambda: self.touch_test.open())
        staff.stats_requested.connect(self.stats_requested)
        staff.exit_requested.connect(self.exit_requested)
        return staff

    def _connect(self) -> None:
        tools = self.reader.toolbar
        self.welcome.dismissed.connect(self.show_reader)
        self.welcome.language_chosen.connect(self._language_from_welcome)
        tools.start_over.connect(lambda: self.reset_session("start_over"))
        tools.smaller.connect(lambda: self._tapped("text_size", lambda: self.step_text_size(-1)))
        tools.larger.connect(lambda: self._tapped("text_size", lambda: self.step_text_size(+1)))
        tools.contrast.connect(lambda on: self._tapped("contrast", lambda: self.set_high_contrast(on)))
        tools.listen.connect(lambda: self._tapped("listen", self.listen))
        tools.stop.connect(self.speaker.stop)
        tools.next_language.connect(lambda: self._tapped("language", self.next_language))
        tools.take_home.connect(lambda: self._tapped("take_home", self.show_take_home))
        self.reader.page_selected.connect(self._page_changed)
        self.reader.outside_link.connect(self.show_outside_link)
        self.speaker.state_changed.connect(self._speech_changed)
        self.speaker.ready.connect(self._refresh_toolbar)
        self.speaker.word.connect(self._speaking_word)

    # --- screens ---
    def show_kiosk(self) -> None:
        if self.windowed:
            self.show()
        else:
            self.showFullScreen()

    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.resting if self.library.is_empty else self.welcome)

    def show_reader(self) -> None:
        if self.library.is_empty:
            self.stack.setCurrentWidget(self.resting)
            return
        if self.current_screen() is not self.reader:
            self.stack.setCurrentWidget(self.reader)
            self.visit_started.emit()

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def state(self) -> str:
        """One word for the heartbeat file."""
        if self.overlays.is_open("staff"):
            return "staff"
        return {self.welcome: "welcome", self.reader: "reading", self.resting: "resting"}.get(
            self.current_screen(), "unknown"
        )

    # --- one visit's choices ---
    def step_text_size(self, steps: int) -> None:
        index = TEXT_SCALES.index(self.scale) + steps
        self.set_text_scale(TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, index))])

    def set_text_scale(self, scale: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self._apply_look()

    def set_high_contrast(self, on: bool) -> None:
        palette = HIGH_CONTRAST if on else self.default_palette
        if self.reader.toolbar.contrast_button.isChecked() != on:
            self.reader.toolbar.contrast_button.setChecked(on)  # emits again; the next line stops the loop
        if palette is not self.palette_now:
            self.palette_now = palette
            self._apply_look()

    def _apply_look(self) -> None:
        body = dataclasses.replace(self.metrics, scale=self.scale)
        # Tabs and toolbar grow half as much as the page, so they stay on at most two rows at 200 %.
        chrome = dataclasses.replace(self.metrics, scale=1 + (self.scale - 1) / 2)
        self.setStyleSheet(window_qss(self.palette_now, chrome))
        self.reader.set_look(body, self.palette_now)
        self.reader.toolbar.set_size_limits(self.scale == TEXT_SCALES[0], self.scale == TEXT_SCALES[-1])
        log.info(
            "text size %d %%, %s colours",
            round(self.scale * 100),
            "high-contrast" if self.palette_now is HIGH_CONTRAST else "standard",
        )

    def set_language(self, language: str) -> None:
        if language == self.language or language not in self.library.languages:
            return
        self.speaker.stop()
        self.language = language
        self._retranslate()
        log.info("language: %s", language)

    def next_language(self) -> None:
        languages = self.library.languages
        if len(languages) > 1:
            self.set_language(languages[(languages.index(self.language) + 1) % len(languages)])

    def _language_from_welcome(self, language: str) -> None:
        self.set_language(language)
        self.show_reader()
        self.feature_used.emit("language", language)

    def _tapped(self, feature: str, action: Callable[[], None]) -> None:
        """A patient used a reading aid: do it, then note which (with its new setting) for the statistics."""
        action()
        value = {
            "text_size": f"{round(self.scale * 100)}",
            "contrast": "on" if self.palette_now is HIGH_CONTRAST else "off",
            "language": self.language,
        }.get(feature, "")
        self.feature_used.emit(feature, value)

    def _retranslate(self, *, overlays: bool = True) -> None:
        self.text = self.library.text_for(self.language)
        self.reader.set_pages(self.library.pages_in(self.language), self.library.root)
        self.reader.set_texts(self.text)
        self.welcome.set_texts(
            self._welcome_title(), self.config.clinic_name, self.text.touch_to_start, self._topics()
        )
        self.welcome.mark_language(self.language)
        self.resting.set_texts(self.text)
        if overlays:
            self.overlays.drop()
        self._refresh_toolbar()
        if self.scale != 1.0 or self.palette_now is not self.default_palette:
            self._apply_look()

    # --- reading aloud ---
    def listen(self) -> None:
        view = self.reader.current_view()
        if not self.speaker.started:  # the first Listen since the kiosk started: say so, then start the voice
            self.reader.toolbar.show_speech_starting(self.text.speech_starting)
            self.speaker.start_soon(then=self.listen)
            return
        if self.speaker.state is Speech.SPEAKING:
            self.speaker.pause()
        elif self.speaker.state is Speech.PAUSED:
            self.speaker.resume()
        elif view is not None:
            self.speaker.speak(view.spoken_text(), self.language)

    def _speech_changed(self, state: Speech) -> None:
        self.reader.toolbar.show_speech(state)
        if state is Speech.IDLE:
            for view in self.reader.created_views():
                view.highlight(-1, 0)

    def _speaking_word(self, start: int, length: int) -> None:
        view = self.reader.current_view()
        if view is not None:
            view.highlight(start, length)

    # --- take this home ---
    def show_take_home(self) -> None:
        url = self.config.take_home.url_for(self.reader.current_page_id() or "")
        if url:
            self.take_home.open_for(url, self.text.take_home_hint, self.text.close)

    def show_outside_link(self, url: str) -> None:
        self.take_home.open_for(url, self.text.outside_link_hint, self.text.close)
        self.feature_used.emit("outside_link", "")

    def _page_changed(self, page_id: str) -> None:
        self.speaker.stop()
        button = self.reader.toolbar.take_home_button
        wanted = bool(self.config.take_home.url_for(page_id))
        if button.isHidden() == wanted:  # only when it changes: a reflow costs a few ms of a tab switch
            button.setVisible(wanted)
            self.reader.toolbar.reflow()

    def _refresh_toolbar(self) -> None:
        tools = self.reader.toolbar
        languages = self.library.languages
        upcoming = languages[(languages.index(self.language) + 1) % len(languages)] if len(languages) > 1 else ""
        tools.set_texts(self.text, self.library.text_for(upcoming).language_name if upcoming else "")
        tools.listen_button.setVisible(self.speaker.offered(self.language))
        tools.set_size_limits(self.scale == TEXT_SCALES[0], self.scale == TEXT_SCALES[-1])
        self._page_changed(self.reader.current_page_id() or "")

    # --- sessions ---
    def reset_session(self, ending: str = "start_over") -> None:
        """Back to how the next patient should find it: nothing the last one did survives."""
        log.info("session reset (%s): back to the welcome screen", ending)
        if self.current_screen() is self.reader:
            self.visit_ended.emit(ending)
        self.speaker.reset()
        self.overlays.close("prompt", "take_home", "touch_test")
        if self.overlays.is_open("staff"):
            self.staff.close_overlay()
            self.staff_closed.emit()
        if self.language != self.library.default_language:
            self.language = self.library.default_language
            self._retranslate()
        look_changed = self.scale != 1.0 or self.palette_now is not self.default_palette
        self.scale, self.palette_now = 1.0, self.default_palette
        contrast = self.reader.toolbar.contrast_button
        contrast.blockSignals(True)
        contrast.setChecked(False)
        contrast.blockSignals(False)
        if look_changed:
            self._apply_look()
        self.reader.reset()
        self.show_welcome()
        self.session_reset.emit()

    def ask_still_reading(self) -> None:
        """Idle: ask first if someone may be reading; anywhere else, quietly return to the start."""
        if self.overlays.is_open("staff"):
            return
        if self.current_screen() is self.reader:
            log.info("no input for a while: asking 'Still reading?'")
            self.prompt.open()
        else:
            self.reset_session("idle")

    # --- staff ---
    def open_staff(self) -> None:
        if self.overlays.is_open("staff"):
            return
        self.overlays.close("prompt")
        log.info("staff gesture: PIN pad opened")
        self.staff.open_for(self.library, self.problems, self._staff_note())
        self.staff_opened.emit()

    def _staff_closed(self) -> None:
        self.overlays.close("touch_test")
        self.staff_closed.emit()

    # --- content ---
    def set_library(self, library: Library) -> None:
        """Swap in newly loaded content, keeping the patient's language and page where they still exist."""
        self.library = library
        self.problems = list(library.issues)
        self.reload_note = ""
        if self.language not in library.languages:
            self.language = library.default_language
        self._retranslate(overlays=False)  # staff may be looking at the staff panel right now
        self._refresh_staff()
        if library.is_empty:
            self.stack.setCurrentWidget(self.resting)
        elif self.current_screen() is self.resting:
            self.show_welcome()

    def keep_library(self, rejected: Library) -> None:
        """New content had errors: keep showing what we have and tell staff why."""
        self.problems = list(rejected.issues)
        self.reload_note = self.text.reload_kept_old
        self._refresh_staff()

    def set_source_note(self, note: str) -> None:
        self.source_note = note
        self._refresh_staff()

    def _refresh_staff(self) -> None:
        if self.overlays.is_open("staff"):
            self.staff.show_status(self.library, self.problems, self._staff_note())

    def _staff_note(self) -> str:
        return "\n".join(note for note in (self.reload_note, self.source_note) if note)

    def _welcome_title(self) -> str:
        return self.text.welcome_title or self.library.pack.info.title

    def _topics(self) -> str:
        return "  ·  ".join(page.tab for page in self.library.pages_in(self.language))

    def _language_names(self) -> list[tuple[str, str]]:
        return [(code, self.library.text_for(code).language_name) for code in self.library.languages]

    def _after_first_frame(self) -> None:
        """Render the other languages, finding any problems in them (the speech engine waits for Listen)."""
        known = len(self.library.issues)
        self.library.render_all()
        for issue in self.library.issues[known:]:
            log.warning("%s", issue)
        self.problems = list(self.library.issues)

    # --- events ---
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(AFTER_FIRST_FRAME_MS, self._after_first_frame)
        return super().eventFilter(watched, event)

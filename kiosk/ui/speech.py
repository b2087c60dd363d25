"""Read aloud with QTextToSpeech, in a voice matching the page's language, without ever crashing the kiosk."""

from __future__ import annotations

import enum
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from kiosk import speechd

log = logging.getLogger(__name__)
START_DELAY_MS = 50  # see start_soon()


class Speech(enum.Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


class Speaker(QObject):
    """Wraps one text-to-speech engine. Emits `state_changed(Speech)` and `word(start, length)`."""

    state_changed = Signal(object)
    word = Signal(int, int)
    ready = Signal()  # started, failed, or will be tried again: `offered` and `can_speak` may answer anew

    def __init__(self, engine: str, volume: float, *, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine, self._volume, self._enabled = engine, volume, enabled
        self._tts: Any = None
        self._started = False
        self._retry = False  # start again at the next visit's Listen (speech-dispatcher did not answer)
        self._then: Callable[[], None] | None = None  # what start_soon() does once the engine is up
        self.problem = ""  # why read aloud is not offered at all, for the log
        self.state = Speech.IDLE

    @property
    def started(self) -> bool:
        return self._started

    def offered(self, language: str) -> bool:
        """Whether to show Listen: until the engine has started we cannot know the voices, so yes if enabled."""
        return self._enabled and (not self._started or self.can_speak(language))

    def start(self) -> None:
        """Start the engine: the window does it when a patient first taps Listen. On Linux, connecting to
        speech-dispatcher takes about a second and its list of 1,500 voices about 9 MB, which most visits
        never need."""
        if not self._started:
            self._started = True
            try:
                self._tts = self._create(self._engine) if self._enabled else None
            finally:  # even if starting failed in a way nobody foresaw, Listen must not stay on "One moment"
                self.ready.emit()

    def start_soon(self, then: Callable[[], None]) -> None:
        """Start the engine once the event loop has drawn what is pending ("One moment": starting blocks),
        then call `then`, unless `stop()` came first."""
        if self._then is None:
            self._then = then
            QTimer.singleShot(START_DELAY_MS, self._start_now)

    def _start_now(self) -> None:
        then, self._then = self._then, None
        self.start()
        if then is not None:
            then()

    def _create(self, engine: str) -> Any:
        if sys.platform.startswith("linux") and engine in ("", "speechd"):
            why = speechd.problem()  # a hung speech-dispatcher would hang the engine, and the kiosk with it
            if why:
                self.problem = why
                self._retry = True  # it may have recovered by the next visit
                log.warning("read aloud is off for now: %s", why)
                return None
        try:  # the module needs system audio libraries (libpulse on Linux) that a kiosk may lack
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:
            self.problem = f"text to speech cannot load: {error}"
            log.warning("read aloud is off: %s", self.problem)
            return None
        tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if tts.state() == QTextToSpeech.State.Error:
            self.problem = f"text-to-speech engine '{engine or 'default'}' failed: {tts.errorString()}"
            log.warning("read aloud is off: %s", self.problem)
            return None
        tts.setVolume(self._volume)
        tts.stateChanged.connect(self._engine_state)
        tts.sayingWord.connect(lambda _word, _id, start, length: self.word.emit(start, length))
        log.info("text to speech: engine %s, %d locale(s)", engine or "default", len(tts.availableLocales()))
        return tts

    @property
    def available(self) -> bool:
        return self._tts is not None

    def can_speak(self, language: str) -> bool:
        return self._locale_for(language) is not None

    def _locale_for(self, language: str) -> QLocale | None:
        if self._tts is None:
            return None
        wanted = QLocale(language).language()
        matches: list[QLocale] = [locale for locale in self._tts.availableLocales() if locale.language() == wanted]
        if not matches:
            return None
        # Prefer the system's own variant (en_US, es_US) when there is one.
        system = QLocale.system()
        return next((m for m in matches if m.territory() == system.territory()), matches[0])

    def speak(self, text: str, language: str) -> bool:
        locale = self._locale_for(language)
        if locale is None or not text.strip():
            return False
        self._tts.stop()
        self._tts.setLocale(locale)
        self._tts.say(text)
        return True

    def pause(self) -> None:
        if self._tts is not None and self.state is Speech.SPEAKING:
            self._tts.pause()

    def resume(self) -> None:
        if self._tts is not None and self.state is Speech.PAUSED:
            self._tts.resume()

    def stop(self) -> None:
        self._then = None
        if self._tts is not None and self.state is not Speech.IDLE:
            self._tts.stop()
        self._set(Speech.IDLE)

    def reset(self) -> None:
        """End of a visit: silence, and the volume back to its default. If speech-dispatcher did not answer,
        the next patient's Listen asks it again."""
        self.stop()
        if self._tts is not None:
            self._tts.setVolume(self._volume)
        if self._retry:
            self._started, self._retry, self.problem = False, False, ""
            self.ready.emit()

    def _engine_state(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        mapping = {QTextToSpeech.State.Speaking: Speech.SPEAKING, QTextToSpeech.State.Paused: Speech.PAUSED}
        if state == QTextToSpeech.State.Error:
            log.warning("text to speech error: %s", self._tts.errorString())
        self._set(mapping.get(state, Speech.IDLE))

    def _set(self, state: Speech) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

"""Read aloud with QTextToSpeech, in a voice matching the page's language, without ever crashing the kiosk."""

from __future__ import annotations

import enum
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

log = logging.getLogger(__name__)
START_DELAY_MS = 50  # see start_soon()
# A stop the engine has not confirmed (Ready) after this long: it is stuck. Seen with speech-dispatcher and no
# working sound device: the first utterance never ends, the first stop is never confirmed, and the next call
# after a new say() blocks the kiosk's only thread for good. Healthy engines confirm in milliseconds.
STOP_CONFIRM_MS = 3000


class Speech(enum.Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    PAUSED = "paused"


class Speaker(QObject):
    """Wraps one text-to-speech engine. Emits `state_changed(Speech)`, `utterance(reading, index)` when text
    `index` of the `read` call that returned `reading` starts to sound, and `word(start, length)` inside it
    where the engine reports words."""

    state_changed = Signal(object)
    utterance = Signal(int, int)
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
        self._rate = 0.0
        # One utterance at a time, each said when the engine is done with the last: the engine's own signals
        # then tell when each one starts to sound, on every engine (speech-dispatcher reports no words, and
        # Qt's enqueue() hands it the whole queue at once).
        self._queue: list[str] = []
        self._current = -1  # index in _queue of the utterance said last
        self._sounding = False  # the engine reported the current utterance speaking
        self._held = False  # paused between two utterances: the next waits for resume()
        self._waiting = False  # the next utterance is due but not yet handed to the engine
        self._reading = 0  # counts read() and stop() calls: a next utterance due for an earlier one is dropped
        self._stop_unconfirmed = False  # the engine was told to stop and has not reported Ready since
        self._broken = False  # the engine got stuck: never called again until the kiosk restarts

    @property
    def started(self) -> bool:
        return self._started

    def offered(self, language: str) -> bool:
        """Whether to show Listen: whenever read aloud is on and its engine works (until the engine has started
        that is not known: yes). In a language it has no voice for, a tap says so (kiosk.ui.read_aloud), rather
        than the button being missing with no word why."""
        return self._enabled and not self._broken and (not self._started or self.available)

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
            QTimer.singleShot(START_DELAY_MS, self, self._start_now)  # never after the speaker is gone

    def _start_now(self) -> None:
        then, self._then = self._then, None
        self.start()
        if then is not None:
            then()

    def _create(self, engine: str) -> Any:
        if sys.platform.startswith("linux") and engine in ("", "speechd"):
            from kiosk import speechd  # its socket module (0.8 MB) loads with the first Listen, not at start

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
        tts.setRate(self._rate)
        tts.stateChanged.connect(self._engine_state)
        tts.sayingWord.connect(self._engine_word)
        log.info("text to speech: engine %s, %d locale(s)", engine or "default", len(tts.availableLocales()))
        return tts

    @property
    def available(self) -> bool:
        return self._tts is not None and not self._broken

    def can_speak(self, language: str) -> bool:
        return self._locale_for(language) is not None

    def _locale_for(self, language: str) -> QLocale | None:
        if self._tts is None or self._broken:
            return None
        wanted = QLocale(language).language()
        matches: list[QLocale] = [locale for locale in self._tts.availableLocales() if locale.language() == wanted]
        if not matches:
            return None
        # Prefer the system's own variant (en_US, es_US) when there is one.
        system = QLocale.system()
        return next((m for m in matches if m.territory() == system.territory()), matches[0])

    def speak(self, text: str, language: str) -> bool:
        """Say `text` at once, cutting off whatever is being said (a one-off announcement)."""
        return self.read([text], language) != 0

    def read(self, texts: Sequence[str], language: str) -> int:
        """Say `texts` one after another, cutting off whatever is being said. Returns the number that
        `utterance` gives this reading, or 0 if there is no voice for the language (or nothing to say)."""
        locale = self._locale_for(language)
        if locale is None or not texts or not all(text.strip() for text in texts):
            return 0
        self._queue, self._current, self._sounding, self._held = list(texts), -1, False, False
        self._waiting = False
        self._reading += 1
        self._stop_engine()
        self._tts.setLocale(locale)
        self._say_next()  # at once: an engine may report the first one sounding before read() returns
        return self._reading

    def set_rate(self, rate: float) -> None:
        """How fast to speak, -1 (slowest) to 1; 0 is the voice's own. Takes effect from the next utterance."""
        self._rate = rate
        if self._tts is not None and not self._broken:
            self._tts.setRate(rate)

    @property
    def rate(self) -> float:
        return self._rate

    def pause(self) -> None:
        if self._tts is None or self._broken or self.state is not Speech.SPEAKING:
            return
        if self._sounding:
            self._tts.pause()
        else:  # between two utterances: the engine has nothing to pause
            self._held = True
            self._set(Speech.PAUSED)

    def resume(self) -> None:
        if self._tts is None or self._broken or self.state is not Speech.PAUSED:
            return
        if self._held:
            self._held = False
            self._set(Speech.SPEAKING)
            if self._waiting:
                self._say_next()
            # else the engine has it already, and reports it sounding soon
        else:
            self._tts.resume()

    def stop(self) -> None:
        self._then = None
        self._queue, self._current, self._sounding, self._held = [], -1, False, False
        self._waiting = False
        self._reading += 1
        if self.state is not Speech.IDLE:
            self._stop_engine()
        self._set(Speech.IDLE)

    def _stop_engine(self) -> None:
        """Silence the engine if it is saying anything, and make sure it says so soon (see STOP_CONFIRM_MS)."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._tts is None or self._broken or self._stop_unconfirmed:
            return  # nothing to stop, or a stop on its way already: asking again is what blocks a stuck engine
        if self._tts.state() in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            return  # quiet already: a stop would never be confirmed
        self._stop_unconfirmed = True
        self._tts.stop()
        QTimer.singleShot(STOP_CONFIRM_MS, self, self._check_stopped)

    def _check_stopped(self) -> None:
        if self._stop_unconfirmed and not self._broken:
            self._give_up(
                f"the speech engine did not stop within {STOP_CONFIRM_MS / 1000:g} s when asked (is the sound "
                "device working?); Listen is off until the kiosk restarts"
            )

    def _give_up(self, why: str) -> None:
        """The engine is stuck: it is never called again (the next call could block the screen for good)."""
        self._broken, self.problem = True, why
        log.warning("read aloud is off: %s", why)
        self._queue, self._current, self._sounding, self._held, self._waiting = [], -1, False, False, False
        self._reading += 1
        self._set(Speech.IDLE)
        self.ready.emit()  # Listen is offered no more

    def reset(self) -> None:
        """End of a visit: silence, and the volume back to its default. If speech-dispatcher did not answer,
        the next patient's Listen asks it again."""
        self.stop()
        if self._tts is not None and not self._broken:
            self._tts.setVolume(self._volume)
        if self._retry:
            self._started, self._retry, self.problem = False, False, ""
            self.ready.emit()

    def _say_next_soon(self) -> None:
        reading, self._waiting = self._reading, True
        QTimer.singleShot(0, self, lambda: self._say_next() if reading == self._reading else None)

    def _say_next(self) -> None:
        if not self._queue or self._held or self._broken:
            return  # stopped, or paused before it was due: resume() says it
        if self._stop_unconfirmed:  # a say() now, and the next call would block a stuck engine: wait for Ready
            reading = self._reading
            QTimer.singleShot(50, self, lambda: self._say_next() if reading == self._reading else None)
            return
        self._waiting = False
        if self._current + 1 >= len(self._queue):  # all said: the engine is already quiet
            self._queue, self._current = [], -1
            self._set(Speech.IDLE)
            return
        self._current += 1
        self._sounding = False
        self._tts.say(self._queue[self._current])

    def _engine_state(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._stop_unconfirmed = False  # quiet: a stop asked for is done
        if not self._queue or self._broken:  # stopped: what the engine reports now ends what was cut off
            return
        if state == QTextToSpeech.State.Speaking:
            if not self._sounding:
                self._sounding = True
                self.utterance.emit(self._reading, self._current)
            if self._held:  # paused after it was handed to the engine, before it sounded
                self._held = False
                self._tts.pause()
            else:
                self._set(Speech.SPEAKING)
        elif state == QTextToSpeech.State.Paused:
            self._set(Speech.PAUSED)
        elif state == QTextToSpeech.State.Error:
            log.warning("text to speech error: %s", self._tts.errorString())
            self.stop()
        elif self._sounding:  # Ready after the current one sounded: the next, once this signal is handled
            self._sounding = False
            self._say_next_soon()  # once the engine has finished handling this signal
        # Ready before the current one sounded is the engine finishing what read() cut off.

    def _engine_word(self, _word: str, utterance: int, start: int, length: int) -> None:
        if self._queue and self._sounding:
            self.word.emit(start, length)

    def _set(self, state: Speech) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

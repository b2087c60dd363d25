"""Listen: reads the page on screen aloud and marks each word as the voice reaches it."""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.ui.reader import ReadingScreen
from kiosk.ui.speech import Speaker, Speech
from kiosk.uitext import UiText


class ReadAloud(QObject):
    """Joins the speaker to the reading screen: the toolbar shows the voice's state, the page its word."""

    def __init__(self, speaker: Speaker, reader: ReadingScreen, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker, self.reader = speaker, reader
        speaker.state_changed.connect(self._state_changed)
        speaker.word.connect(self._word)
        reader.toolbar.stop.connect(speaker.stop)

    def listen(self, language: str, text: UiText) -> None:
        """Listen, Pause or Resume, by the voice's state; the very first Listen starts the voice."""
        if not self.speaker.started:  # say so first: the engine takes a moment to connect
            self.reader.toolbar.show_speech_starting(text.speech_starting)
            self.speaker.start_soon(then=lambda: self.listen(language, text))
            return
        view = self.reader.current_view()
        if self.speaker.state is Speech.SPEAKING:
            self.speaker.pause()
        elif self.speaker.state is Speech.PAUSED:
            self.speaker.resume()
        elif view is not None:
            self.speaker.speak(view.spoken_text((text.ticked, text.not_ticked)), language)

    def _state_changed(self, state: Speech) -> None:
        self.reader.toolbar.show_speech(state)
        if state is Speech.IDLE:
            for view in self.reader.created_views():
                view.highlight(-1, 0)

    def _word(self, start: int, length: int) -> None:
        view = self.reader.current_view()
        if view is not None:  # box words ("Ticked") stand for one box character on the page
            begin = view.document_position(start)
            view.highlight(begin, max(1, view.document_position(start + length) - begin))

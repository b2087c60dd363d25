"""Listen: reads the page on screen aloud sentence by sentence, from the first one on screen, and marks each
sentence (and each word, where the engine reports words) as the voice reaches it, scrolling to keep it in
view. A tap on the text while reading jumps there."""

from __future__ import annotations

from PySide6.QtCore import QObject

from kiosk.spoken import Sentence
from kiosk.ui.page_view import PageView
from kiosk.ui.reader import ReadingScreen
from kiosk.ui.speech import Speaker, Speech
from kiosk.uitext import UiText

SLOWER_RATE = -0.2  # of the engine's -1..1: about a fifth slower on speech-dispatcher and Windows voices


class ReadAloud(QObject):
    """Joins the speaker to the reading screen: the toolbar shows the voice's state, the page its sentence."""

    def __init__(self, speaker: Speaker, reader: ReadingScreen, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker, self.reader = speaker, reader
        self._view: PageView | None = None  # the page being read
        self._sentences: list[Sentence] = []
        self._first = 0  # the index of the sentence the last read() began with
        self._sentence: Sentence | None = None  # the one being said
        self._language = ""
        self._reading = 0  # what the speaker numbered our last read(); its other utterances are not ours
        # (-1 while read() runs: an utterance reported before it returns is the first of ours)
        speaker.state_changed.connect(self._state_changed)
        speaker.utterance.connect(self._utterance)
        speaker.word.connect(self._word)
        reader.toolbar.stop.connect(speaker.stop)

    def listen(self, language: str, text: UiText) -> None:
        """Listen, Pause or Resume, by the voice's state; the very first Listen starts the voice."""
        if not self.speaker.started:  # say so first: the engine takes a moment to connect
            self.reader.toolbar.show_speech_starting(text.speech_starting)
            self.speaker.start_soon(then=lambda: self.listen(language, text))
            return
        if not self.speaker.can_speak(language):  # learnt only now that the voice has started: say so
            self.reader.notice.show(text.no_voice.format(language=text.language_name))
            return
        view = self.reader.current_view()
        if self.speaker.state is Speech.SPEAKING:
            self.speaker.pause()
        elif self.speaker.state is Speech.PAUSED:
            self.speaker.resume()
        elif view is not None:
            sentences = view.sentences(language, (text.ticked, text.not_ticked))
            self._follow(view, sentences, language)
            self._read_from(view.first_visible(sentences))

    def set_slower(self, slower: bool) -> None:
        self.speaker.set_rate(SLOWER_RATE if slower else 0.0)

    def _follow(self, view: PageView, sentences: list[Sentence], language: str) -> None:
        if self._view is not view:
            self._let_go()
            view.text_tapped.connect(self._tapped)
        self._view, self._sentences, self._language = view, sentences, language

    def _read_from(self, index: int) -> None:
        self._first, self._sentence = index, None
        self._reading = -1
        self._reading = self.speaker.read([sentence.text for sentence in self._sentences[index:]], self._language)
        if not self._reading:
            self._let_go()

    def _tapped(self, position: int) -> None:
        """A tap on the text while the voice reads (or is paused) goes on from the sentence tapped."""
        if self.speaker.state is Speech.IDLE:
            return
        index = next((i for i, sentence in enumerate(self._sentences) if position < sentence.end), None)
        if index is not None:
            self._read_from(index)

    def _let_go(self) -> None:
        if self._view is not None:
            self._view.text_tapped.disconnect(self._tapped)
            self._view.highlight(-1, 0)
        self._view, self._sentences, self._sentence = None, [], None

    def _state_changed(self, state: Speech) -> None:
        self.reader.toolbar.show_speech(state)
        if state is Speech.IDLE:
            self._let_go()
            for view in self.reader.created_views():
                view.highlight(-1, 0)

    def _utterance(self, reading: int, index: int) -> None:
        if self._reading == -1:
            self._reading = reading
        if reading != self._reading:  # something else is said now (an announcement): this reading is over
            self._let_go()
        elif self._view is not None and 0 <= self._first + index < len(self._sentences):
            self._sentence = self._sentences[self._first + index]
            self._view.mark_sentence(self._sentence.start, self._sentence.end)

    def _word(self, start: int, length: int) -> None:
        sentence = self._sentence
        if self._view is not None and sentence is not None:  # box words stand for one box on the page
            begin = sentence.document_position(start)
            end = sentence.document_position(max(start, start + length - 1)) + 1
            self._view.highlight(begin, max(1, end - begin))

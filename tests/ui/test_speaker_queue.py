"""The Speaker's one-sentence-at-a-time queue against an engine that reports late, as speech-dispatcher does:
its state changes arrive after the calls that caused them, and a cut-off utterance reports Ready late."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from kiosk.ui.speech import Speaker, Speech
from tests.ui.test_reading_aids import speech


class LateEngine:
    """Records what the Speaker asks; the test plays the engine's events in the order speech-dispatcher
    sends them."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.now: Any = None  # the last state the test played; the Speaker may ask for it

    def state(self) -> Any:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self.now or QTextToSpeech.State.Ready

    def availableLocales(self) -> list[QLocale]:
        return [QLocale("en_US")]

    def say(self, text: str) -> None:
        self.calls.append(f"say {text}")

    def stop(self) -> None:
        self.calls.append("stop")

    def pause(self) -> None:
        self.calls.append("pause")

    def resume(self) -> None:
        self.calls.append("resume")

    def setLocale(self, locale: QLocale) -> None:
        pass

    def setRate(self, rate: float) -> None:
        self.calls.append(f"rate {rate}")


def state_of(speaker: Speaker) -> Speech:
    """Read afresh: the engine's signals change it between two asserts (which mypy cannot know)."""
    return speaker.state


@pytest.fixture
def late(qtbot: QtBot) -> tuple[Speaker, LateEngine, list[tuple[int, int]], Any]:
    from PySide6.QtTextToSpeech import QTextToSpeech

    speaker = Speaker("mock", 0.8)
    speaker.start()
    engine = LateEngine()
    speaker._tts = engine
    play = speaker._engine_state

    def played(state: Any) -> None:  # as the engine would: its state() tells what it last reported
        engine.now = state
        play(state)

    speaker._engine_state = played  # type: ignore[method-assign]
    started: list[tuple[int, int]] = []
    speaker.utterance.connect(lambda reading, index: started.append((reading, index)))
    return speaker, engine, started, QTextToSpeech.State


@speech
def test_sentences_follow_one_another_and_a_late_ready_from_a_cut_off_one_is_ignored(
    qtbot: QtBot, late: tuple[Speaker, LateEngine, list[tuple[int, int]], Any]
) -> None:
    speaker, engine, started, state = late
    first = speaker.read(["One.", "Two."], "en")
    speaker._engine_state(state.Speaking)
    assert started == [(first, 0)] and speaker.state is Speech.SPEAKING
    second = speaker.read(["Three.", "Four."], "en")  # a tap elsewhere: start again from there
    assert engine.calls[-1] == "stop"  # "Three." waits until the engine says the stop is done
    qtbot.wait(120)
    assert engine.calls[-1] == "stop"
    speaker._engine_state(state.Ready)  # the cut-off "One." ends only now
    qtbot.waitUntil(lambda: engine.calls[-1] == "say Three.")
    qtbot.wait(20)
    assert engine.calls[-1] == "say Three." and speaker.state is Speech.SPEAKING  # "Four." was not said early
    speaker._engine_state(state.Speaking)
    assert started[-1] == (second, 0)
    speaker._engine_state(state.Ready)
    qtbot.waitUntil(lambda: engine.calls[-1] == "say Four.")
    speaker._engine_state(state.Speaking)
    speaker._engine_state(state.Ready)
    qtbot.waitUntil(lambda: speaker.state is Speech.IDLE)
    assert started[-1] == (second, 1)


@speech
def test_pause_after_a_sentence_was_handed_over_but_before_it_sounded(
    qtbot: QtBot, late: tuple[Speaker, LateEngine, list[tuple[int, int]], Any]
) -> None:
    speaker, engine, started, state = late
    speaker.read(["One.", "Two."], "en")
    speaker._engine_state(state.Speaking)
    speaker._engine_state(state.Ready)
    qtbot.waitUntil(lambda: engine.calls[-1] == "say Two.")
    speaker.pause()  # the engine has "Two." but has not started it
    assert speaker.state is Speech.PAUSED
    speaker._engine_state(state.Speaking)  # it starts anyway: the Speaker pauses it at once
    assert engine.calls[-1] == "pause" and speaker.state is Speech.PAUSED
    speaker._engine_state(state.Paused)
    speaker.resume()
    assert engine.calls[-1] == "resume"
    speaker._engine_state(state.Speaking)
    assert state_of(speaker) is Speech.SPEAKING and [index for _, index in started] == [0, 1]


@speech
def test_an_engine_error_ends_the_reading(
    qtbot: QtBot, late: tuple[Speaker, LateEngine, list[tuple[int, int]], Any]
) -> None:
    speaker, engine, _, state = late
    engine.errorString = lambda: "broken"  # type: ignore[attr-defined]
    speaker.read(["One.", "Two."], "en")
    speaker._engine_state(state.Speaking)
    speaker._engine_state(state.Error)
    assert speaker.state is Speech.IDLE
    qtbot.wait(20)
    assert "say Two." not in engine.calls


@speech
def test_an_engine_that_never_stops_is_given_up_before_it_can_block_the_screen(
    qtbot: QtBot, late: tuple[Speaker, LateEngine, list[tuple[int, int]], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """speech-dispatcher with no working sound device: the first sentence never ends, a stop is never confirmed,
    and the call after the next say() blocked the kiosk for good. The Speaker stops calling it instead."""
    from kiosk.ui import speech as module

    monkeypatch.setattr(module, "STOP_CONFIRM_MS", 300)
    speaker, engine, _, state = late
    readies: list[bool] = []
    speaker.ready.connect(lambda: readies.append(speaker.offered("en")))
    speaker.read(["One.", "Two."], "en")
    speaker._engine_state(state.Speaking)  # ... and then nothing, ever
    speaker.stop()  # the patient turns the page
    assert engine.calls == ["say One.", "stop"] and speaker.offered("en")
    speaker.read(["Three."], "en")  # Listen again, before the engine was given up: nothing is said yet
    speaker.stop()
    assert engine.calls == ["say One.", "stop"]
    qtbot.waitUntil(lambda: not speaker.available, timeout=3000)
    assert readies == [False] and not speaker.offered("en") and "did not stop" in speaker.problem
    assert speaker.read(["Four."], "en") == 0
    speaker.pause()
    speaker.resume()
    speaker.set_rate(0.5)
    speaker.reset()  # the next visit: still nothing asked of it
    assert engine.calls == ["say One.", "stop"] and speaker.state is Speech.IDLE

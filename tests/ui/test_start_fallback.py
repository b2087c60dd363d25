"""Staff mode says when the kiosk started on another pack because the usual one kept stopping it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Config, SpeechConfig, StaffConfig
from kiosk.errors import Issue
from kiosk.library import load_library
from kiosk.palette import CALM
from kiosk.pin import hash_pin
from kiosk.startguard import FAILED_STARTS, STATE_FILE, StartGuard
from kiosk.startup import Settings
from kiosk.ui import guarded_start
from kiosk.ui.app import start_problems, start_shelf
from kiosk.ui.metrics import Metrics
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED, PackFactory


def test_staff_mode_shows_why_the_usual_pack_was_skipped(
    qtbot: QtBot, make_pack: PackFactory, tmp_path: Path
) -> None:
    bad = make_pack(name="bad")
    state = tmp_path / STATE_FILE
    for _ in range(FAILED_STARTS):
        StartGuard(state).choose(bad, BUNDLED)
    choice = StartGuard(state).choose(bad, BUNDLED)
    config = Config(
        staff=StaffConfig(pin_hash=hash_pin("1357", iterations=100_000)), speech=SpeechConfig(enabled=False)
    )
    missing = Issue(tmp_path / "kiosk.toml", None, "config file not found; running on built-in defaults")
    settings = Settings(config, BUNDLED, [missing])
    window = KioskWindow(
        start_shelf(settings, choice).first.library, config, Metrics(96.0, 6.0, 20.0, 1.0), CALM, windowed=True
    )
    window.desk.pin(start_problems(settings, choice))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_staff()
    window.staff.pin_pad.enter("1357")
    assert window.staff.unlocked
    shown = window.staff.problems.text()
    assert f"{bad}: error: the content in {bad} stopped the kiosk before it was up 2 times in a row" in shown
    assert f"showing {BUNDLED} instead" in shown
    assert f"{tmp_path / 'kiosk.toml'}: error: config file not found" in shown  # e.g. $KIOSK_CONFIG's typo
    window.set_library(load_library(BUNDLED))  # a hot reload or a new pack from the source: still listed
    shown = window.staff.problems.text()
    assert "stopped the kiosk before it was up" in shown and "config file not found" in shown


def test_a_pack_that_stays_up_after_its_first_frame_becomes_the_good_one(
    qtbot: QtBot, make_pack: PackFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guarded_start, "SURVIVE_S", 0.05)
    pack, state = make_pack(), tmp_path / STATE_FILE
    guard = StartGuard(state)
    assert guard.choose(pack, BUNDLED).folder == pack
    config = Config(speech=SpeechConfig(enabled=False))
    window = KioskWindow(load_library(pack), config, Metrics(96.0, 6.0, 20.0, 1.0), CALM, windowed=True)
    qtbot.addWidget(window)
    guarded_start.ShownPack(window, guard, pack)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(lambda: json.loads(state.read_text("utf-8"))["good"] != [])
    assert json.loads(state.read_text("utf-8"))["attempts"] == {}
    assert json.loads(state.read_text("utf-8"))["good"][0]["folder"] == str(pack)


def test_the_resting_screen_lasting_shows_the_skipped_bundled_pack_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No kiosk.toml, two hard kills at boot: the kiosk starts on the resting screen, and once that start has
    lasted it shows the bundled library again without a restart (IT found it resting for good)."""
    from kiosk.ui.app import WindowOptions, end_fallback, open_kiosk
    from kiosk.ui.pack_switch import switch_content

    monkeypatch.setattr(guarded_start, "SURVIVE_S", 0.05)
    state = tmp_path / STATE_FILE
    for _ in range(FAILED_STARTS):
        StartGuard(state).choose(BUNDLED, BUNDLED)
    guard = StartGuard(state)
    choice = guard.choose(BUNDLED, BUNDLED)
    assert choice.folder is None
    settings = Settings(Config(speech=SpeechConfig(enabled=False)), BUNDLED, [])
    window, topics, behaviour = open_kiosk(settings, choice, WindowOptions(windowed=True, dpi=96.0))
    qtbot.addWidget(window)
    shown = guarded_start.ShownPack(window, guard, choice.folder)
    shown.retry.connect(lambda folder: switch_content(window, behaviour, shown, topics, folder))
    fallback = [choice.as_dict()]
    shown.proved.connect(lambda folder: end_fallback(window, choice, folder, fallback))
    assert any(problem.message == choice.note for problem in window.desk.pinned)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    assert window.current_screen() is window.resting
    qtbot.waitUntil(lambda: window.current_screen() is not window.resting, timeout=10000)
    assert window.library.page_count > 0
    qtbot.waitUntil(lambda: not fallback, timeout=10000)  # it lasted: the skip is no longer reported
    assert not any(problem.message == choice.note for problem in window.desk.pinned)
    record = json.loads(state.read_text("utf-8"))
    assert record["attempts"] == {} and record["good"][0]["folder"] == str(BUNDLED)
    behaviour.allow_exit()

"""Idle reset: every kind of input counts; after the prompt everything returns to its default."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, IdleConfig, StaffConfig
from kiosk.ui.idle import IdleWatcher
from tests.conftest import PAGE_IDS
from tests.ui.conftest import KioskFactory

# Far below what kiosk.toml allows, so the tests run in moments; the logic is the same.
QUICK = Config(idle=IdleConfig(timeout_s=0.4, warning_s=0.6))


def test_every_kind_of_input_counts_as_activity(qtbot: QtBot) -> None:
    now = [100.0]
    watcher = IdleWatcher(60, clock=lambda: now[0])
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(100, 100)
    widget.show()
    qtbot.waitExposed(widget)
    touchscreen = QTest.createTouchDevice()
    QApplication.instance().installEventFilter(watcher)  # type: ignore[union-attr]
    try:
        wheel = QWheelEvent(
            QPointF(1, 1),
            QPointF(1, 1),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        actions: dict[str, Callable[[], object]] = {
            "tap": lambda: qtbot.mouseClick(widget, Qt.MouseButton.LeftButton),
            "press": lambda: qtbot.mousePress(widget, Qt.MouseButton.LeftButton),
            "drag": lambda: qtbot.mouseMove(widget, QPoint(30, 30)),
            "key": lambda: qtbot.keyClick(widget, Qt.Key.Key_A),
            "wheel": lambda: QApplication.sendEvent(widget, wheel),
            "touch": lambda: (
                QTest.touchEvent(widget, touchscreen).press(0, QPoint(10, 10)).release(0, QPoint(10, 10)).commit()
            ),
        }
        for name, act in actions.items():
            now[0] += 30
            assert watcher.seconds_idle() >= 30
            act()
            assert watcher.seconds_idle() == 0, name
    finally:
        QApplication.instance().removeEventFilter(watcher)  # type: ignore[union-attr]


def test_idle_asks_then_resets_everything(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk(config=QUICK)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    reader = window.reader
    qtbot.mouseClick(reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)
    reader.current_view().verticalScrollBar().setValue(300)  # type: ignore[union-attr]
    reader.views[1].verticalScrollBar().setValue(100)

    with qtbot.waitSignal(behaviour.idle.idle, timeout=5000):
        pass
    assert window.prompt.isVisible()
    assert "start over in" in window.prompt.countdown.text()
    with qtbot.waitSignal(window.session_reset, timeout=5000):
        pass
    assert not window.prompt.isVisible()
    assert window.current_screen() is window.welcome
    assert reader.current_page_id() == PAGE_IDS[0]
    assert reader.tabs.buttons()[0].isChecked()
    assert all(view.verticalScrollBar().value() == 0 for view in reader.views)
    assert window.language == "en"


def test_i_am_still_here_keeps_the_page(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk(config=QUICK)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[2], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(behaviour.idle.idle, timeout=5000):
        pass
    qtbot.mouseClick(window.prompt.button, Qt.MouseButton.LeftButton)
    assert not window.prompt.isVisible()
    assert window.current_screen() is window.reader
    assert window.reader.current_page_id() == PAGE_IDS[2]
    # The clock starts again: another quiet spell asks again.
    with qtbot.waitSignal(behaviour.idle.idle, timeout=5000):
        pass
    assert window.prompt.isVisible()


def test_idle_on_the_welcome_screen_resets_without_asking(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk(config=QUICK)
    with qtbot.waitSignal(window.session_reset, timeout=5000):
        pass
    assert not window.prompt.isVisible()
    assert window.current_screen() is window.welcome


def test_an_idle_reset_of_an_untouched_kiosk_is_not_logged_but_a_visit_ending_is(
    qtbot: QtBot, make_kiosk: KioskFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """`session reset (idle)` was logged every 2 minutes on a kiosk nobody touched: 720 lines a day."""
    window, _ = make_kiosk(config=QUICK)
    caplog.set_level(logging.DEBUG, logger="kiosk.ui.window")
    for _ in range(2):
        with qtbot.waitSignal(window.session_reset, timeout=5000):
            pass
    resets = [record for record in caplog.records if "session reset (idle)" in record.getMessage()]
    assert len(resets) == 2 and all(record.levelno == logging.DEBUG for record in resets)
    caplog.clear()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)  # a visit begins, and ends by the idle prompt
    with qtbot.waitSignal(window.session_reset, timeout=10000):
        pass
    resets = [record for record in caplog.records if "session reset (idle)" in record.getMessage()]
    assert [record.levelno for record in resets] == [logging.INFO]
    assert window.current_screen() is window.welcome


def test_no_idle_reset_while_staff_mode_is_open(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    config = Config(idle=QUICK.idle, staff=StaffConfig())
    window, behaviour = make_kiosk(config=config)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.open_staff()
    with qtbot.assertNotEmitted(behaviour.idle.idle, wait=1200):
        pass
    assert window.staff.isVisible()
    with qtbot.waitSignal(window.staff_closed):
        qtbot.mouseClick(window.staff.close_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(behaviour.idle.idle, timeout=5000):
        pass


def test_listening_to_a_page_counts_as_activity(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    """Read aloud takes minutes a page; a patient listening with hands in lap must not be reset meanwhile."""
    window, behaviour = make_kiosk(config=Config(idle=IdleConfig(timeout_s=1.0, warning_s=0.6)))
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    sentences: list[int] = []
    window.speaker.utterance.connect(lambda _reading, index: sentences.append(index))
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        qtbot.mouseClick(window.reader.toolbar.listen_button, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(behaviour.idle.idle, wait=3000):
        pass  # three times the timeout, reading all along, nothing touched
    assert len(sentences) > 3 and not window.prompt.isVisible()
    window.speaker.pause()  # a paused voice is no sign of anyone: the visit ends as usual
    with qtbot.waitSignal(behaviour.idle.idle, timeout=5000):
        pass

"""A seeded monkey on the real full-screen window: thousands of random taps, drags, long presses, wheels,
right clicks and key combinations, with the staff gesture and PIN pad in between. The kiosk must still be the
one full-screen window, on a patient screen, with nothing logged as an error, and still answer a tap.

Quick by default; for a long run set KIOSK_MONKEY_EVENTS (and KIOSK_MONKEY_SEED for another sequence), e.g.
`KIOSK_MONKEY_EVENTS=50000 python -m pytest tests/ui/test_monkey.py`. See docs/reliability.md.

The monkey's kiosk is `make_kiosk`'s, at 72 dpi instead of 96. The monkey found that on the 800 x 800 px test
screen (212 mm at 96 dpi) the Spanish layout and large text needed more room than the screen, which took the
kiosk out of full screen for good; the window now never grows past its screen, and the two tests at the end
keep that fixed at `make_kiosk`'s own 96 dpi.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, StaffConfig, TakeHomeConfig
from kiosk.pin import hash_pin
from kiosk.ui.behaviour import Behaviour, install
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import KioskFactory, WindowFactory, finger_drag

EVENTS = int(os.environ.get("KIOSK_MONKEY_EVENTS", "2500"))
SEED = int(os.environ.get("KIOSK_MONKEY_SEED", "20261124"))
PIN = "2468"
MONKEY_DPI = 72.0  # the 800 x 800 px test screen is then 282 mm square: room for every language and text size
STAFF_EVERY = (150, 400)  # events between two visits of the staff gesture and PIN pad

Key = Qt.Key
Mod = Qt.KeyboardModifier
KEYS = [
    (Key.Key_F4, Mod.AltModifier), (Key.Key_Escape, Mod.NoModifier), (Key.Key_W, Mod.ControlModifier),
    (Key.Key_Q, Mod.ControlModifier), (Key.Key_F11, Mod.NoModifier), (Key.Key_Space, Mod.AltModifier),
    (Key.Key_Tab, Mod.AltModifier), (Key.Key_Meta, Mod.MetaModifier), (Key.Key_Tab, Mod.NoModifier),
    (Key.Key_Return, Mod.NoModifier), (Key.Key_Space, Mod.NoModifier), (Key.Key_Down, Mod.NoModifier),
    (Key.Key_PageDown, Mod.NoModifier), (Key.Key_Plus, Mod.ControlModifier), (Key.Key_Minus, Mod.ControlModifier),
    (Key.Key_A, Mod.ControlModifier), (Key.Key_C, Mod.ControlModifier), (Key.Key_P, Mod.ControlModifier),
    (Key.Key_F1, Mod.NoModifier), (Key.Key_F5, Mod.NoModifier), (Key.Key_Menu, Mod.NoModifier),
    (Key.Key_Delete, Mod.ControlModifier | Mod.AltModifier), (Key.Key_D, Mod.MetaModifier),
    (Key.Key_X, Mod.NoModifier), (Key.Key_2, Mod.NoModifier),
]  # fmt: skip
MODIFIERS = [Mod.NoModifier, Mod.ControlModifier, Mod.ShiftModifier, Mod.AltModifier]


class Monkey:
    """Random input at random points of the window, each kind of event counted."""

    def __init__(self, qtbot: QtBot, window: KioskWindow, rng: random.Random) -> None:
        self.qtbot, self.window, self.rng = qtbot, window, rng
        self.sent: Counter[str] = Counter()
        # Weights: a drag takes a fifth of a second and a long press over half a second, so they are rarer.
        self.actions: list[tuple[Callable[[], None], float]] = [
            (self.tap, 60),
            (self.double_tap, 5),
            (self.right_click, 6),
            (self.context_menu, 2),
            (self.wheel, 10),
            (self.key, 20),
            (self.drag, 1),
            (self.long_press, 0.25),
        ]

    def target(self, point: QPoint | None = None) -> tuple[QWidget, QPoint]:
        window = self.window
        point = point or QPoint(self.rng.randrange(window.width()), self.rng.randrange(window.height()))
        widget = window.childAt(point) or window
        assert isinstance(widget, QWidget)
        return widget, widget.mapFrom(window, point)

    def step(self) -> None:
        functions, weights = zip(*self.actions, strict=True)
        self.rng.choices(functions, weights)[0]()

    def tap(self, point: QPoint | None = None) -> None:
        widget, at = self.target(point)
        if at.isNull():  # QTest reads (0, 0) as "the widget's centre": a corner tap went to a tab's middle
            at = QPoint(1, 1)
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at)
        self.sent["tap"] += 1

    def double_tap(self) -> None:
        widget, at = self.target()
        self.qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=at)
        self.sent["double tap"] += 1

    def right_click(self) -> None:
        widget, at = self.target()
        self.qtbot.mouseClick(widget, Qt.MouseButton.RightButton, pos=at)
        self.sent["right click"] += 1

    def context_menu(self) -> None:
        widget, at = self.target()
        QApplication.sendEvent(
            widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, widget.mapToGlobal(at))
        )
        self.sent["context menu"] += 1

    def wheel(self) -> None:
        widget, at = self.target()
        delta = QPoint(0, self.rng.choice([-720, -240, -120, -15, 15, 120, 240, 720]))
        event = QWheelEvent(
            QPointF(at),
            QPointF(widget.mapToGlobal(at)),
            QPoint(0, 0),
            delta,
            Qt.MouseButton.NoButton,
            self.rng.choice(MODIFIERS),
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)
        self.sent["wheel"] += 1

    def key(self) -> None:
        key, modifier = self.rng.choice(KEYS)
        focus = QApplication.focusWidget()
        widget = focus if focus is not None and focus.window() is self.window else self.window
        self.qtbot.keyClick(widget, key, modifier)
        self.sent["key"] += 1

    def drag(self) -> None:
        widget, _ = self.target()
        finger_drag(self.qtbot, widget, self.rng.choice([-1, 1]) * self.rng.randrange(30, 700))
        self.sent["drag"] += 1

    def long_press(self) -> None:
        widget, at = self.target()
        self.qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=at)
        self.qtbot.wait(600)
        if widget.isVisible():  # the press may have opened something that hid it
            self.qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=at)
        self.sent["long press"] += 1

    def corner_taps(self) -> None:
        """The staff gesture: five quick taps in the top-left corner."""
        for _ in range(5):
            self.tap(QPoint(4, 4))
        self.sent["staff gesture"] += 1


def visit_staff_mode(monkey: Monkey) -> bool:
    """Open the PIN pad, get the PIN wrong once or twice, sometimes right, then close. True if unlocked."""
    window, rng = monkey.window, monkey.rng
    monkey.corner_taps()
    monkey.qtbot.waitUntil(window.staff.isVisible, timeout=2000)
    staff = window.staff
    assert staff.pages.currentWidget() is staff.pin_pad
    # Five wrong PINs in a row lock the pad for 30 s: stay below that, and type the right one in time.
    for _ in range(min(rng.randint(1, 2), 4 - staff.guard.failures)):
        staff.pin_pad.enter("0000")
        monkey.sent["wrong PIN"] += 1
    unlock = staff.guard.failures >= 3 or rng.random() < 0.4
    if unlock:
        staff.pin_pad.enter(PIN)
        assert staff.unlocked
        monkey.sent["right PIN"] += 1
    assert staff.guard.locked_for() == 0
    monkey.qtbot.mouseClick(staff.close_button, Qt.MouseButton.LeftButton)
    assert not staff.isVisible()
    return unlock


def visible_top_levels() -> list[QWidget]:
    return [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]


def report(request: pytest.FixtureRequest, line: str) -> None:
    """One line in the test output (capture paused for it), for the figures in docs/reliability.md."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)


@pytest.fixture
def monkey_kiosk(make_window: WindowFactory) -> Iterator[tuple[KioskWindow, Behaviour]]:
    """As `make_kiosk` builds it (full screen, lockdown, idle watcher, staff gesture), at MONKEY_DPI."""
    config = Config(  # built directly: validation would refuse a PIN hash with only 1,000 rounds
        staff=StaffConfig(pin_hash=hash_pin(PIN, iterations=1000)),
        take_home=TakeHomeConfig(url="https://example.org/si-joint-fusion"),
    )
    window = make_window(config=config, dpi=MONKEY_DPI, windowed=False)
    behaviour = install(window, config, lock_down=True, watch=None)
    yield window, behaviour
    behaviour.allow_exit()


def test_monkey_cannot_break_or_leave_the_kiosk(
    qtbot: QtBot,
    monkey_kiosk: tuple[KioskWindow, Behaviour],
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    caplog.set_level(logging.INFO)
    window, behaviour = monkey_kiosk
    assert behaviour.lockdown is not None and behaviour.guard is not None
    rng = random.Random(SEED)
    monkey = Monkey(qtbot, window, rng)
    next_staff_visit = rng.randint(*STAFF_EVERY)
    started = time.perf_counter()
    for number in range(1, EVENTS + 1):
        monkey.step()
        if number % 25 == 0:
            qtbot.wait(1)  # let timers, animations and deferred deletes run, as a real event loop would
        else:
            QApplication.processEvents()
        if number == next_staff_visit:
            visit_staff_mode(monkey)
            next_staff_visit += rng.randint(*STAFF_EVERY)
        assert window.isVisible(), f"the window vanished after event {number} (seed {SEED})"
    elapsed = time.perf_counter() - started

    qtbot.wait(300)  # the window guard takes the window back 250 ms after losing it
    assert window.isVisible() and window.isFullScreen()
    assert visible_top_levels() == [window]
    assert window.current_screen() in (window.welcome, window.reader)
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == [], [record.getMessage() for record in errors]
    assert not window.staff.isVisible()

    # Still answers a patient: close whatever card is open, then the welcome screen and a tab still work.
    for overlay in (window.take_home, window.prompt):
        if overlay.isVisible():
            overlay.close_overlay()
    if window.current_screen() is window.welcome:
        qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.current_screen() is window.reader, timeout=2000)
    tabs = window.reader.tabs.buttons()
    other = next(button for button in tabs if not button.isChecked())
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.reader.current_page_id() == other.objectName().removeprefix("tab-"), timeout=2000
    )

    not_input = ("staff gesture", "wrong PIN", "right PIN")
    total = sum(count for kind, count in monkey.sent.items() if kind not in not_input)
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(monkey.sent.items()))
    report(request, f"\nmonkey: {total} input events in {elapsed:.1f} s, seed {SEED} ({kinds})")
    assert total >= EVENTS


# --- Found by the monkey: at make_kiosk's 96 dpi the layout outgrows the 800 x 800 px test screen ---


def assert_still_full_screen(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.wait(500)  # the window guard acts 250 ms after a change of window state
    screen = window.screen().geometry()
    needed = window.minimumSizeHint()
    if needed.width() <= screen.width() and needed.height() <= screen.height():
        pytest.skip(f"this test screen ({screen.width()} x {screen.height()} px) is large enough for the layout")
    assert window.isFullScreen(), (
        f"out of full screen: the layout needs {needed.width()} x {needed.height()} px, "
        f"the screen has {screen.width()} x {screen.height()}; "
        f"the window is now {window.width()} x {window.height()}"
    )


def test_switching_to_spanish_keeps_full_screen(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.toolbar.language_button, Qt.MouseButton.LeftButton)
    assert window.language == "es"
    assert_still_full_screen(qtbot, window)


def test_larger_text_keeps_full_screen(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk(config=Config(take_home=TakeHomeConfig(url="https://example.org/si-joint-fusion")))
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    for _ in range(2):
        qtbot.mouseClick(window.reader.toolbar.larger_button, Qt.MouseButton.LeftButton)
    assert window.scale == 1.5
    assert_still_full_screen(qtbot, window)

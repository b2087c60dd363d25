"""How the window makes each of its overlays, when first needed and in the language of the moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


def overlay_makers(window: KioskWindow) -> dict[str, Callable[[], QWidget]]:
    def prompt() -> QWidget:
        from kiosk.ui.idle import StillReadingPrompt

        made = StillReadingPrompt(window, window.text, window.metrics, window.config.idle.warning_s)
        made.expired.connect(lambda: window.reset_session("idle"))
        return made

    def staff() -> QWidget:
        from kiosk.ui.staff import StaffOverlay

        made = StaffOverlay(window, window.pin_guard, window.text, window.metrics)
        made.closed.connect(window.desk.panel_closed)
        made.reload_requested.connect(window.desk.reload_started)
        made.reload_requested.connect(window.reload_requested)
        made.touch_test_requested.connect(lambda: window.touch_test.open())
        made.stats_requested.connect(window.stats_requested)
        made.exit_requested.connect(window.desk.ask_to_leave)
        return made

    def leave() -> QWidget:
        from kiosk.ui.confirm import Confirmation

        text = window.text
        made = Confirmation(window, window.metrics, text.leave_question, text.leave, text.stay, "LeaveKiosk")
        made.confirmed.connect(window.exit_requested)
        return made

    def start_over() -> QWidget:
        from kiosk.ui.confirm import Confirmation

        text = window.text
        made = Confirmation(
            window,
            window.metrics,
            text.start_over_question,
            text.start_over_clear,
            text.start_over_keep,
            "StartOver",
        )
        made.confirmed.connect(lambda: window.reset_session("start_over"))
        return made

    def take_home() -> QWidget:
        from kiosk.ui.take_home import TakeHomeOverlay

        return TakeHomeOverlay(window, window.text, window.metrics)

    def touch_test() -> QWidget:
        from kiosk.ui.touch_test import TouchTest

        return TouchTest(window, window.text, window.metrics)

    return {
        "prompt": prompt,
        "staff": staff,
        "take_home": take_home,
        "touch_test": touch_test,
        "leave": leave,
        "start_over": start_over,
    }

"""A checkable touch button's label shows its state: set before the button is first shown, and after."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.palette import CALM
from kiosk.ui.metrics import Metrics
from kiosk.ui.style import window_qss
from kiosk.ui.widgets import TouchButton


def label_colour(button: TouchButton) -> str:
    return button.label.palette().color(button.label.foregroundRole()).name()


def test_the_label_follows_the_checked_state_before_and_after_the_first_show(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet(window_qss(CALM, Metrics(96.0, 6.0, 20.0)))
    row = QHBoxLayout(window)
    chosen, other = TouchButton("English", checkable=True), TouchButton("Español", checkable=True)
    for button in (chosen, other):
        row.addWidget(button)
    chosen.setChecked(True)  # before any polish: the label is styled once, when first shown
    window.show()
    qtbot.waitExposed(window)
    assert label_colour(chosen) != label_colour(other)
    checked_colour, plain_colour = label_colour(chosen), label_colour(other)
    chosen.setChecked(False)
    other.setChecked(True)  # once shown: restyled at once
    assert (label_colour(chosen), label_colour(other)) == (plain_colour, checked_colour)

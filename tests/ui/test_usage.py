"""What a visit leaves in the statistics, and the staff Statistics view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder, summarize
from kiosk.palette import CALM
from kiosk.ui.usage import StatsOverlay, attach_statistics, record_usage
from tests.ui.conftest import WindowFactory


def test_a_visit_is_recorded_without_personal_data(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    tools = window.reader.toolbar
    qtbot.mouseClick(window.reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.contrast_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.language_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.start_over_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)  # a second visit, ended by the idle prompt
    window.prompt.expired.emit()
    recorder.close()
    summary = summarize(recorder.path)
    assert summary.visits == 2
    assert dict(summary.endings) == {"start_over": 1, "idle": 1}
    assert dict(summary.features) == {"text_size": 1, "contrast": 1, "language": 1}
    views = {page: count for page, count, _ in summary.pages}
    assert views == {"what-it-is": 2, "risks": 2}  # risks twice: once more after the switch to Spanish


def test_statistics_view_shows_the_chart_data(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    attach_statistics(window, recorder, CALM)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.reset_session("start_over")
    recorder.close()
    assert window.findChild(StatsOverlay) is None  # made when staff first ask for it
    window.stats_requested.emit()
    overlay = window.findChild(StatsOverlay)
    assert overlay is not None and overlay.isVisible()
    assert len(overlay.chart.days) == 30 and overlay.chart.days[-1][1] == 1
    assert "Visits: 1." in overlay.details.text() and "what-it-is: 1 views" in overlay.details.text()
    qtbot.mouseClick(overlay.close_button, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()


def test_statistics_switched_off_says_so(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    attach_statistics(window, None, CALM)
    window.stats_requested.emit()
    overlay = window.findChild(StatsOverlay)
    assert overlay is not None and "switched off" in overlay.details.text()

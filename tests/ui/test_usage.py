"""What a visit leaves in the statistics, and the staff Statistics view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder
from kiosk.palette import CALM
from kiosk.ui.usage import (
    MAX_PAGES,
    StatsOverlay,
    VisitsChart,
    aid_name,
    attach_statistics,
    counted,
    ending_name,
    page_report,
    record_usage,
)
from kiosk.uitext import UiText
from kiosk.usagereport import summarize
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.conftest import TopicsFactory, WindowFactory


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
    assert "1 visit." in overlay.details.text() and "What is SI joint fusion?: 1 view," in overlay.details.text()
    qtbot.mouseClick(overlay.close_button, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()


def test_statistics_switched_off_says_so(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    attach_statistics(window, None, CALM)
    window.stats_requested.emit()
    overlay = window.findChild(StatsOverlay)
    assert overlay is not None and "switched off" in overlay.details.text()


def test_statistics_read_as_staff_speak(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    """Titles in the staff's language, plurals, reading aids and endings by name, not the recorded keys."""
    window = make_window()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    attach_statistics(window, recorder, CALM)
    for ending in ("start_over", "shutdown"):
        qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.reader.toolbar.larger_button, Qt.MouseButton.LeftButton)
        if ending == "shutdown":
            window.end_visit("shutdown")  # as a SIGTERM mid-visit does
        else:
            window.reset_session(ending)
    recorder.close()
    window.set_language("es")
    window.stats_requested.emit()
    overlay = window.findChild(StatsOverlay)
    assert overlay is not None
    text = overlay.details.text()
    assert overlay.title.text() == "Estadísticas (últimos 30 días)" and overlay.close_button.text() == "Cerrar"
    assert text.startswith("2 visitas. Cómo terminaron: el quiosco se detuvo 1, tocaron Volver al inicio 1.")
    assert "¿Qué es la fusión de la articulación sacroilíaca?: 2 vistas, mediana " in text
    assert "what-it-is" not in text
    assert "Ayudas de lectura usadas: letra más grande o más pequeña 2." in text and "text_size" not in text
    window.set_language("en")  # staff switch back: the same view in English, one visit's plural included
    window.stats_requested.emit()
    assert overlay.title.text() == "Statistics (last 30 days)"
    assert overlay.details.text().startswith("2 visits. How they ended: the kiosk stopped 1, Start over tapped 1.")


def test_every_recorded_key_has_a_name_in_english_and_spanish() -> None:
    from kiosk.analytics import ENDINGS, FEATURES
    from kiosk.library import load_library
    from kiosk.uitext import UiText
    from tests.conftest import BUNDLED

    spanish = load_library(BUNDLED).text_for("es")
    for key in FEATURES:
        assert aid_name(UiText(), key) != key and aid_name(spanish, key) != aid_name(UiText(), key), key
    for key in ENDINGS:
        assert ending_name(UiText(), key) != key and ending_name(spanish, key) != ending_name(UiText(), key), key
    assert counted(1, spanish.stats_visits_one, spanish.stats_visits_many) == "1 visita"
    assert counted(0, spanish.stats_visits_one, spanish.stats_visits_many) == "0 visitas"


def test_the_chart_fills_the_panel_with_round_numbers_up_the_side(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    attach_statistics(window, None, CALM)
    window.stats_requested.emit()
    overlay = window.findChild(StatsOverlay)
    assert overlay is not None
    qtbot.waitUntil(lambda: overlay.chart.height() > 0)
    metrics = window.metrics
    assert overlay.chart.height() >= metrics.px(80) and overlay.chart.width() >= metrics.px(200)
    assert overlay.chart.axis_font().pixelSize() >= 16
    assert VisitsChart.ticks(0) == [0, 1] and VisitsChart.ticks(7) == [0, 2, 4, 6, 8]
    assert VisitsChart.ticks(37) == [0, 10, 20, 30, 40]


def test_a_library_s_pages_and_quizzes_read_the_same_whichever_topic_is_on_screen(
    qtbot: QtBot, make_topics: TopicsFactory, tmp_path: Path
) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    fusion, injection = (topics.shelf.topic(name) for name in ("si-joint-fusion", "si-joint-injection"))
    assert fusion is not None and injection is not None
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    recorder.visit_started()
    recorder.topic = injection.id
    for page in ("what-it-is", "procedure", "benefits", "risks", "recovery"):
        recorder.page_shown(page, "en")
    recorder.quiz_answered(injection.info.version, "en", 1, True)
    recorder.topic = fusion.id
    for page in ("what-it-is", "risks", "gone"):  # "gone": a page since taken out of the pack
        recorder.page_shown(page, "en")
    recorder.quiz_answered(fusion.info.version, "en", 1, False)
    recorder.quiz_answered("2025.1", "en", 1, True)  # the pack's quiz before its last update
    recorder.visit_ended("start_over")
    recorder.close()
    attach_statistics(window, recorder, CALM, topics.current_topic, lambda: topics.shelf)
    for topic in (fusion, injection):  # the same figures whichever topic is on screen
        topics.open_topic(topic.id)
        window.stats_requested.emit()
        overlay = window.findChild(StatsOverlay)
        assert overlay is not None
        lines = overlay.details.text().splitlines()
        pages = lines[lines.index("Pages (views, median time on the page):") + 1 :][:9]
        injection_title, fusion_title = injection.title_in("en"), fusion.title_in("en")
        assert f"   {injection_title} · Risks: 1 view, median 0 s" in pages
        assert f"   {fusion_title} · What it is: 1 view, median 0 s" in pages
        assert "   si-joint-fusion/gone: 1 view, median 0 s" in pages  # no longer in the content: its id
        assert sum(line.startswith(f"   {injection_title} · ") for line in pages) == 5  # all five views
        assert sum(line.startswith(f"   {fusion_title} · ") for line in pages) == 2
        assert f"Quiz, answered right the first time (pack version {fusion.id} {fusion.info.version}):" in lines
        assert f"(pack version {injection.id} {injection.info.version}):" in overlay.details.text()
        earlier = [line for line in lines if "Earlier pack versions" in line]
        assert earlier == [
            "   Earlier pack versions: si-joint-fusion 2025.1: 1 answer (kiosk stats --csv has them)"
        ]
        overlay.close_overlay()


def test_pages_past_the_list_are_counted_in_one_line() -> None:
    rows = [(f"page-{n:02}", 40 - n, 12.0) for n in range(MAX_PAGES + 5)]
    lines = page_report(rows, {"page-00": "The first page"}, UiText())
    assert len(lines) == MAX_PAGES + 1
    assert lines[0] == "   The first page: 40 views, median 12 s"
    assert lines[-1] == "   … and 5 more (kiosk stats --csv has them)"
    assert page_report(rows[:MAX_PAGES], {}, UiText())[-1].startswith(f"   page-{MAX_PAGES - 1:02}: ")
    assert page_report([], {}, UiText()) == ["   none yet"]

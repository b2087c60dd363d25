"""Pages are rendered off the UI thread (kiosk/ui/rendering.py); one over the time budget is shown calmly."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import limits
from kiosk.config import Config, ContentConfig
from kiosk.library import Library
from kiosk.pagefile import Page
from kiosk.render import RenderedPage
from kiosk.startup import Settings
from kiosk.sync import MANIFEST, make_pack_archive
from kiosk.ui.app import start_content_source
from kiosk.ui.behaviour import Behaviour
from tests.conftest import BUNDLED, PackFactory
from tests.ui.conftest import lazy_window, shown_text

RenderSpy = list[str]


@pytest.fixture
def render_threads(monkeypatch: pytest.MonkeyPatch) -> RenderSpy:
    """The name of the thread each page is rendered on."""
    threads: RenderSpy = []
    render = Library.render

    def spy(self: Library, page: Page) -> RenderedPage:
        threads.append(threading.current_thread().name)
        return render(self, page)

    monkeypatch.setattr(Library, "render", spy)
    return threads


def test_pages_are_rendered_off_the_ui_thread(
    qtbot: QtBot, make_pack: PackFactory, render_threads: RenderSpy
) -> None:
    window = lazy_window(qtbot, make_pack({"one": "First words.", "two": "Second words."}))
    window.show_reader()
    qtbot.waitUntil(lambda: "First words." in shown_text(window))
    window.reader.show_index(1)
    qtbot.waitUntil(lambda: "Second words." in shown_text(window))
    assert render_threads and threading.main_thread().name not in render_threads


def test_a_page_over_the_time_budget_shows_a_calm_message_and_staff_are_told(
    qtbot: QtBot, make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    render = Library.render

    def stuck(self: Library, page: Page) -> RenderedPage:
        if page.id == "two":
            release.wait(10)  # a page whose rendering never ends (until the test is over)
        return render(self, page)

    monkeypatch.setattr(Library, "render", stuck)
    monkeypatch.setattr(limits, "RENDER_SECONDS", 0.3)
    window = lazy_window(qtbot, make_pack({"one": "First words.", "two": "Never shown."}))
    window._after_first_frame()  # as after the first frame: problems found later reach staff mode
    window.show_reader()
    window.reader.show_index(1)
    try:
        qtbot.waitUntil(lambda: "This page could not be shown" in shown_text(window), timeout=5000)
        window.reader.show_index(0)  # the screen answered all along
        qtbot.waitUntil(lambda: "First words." in shown_text(window))
        assert any("preparing it took over 0.3 s" in issue.message for issue in window.desk.content)
    finally:
        release.set()


def test_a_valid_90_kb_page_from_the_content_source_is_rendered_off_the_ui_thread(
    qtbot: QtBot, tmp_path: Path, render_threads: RenderSpy
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    risks = pack / "en" / "risks.md"
    long_part = "\n\n".join(f"## Part {n}\n\n" + "You can ask your care team about this. " * 40 for n in range(55))
    risks.write_text(risks.read_text("utf-8") + "\n\nPublished centrally.\n\n" + long_part, "utf-8")
    assert 85_000 < risks.stat().st_size < limits.PAGE_BYTES
    make_pack_archive(pack, tmp_path / "share")  # staff's side: checks (renders) the pack on this thread
    render_threads.clear()
    window = lazy_window(qtbot, BUNDLED)
    window.show_reader()
    window.reader.show_page("risks")
    config = Config(content=ContentConfig(source=str(tmp_path / "share" / MANIFEST)))
    behaviour = Behaviour(idle=None, corner=None)  # type: ignore[arg-type]  # only its content watcher is used
    checker = start_content_source(window, Settings(config, BUNDLED, []), behaviour)
    assert checker is not None
    qtbot.waitUntil(lambda: "Published centrally." in shown_text(window), timeout=20000)
    assert not window.library.has_errors
    assert render_threads and threading.main_thread().name not in render_threads

"""The screen's own work goes first: workers wait while it is busy (`Renderer.hold`), and a new look or a new pack
costs the pages on screen, not every page opened so far (issue 20: the hostile-input benchmark)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from typing_extensions import override

from kiosk import limits
from kiosk.library import Library, load_library
from kiosk.ui import reader, rendering
from kiosk.ui.page_view import PageView
from kiosk.ui.rendering import Renderer
from tests.conftest import PackFactory
from tests.ui.conftest import WindowFactory, lazy_window, shown_text


def test_a_worker_waits_while_the_screen_is_busy(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "HOLD_S", 30.0)  # only the screen lets it go here
    renderer = Renderer()
    busy = [True]
    started: list[float] = []
    done: list[str] = []
    renderer.hold(lambda: busy[0])

    def work() -> str:
        started.append(time.monotonic())
        return "rendered"

    renderer.run(work, done.append)
    qtbot.wait(300)  # the event loop idles again and again meanwhile: still busy, so the worker waits
    assert renderer.holding and not started
    busy[0] = False
    let_go = time.monotonic()
    qtbot.waitUntil(lambda: done == ["rendered"], timeout=5000)
    assert started[0] >= let_go  # it went on only once the screen had nothing in hand
    assert not renderer.holding
    renderer.deleteLater()


def test_a_worker_waits_no_longer_than_the_hold_limit(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "HOLD_S", 0.2)
    renderer = Renderer()
    renderer.hold(lambda: True)  # a screen that never settles must not starve the workers
    done: list[str] = []
    renderer.run(lambda: "rendered", done.append)
    qtbot.waitUntil(lambda: done == ["rendered"], timeout=3000)
    qtbot.waitUntil(lambda: not renderer.holding, timeout=3000)  # and the screen stops looking
    renderer.deleteLater()


def test_rendering_the_whole_pack_waits_between_pages(make_pack: PackFactory) -> None:
    library = load_library(make_pack({"one": "First.", "two": "Second.", "three": "Third."}), lazy=True)
    rendered_before: list[int] = []

    def between() -> None:
        rendered_before.append(sum(page.rendered for page in library.pages_in("en")))

    library.render_all(between)
    assert rendered_before == [0, 1, 2]  # called before each page, with the pages before it done


def test_opening_the_reading_screen_renders_its_page_after_the_screen_is_up(
    qtbot: QtBot, make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered_while_held: list[bool] = []
    render = Library.render

    def spy(self: Library, page: object) -> object:
        rendered_while_held.append(window.reader.renderer.holding)
        return render(self, page)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "render", spy)
    monkeypatch.setattr(rendering, "HOLD_S", 30.0)
    window = lazy_window(qtbot, make_pack({"one": "First words.", "two": "Second words."}))
    window.show_reader()
    assert window.reader.renderer.holding  # the page waits for the screen
    qtbot.waitUntil(lambda: "First words." in shown_text(window), timeout=5000)
    window.reader.show_index(1)
    qtbot.waitUntil(lambda: "Second words." in shown_text(window), timeout=5000)
    assert rendered_while_held[:2] == [False, False]


class StyleChanges(QObject):
    """Counts the new looks each watched page view is given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, int] = {}

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange and isinstance(watched, PageView):
            self.seen[watched.page_id] = self.seen.get(watched.page_id, 0) + 1
        return False


def test_a_new_look_restyles_the_page_on_screen_not_every_page_opened(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    pages = {f"page-{n:02d}": f"Words of page {n}." for n in range(limits.PAGES)}
    window = make_window(make_pack(pages))
    window.show_reader()
    for tab in window.reader.tabs.buttons():  # every page opened once, as a patient might
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton)
    views = window.reader.created_views()
    assert len(views) == limits.PAGES
    assert [view for view in window.findChildren(PageView) if view.isVisibleTo(window)] == views[-1:]
    in_window = views[-reader.IN_WINDOW :]  # the most recently shown: switching among them moves none
    assert set(window.findChildren(PageView)) == set(in_window)  # the others wait outside the window
    changes = StyleChanges()
    for view in views:
        view.installEventFilter(changes)
    qtbot.mouseClick(window.reader.toolbar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.restyling)
    assert set(changes.seen) <= {view.page_id for view in in_window}
    assert f"page-{limits.PAGES - 1:02d}" in changes.seen
    font = views[-1].font().pixelSize()
    background = views[-1].palette().color(views[-1].backgroundRole()).name()
    qtbot.mouseClick(window.reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)  # the next page takes it then
    shown = window.reader.current_view()
    assert shown is views[3] and shown.font().pixelSize() == font
    assert shown.palette().color(shown.backgroundRole()).name() == background
    assert "Words of page 3." in shown.toPlainText()


def test_a_new_pack_renames_the_tabs_it_keeps_and_lets_go_of_the_old_pages(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    first = {"alpha": "Alpha words.", "beta": "Beta words.", "gamma": "Gamma words."}
    window = make_window(make_pack(first, name="first"))
    window.show_reader()
    for tab in window.reader.tabs.buttons():
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton)
    tabs = window.reader.tabs.buttons()
    fewer = {"delta": "Delta words.", "epsilon": "Epsilon words."}
    more = {"zeta": "Zeta words.", "eta": "Eta words.", "theta": "Theta words.", "iota": "Iota words."}
    for pages, name in ((fewer, "fewer"), (more, "more")):
        window.set_library(load_library(make_pack(pages, name=name)))
        buttons = window.reader.tabs.buttons()
        assert [b.text() for b in buttons] == [page_id.title() for page_id in pages]
        assert [b.objectName() for b in buttons] == [f"tab-{page_id}" for page_id in pages]
        assert buttons[:2] == tabs[:2]  # the same buttons, renamed
        qtbot.mouseClick(buttons[-1], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: list(pages.values())[-1] in shown_text(window), timeout=5000)  # noqa: B023
    gone = {*first, *fewer}
    qtbot.waitUntil(lambda: not window.reader.unloading, timeout=5000)  # a view a turn
    held = {w.page_id for w in QApplication.allWidgets() if isinstance(w, PageView)}
    assert not held & gone


def test_a_page_too_slow_to_lay_out_is_shown_calmly_from_then_on_and_staff_are_told(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(make_pack({"one": "First words.", "two": "Second words."}))
    monkeypatch.setattr(limits, "LAYOUT_SECONDS", 0.0)  # every layout is over it: the first page's too
    window.show_reader()
    qtbot.waitUntil(lambda: "This page could not be shown" in shown_text(window), timeout=5000)
    assert "First words." not in shown_text(window)
    problems = [issue.message for issue in window.desk.content]
    assert any("laying it out on screen took" in message for message in problems)
    assert len([m for m in problems if "laying it out" in m]) == 1  # the calm page itself is not refused again
    monkeypatch.setattr(limits, "LAYOUT_SECONDS", 30.0)
    window.reader.show_index(1)  # the screen still answers, and other pages show
    qtbot.waitUntil(lambda: "Second words." in shown_text(window), timeout=5000)
    window.reader.show_index(0)
    assert "This page could not be shown" in shown_text(window)  # not laid out again

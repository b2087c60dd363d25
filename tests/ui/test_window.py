"""The window as a patient meets it: welcome, tabs, scrolling, links, start over, resting screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QScroller, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.page_view import PageView
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from tests.conftest import PAGE_IDS, PackFactory
from tests.ui.conftest import WindowFactory, finger_drag


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def open_reader(qtbot: QtBot, make_window: WindowFactory, **kwargs: object) -> KioskWindow:
    window = make_window(**kwargs)
    tap(qtbot, window.welcome)
    assert window.current_screen() is window.reader
    return window


def test_starts_on_welcome_and_first_touch_only_dismisses(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert window.current_screen() is window.welcome
    with qtbot.waitSignal(window.welcome.dismissed):
        tap(qtbot, window.welcome)
    assert window.current_screen() is window.reader
    assert window.reader.current_page_id() == PAGE_IDS[0]  # the touch did not also press a tab


def test_one_tab_per_page_in_order_and_tapping_switches(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    buttons = window.reader.tabs.buttons()
    assert [b.objectName() for b in buttons] == [f"tab-{pid}" for pid in PAGE_IDS]
    assert [b.text() for b in buttons] == [
        "What it is",
        "The procedure",
        "Benefits",
        "Risks",
        "Recovery",
        "Questions to ask",
    ]
    with qtbot.waitSignal(window.reader.page_selected) as selected:
        tap(qtbot, buttons[3])
    assert selected.args == ["risks"]
    assert window.reader.current_page_id() == "risks"
    assert buttons[3].isChecked() and not buttons[0].isChecked()


@pytest.mark.parametrize("dpi", [96.0, 140.0])
def test_tabs_and_buttons_are_at_least_20_mm(qtbot: QtBot, make_window: WindowFactory, dpi: float) -> None:
    window = open_reader(qtbot, make_window, dpi=dpi, size=(1920, 1080))
    minimum = 20.0 * dpi / 25.4
    controls = [
        *window.reader.tabs.buttons(),
        window.reader.up_button,
        window.reader.down_button,
        window.reader.start_over_button,
    ]
    for control in controls:
        assert control.width() >= minimum - 0.5 and control.height() >= minimum - 0.5, control.text()
        assert isinstance(control, TouchButton)
        assert control.label.heightForWidth(control.label.width()) <= control.label.height() + 1, control.text()


@pytest.mark.parametrize("dpi", [96.0, 140.0])
def test_body_text_cap_height_is_at_least_6_mm(qtbot: QtBot, make_window: WindowFactory, dpi: float) -> None:
    window = open_reader(qtbot, make_window, dpi=dpi, size=(1920, 1080))
    view = window.reader.current_view()
    assert view is not None
    cap_px = QFontMetricsF(view.document().defaultFont()).capHeight()
    assert cap_px * 25.4 / dpi >= 6.0


def test_page_cannot_be_selected_or_given_a_context_menu(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    for view in window.reader.views:
        assert view.textInteractionFlags() == Qt.TextInteractionFlag.LinksAccessibleByMouse
        assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        assert view.viewport().contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
        assert not view.textCursor().hasSelection()


def test_more_below_cue_and_scroll_buttons(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    reader = window.reader
    view = reader.current_view()
    assert view is not None and view.can_scroll_down()
    assert reader.more_below.text().startswith("More below")
    assert reader.down_button.isEnabled() and not reader.up_button.isEnabled()
    tap(qtbot, reader.down_button)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    qtbot.waitUntil(lambda: reader.up_button.isEnabled())
    scroller = QScroller.scroller(view.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)  # the smooth scroll has finished
    while view.can_scroll_down():
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: reader.more_below.text() == "End of page")
    assert not reader.down_button.isEnabled()


def test_finger_drag_scrolls_the_page(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    view = window.reader.current_view()
    assert view is not None
    finger_drag(qtbot, view.viewport(), -400)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 100)
    assert not view.textCursor().hasSelection()


def test_link_to_another_page_switches_tab(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    root = make_pack({"one": "See [the second page](two.md).", "two": "Second."})
    window = make_window(root)
    tap(qtbot, window.welcome)
    view = window.reader.current_view()
    assert view is not None
    href, point = link_point(view)
    assert href == "page:two"
    with qtbot.waitSignal(window.reader.page_selected) as selected:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert selected.args == ["two"]
    assert window.reader.tabs.button(1).isChecked()


def test_outside_link_opens_nothing(qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory) -> None:
    root = make_pack({"one": "Read [more online](https://example.org/si).", "two": "Second."})
    window = make_window(root)
    tap(qtbot, window.welcome)
    view = window.reader.current_view()
    assert view is not None
    _, point = link_point(view)
    with qtbot.waitSignal(window.reader.outside_link) as outside:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert outside.args == ["https://example.org/si"]
    assert window.reader.current_page_id() == "one"
    assert not view.openLinks() and not view.openExternalLinks()
    assert view.source().isEmpty()


def link_point(view: PageView) -> tuple[str, QPoint]:
    """The first link on the page and a point on screen inside it."""
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isAnchor():
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                return fragment.charFormat().anchorHref(), view.cursorRect(cursor).center()
            fragments += 1
        block = block.next()
    raise AssertionError("no link on the page")


def test_start_over_returns_to_welcome_with_everything_reset(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    reader = window.reader
    tap(qtbot, reader.tabs.buttons()[2])
    view = reader.current_view()
    assert view is not None
    view.verticalScrollBar().setValue(200)
    tap(qtbot, reader.start_over_button)
    assert window.current_screen() is window.welcome
    assert reader.current_page_id() == PAGE_IDS[0]
    assert all(v.verticalScrollBar().value() == 0 for v in reader.views)


def test_no_content_shows_the_resting_screen(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(tmp_path / "missing")
    assert window.current_screen() is window.resting
    tap(qtbot, window.resting)
    assert window.current_screen() is window.resting


def test_missing_picture_shows_a_placeholder(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    root = make_pack({"one": "![Drawing of the pelvis](images/pelvis.png)", "two": "x"})
    window = make_window(root)
    view = window.reader.views[0]
    assert "[Picture not available: Drawing of the pelvis]" in view.toPlainText()


def test_picture_inside_the_pack_is_scaled_to_fit(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    from PySide6.QtGui import QImage

    root = make_pack({"one": "![Wide](images/wide.png)", "two": "x"})
    (root / "images").mkdir()
    image = QImage(5000, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    image.save(str(root / "images" / "wide.png"))
    window = make_window(root)
    tap(qtbot, window.welcome)
    view = window.reader.views[0]
    qtbot.waitUntil(lambda: view.document().size().width() > 0)
    assert view.document().size().width() <= view.viewport().width() + 1
    assert view.horizontalScrollBar().maximum() == 0


def test_new_pack_in_another_folder_shows_its_own_pictures(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    """A content source switches to a new folder and prunes the old one: pictures must come from the new."""
    import shutil

    from PySide6.QtGui import QImage

    from kiosk.library import load_library

    old = make_pack({"one": "![Pelvis](images/pelvis.png)", "two": "x"}, name="old")
    new = make_pack({"one": "![Pelvis](images/pelvis.png)", "two": "x"}, name="new")
    for root, colour in ((old, "red"), (new, "blue")):
        (root / "images").mkdir()
        image = QImage(300, 200, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        image.save(str(root / "images" / "pelvis.png"))
    window = open_reader(qtbot, make_window, root=old)
    window.set_library(load_library(new))
    shutil.rmtree(old)
    view = window.reader.view_at(0)
    picture = view.pictures.picture("images/pelvis.png")
    assert picture is not None and picture.pixelColor(10, 10) == QColor("blue")


def test_overlays_are_made_only_when_needed(qtbot: QtBot, make_window: WindowFactory) -> None:
    """Most visits never see the staff panel, the idle prompt or a QR code: they cost no memory until used."""
    window = open_reader(qtbot, make_window)
    for index in range(len(window.reader.views)):
        window.reader.show_index(index)
    assert not window.overlays.made
    window.open_staff()
    assert window.overlays.made == ("staff",)
    window.reset_session()
    window.set_language("es")
    assert not window.overlays.made  # made again, in Spanish, when next needed
    window.open_staff()
    assert window.staff.no_pin.text().startswith("No hay un PIN")


def test_tooltips_are_swallowed(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = open_reader(qtbot, make_window)
    view = window.reader.current_view()
    assert view is not None
    assert view.event(QEvent(QEvent.Type.ToolTip)) is True


def test_the_first_frame_does_without_the_reading_screen(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The welcome screen is drawn first; the reading screen is made right after, in the language and look the
    patient may already have chosen there, and the welcome's gentle pulse starts a moment after it shows."""
    window = make_window(start_speech=False)
    window.set_language("es")  # chosen on the welcome screen, before the reader exists
    window.set_text_scale(1.5)
    if not window.reader_built:  # the window's first frame was painted and the reader made meanwhile
        assert window.current_screen() is window.welcome
    qtbot.waitUntil(lambda: window.reader_built, timeout=5000)
    assert window.reader.tabs.buttons()[0].text() == "Qué es"
    qtbot.waitUntil(lambda: window.welcome.pulsing, timeout=2000)
    tap(qtbot, window.welcome)
    assert window.current_screen() is window.reader and not window.welcome.pulsing
    view = window.reader.current_view()
    assert view is not None and view.font().pixelSize() == replace(window.metrics, scale=window.scale).body_px()

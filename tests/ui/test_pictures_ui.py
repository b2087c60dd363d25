"""Icon arrays drawn from counts and pack pictures on screen: right count, both themes, sharp, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import pictures
from kiosk.library import load_library
from kiosk.palette import THEMES, contrast_ratio
from kiosk.ui import pictures as ui_pictures
from kiosk.ui.decoding import decode
from kiosk.ui.icons import IconColours, _start, icon_array
from tests.conftest import PackFactory
from tests.hostile_pictures import HOSTILE, SVG, png_file
from tests.ui.conftest import WindowFactory


def count_people(image: QImage, pitch: int, colour: str) -> int:
    """Sample the middle of each person's body: how many are painted in `colour`."""
    dpr = image.devicePixelRatio()
    found = 0
    for row in range(round(image.height() / dpr) // pitch + 1):
        for column in range(10):
            x, y = _start(column, pitch) + pitch * 0.5, _start(row, pitch) + pitch * 0.65
            if x * dpr < image.width() and y * dpr < image.height():
                found += image.pixelColor(round(x * dpr), round(y * dpr)) == QColor(colour)
    return found


@pytest.mark.parametrize("theme", ["calm", "contrast"])
@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_icon_array_colours_exactly_the_count(qapp: QApplication, theme: str, dpr: float) -> None:
    palette = THEMES[theme]
    colours = IconColours(palette.icon_on, palette.icon_off, palette.background)
    image = icon_array(73, 100, 30, dpr, colours)
    assert image.devicePixelRatio() == dpr and image.width() > 300 * dpr  # drawn at the screen's own pixels
    assert count_people(image, 30, palette.icon_on) == 73
    assert count_people(image, 30, palette.icon_off) == 27


@pytest.mark.parametrize("theme", ["calm", "contrast"])
def test_icon_colours_stand_apart_from_each_other_and_the_page(theme: str) -> None:
    p = THEMES[theme]
    assert min(contrast_ratio(p.icon_on, p.icon_off), contrast_ratio(p.icon_on, p.background)) >= 3
    assert contrast_ratio(p.icon_off, p.background) >= 3
    assert contrast_ratio(p.icon_on, p.background) >= 7  # "73 in 100" is written in it


def test_page_shows_icon_arrays_and_pictures_and_a_bad_file_calmly(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory, tmp_path: Path
) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 300">'
        '<rect width="600" height="300" fill="#f00"/></svg>'
    )
    body = '![Red](images/red.svg "A red box")\n\n!!! icons "Helped"\n    7 / 10: With\n    2 / 10: Without\n'
    root = make_pack({"one": body, "two": "x"})
    (root / "images").mkdir()
    (root / "images" / "red.svg").write_text(svg, "utf-8")
    window = make_window(root)
    window.show_reader()
    view = window.reader.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: view.picture_counts() == (3, []))
    spoken = [sentence.text for sentence in view.sentences("en")]
    assert "A red box" in spoken and "7 in 10" in spoken  # a caption and an icon array's count, each said
    picture = view.pictures.picture("images/red.svg")
    assert picture is not None
    assert picture.width() / picture.devicePixelRatio() > 300  # drawn at the column's width, not its own
    assert picture.pixelColor(picture.width() // 2, picture.height() // 2) == QColor("#ff0000")
    shown = view.grab().toImage()  # drawn by the page itself, not only decoded
    assert any(shown.pixelColor(shown.width() // 2, y) == QColor("#ff0000") for y in range(shown.height()))
    view.hide()
    assert view.pictures.decoded_bytes == 0  # a page not on screen keeps no decoded pictures
    (root / "images" / "red.svg").write_text(svg.replace("<rect", "<script>x</script><rect"), "utf-8")
    view.pictures.clear()
    assert view.pictures.picture("images/red.svg") is None  # drawn as a calm frame, not the file
    assert "images/red.svg" in view.pictures.refused
    window.set_high_contrast(True)
    qtbot.waitUntil(lambda: view.picture_counts() == (2, ["images/red.svg"]))  # the page still shows


def page_with(make_pack: PackFactory, name: str, data: bytes, folder: str = "pack") -> Path:
    body = f'Before the picture.\n\n![A drawing](images/{name} "The caption")\n\nAfter the picture.'
    root = make_pack({"one": body, "two": "x"}, name=folder)
    (root / "images").mkdir()
    (root / "images" / name).write_bytes(data)
    return root


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_picture_never_holds_up_the_page(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory, name: str
) -> None:
    """Refused when the pack loads (its alt text shows), and again if swapped in after that check."""
    data, _words = HOSTILE[name]
    started = time.perf_counter()
    window = make_window(page_with(make_pack, name, data))
    window.show_reader()
    view = window.reader.current_view()
    assert view is not None
    window.grab()
    assert "Picture not available: A drawing" in view.toPlainText() and "After the picture." in view.toPlainText()
    assert time.perf_counter() - started < 5

    fine = SVG.format('<rect width="1200" height="700" fill="#f00"/>').encode()
    good = page_with(make_pack, "fine.svg", fine, folder="good")
    window.set_library(load_library(good))
    view = window.reader.current_view()
    assert view is not None and view.picture_counts() == (1, [])
    (good / "images" / "fine.svg").write_bytes(data)  # swapped after the check, as a content sync might
    started = time.perf_counter()
    view.restyle(view.document().defaultStyleSheet(), view.font())
    window.grab()
    assert view.picture_counts() == (0, ["images/fine.svg"])  # a calm frame instead
    assert [str(issue).split(": error: ")[1].split(":")[0] for issue in window.desk.screen] == [
        "picture 'images/fine.svg' is not shown"  # listed for staff
    ]
    assert "After the picture." in view.toPlainText()
    assert time.perf_counter() - started < 5


@pytest.mark.qt_log_ignore("QImageIOHandler: Rejecting image as it exceeds the current allocation limit")
def test_a_picture_that_lies_about_its_size_is_not_decoded(qapp: QApplication, tmp_path: Path) -> None:
    """Qt's own allocation limit stops a decode even if a file got past the header check."""
    fake = pictures.Picture(tmp_path / "small.png", 100, 100, png_file(4200, 4200, colour=True))
    started = time.perf_counter()
    assert decode(fake, 100, 1.0).isNull()  # 70 MB decoded: over the limit, so not even started
    assert time.perf_counter() - started < 5


def test_a_picture_too_slow_to_draw_is_refused_while_the_page_stays_live(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shapes that pass every check can still take seconds to draw: the page shows a frame meanwhile."""
    monkeypatch.setattr(ui_pictures, "WAIT_S", 0.01)
    monkeypatch.setattr(ui_pictures, "BUDGET_S", 0.2)
    circles = "".join(
        f'<circle cx="{n * 3}" cy="350" r="900" fill="#{n:06x}" fill-opacity="0.5" stroke="#0f0" '
        'stroke-width="80"/>'
        for n in range(400)
    )
    window = make_window(page_with(make_pack, "slow.svg", SVG.format(circles).encode()))
    window.show_reader()
    view = window.reader.current_view()
    assert view is not None
    started = time.perf_counter()
    window.grab()
    assert time.perf_counter() - started < 1  # painted without waiting for the picture
    qtbot.waitUntil(lambda: "images/slow.svg" in view.pictures.refused, timeout=5000)
    assert "takes more than 0.2 s to draw" in view.pictures.problems["images/slow.svg"]
    assert any("takes more than 0.2 s to draw" in issue.message for issue in window.desk.problems)
    assert "After the picture." in view.toPlainText()

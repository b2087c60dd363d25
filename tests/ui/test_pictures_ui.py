"""Icon arrays drawn from counts and pack pictures on screen: right count, both themes, sharp, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.palette import THEMES, contrast_ratio
from kiosk.ui.pictures import IconColours, _start, icon_array
from tests.conftest import PackFactory
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
    assert "A red box" in view.spoken_text() and "7 in 10" in view.spoken_text()
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

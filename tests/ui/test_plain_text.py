"""Every string outside a page body is shown as typed: no label of any screen interprets HTML or loads files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, StaffConfig, TakeHomeConfig
from kiosk.palette import CALM
from kiosk.pin import hash_pin
from kiosk.ui.reading_tools import show_outside_link, show_take_home
from kiosk.ui.usage import attach_statistics
from kiosk.ui.window import KioskWindow
from kiosk.uitext import FIELDS
from tests.conftest import REPO, PackFactory, page_text
from tests.ui.conftest import WindowFactory

PIN = "2468"
# Polls a FIFO for a reader (another process: a Qt call blocked in open() holds Python's lock). If anyone
# opens it, it says so in a file and lets the reader go with an empty read, so old code fails, not hangs.
_WATCHER = """
import os, sys, time
fifo, seen = sys.argv[1], sys.argv[2]
while True:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        time.sleep(0.005)
        continue
    open(seen, "a").write(fifo + "\\n")
    os.close(fd)
"""


@pytest.fixture
def trap(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A named pipe standing in for a picture on disk, and the file that records anyone opening it.

    The pipe sits in a short temporary folder: its path must fit in an 80-character pack title.
    """
    folder = Path(tempfile.mkdtemp(prefix="k-", dir="/tmp"))  # not under the test's own TMPDIR: its number grows
    fifo, seen = folder / "secret.png", tmp_path / "opened.txt"
    os.mkfifo(fifo)
    watcher = subprocess.Popen([sys.executable, "-c", _WATCHER, str(fifo), str(seen)])
    yield fifo, seen
    watcher.kill()
    watcher.wait()
    shutil.rmtree(folder)


def text_widgets(root: QWidget) -> list[QWidget]:
    """`root` and every widget under it that has a text format (QLabel and its kind)."""
    found = [root, *root.findChildren(QWidget)]
    return [widget for widget in found if hasattr(widget, "textFormat")]


def assert_plain(root: QWidget) -> int:
    widgets = text_widgets(root)
    rich = [
        f"{type(w).__name__}#{w.objectName()} {w.text()!r}"  # type: ignore[attr-defined]
        for w in widgets
        if w.textFormat() != Qt.TextFormat.PlainText  # type: ignore[attr-defined]
    ]
    assert rich == []
    tips = [f"{type(w).__name__}#{w.objectName()}" for w in root.findChildren(QWidget) if w.toolTip()]
    assert tips == []
    return len(widgets)


def visit_every_screen(qtbot: QtBot, window: KioskWindow) -> list[str]:
    """Open every screen and overlay the window has (each is made on first use); their names."""
    attach_statistics(window, None, CALM)
    seen = [window.state()]
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    seen.append(window.state())
    window.prompt.open()
    window.prompt.close_overlay()
    show_take_home(window)
    show_outside_link(window, "https://example.org/elsewhere")
    window.take_home.close_overlay()
    window.open_staff()
    seen.append(type(window.staff.pages.currentWidget()).__name__)
    window.staff.pin_pad.enter("0000")  # a wrong PIN shows its message label
    window.staff.pin_pad.enter(PIN)
    assert window.staff.unlocked
    window.stats_requested.emit()
    window.touch_test.open()
    seen += ["prompt", "take_home", "staff", "stats", "touch_test"]
    return seen


def pin_config() -> Config:
    return Config(
        staff=StaffConfig(pin_hash=hash_pin(PIN, iterations=100_000)),
        take_home=TakeHomeConfig(url="https://example.org/si"),
    )


def test_every_label_of_every_screen_is_plain_text(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(config=pin_config())
    visited = visit_every_screen(qtbot, window)
    assert visited[:3] == ["welcome", "reading", "PinPad"]
    labels = assert_plain(window)
    assert labels > 60  # tabs, toolbar, overlays: a walk that found almost nothing would prove nothing


def test_resting_screen_labels_are_plain_text(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(tmp_path / "no-such-pack", config=pin_config())
    assert window.state() == "resting"
    window.open_staff()
    assert assert_plain(window) > 5


def hostile_pack(make_pack: PackFactory, fifo: Path) -> Path:
    """Markup in every string that is not a page body: titles, tabs, the pack's title, every ui.toml word."""
    img = f"<img src='{fifo}'>"
    huge = "<span style=font-size:2000px>X</span>"
    root = make_pack(
        raw={
            "one.md": page_text(title=json.dumps(img), tab=json.dumps(huge)),
            "two.md": page_text(title=json.dumps(huge), tab=json.dumps(img)),
        },
    )
    pack = f'title = {json.dumps(img)}\nversion = {json.dumps(huge)}\ndefault_language = "en"\n'
    (root / "pack.toml").write_text(pack + 'pages = ["one", "two"]\n', "utf-8")
    lines: list[str] = []
    for name, spec in FIELDS.items():
        if isinstance(spec.default, str) and "{" not in spec.default:
            lines.append(f"{name} = {json.dumps(img if len(lines) % 2 else huge)}")
    (root / "en" / "ui.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return root


def test_a_hostile_pack_shows_its_markup_as_text_and_opens_no_file(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory, trap: tuple[Path, Path]
) -> None:
    fifo, seen = trap
    window = make_window(hostile_pack(make_pack, fifo), config=pin_config())
    assert window.welcome.title.text().startswith("<")  # shown as written, tags and all
    visit_every_screen(qtbot, window)
    window.reader.toolbar.reflow()
    window.grab()  # lay out and paint everything now on screen
    assert_plain(window)
    tabs = [button.text() for button in window.reader.tabs.buttons()]
    assert tabs == ["<span style=font-size:2000px>X</span>", f"<img src='{fifo}'>"]
    summary = window.staff.summary.text()
    assert summary.startswith(f"<img src='{fifo}'>, version <span"), summary
    # 2000 px text would be far taller than the screen; as plain text the tab stays a normal button.
    assert max(button.height() for button in window.reader.tabs.buttons()) < 300
    assert not seen.exists(), "a label opened a file named in the pack"


@pytest.mark.parametrize("where", ["pack.toml", "tab", "ui.toml"])
def test_a_string_naming_a_device_does_not_crash_the_kiosk(
    make_pack: PackFactory, tmp_path: Path, where: str
) -> None:
    """`<img src=/dev/zero>` made Qt read /dev/zero until it ran out of memory (exit 134 after ~20 s)."""
    device = json.dumps("<img src=/dev/zero>")
    root = make_pack(raw={"one.md": page_text(tab=device if where == "tab" else "One")})
    title = device if where == "pack.toml" else '"Pack"'
    (root / "pack.toml").write_text(f'title = {title}\nversion = "1"\ndefault_language = "en"\npages = ["one"]\n')
    if where == "ui.toml":
        (root / "en" / "ui.toml").write_text(f"welcome_title = {device}\n", "utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--content", str(root), "--windowed", "--exit-after-first-paint"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first frame painted" in result.stdout

"""A first run that explains itself: no display, or Qt's platform libraries missing, is said before Qt starts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from kiosk import display
from kiosk.cli import main
from tests.conftest import REPO

QT = Path(PySide6.__path__[0]) / "Qt"


def hiding(*hidden: str) -> display.Loader:
    return lambda soname: soname not in hidden


def test_missing_x11_libraries_are_named_with_the_apt_get_line() -> None:
    problem = display.display_problem(
        {"DISPLAY": ":0"}, hiding("libxcb-cursor.so.0", "libxcb-icccm.so.4"), "linux"
    )
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in problem
    assert "sudo apt-get install --no-install-recommends libxcb-cursor0 libxcb-icccm4\n" in problem


def test_missing_wayland_libraries_are_named_too() -> None:
    problem = display.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, hiding("libwayland-egl.so.1"), "linux")
    assert "Wayland" in problem and "apt-get install --no-install-recommends libwayland-egl1" in problem


def test_no_display_at_all_suggests_a_snapshot_or_offscreen() -> None:
    problem = display.display_problem({}, hiding(), "linux")
    assert "no display" in problem and "kiosk snapshot --out" in problem and "QT_QPA_PLATFORM=offscreen" in problem


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"QT_QPA_PLATFORM": "eglfs"}, "linux"),
        ({}, "win32"),
        ({"DISPLAY": ":0"}, "linux"),  # every library there
    ],
)
def test_nothing_to_say_where_qt_can_start(env: dict[str, str], platform: str) -> None:
    assert display.display_problem(env, hiding(), platform) == ""


def test_the_kiosk_stops_before_qt_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(display, "can_load", hiding("libxcb-cursor.so.0"))
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["--windowed"]) == 2
    assert "apt-get install --no-install-recommends libxcb-cursor0" in caplog.text


def test_no_display_ends_in_words_not_in_qt_s_abort() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--windowed"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "kiosk snapshot --out" in result.stderr and "could not load the Qt platform plugin" not in result.stderr


def needed(*files: Path) -> set[str]:
    """The libraries these ELF files load, directly or through others (as `ldd` resolves them here)."""
    names: set[str] = set()
    for file in files:
        out = subprocess.run(["ldd", str(file)], capture_output=True, text=True, check=True).stdout
        names |= set(re.findall(r"^\s*(\S+\.so[.\d]*)\s", out, re.MULTILINE))
    return names


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="Linux ELF files")
def test_the_lists_cover_what_the_plugins_really_load() -> None:
    """The first-run check and the .deb's Depends use these lists: nothing the plug-ins load may be left out."""
    xcb = needed(QT / "plugins" / "platforms" / "libqxcb.so", QT / "lib" / "libQt6XcbQpa.so.6")
    assert {n for n in xcb if re.match(r"lib(xcb|X11|xkbcommon)", n)} <= display.XCB_LIBRARIES.keys()
    wayland_files = [
        *(QT / "plugins" / "platforms").glob("libqwayland*.so"),
        QT / "lib" / "libQt6WaylandClient.so.6",
    ]
    wayland = needed(*(f for f in wayland_files if f.exists()))
    assert {n for n in wayland if n.startswith("libwayland")} <= display.WAYLAND_LIBRARIES.keys()

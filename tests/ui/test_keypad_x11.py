"""The keypad in a real X session (Xvfb, openbox, xdotool): real key presses, a window manager, the kiosk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO

TOOLS = ("Xvfb", "openbox", "xdotool")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(map(shutil.which, TOOLS)),
    reason="needs Xvfb, openbox and xdotool (apt-get install -y xvfb openbox xdotool)",
)


def wait_for(check: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def display() -> Iterator[dict[str, str]]:
    """A 1280 x 1024 X server with openbox managing it; the environment to reach it."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    manager = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield env
    finally:
        for process in (manager, server):
            process.terminate()
            process.wait(10)


def xdotool(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=60, check=False)
    return done.stdout.strip()


@contextmanager
def running_kiosk(display: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """The kiosk on one topic (the welcome screen these visits start from; the topic list by keys is in
    tests/ui/test_topics.py), the mock voice, debug logging; its window active and past its first frame.
    Yields the process and its log folder; stops it after."""
    logs = tmp_path / "logs"
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[speech]\nengine = "mock"\n[log]\ndir = "{logs}"\nlevel = "debug"\n[analytics]\nenabled = false\n',
        "utf-8",
    )
    content = REPO / "content" / "si-joint-fusion"
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "--content", str(content)]
    with (tmp_path / "kiosk.out").open("w") as output:
        kiosk = subprocess.Popen(command, env=display, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        try:
            find = ("search", "--onlyvisible", "--name", "Sacroiliac")
            wait_for(lambda: xdotool(display, *find), "the kiosk window")
            xdotool(display, "windowactivate", "--sync", xdotool(display, *find).split()[0])
            time.sleep(1.0)  # the first frame and the work after it
            yield kiosk, logs
        finally:
            kiosk.terminate()
            kiosk.wait(20)


def test_a_visit_by_real_keys_under_a_window_manager(display: dict[str, str], tmp_path: Path) -> None:
    with running_kiosk(display, tmp_path) as (kiosk, logs):
        window = xdotool(display, "search", "--onlyvisible", "--name", "Sacroiliac").split()[0]

        def said() -> list[str]:
            log = "".join(path.read_text("utf-8", "replace") for path in sorted(logs.glob("*.log*")))
            return [line.split("keypad says ", 1)[1] for line in log.splitlines() if "keypad says " in line]

        def keys(*names: str) -> None:
            before = len(said())
            xdotool(display, "key", "--delay", "120", *names)
            wait_for(lambda: len(said()) >= before + sum(name not in ESCAPES for name in names), "speech")

        keys("Down", "Down", "Down", "Down", "Return")  # introduction, Start, English, Español: chosen
        assert said()[0].startswith("(en): This kiosk explains: ")
        assert said()[-1].startswith("(es): Este quiosco explica: ")
        assert said()[-1].endswith("Qué es, pestaña, seleccionado, 1 de 6")
        keys("Down", "Down", "Down")
        assert said()[-1] == "(es): Riesgos, pestaña, 4 de 6"
        keys("Return", "Down", "F1")
        assert said()[-3].startswith("(es): ¿Cuáles son los riesgos") and "en la página Riesgos" in said()[-1]
        before = len(said())
        xdotool(display, "key", "--delay", "200", *ESCAPES)  # none of these may leave, close or speak
        time.sleep(1.0)
        assert len(said()) == before and kiosk.poll() is None
        assert window in xdotool(display, "search", "--onlyvisible", "--name", "Sacroiliac").split()
        keys("BackSpace", "Down", "Down", "Return")  # Risks tab, down to Questions, open it
        assert said()[-4] == "(es): Riesgos, pestaña, seleccionado, 4 de 6"
        for _ in range(40):
            keys("Down")
            if ", casilla, Sin marcar, " in said()[-1]:
                break
        row = said()[-1]
        keys("Return")
        assert said()[-1] == row.replace("Sin marcar", "Marcada")
        keys("BackSpace")
        for _ in range(120):
            keys("Down")
            if said()[-1].startswith("(es): Volver al inicio, botón"):
                break
        keys("Return")  # a question is ticked: the kiosk asks first, "keep them" first, then "clear"
        assert said()[-1].startswith("(es): ¿Volver al inicio? Se borrarán sus preguntas")
        keys("Down")
        assert said()[-1] == "(es): Borrar y volver al inicio, botón, 2 de 2"
        xdotool(display, "key", "Return")
        wait_for(
            lambda: "session reset (start_over)" in "".join(p.read_text() for p in logs.glob("*.log*")), "reset"
        )
        keys("Down")
        assert said()[-1].startswith("(en): This kiosk explains: ")  # the next patient starts afresh


ESCAPES = ("Escape", "alt+F4", "ctrl+w", "ctrl+q", "F11", "super", "alt+Tab")


SCREEN_TOOLS = ("xwd", "xrefresh")


@pytest.mark.skipif(
    not all(map(shutil.which, SCREEN_TOOLS)), reason="needs xwd and xrefresh (x11-apps, x11-xserver-utils)"
)
def test_a_new_language_and_look_reach_the_screen(display: dict[str, str], tmp_path: Path) -> None:
    """Under a real X server a new look was painted but not always put on the screen: the patient saw the old
    frame until something else was drawn (an X "refresh" showed the right one). What the screen shows must not
    change when X asks the window to draw itself again."""
    with running_kiosk(display, tmp_path) as (_kiosk, logs):

        def screen() -> bytes:
            """The screen's pixels: an xwd dump past its header and colour map (which vary dump to dump)."""
            dump = subprocess.run(
                ["xwd", "-root", "-silent"], env=display, capture_output=True, timeout=30, check=True
            ).stdout
            header, colours = int.from_bytes(dump[0:4], "big"), int.from_bytes(dump[76:80], "big")
            return dump[header + 12 * colours :]

        def log() -> str:
            return "".join(path.read_text("utf-8", "replace") for path in logs.glob("*.log*"))

        def still_and_shown(what: str) -> None:
            shown, deadline = screen(), time.monotonic() + 20
            while time.monotonic() < deadline:  # a new look comes over a few turns: until nothing moves
                time.sleep(0.7)
                if (now := screen()) == shown:
                    break
                shown = now
            subprocess.run(["xrefresh"], env=display, timeout=30, check=True)
            time.sleep(1.0)
            assert screen() == shown, f"{what} was not on the screen until X asked for it again"

        def press_on(button: str) -> None:
            """Down through the reading screen's stops to `button`, then Return."""
            for _ in range(150):
                xdotool(display, "key", "Down")
                time.sleep(0.15)
                said = [line for line in log().splitlines() if "keypad says " in line]
                if said and said[-1].split("keypad says ", 1)[1].split(": ", 1)[-1].startswith(button):
                    xdotool(display, "key", "Return")
                    return
            raise AssertionError(f"no {button} button reached by keys")

        xdotool(display, "key", "--delay", "150", "Down", "Down", "Down", "Down", "Return")  # Español
        wait_for(lambda: "language: es" in log(), "the new language")
        still_and_shown("the Spanish reading screen")
        press_on("Contraste, botón")
        wait_for(lambda: "high-contrast colours" in log(), "high contrast")
        still_and_shown("high contrast")
        press_on("English, botón")
        wait_for(lambda: "language: en" in log(), "English again")
        still_and_shown("English")

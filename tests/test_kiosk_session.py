"""The packaged kiosk session (cage on tty1 as the `kiosk` user): its files, the one command that enables it, and
the kiosk full screen under a real Wayland compositor.

The compositor here is Weston's headless backend. cage (Debian 12's 0.1.4) also ran headless on this machine,
but only for a user other than root and with Xwayland installed, on its pixman fallback (no /dev/dri): it
sizes the window only after the first frame (843x480 at the first frame, full screen two seconds later), so a
cage test would have to wait on the log instead. What the test proves is the kiosk's side (it asks for full
screen and fills the output over the Wayland platform plug-in), which is the same under any compositor.
"""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"
UNIT = LINUX / "kiosk-cage.service"
PAM = LINUX / "kiosk-cage.pam"
ENABLE = LINUX / "si-kiosk-enable-session"
sys.path.insert(0, str(LINUX))
from build_deb import SESSION_FILES  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Linux package")


def unit_sections() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text("utf-8"))
    return parser


def test_the_package_ships_the_session_disabled() -> None:
    assert SESSION_FILES["kiosk-cage.service"] == "usr/lib/systemd/system/kiosk-cage.service"
    assert SESSION_FILES["kiosk-cage.pam"] == "etc/pam.d/kiosk-cage"
    assert SESSION_FILES["si-kiosk-enable-session"] == "usr/sbin/si-kiosk-enable-session"
    assert stat.S_IMODE(ENABLE.stat().st_mode) & 0o111, "the enable command must be executable"
    postinst = (LINUX / "build_deb.py").read_text("utf-8").split('POSTINST = """', 1)[1].split('"""', 1)[0]
    assert "systemctl" not in postinst  # installing never turns the session on: IT does, with one command


def test_the_unit_runs_cage_as_the_kiosk_user_with_its_pam_service() -> None:
    service = unit_sections()["Service"]
    assert service["User"] == "kiosk" and service["PAMName"] == Path(SESSION_FILES[PAM.name]).name == "kiosk-cage"
    assert service["ExecStart"] == "/usr/bin/cage -m last -- /opt/si-kiosk/kiosk"
    assert service["TTYPath"] == "/dev/tty1" and service["Restart"] == "always"
    # Stopped before cage: SIGTERM to both at once let cage pull the display from a kiosk still saving.
    assert service["ExecStop"].startswith("/bin/sh -c 'kill -TERM $$(pidof kiosk)")
    assert unit_sections()["Install"]["WantedBy"] == "graphical.target"
    keys = {line.split("=")[0] for line in UNIT.read_text("utf-8").splitlines() if "=" in line}
    assert not keys & {"RestartSteps", "RestartMaxDelaySec"}  # systemd 254+: unknown on Debian 12


def test_the_pam_service_opens_a_logind_session() -> None:
    rules = [line.split() for line in PAM.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    assert ["session", "required", "pam_systemd.so"] in rules  # logind: the seat's screen, input and sound
    assert {rule[0] for rule in rules} == {"auth", "account", "session"}


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    # Neither cage, the kiosk nor its user exist here: only the unit itself is judged.
    true = shutil.which("true") or "/bin/true"
    text = UNIT.read_text("utf-8").replace("/usr/bin/cage -m last -- /opt/si-kiosk/kiosk", true)
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace("User=kiosk", "User=root"), "utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0 and UNIT.name not in result.stderr, result.stderr


def stand_ins(folder: Path, calls: Path, *, user_exists: bool, cage: bool = True) -> dict[str, str]:
    """Programs the enable command calls, logging their arguments: nothing on the test machine is changed."""
    folder.mkdir()
    passwd = f"kiosk:x:1001:1001::{folder.parent / 'home-kiosk'}:/bin/bash"
    scripts = {
        "id": "echo 0",
        "getent": f'[ "$1 $2" = "passwd kiosk" ] && [ -e {folder / "made"} ] && echo "{passwd}" && exit 0; exit 2',
        "useradd": f": > {folder / 'made'}",
        **{name: "true" for name in ("chown", "chmod", "systemctl")},
    }
    if cage:
        scripts["cage"] = scripts["Xwayland"] = "true"
    for name, body in scripts.items():
        (folder / name).write_text(f'#!/bin/sh\necho {name} "$@" >> {calls}\n{body}\n', "utf-8")
        (folder / name).chmod(0o755)
    if user_exists:
        (folder / "made").touch()
    # Only the stand-ins and the shell's basic tools: no real useradd or systemctl can be reached.
    basics = folder.parent / "basics"
    basics.mkdir()
    for tool in ("cut", "sh"):
        found = shutil.which(tool)
        assert found is not None
        (basics / tool).symlink_to(found)
    return {"PATH": f"{folder}:{basics}", "LANG": "C"}


@pytest.mark.parametrize("user_exists", [False, True])
def test_the_enable_command_makes_the_user_and_enables_the_session(tmp_path: Path, user_exists: bool) -> None:
    calls = tmp_path / "calls"
    env = stand_ins(tmp_path / "bin", calls, user_exists=user_exists)
    script = ENABLE.read_text("utf-8").replace("/etc/xdg/kiosk/kiosk.toml", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text("# config\n", "utf-8")
    result = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=10)
    assert result.returncode == 0, result.stderr
    logged = [line for line in calls.read_text().splitlines() if not line.startswith(("id", "getent"))]
    made = ["useradd --create-home --user-group --shell /bin/bash --comment Patient information kiosk kiosk"]
    assert logged == [
        *([] if user_exists else made),
        f"chmod 0700 {tmp_path / 'home-kiosk'}",
        f"chown root:kiosk {tmp_path / 'kiosk.toml'}",
        f"chmod 0640 {tmp_path / 'kiosk.toml'}",
        "systemctl --global mask kiosk.service",
        "systemctl set-default graphical.target",
        "systemctl enable kiosk-cage.service",
    ]
    assert "next boot" in result.stdout


def test_the_enable_command_changes_nothing_without_cage(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    env = stand_ins(tmp_path / "bin", calls, user_exists=False, cage=False)
    result = subprocess.run(["sh", str(ENABLE)], env=env, capture_output=True, text=True, timeout=10)
    assert result.returncode == 1 and "Not installed: cage Xwayland" in result.stderr and "2.3" in result.stderr
    assert [line for line in calls.read_text().splitlines() if not line.startswith("id")] == []


# --- the kiosk under a headless Wayland compositor ---


def wayland_plugin_missing() -> str:
    """Why Qt's Wayland platform cannot load here, or '' when it can."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    plugin = next(plugins.glob("libqwayland*.so"), None)
    if plugin is None:
        return f"Qt's Wayland platform plug-in is not in {plugins}"
    missing = [line.split()[0] for line in _ldd(plugin) if "not found" in line]
    return f"Qt's Wayland plug-in lacks {', '.join(missing)}" if missing else ""


def _ldd(path: Path) -> list[str]:
    return subprocess.run(["ldd", str(path)], capture_output=True, text=True, timeout=30).stdout.splitlines()


def wait_for(condition: Callable[[], bool], timeout_s: float, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.1)  # separate processes: nothing to wait on but their files
    return condition()


@pytest.fixture
def weston(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A headless Weston (pixman renderer, so screenshots hold pixels; --debug allows weston-screenshooter) on a
    socket in the test's own 0700 XDG_RUNTIME_DIR. Yields the environment a client needs."""
    if not shutil.which("weston"):
        pytest.skip("weston is not installed (apt-get install weston)")
    if why := wayland_plugin_missing():
        pytest.skip(why)
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700
    socket = "kiosk-test"
    command = ["weston", "--backend=headless-backend.so", "--use-pixman", "--width=1280", "--height=1024"]
    command += [f"--socket={socket}", "--idle-time=0", "--debug"]
    log = tmp_path / "weston.log"
    with log.open("wb") as out:
        compositor = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
    try:
        if not wait_for(lambda: (runtime / socket).exists(), 30, compositor):
            pytest.skip(f"weston's headless backend did not start here: {log.read_text(errors='replace')[-400:]}")
        yield {**os.environ, "WAYLAND_DISPLAY": socket, "QT_QPA_PLATFORM": "wayland"}
    finally:
        compositor.terminate()
        compositor.wait(timeout=10)


def test_the_kiosk_fills_the_screen_of_a_wayland_compositor(tmp_path: Path, weston: dict[str, str]) -> None:
    logs = tmp_path / "logs"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[log]\ndir = "{logs}"\n', "utf-8")
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config)],
        cwd=REPO,
        env=weston,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = logs / "kiosk.log"
    try:
        assert wait_for(lambda: log.exists() and "window " in log.read_text("utf-8"), 90, kiosk), "no window"
        placed = next(line for line in log.read_text("utf-8").splitlines() if " window " in line)
        assert "window 1280x1024, full screen, on screen headless 1280x1024 (platform wayland)" in placed, placed
        pixels = corner_pixels(tmp_path / "shots", weston)
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    if pixels is not None:  # the compositor's own picture: the kiosk covers Weston's panel and background
        from PySide6.QtGui import QColor

        from kiosk.palette import CALM

        assert pixels == [QColor(CALM.background).rgb()] * len(CORNERS)


CORNERS = [(2, 2), (1277, 2), (2, 1021), (1277, 1021), (640, 15)]  # (640, 15): where Weston's panel is


def corner_pixels(folder: Path, env: dict[str, str]) -> list[int] | None:
    """The screen's corners (and Weston's panel) in the compositor's own screenshot, once the kiosk's welcome
    screen shows there (or after 20 s); None where weston-screenshooter is missing."""
    if not shutil.which("weston-screenshooter"):
        return None
    from PySide6.QtGui import QColor, QImage

    from kiosk.palette import CALM

    folder.mkdir()
    deadline = time.monotonic() + 20
    while True:
        for old in folder.glob("*.png"):
            old.unlink()
        subprocess.run(["weston-screenshooter"], cwd=folder, env=env, timeout=30, check=True, capture_output=True)
        image = QImage(str(next(folder.glob("*.png"))))
        assert (image.width(), image.height()) == (1280, 1024)
        pixels = [image.pixel(x, y) for x, y in CORNERS]
        if pixels == [QColor(CALM.background).rgb()] * len(CORNERS) or time.monotonic() > deadline:
            return pixels
        time.sleep(0.5)  # the compositor may not have shown the kiosk's first frame yet

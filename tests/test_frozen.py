"""The frozen build as IT gets it: built with build.spec, run off screen, packaged as a .deb and installed.

Slow (about two minutes), so it runs only with KIOSK_FROZEN_TESTS=1, as .ci/run sets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(os.environ.get("KIOSK_FROZEN_TESTS") != "1", reason="set KIOSK_FROZEN_TESTS=1 to build"),
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "smoke.py"), "--dist", str(folder)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test: passed" in result.stdout
    return folder


def test_frozen_build_passes_its_smoke_test_within_budget(dist: Path) -> None:
    assert (dist / "kiosk" / "_internal" / "content" / "si-joint-fusion" / "en" / "risks.md").is_file()
    assert not list((dist / "kiosk").rglob("textstat"))  # authoring tools stay out of the kiosk


def test_frozen_kiosk_knows_its_version(dist: Path) -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    result = subprocess.run(
        [str(dist / "kiosk" / "kiosk"), "--version"], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout) == (0, f"kiosk {declared}\n"), result.stderr


@pytest.mark.skipif(shutil.which("dpkg-deb") is None or os.geteuid() != 0, reason="needs dpkg and root")
def test_deb_installs_runs_and_purges(dist: Path, tmp_path: Path) -> None:
    script = REPO / "packaging" / "linux" / "build_deb.py"
    build = subprocess.run(
        [sys.executable, str(script), "--dist", str(dist / "kiosk"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    deb = Path(build.stdout.strip())
    subprocess.run(["dpkg", "--purge", "si-kiosk"], capture_output=True)  # a leftover from an aborted run
    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    depends = fields.split("Depends: ", 1)[1].split("\n", 1)[0]
    # What the bundled plug-ins load (derived from ldd at build time), and the font for the kiosk's symbols.
    for package in ("libwayland-cursor0", "libwayland-egl1", "libwayland-client0", "fonts-dejavu-core", "libegl1"):
        assert package in depends, depends
    size_kb = int(fields.split("Installed-Size: ", 1)[1].split("\n", 1)[0])
    assert size_kb < 1.1 * sum(p.stat().st_size for p in (dist / "kiosk").rglob("*") if p.is_file()) / 1024
    try:
        # apt, not dpkg -i: it installs the Depends too, as IT's `apt install ./si-kiosk.deb` does.
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", str(deb)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=600,
        )
        assert not Path("/usr/share/si-kiosk/si-kiosk.desktop").exists()  # used by nothing: not shipped
        assert Path("/etc/xdg/kiosk/kiosk.toml").is_file()
        assert Path("/usr/lib/systemd/user/kiosk.service").is_file()
        assert Path("/opt/si-kiosk/docs/deployment.md").is_file()  # where README and the messages point
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
        result = subprocess.run(["kiosk", "self-test"], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "drawn in 2 language(s); OK" in result.stdout
    finally:
        subprocess.run(["dpkg", "--purge", "si-kiosk"], capture_output=True, text=True, check=True)
    assert not Path("/opt/si-kiosk").exists()
    assert not Path("/etc/xdg/kiosk/kiosk.toml").exists()
    assert shutil.which("kiosk") is None or Path(shutil.which("kiosk") or "").resolve().parent != Path("/opt")


def test_frozen_build_shows_the_bundled_pictures(dist: Path, tmp_path: Path) -> None:
    """build.spec bundles all of content/ and keeps Qt's SVG plug-in: every bundled picture is drawn."""
    bundled = dist / "kiosk" / "_internal" / "content" / "si-joint-fusion" / "images"
    source = REPO / "content" / "si-joint-fusion" / "images"
    assert sorted(p.name for p in bundled.glob("*.svg")) == sorted(p.name for p in source.glob("*.svg"))
    assert len(list(source.glob("*.svg"))) >= 8  # the drawings of issue 14, in both languages
    assert list((dist / "kiosk").rglob("*qsvg*")), "the SVG image plug-in was left out"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[log]\ndir = "{tmp_path / "logs"}"\n', "utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path), "KIOSK_CONFIG": str(config)}
    result = subprocess.run(
        [str(dist / "kiosk" / "kiosk"), "self-test"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shown = int(result.stdout.split(" picture(s) shown")[0].rsplit(" ", 1)[-1])
    assert shown >= 8 and "could not be shown" not in result.stdout

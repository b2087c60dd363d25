"""The frozen build as IT gets it: built with build.spec, run off screen, packaged as a .deb and installed.

Slow (about two minutes), so it runs only with KIOSK_FROZEN_TESTS=1, as .ci/run sets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    assert (dist / "kiosk" / "_internal" / "content" / "en" / "risks.md").is_file()
    assert not list((dist / "kiosk").rglob("textstat"))  # authoring tools stay out of the kiosk


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
    try:
        subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True, check=True)
        assert Path("/etc/xdg/kiosk/kiosk.toml").is_file()
        assert Path("/usr/lib/systemd/user/kiosk.service").is_file()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
        result = subprocess.run(["kiosk", "self-test"], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "drawn in 2 language(s); OK" in result.stdout
    finally:
        subprocess.run(["dpkg", "--purge", "si-kiosk"], capture_output=True, text=True, check=True)
    assert not Path("/opt/si-kiosk").exists()
    assert not Path("/etc/xdg/kiosk/kiosk.toml").exists()
    assert shutil.which("kiosk") is None or Path(shutil.which("kiosk") or "").resolve().parent != Path("/opt")

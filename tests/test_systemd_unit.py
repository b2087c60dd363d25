"""The packaged systemd user unit: valid on Debian 12's systemd 252 and newer, restarting as documented."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

UNIT = REPO / "packaging" / "linux" / "kiosk.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text("utf-8"))
    return parser["Service"]


def test_only_keys_systemd_252_knows() -> None:
    lines = [line for line in UNIT.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    keys = {line.split("=")[0].strip() for line in lines if "=" in line}
    assert not keys & {"RestartSteps", "RestartMaxDelaySec"}  # systemd 254+: unknown keys on Debian 12


def test_restarts_after_a_stop_from_outside_but_not_after_staff_leave() -> None:
    unit = service()
    assert unit["Restart"] == "always"  # on-failure would not restart after a stray SIGTERM (the kiosk exits 143)
    assert set(unit["RestartPreventExitStatus"].split()) == {"0", "3"}
    assert set(unit["SuccessExitStatus"].split()) == {"143", "130"}  # what the kiosk exits with on SIGTERM/SIGINT


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_finds_nothing(tmp_path: Path) -> None:
    # The program is not installed here: point the unit at one that exists, so only the unit itself is judged.
    unit = tmp_path / "kiosk.service"
    unit.write_text(UNIT.read_text("utf-8").replace("/opt/si-kiosk/kiosk", shutil.which("true") or "/bin/true"))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr

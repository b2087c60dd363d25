"""docs/deployment.md read as IT follows it: in order, true on Debian 12, and runnable as written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

GUIDE = (REPO / "docs" / "deployment.md").read_text("utf-8")


def test_the_kiosk_user_is_made_before_it_is_used() -> None:
    made = GUIDE.index("sudo adduser --disabled-password")
    uses = [match.start() for match in re.finditer(r"-o kiosk|chown kiosk|sudo -u kiosk", GUIDE)]
    assert uses and min(uses) > made


def test_powershell_runs_the_scripts_under_the_default_execution_policy() -> None:
    calls = re.findall(r"^.*check-content\.ps1.*$", GUIDE, re.MULTILINE)
    typed = [line for line in calls if "-Folder" in line]
    assert typed and all("-ExecutionPolicy Bypass -File" in line for line in typed)


def test_no_windows_powershell_only_commands() -> None:
    assert "Get-WmiObject" not in GUIDE  # gone from PowerShell 7; Get-CimInstance works in both


def test_rule_references_point_at_the_rule_they_mean() -> None:
    rules = GUIDE[GUIDE.index("Rules that save time:") :]
    bom_rule = re.search(r"^(\d)\. Save as \*\*UTF-8\*\*", rules, re.MULTILINE)
    assert bom_rule is not None
    assert f'saved "with BOM" fails at line 1 (1.2, rule {bom_rule.group(1)})' in GUIDE


def test_linux_has_an_uninstall_and_rollback_section() -> None:
    section = GUIDE[GUIDE.index("### 2.10 Uninstall and roll back") :].split("\n## ", 1)[0]
    for needed in ("--allow-downgrades", "apt purge si-kiosk", "kiosk-cage.service", "deluser --remove-home"):
        assert needed in section


def cage_unit() -> str:
    block = GUIDE.split("/etc/systemd/system/kiosk-cage.service", 1)[1].split("```ini", 1)[1].split("```", 1)[0]
    return "\n".join(line.removeprefix("   ") for line in block.splitlines())


def test_the_cage_unit_uses_no_keys_newer_than_debian_12() -> None:
    keys = {line.split("=")[0] for line in cage_unit().splitlines() if "=" in line and not line.startswith("#")}
    assert not keys & {"RestartSteps", "RestartMaxDelaySec"}


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_cage_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    true = shutil.which("true") or "/bin/true"
    unit = tmp_path / "kiosk-cage.service"
    unit.write_text(re.sub(r"ExecStart=.*", f"ExecStart={true}", cage_unit()).replace("User=kiosk", "User=root"))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "kiosk-cage.service" not in result.stderr, result.stderr

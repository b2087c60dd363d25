"""docs/deployment.md read as IT follows it: in order, true on Debian 12, and runnable as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging" / "linux"))
from build_deb import SESSION_FILES

GUIDE = (REPO / "docs" / "deployment.md").read_text("utf-8")


def test_the_kiosk_user_is_made_before_it_is_used() -> None:
    made = GUIDE.index("sudo si-kiosk-enable-session")  # it makes the user (packaging/linux)
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


def test_the_guide_names_the_packaged_session_and_installs_what_its_pam_file_loads() -> None:
    names = {Path(path).name for path in SESSION_FILES.values()}
    assert {"kiosk-cage.service", "kiosk-cage", "si-kiosk-enable-session"} <= names
    section = GUIDE[GUIDE.index("### 2.3 The kiosk user and cage") : GUIDE.index("### 2.4")]
    assert "sudo si-kiosk-enable-session" in section and "/etc/pam.d/kiosk-cage" in section
    install = section.split("```sh", 1)[1].split("```", 1)[0]
    assert "cage" in install.split()
    pam = (REPO / "packaging" / "linux" / "kiosk-cage.pam").read_text("utf-8")
    if "pam_systemd.so" in pam:  # Debian's libpam-systemd; a Recommends only, so the guide must name it
        assert "libpam-systemd" in install.split()
    assert "```ini" not in section  # the unit is packaged: nothing to paste

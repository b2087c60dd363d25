"""docs/deployment.md read as IT follows it: in order, true on Debian 12, and runnable as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

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
    utf8_rule = re.search(r"^(\d)\. Save as \*\*UTF-8\*\*", rules, re.MULTILINE)
    assert utf8_rule is not None
    assert f"saved as UTF-16 or in the ANSI code page\n(1.2, rule {utf8_rule.group(1)})" in GUIDE


def test_what_the_guide_says_about_encodings_is_what_the_kiosk_does(tmp_path: Path) -> None:
    from kiosk.config import load_config

    rule = GUIDE[GUIDE.index("4. Save as **UTF-8**") :].split("\n5. ", 1)[0]
    assert "with or without a BOM: the kiosk reads both" in rule and "Not UTF-16" in rule
    text = 'clinic_name = "Clínica"\n'
    for name, data in (("bom", b"\xef\xbb\xbf" + text.encode()), ("plain", text.encode())):
        (tmp_path / name).write_bytes(data)
        config, issues = load_config([tmp_path / name])
        assert issues == [] and config.clinic_name == "Clínica"
    for name, data in (("utf16", text.encode("utf-16")), ("ansi", text.encode("cp1252"))):
        (tmp_path / name).write_bytes(data)
        _, issues = load_config([tmp_path / name])
        assert "file is not UTF-8 text" in str(issues[0])
    assert "`file is not UTF-8 text` means" in GUIDE


def test_every_heartbeat_field_and_state_is_documented(tmp_path: Path) -> None:
    from kiosk.heartbeat import write_heartbeat

    section = GUIDE[GUIDE.index("### 4.3 Logs, heartbeat") : GUIDE.index("### 4.4")]
    documented = set(re.findall(r"^\| `(\w+)`(?:, `(\w+)`)? \|", section, re.MULTILINE))
    fields = {name for pair in documented for name in pair if name}
    # What kiosk/ui/app.py adds to every beat: what is shown and the start fallback always, the content source
    # when there is one.
    extra: dict[str, object] = {
        "content_folder": None,
        "library_version": "",
        "content_source": {},
        "start_fallback": None,
    }
    write_heartbeat(tmp_path / "heartbeat.json", "welcome", "1", extra=extra)
    written = set(json.loads((tmp_path / "heartbeat.json").read_text("utf-8")))
    assert written - {"rss_mb", "peak_rss_mb"} <= fields and {"rss_mb", "peak_rss_mb"} <= fields
    window = (REPO / "kiosk" / "ui" / "window.py").read_text("utf-8")
    states = set(re.findall(r'"(\w+)"', window[window.index("def state(") :].split("\n    def ", 1)[0]))
    app = (REPO / "kiosk" / "ui" / "app.py").read_text("utf-8")
    states |= set(re.findall(r'beat\("(\w+)"\)', app))
    assert "stopped" in states and "reading" in states
    state_row = next(line for line in section.splitlines() if line.startswith("| `state` |"))
    assert all(f"`{state}`" in state_row for state in states)


def test_the_command_line_reference_lists_every_command() -> None:
    import argparse

    from kiosk.cli import build_parser

    reference = GUIDE[GUIDE.index("### Command line") : GUIDE.index("### Where the kiosk looks")]
    verbs = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert len(verbs) >= 9
    assert [verb for verb in verbs if f"| `kiosk {verb}" not in reference] == []


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


@pytest.mark.skipif(shutil.which("rsync") is None, reason="needs rsync")
def test_the_linux_copy_script_switches_whole_releases_in_one_rename(tmp_path: Path) -> None:
    from kiosk.library import load_library

    copying = GUIDE[GUIDE.index("**Never let a kiosk read a folder while it is being copied.**") :]
    assert "Robocopy (and Explorer) write each file in\nplace" in copying
    script = textwrap.dedent(copying.split("```sh\n", 1)[1].split("```", 1)[0])
    assert script.startswith("#!/bin/sh\nset -eu\n") and "mv -T content.new content" in script
    share, home = tmp_path / "share", tmp_path / "srv"
    home.mkdir()
    script = script.replace("/mnt/kiosk-share/content-live", str(share)).replace("/srv/kiosk", str(home))
    (tmp_path / "copy").write_text(script, "utf-8")
    shutil.copytree(REPO / "content" / "si-joint-fusion", share)

    def run() -> list[str]:
        subprocess.run(["sh", str(tmp_path / "copy")], check=True, timeout=60)
        return sorted(path.name for path in home.glob("release-*"))

    first = run()
    assert len(first) == 1 and (home / "content").resolve() == home / first[0]
    assert not load_library(home / "content").has_errors
    assert run() == first  # nothing new: no switch
    for text in ("second", "third"):
        time.sleep(1.1)  # release folders are named to the second
        (share / "en" / "risks.md").write_text(text, "utf-8")
        releases = run()
    assert len(releases) == 2 and first[0] not in releases  # this release and the one before
    assert (home / "content" / "en" / "risks.md").read_text("utf-8") == "third"
    assert (home / releases[0] / "en" / "risks.md").read_text("utf-8") == "second"

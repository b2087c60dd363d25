"""What IT reads when kiosk.toml is wrong: problems in the file's order, what to do, and which key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.errors import Severity
from kiosk.startup import load_settings


def test_problems_come_in_the_files_order(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[log]\nlevel = "loud"\n\n[idle]\ntimeout_s = 5\n\n[display]\ndpi = -3\n\n[content]\ncheck_minutes = 0\n',
        "utf-8",
    )
    _, issues = load_config([path])
    lines = [issue.line or 0 for issue in issues]
    assert len(lines) == 4 and lines == sorted(lines)  # not the schema's order


def test_an_unreadable_file_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[idle]\n", "utf-8")

    def refused(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refused)
    _, issues = load_config([path])
    assert "may not read it" in issues[0].message and "read access" in issues[0].message


def test_a_content_folder_that_is_not_there_names_its_key_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    path = tmp_path / "kiosk.toml"
    path.write_text('[idle]\ntimeout_s = 60\n\n[content]\ndir = "clinic-pages"\n', "utf-8")
    settings = load_settings(path, None)
    assert settings.content_dir == tmp_path / "clinic-pages"
    (issue,) = settings.issues
    assert (issue.path, issue.line, issue.severity) == (path, 5, Severity.WARNING)
    assert issue.message.startswith(f"[content] dir: {tmp_path / 'clinic-pages'} does not exist")
    (tmp_path / "clinic-pages").mkdir()
    assert load_settings(path, None).issues == []
    assert load_settings(path, tmp_path / "elsewhere").issues == []  # --content chose another folder

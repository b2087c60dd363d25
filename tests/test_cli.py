"""The command line, run as IT and staff run it: check, snapshot, self-test, start-up measurement."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.conftest import BUNDLED, PAGE_IDS, REPO, PackFactory, page_text


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=120,
    )


def test_version_is_pyproject_s() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    result = kiosk("--version")
    assert (result.returncode, result.stdout) == (0, f"kiosk {declared}\n"), result.stderr


def test_check_passes_on_the_bundled_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(BUNDLED)]) == 0  # what staff run before publishing
    out, err = capsys.readouterr()
    assert all(": info: " in line for line in out.splitlines())  # reading scores only
    assert "12 page(s) in 2 language(s); 0 error(s), 0 warning(s)" in err


def test_check_names_every_problem_with_file_and_line(
    make_pack: PackFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack(
        {"good": "Fine. See [nowhere](nowhere.md).\n\n![No alt](images/missing.png)"},
        raw={"bad.md": b"\xff\xfe junk", "typo.md": page_text(sorces="x")},
        order=["good", "bad", "typo", "absent"],
    )
    (root / "pack.toml").write_text((root / "pack.toml").read_text() + 'colour = "blue"\n', "utf-8")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = [
        f"{root / 'pack.toml'}:5: error: unknown key 'colour'",
        f"{root / 'en' / 'bad.md'}:1: error: file is not UTF-8",
        f"{root / 'en' / 'typo.md'}:8: error: unknown front-matter key 'sorces' (did you mean 'sources'?)",
        f"{root / 'en' / 'absent.md'}: error: page 'absent' is missing",
        f"{root / 'en' / 'good.md'}:9: warning: link 'nowhere.md'",
        f"{root / 'en' / 'good.md'}:11: error: image 'images/missing.png' cannot be shown: it does not exist",
    ]
    for line in expected:
        assert any(printed.startswith(line) for printed in out), f"{line}\nnot in\n" + "\n".join(out)


def test_check_strict_fails_on_warnings(make_pack: PackFactory) -> None:
    root = make_pack({"one": "[x](missing.md)"})
    assert main(["check", str(root)]) == 0
    assert main(["check", "--strict", str(root)]) == 1


def test_check_reports_a_broken_config_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[display]\ncap_hieght_mm = 7\n", "utf-8")
    assert main(["check", "--config", str(config), str(BUNDLED)]) == 1
    said = capsys.readouterr()
    assert f"{config}:2: error: unknown key 'display.cap_hieght_mm'" in said.out
    # Counted as the settings' own, not the content's: the pack itself is clean.
    assert f"{config}: 1 error(s), 0 warning(s)" in said.err and "; 0 error(s), 0 warning(s)" in said.err


def test_self_test_passes_on_the_bundled_pack() -> None:
    result = kiosk("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "24 page(s) of 2 topic(s) drawn in 2 language(s); OK" in result.stdout


def test_self_test_fails_on_a_broken_pack(make_pack: PackFactory) -> None:
    root = make_pack({"one": "x"}, order=["one", "absent"])
    result = kiosk("self-test", "--content", str(root))
    assert result.returncode == 1
    assert "page 'absent' is missing" in result.stdout


def test_snapshot_writes_one_png_per_page(tmp_path: Path) -> None:
    result = kiosk("snapshot", "--out", str(tmp_path), "--size", "1280x1024")
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png"))
    expected = [
        f"{topic}/{lang}-{i + 1:02d}-{pid}.png"
        for topic in ("si-joint-fusion", "si-joint-injection")
        for lang in ("en", "es")
        for i, pid in enumerate(PAGE_IDS)
    ]  # a library's pages go into a folder per topic (both bundled topics have the usual six tabs)
    assert names == sorted(["welcome-en.png", "welcome-es.png", *expected])
    assert all(p.stat().st_size > 10_000 for p in tmp_path.rglob("*.png"))


def test_snapshot_of_every_theme_and_size_goes_into_folders(tmp_path: Path) -> None:
    result = kiosk("snapshot", "--out", str(tmp_path), "--size", "1280x1024", "--all")
    assert result.returncode == 0, result.stderr
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["calm-100", "calm-200", "contrast-100", "contrast-200"]
    assert all(len(list((tmp_path / f).rglob("*.png"))) == 26 for f in folders)


def test_snapshot_rejects_an_unknown_theme(tmp_path: Path) -> None:
    result = kiosk("snapshot", "--out", str(tmp_path), "--themes", "neon")
    assert result.returncode == 1
    assert "unknown theme or text size: neon" in result.stderr


def test_snapshot_rejects_a_bad_size(tmp_path: Path) -> None:
    result = kiosk("snapshot", "--out", str(tmp_path), "--size", "huge")
    assert result.returncode == 2
    assert "size must look like 1920x1080" in result.stderr


def test_exit_after_first_paint(tmp_path: Path) -> None:
    result = kiosk("--exit-after-first-paint", "--windowed", env={"XDG_STATE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "first frame painted" in result.stdout


def test_runs_with_a_missing_content_folder_and_logs_why(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[content]\ndir = "nowhere"\n[log]\ndir = "{tmp_path / "logs"}"\n', "utf-8")
    result = kiosk("--config", str(config), "--exit-after-first-paint")
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "logs" / "kiosk.log").read_text("utf-8")
    assert "content folder does not exist" in log
    assert "showing the resting screen" in log


def hash_pin(pin: str) -> subprocess.CompletedProcess[str]:
    """`kiosk hash-pin` with the PIN piped in, as IT's scripts run it."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hash-pin"],
        input=f"{pin}\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def test_hash_pin_prints_a_line_that_config_accepts(tmp_path: Path) -> None:
    result = hash_pin("135790")
    assert result.returncode == 0, result.stderr
    assert "under [staff]" in result.stderr
    line = result.stdout.strip()
    assert line.startswith('pin_hash = "pbkdf2_sha256$600000$') and "135790" not in line
    config = tmp_path / "kiosk.toml"
    config.write_text(f"[staff]\n{line}\n", "utf-8")
    assert main(["check", "--config", str(config), str(BUNDLED)]) == 0


def test_hash_pin_refuses_a_pin_that_is_not_digits() -> None:
    result = hash_pin("abcd")
    assert result.returncode == 1
    assert result.stdout == ""

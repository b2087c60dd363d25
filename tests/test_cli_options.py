"""Global options (--config, --content) work before and after the verb, for every verb that reads them."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.analytics import FILE_NAME
from kiosk.cli import main
from kiosk.usagereport import CSV_COLUMNS
from tests.conftest import REPO, PackFactory
from tests.test_analytics import scripted_day


def placed(verb: list[str], options: list[str], before: bool) -> list[str]:
    return [*options, *verb] if before else [*verb, *options]


@pytest.fixture
def one_page_config(make_pack: PackFactory, tmp_path: Path) -> Path:
    """A kiosk.toml pointing at a one-page pack: a verb that used it says '1 page'; the machine-wide file (or
    the built-in defaults) would give the bundled 12."""
    root = make_pack({"only": "Only page."})
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[content]\ndir = "{root}"\n[analytics]\ndir = "{tmp_path / "stats"}"\n', "utf-8")
    return config


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_check_uses_the_config(one_page_config: Path, before: bool, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(placed(["check"], ["--config", str(one_page_config)], before)) == 0
    assert "1 page(s) in 1 language(s)" in capsys.readouterr().err


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_check_uses_the_content_option(
    make_pack: PackFactory, before: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"only": "Only page."})
    assert main(placed(["check"], ["--content", str(root)], before)) == 0
    assert "1 page(s) in 1 language(s)" in capsys.readouterr().err


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_stats_uses_the_config(
    one_page_config: Path, tmp_path: Path, before: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_day(tmp_path / "stats" / FILE_NAME)
    assert main(placed(["stats", "--since", "2026-11-01"], ["--config", str(one_page_config)], before)) == 0
    assert "8 visits since 2026-11-01" in capsys.readouterr().out


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_self_test_uses_the_config(one_page_config: Path, before: bool) -> None:
    result = kiosk(*placed(["self-test"], ["--config", str(one_page_config)], before))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 page(s) drawn in 1 language(s)" in result.stdout


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_snapshot_uses_the_config(one_page_config: Path, tmp_path: Path, before: bool) -> None:
    out = tmp_path / "shots"
    result = kiosk(*placed(["snapshot", "--out", str(out)], ["--config", str(one_page_config)], before))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(path.name for path in out.iterdir()) == ["en-01-only.png", "welcome-en.png"]


def test_run_uses_the_config(one_page_config: Path, tmp_path: Path) -> None:
    with one_page_config.open("a", encoding="utf-8") as handle:
        handle.write(f'[log]\ndir = "{tmp_path / "logs"}"\n')
    result = kiosk("--config", str(one_page_config), "--windowed", "--exit-after-first-paint")
    assert result.returncode == 0, result.stderr
    assert "(en: 1 pages)" in (tmp_path / "logs" / "kiosk.log").read_text("utf-8")


def test_stats_on_a_new_kiosk_is_a_report_of_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nightly exports must not fail on a machine that has had no visit yet."""
    out = tmp_path / "usage.csv"
    assert main(["stats", "--csv", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 0 row(s) to {out}\n"
    with out.open(newline="") as handle:
        assert list(csv.reader(handle)) == [list(CSV_COLUMNS)]


def test_help_says_what_csv_snapshot_out_and_size_do(capsys: pytest.CaptureFixture[str]) -> None:
    helps = {}
    for command in ("stats", "snapshot"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        helps[command] = " ".join(capsys.readouterr().out.split())
    assert "to FILE (CSV), instead of the summary" in helps["stats"] and "also write" not in helps["stats"]
    assert "--out DIR folder for the PNG files" in helps["snapshot"]
    assert "--size WxH window size in pixels (default: 1920x1080)" in helps["snapshot"]


def test_stats_with_no_visits_says_no_page_views_instead_of_an_empty_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "0 visits since" in out and "Pages: no page views yet" in out
    assert "Pages (views" not in out

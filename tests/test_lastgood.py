"""A kiosk.toml caught half-written at boot: the running kiosk starts on the last copy it could read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import lastgood
from kiosk.config import load_config
from kiosk.errors import Severity

GOOD = '[content]\ndir = "clinic-pages"\n\n[idle]\ntimeout_s = 300\n'


@pytest.mark.parametrize(
    "broken",
    [
        GOOD[:20],  # cut mid-string: "not valid TOML: Unterminated string"
        GOOD + GOOD,  # written twice: "Cannot declare ('content',) twice"
        b"\xff\xfe[\x00c\x00",  # saved as UTF-16
        "",  # emptied, as a tool replacing the file does first
        "\n  \n",
    ],
    ids=["half-written", "doubled", "not UTF-8", "empty", "blank"],
)
def test_an_unreadable_file_runs_on_its_last_good_copy(tmp_path: Path, broken: str | bytes) -> None:
    config_file, store = tmp_path / "kiosk.toml", tmp_path / "state"
    config_file.write_text(GOOD, "utf-8")
    first, issues = load_config([config_file], last_good=store)
    assert issues == [] and first.idle.timeout_s == 300
    assert (store / lastgood.COPY_FILE).read_text("utf-8") == GOOD
    if isinstance(broken, bytes):
        config_file.write_bytes(broken)
    else:
        config_file.write_text(broken, "utf-8")
    config, issues = load_config([config_file], last_good=store)
    assert config.idle.timeout_s == 300
    assert config.content_dir() == tmp_path / "clinic-pages"  # relative to the file, as it was
    assert issues[0].is_error  # what is wrong with the file, as before
    note = issues[1]
    assert note.severity is Severity.WARNING and "last copy of this file that could be read" in note.message
    assert str(store) in note.message and "until it is fixed" in note.message
    assert (store / lastgood.COPY_FILE).read_text("utf-8") == GOOD  # the broken text never replaces it


def test_without_a_copy_or_for_another_file_it_is_the_defaults_as_before(tmp_path: Path) -> None:
    store = tmp_path / "state"
    one, other = tmp_path / "one.toml", tmp_path / "other.toml"
    other.write_text("[idle\n", "utf-8")
    config, issues = load_config([other], last_good=store)  # never read whole: nothing kept
    assert config.idle.timeout_s == 120 and "built-in defaults" in issues[-1].message
    one.write_text(GOOD, "utf-8")
    load_config([one], last_good=store)
    config, issues = load_config([other], last_good=store)  # the copy is of another file
    assert config.idle.timeout_s == 120 and "built-in defaults" in issues[-1].message


def test_only_the_running_kiosk_keeps_a_copy_and_only_when_it_changed(tmp_path: Path) -> None:
    config_file, store = tmp_path / "kiosk.toml", tmp_path / "state"
    config_file.write_text(GOOD, "utf-8")
    load_config([config_file])  # `kiosk check`, `stats`...: no state written
    assert not store.exists()
    load_config([config_file], last_good=store)
    about = store / lastgood.ABOUT_FILE
    stamp = about.stat().st_mtime_ns
    load_config([config_file], last_good=store)
    assert about.stat().st_mtime_ns == stamp  # unchanged file: not written again
    config_file.write_text(GOOD.replace("300", "200"), "utf-8")
    config, _ = load_config([config_file], last_good=store)
    assert config.idle.timeout_s == 200 and "200" in (store / lastgood.COPY_FILE).read_text("utf-8")


def test_a_state_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(GOOD, "utf-8")
    blocked = tmp_path / "state"
    blocked.write_text("a file where the folder should be", "utf-8")
    config, issues = load_config([config_file], last_good=blocked)
    assert issues == [] and config.idle.timeout_s == 300

"""Crash-loop fallback: a pack that stops the kiosk before it is up is skipped after two such starts."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.startguard import FAILED_STARTS, RETRY_AGAIN_S, STATE_FILE, TEST_ABORT_ENV, StartGuard
from tests.conftest import BUNDLED, BUNDLED_LIBRARY, REPO, PackFactory


def guard(tmp_path: Path) -> StartGuard:
    return StartGuard(tmp_path / "state" / STATE_FILE)  # a new one per start, as each process makes its own


def test_a_pack_that_keeps_dying_is_skipped_for_the_last_good_one(make_pack: PackFactory, tmp_path: Path) -> None:
    good, bad = make_pack(name="good"), make_pack(name="bad")
    first = guard(tmp_path)
    assert first.choose(good, BUNDLED).folder == good
    first.survived(good)
    for _ in range(FAILED_STARTS):  # each of these processes dies before it marks anything
        assert guard(tmp_path).choose(bad, BUNDLED).folder == bad
    choice = guard(tmp_path).choose(bad, BUNDLED)
    assert choice.folder == good and choice.skipped == (bad,)
    assert f"{bad} stopped the kiosk before it was up 2 times in a row; showing {good} instead" in choice.note


def test_then_the_bundled_pack_then_the_resting_screen(make_pack: PackFactory, tmp_path: Path) -> None:
    bad = make_pack(name="bad")
    for _ in range(FAILED_STARTS):
        guard(tmp_path).choose(bad, BUNDLED)
    assert guard(tmp_path).choose(bad, BUNDLED).folder == BUNDLED
    guard(tmp_path).choose(bad, BUNDLED)  # the bundled pack dies too: once more and it is out of the running
    choice = guard(tmp_path).choose(bad, BUNDLED)
    assert choice.folder is None and choice.skipped == (bad, BUNDLED)
    assert "showing the resting screen" in choice.note


def test_a_skipped_pack_gets_one_more_try_once_the_fallback_runs_well(
    make_pack: PackFactory, tmp_path: Path
) -> None:
    """Two forced kills during start-up (taskkill /F, a power cut) look like a crashing pack: once the kiosk has
    run well on the bundled pack, the clinic's pack is shown again at once (or at the next start, if the kiosk
    stopped cleanly first). A pack that then fails again stays skipped until it is new or edited."""
    clinic = make_pack(name="clinic")
    for _ in range(FAILED_STARTS):  # killed from outside, twice, before the start proved good
        guard(tmp_path).choose(clinic, BUNDLED)
    fallback = guard(tmp_path)
    choice = fallback.choose(clinic, BUNDLED)
    assert choice.folder == BUNDLED and "tried once more when the kiosk has run well for 30 s" in choice.note
    assert fallback.survived(BUNDLED) == clinic  # to be shown again now
    fallback.begin(clinic)  # swapped in: counted first
    assert fallback.survived(clinic) is None  # it was the kills, not the pack: all is as before
    record = json.loads((tmp_path / "state" / STATE_FILE).read_text("utf-8"))
    assert record["retried"] == {} and record["attempts"] == {} and record["good"][0]["folder"] == str(clinic)
    assert guard(tmp_path).choose(clinic, BUNDLED).folder == clinic

    broken = make_pack(name="broken")
    for _ in range(FAILED_STARTS):
        guard(tmp_path).choose(broken, BUNDLED)
    fallback = guard(tmp_path)
    assert fallback.choose(broken, BUNDLED).folder == clinic  # the last good pack
    fallback.ended_cleanly()  # stopped before it had lasted: no verdict on the skipped pack
    fallback = guard(tmp_path)
    assert fallback.choose(broken, BUNDLED).folder == clinic
    fallback.survived(clinic)  # as at a clean exit after the first frame: the retry waits for the next start
    assert guard(tmp_path).choose(broken, BUNDLED).folder == broken  # its one more try: it dies again
    for _ in range(3):  # from now on skipped, however well the fallback runs
        fallback = guard(tmp_path)
        assert fallback.choose(broken, BUNDLED).folder == clinic
        assert fallback.survived(clinic) is None


def test_after_every_pack_was_skipped_the_resting_screen_lasting_brings_them_back(
    make_pack: PackFactory, tmp_path: Path
) -> None:
    """No kiosk.toml: the bundled pack is the only one. Two power blips at boot must not leave it on the resting
    screen for good (the bundled pack never changes, so "until new or edited" would be never)."""
    for _ in range(FAILED_STARTS):
        guard(tmp_path).choose(BUNDLED, BUNDLED)
    resting = guard(tmp_path)
    choice = resting.choose(BUNDLED, BUNDLED)
    assert choice.folder is None and choice.skipped == (BUNDLED,)
    assert resting.survived(None) == BUNDLED  # shown again now
    resting.begin(BUNDLED)
    assert resting.survived(BUNDLED) is None
    assert guard(tmp_path).choose(BUNDLED, BUNDLED).folder == BUNDLED

    for _ in range(FAILED_STARTS):  # it really is the pack: it dies on its retry too
        guard(tmp_path).choose(BUNDLED, BUNDLED)
    resting = guard(tmp_path)
    assert resting.choose(BUNDLED, BUNDLED).folder is None
    assert resting.survived(None) == BUNDLED
    resting.begin(BUNDLED)  # ... and the process dies here
    for _ in range(2):
        resting = guard(tmp_path)
        assert resting.choose(BUNDLED, BUNDLED).folder is None
        assert resting.survived(None) is None  # not again at once


def test_a_pack_that_failed_its_retry_is_tried_again_after_an_hour_of_good_running(tmp_path: Path) -> None:
    """Power flickering at boot: two cuts, then a third during the retry. The bundled pack never changes, so
    without a later try the kiosk would rest until the next software update."""
    now = [1_000_000.0]
    state = tmp_path / "state" / STATE_FILE

    def at_once() -> StartGuard:
        return StartGuard(state, clock=lambda: now[0])

    for _ in range(FAILED_STARTS):
        at_once().choose(BUNDLED, BUNDLED)
    first = at_once()
    assert first.choose(BUNDLED, BUNDLED).folder is None
    assert first.survived(None) == BUNDLED
    first.begin(BUNDLED)  # the third cut, during the retry
    resting = at_once()
    assert resting.choose(BUNDLED, BUNDLED).folder is None
    assert resting.survived(None) is None
    assert resting.next_retry_in() == pytest.approx(RETRY_AGAIN_S)
    now[0] += RETRY_AGAIN_S - 60
    assert resting.retry_due() is None and resting.next_retry_in() == pytest.approx(60)
    now[0] += 61
    assert resting.retry_due() == BUNDLED  # an hour of good running: tried again
    resting.begin(BUNDLED)
    assert resting.survived(BUNDLED) is None and resting.next_retry_in() is None
    assert json.loads(state.read_text("utf-8"))["good"][0]["folder"] == str(BUNDLED)


def test_records_from_before_retry_times_were_kept_still_read(tmp_path: Path) -> None:
    state = tmp_path / "state" / STATE_FILE
    state.parent.mkdir()
    key = "/somewhere#1-2-3"
    state.write_text(json.dumps({"attempts": {key: 2}, "good": [], "retried": [key]}), "utf-8")
    assert StartGuard(state)._state.retried == {key: 0.0}  # long ago: due


def test_a_good_start_clears_the_count_and_an_edited_pack_is_tried_again(
    make_pack: PackFactory, tmp_path: Path
) -> None:
    pack = make_pack()
    guard(tmp_path).choose(pack, BUNDLED)  # a power cut during a start
    again = guard(tmp_path)
    assert again.choose(pack, BUNDLED).folder == pack
    again.survived(pack)
    for _ in range(FAILED_STARTS):
        guard(tmp_path).choose(pack, BUNDLED)
    assert guard(tmp_path).choose(pack, BUNDLED).folder == BUNDLED
    (pack / "en" / "one.md").write_text("---\ntitle: Fixed\n---\nFixed.\n", "utf-8")  # staff fixed the page
    assert guard(tmp_path).choose(pack, BUNDLED).folder == pack


def test_a_clean_exit_before_the_first_frame_is_not_a_failure(make_pack: PackFactory, tmp_path: Path) -> None:
    pack = make_pack()
    for _ in range(FAILED_STARTS + 1):
        stopping = guard(tmp_path)
        assert stopping.choose(pack, BUNDLED).folder == pack
        stopping.ended_cleanly()


def test_an_unreadable_record_starts_afresh(make_pack: PackFactory, tmp_path: Path) -> None:
    state = tmp_path / "state" / STATE_FILE
    state.parent.mkdir()
    state.write_text('{"attempts": [1, 2', "utf-8")
    pack = make_pack()
    assert guard(tmp_path).choose(pack, BUNDLED).folder == pack
    assert json.loads(state.read_text("utf-8"))["good"] == []


def kiosk(config: Path, abort_on: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", TEST_ABORT_ENV: abort_on}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--windowed", "--exit-after-first-paint"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGABRT exit codes are POSIX")
def test_a_kiosk_killed_twice_by_a_pack_starts_on_the_previous_one(make_pack: PackFactory, tmp_path: Path) -> None:
    """The content source made pack 2 current; it aborts the process as it loads (the test-only hook)."""
    store = paths.default_data_dir() / "packs"
    logs = tmp_path / "logs"
    for name, version in (("pack-1", "1"), ("pack-2", "2")):
        folder = make_pack(name=name)
        (folder / "pack.toml").write_text(
            f'title = "Pack {version}"\nversion = "{version}"\ndefault_language = "en"\npages = ["one", "two"]\n'
        )
        shutil.copytree(folder, store / name)
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[content]\nsource = "{tmp_path / "share" / "manifest.json"}"\n[log]\ndir = "{logs}"\n'
        "[analytics]\nenabled = false\n",
        "utf-8",
    )
    (store / "current.txt").write_text("pack-1\n", "utf-8")
    assert kiosk(config).returncode == 0  # pack 1 runs well
    (store / "current.txt").write_text("pack-2\n", "utf-8")  # as the content source does with a new pack
    for _ in range(FAILED_STARTS):
        died = kiosk(config, abort_on="pack-2")
        assert died.returncode == -signal.SIGABRT, died.stderr[-2000:]
        assert "first frame painted" not in died.stdout
    third = kiosk(config, abort_on="pack-2")
    assert third.returncode == 0, third.stderr[-2000:]
    assert "first frame painted" in third.stdout
    log = (logs / "kiosk.log").read_text("utf-8")
    assert f"{store / 'pack-2'} stopped the kiosk before it was up 2 times in a row" in log
    assert f"content loaded from {store / 'pack-1'}" in log
    beat = json.loads((logs / "heartbeat.json").read_text("utf-8"))
    assert beat["pack_version"] == "1" and beat["content_folder"] == str(store / "pack-1")
    assert beat["start_fallback"]["shown"] == str(store / "pack-1")
    assert beat["start_fallback"]["skipped"] == [str(store / "pack-2")]

    # The start on pack 1 ended well (a clean exit after its first frame): pack 2 gets one more try, and dies.
    assert kiosk(config, abort_on="pack-2").returncode == -signal.SIGABRT
    shutil.rmtree(store / "pack-1")  # the content source pruned it: the bundled pack is next
    fourth = kiosk(config, abort_on="pack-2")
    assert fourth.returncode == 0, fourth.stderr[-2000:]
    assert f"content loaded from {BUNDLED_LIBRARY} topic si-joint-injection" in (logs / "kiosk.log").read_text(
        "utf-8"
    )

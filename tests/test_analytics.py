"""Anonymous usage statistics: a scripted day, the summary and CSV, broken files, and kills mid-write."""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import override

from kiosk import analytics
from kiosk.analytics import Recorder
from kiosk.cli import main
from kiosk.usagereport import export_csv, summarize
from tests.conftest import REPO

DAY = dt.datetime(2026, 11, 20, 8, 0)


def scripted_day(path: Path) -> None:
    """Eight visits on one morning: what the kiosk would see in a small clinic."""
    now = [DAY.timestamp()]
    recorder = Recorder(path, 365, clock=lambda: now[0])
    for visit in range(8):
        recorder.visit_started()
        for page, seconds in (("what-it-is", 45), ("risks", 90 + visit), ("recovery", 30)):
            recorder.page_shown(page, "es" if visit % 4 == 0 else "en")
            now[0] += seconds
        if visit % 2:
            recorder.feature_used("text_size", "125")
        recorder.visit_ended("idle" if visit % 3 else "start_over")
        now[0] += 600
    recorder.close()


def test_a_scripted_day_is_summarised(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    scripted_day(path)
    summary = summarize(path, today=DAY.date())
    assert summary.visits == 8
    assert summary.visits_per_day[-1] == ("2026-11-20", 8) and len(summary.visits_per_day) == 30
    assert summary.pages[0] == ("recovery", 8, 30.0) or summary.pages[0][1] == 8
    assert dict((p, (v, s)) for p, v, s in summary.pages)["risks"] == (8, 93.5)
    assert summary.features == [("text_size", 4)]
    assert dict(summary.endings) == {"idle": 5, "start_over": 3}


def test_csv_has_a_row_per_visit_and_page_view(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    scripted_day(path)
    out = tmp_path / "usage.csv"
    assert export_csv(path, out) == 8 + 24
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {
        "record": "visit",
        "visit": "1",
        "started": "2026-11-20T08:00",
        "ended_or_page": "2026-11-20T08:02",
        "ending_or_language": "start_over",
        "seconds": "",
        "pack_version": "",
        "first_try_right": "",
        "topic": "",
        "page_title": "",  # columns added later come last (tests/test_stats_names.py)
        "topic_title": "",
        "page_in_content": "",
    }
    assert rows[8]["record"] == "page_view" and rows[8]["seconds"] == "45"


def test_nothing_personal_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    scripted_day(path)
    with sqlite3.connect(path) as db:
        columns = {
            table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        times = [row[0] for row in db.execute("SELECT started FROM visits UNION SELECT started FROM page_views")]
    assert columns == {
        "visits": ["id", "started", "ended", "ending"],
        "page_views": ["id", "visit", "started", "page", "language", "seconds", "topic"],
        "features": ["id", "visit", "started", "feature", "value", "topic"],
        # Whether the first answer was right: never which answer was chosen.
        "quiz_answers": [
            "id",
            "visit",
            "started",
            "pack_version",
            "language",
            "question",
            "first_try_right",
            "topic",
        ],
    }
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", moment) for moment in times)  # minutes, no seconds


def test_old_records_are_purged(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    scripted_day(path)
    later = (DAY + dt.timedelta(days=40)).timestamp()
    recorder = Recorder(path, 30, clock=lambda: later)
    recorder.visit_started()  # retention counts back from the newest visit: this one
    recorder.visit_ended("idle")
    recorder.purge()  # the daily purge
    recorder.close()
    assert summarize(path, since=dt.date(2026, 1, 1), today=(DAY + dt.timedelta(days=40)).date()).visits == 1


def test_a_corrupt_file_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "usage.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    recorder = Recorder(path, 365)
    assert recorder.enabled
    recorder.visit_started()
    recorder.visit_ended("idle")
    recorder.close()
    assert summarize(path).visits == 1
    assert len(list(tmp_path.glob("usage.sqlite3.broken-*"))) == 1
    assert "moved to" in caplog.text


def test_an_unwritable_folder_turns_statistics_off(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    recorder = Recorder(blocker / "usage.sqlite3", 365)
    assert not recorder.enabled and "statistics are off" in recorder.problem
    recorder.visit_started()  # quietly does nothing
    recorder.visit_ended("idle")
    recorder.close()


WRITER = """
import sys, time
from pathlib import Path
import kiosk.analytics
from kiosk.analytics import Recorder
kiosk.analytics._BATCH_SECONDS = 0.005  # commit often, so kills land inside commits
recorder = Recorder(Path(sys.argv[1]), 365)
print("ready", flush=True)
while True:
    recorder.visit_started()
    for page in ("what-it-is", "risks", "recovery"):
        recorder.page_shown(page, "en")
    recorder.feature_used("listen")
    recorder.visit_ended("idle")
    time.sleep(0.0005)
"""


def test_the_file_survives_a_hundred_kills_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    rng = random.Random(7)
    kills = int(os.environ.get("KIOSK_KILL_ROUNDS", "100"))
    for _ in range(kills):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE)
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.12))  # somewhere inside a batch or its commit
        writer.kill()
        writer.wait()
        writer.stdout.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        visits = db.execute("SELECT count(*) FROM visits").fetchone()[0]
    assert visits > 0


def test_stats_command_prints_the_summary_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_day(tmp_path / "usage.sqlite3")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    assert main(["stats", "--config", str(config), "--since", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert "8 visits since 2026-11-01" in out
    assert "risks" in out and "text_size 4" in out
    assert main(["stats", "--config", str(config), "--since", "2026-11-01", "--csv", str(tmp_path / "o.csv")]) == 0
    printed = capsys.readouterr()
    rows = (tmp_path / "o.csv").read_text().splitlines()[1:]
    assert printed.out == f"wrote {len(rows)} row(s) to {tmp_path / 'o.csv'}\n" and printed.err == ""  # no report
    assert sum(row.startswith("page_view,") for row in rows) == 24


def test_stats_since_long_ago_shows_a_run_of_empty_days_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scripted_day(tmp_path / "usage.sqlite3")  # 8 visits, all on 2026-11-20
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    assert main(["stats", "--config", str(config), "--since", "2026-01-01"]) == 0
    days = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  2026-")]
    today = dt.date.today()
    assert days[:2] == ["  2026-01-01 to 2026-11-19: no visits", "  2026-11-20     8  ########"]
    after = (DAY.date() + dt.timedelta(days=1)).isoformat()
    if today.isoformat() > after:
        assert days[2:] == [f"  {after} to {today.isoformat()}: no visits"]
    elif today.isoformat() == after:
        assert days[2:] == [f"  {after}     0"]  # one empty day keeps its own line


def test_closing_wakes_the_writer_at_once(tmp_path: Path) -> None:
    """A stopping kiosk must not wait out the writer's batch timer (it did: 0.5 s on every exit)."""
    path = tmp_path / "usage.sqlite3"
    recorder = Recorder(path, 30)
    recorder.visit_started()
    recorder.page_shown("risks", "en")
    time.sleep(0.05)  # the writer is now inside its batch window, waiting for more
    began = time.perf_counter()
    recorder.visit_ended("shutdown")
    recorder.close()
    assert time.perf_counter() - began < 0.1
    with sqlite3.connect(path) as db:  # and everything queued was written
        assert db.execute("SELECT ending FROM visits").fetchall() == [("shutdown",)]
        assert db.execute("SELECT page FROM page_views").fetchall() == [("risks",)]


def twenty_visits(path: Path) -> None:
    recorder = Recorder(path, 365, clock=lambda: DAY.timestamp())
    for _ in range(20):
        recorder.visit_started()
        recorder.visit_ended("idle")
    recorder.close()


def test_a_locked_file_is_kept_and_statistics_are_off_for_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another program holding the file is not corruption: it was moved aside (20 visits became 0)."""
    path = tmp_path / "usage.sqlite3"
    twenty_visits(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO features (visit, started, feature, value) VALUES (0, '2026-11-20T08:00', 'x', '')")
    try:
        recorder = Recorder(path, 365, clock=lambda: DAY.timestamp())
        assert not recorder.enabled and "locked" in recorder.problem
        recorder.visit_started()  # quietly does nothing
        recorder.close()
        assert "attempt 3 of 3" in caplog.text  # retried before giving up
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(tmp_path.glob("*.broken-*")) == []
    assert summarize(path, today=DAY.date()).visits == 20


def test_a_full_disk_is_not_corruption_and_stats_read_the_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A start on a full disk left an empty file that `stats` and the staff view failed on ("no such table")."""
    path = tmp_path / "usage.sqlite3"
    connect = sqlite3.connect

    class FullDisk(sqlite3.Connection):
        @override
        def executescript(self, script: str) -> sqlite3.Cursor:
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(*args, **kwargs, factory=FullDisk))
    recorder = Recorder(path, 365)
    monkeypatch.undo()
    assert not recorder.enabled and "full" in recorder.problem
    recorder.close()
    assert path.exists() and list(tmp_path.glob("*.broken-*")) == []
    path.write_bytes(b"")  # what the full disk leaves behind
    assert summarize(path).visits == 0
    assert export_csv(path, tmp_path / "out.csv") == 0
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    assert main(["stats", "--config", str(config)]) == 0
    assert "0 visits since" in capsys.readouterr().out


def test_a_full_disk_is_named_and_statistics_start_again_once_there_is_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A full disk was logged as "disk I/O error" (what SQLite says in WAL mode) and statistics stayed off for
    the rest of the run after space was freed; visits while it is full may be lost, the file never."""
    path = tmp_path / "usage.sqlite3"
    twenty_visits(path)
    now = [DAY.timestamp()]
    disk_full = [True]
    connect = sqlite3.connect

    class FullDisk(sqlite3.Connection):
        @override
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if disk_full[0] and sql.startswith("PRAGMA journal_mode"):
                raise sqlite3.OperationalError("disk I/O error")
            return super().execute(sql, *args)

    free = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(*args, **kwargs, factory=FullDisk))
    monkeypatch.setattr(
        shutil, "disk_usage", lambda folder: free._replace(free=4096 if disk_full[0] else free.free)
    )
    recorder = Recorder(path, 365, clock=lambda: now[0])
    assert not recorder.enabled and "the disk is full (disk I/O error)" in recorder.problem
    assert "the disk is full (disk I/O error) (attempt 1 of 3)" in caplog.text
    recorder.visit_started()
    recorder.visit_ended("idle")  # lost: the disk is full, and no try yet
    disk_full[0] = False  # space freed
    now[0] += 60
    recorder.visit_started()
    recorder.visit_ended("idle")  # lost: tried again only every few minutes
    assert not recorder.enabled
    now[0] += analytics.RETRY_SECONDS
    recorder.visit_started()
    recorder.visit_ended("idle")  # this visit's end tries again, and the file opens
    assert recorder.enabled and recorder.problem == ""
    recorder.visit_started()
    recorder.visit_ended("start_over")
    recorder.close()
    assert list(tmp_path.glob("*.broken-*")) == []
    assert summarize(path, today=DAY.date()).visits == 21  # the twenty before, and the one after


def test_a_clock_jumped_ahead_does_not_purge_everything(tmp_path: Path) -> None:
    """One start with the clock two years ahead deleted every row; retention counts back from the newest visit."""
    path = tmp_path / "usage.sqlite3"
    scripted_day(path)
    ahead = (DAY + dt.timedelta(days=730)).timestamp()
    Recorder(path, 30, clock=lambda: ahead).close()
    assert summarize(path, today=DAY.date()).visits == 8


OLD_SCHEMA = """
CREATE TABLE visits (id INTEGER PRIMARY KEY, started TEXT NOT NULL, ended TEXT, ending TEXT);
CREATE TABLE page_views (id INTEGER PRIMARY KEY, visit INTEGER, started TEXT NOT NULL,
    page TEXT NOT NULL, language TEXT NOT NULL, seconds INTEGER NOT NULL);
CREATE TABLE features (id INTEGER PRIMARY KEY, visit INTEGER, started TEXT NOT NULL,
    feature TEXT NOT NULL, value TEXT NOT NULL);
INSERT INTO visits VALUES (1, '2026-11-20T08:00', '2026-11-20T08:02', 'idle');
INSERT INTO page_views VALUES (1, 1, '2026-11-20T08:00', 'risks', 'en', 30);
"""


def test_a_file_of_an_older_kiosk_gains_the_topic_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "usage.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
    read_only = summarize(path, today=dt.date(2026, 11, 30))  # `kiosk stats` never writes: read as it is
    assert read_only.pages == [("risks", 1, 30.0)] and read_only.topics == [("", 1, 1, 0, 0, 0)]
    recorder = Recorder(path, 365, clock=lambda: dt.datetime(2026, 11, 21, 9).timestamp())
    recorder.topic = "si-joint-injection"
    recorder.visit_started()
    recorder.page_shown("risks", "es")
    recorder.visit_ended("idle")
    recorder.close()
    summary = summarize(path, today=dt.date(2026, 11, 30))
    assert {page for page, _, _ in summary.pages} == {"risks", "si-joint-injection/risks"}
    assert [row[:3] for row in summary.topics] == [("", 1, 1), ("si-joint-injection", 1, 1)]
    out = tmp_path / "usage.csv"
    export_csv(path, out)
    with out.open() as handle:
        topics = [row["topic"] for row in csv.DictReader(handle) if row["record"] == "page_view"]
    assert topics == ["", "si-joint-injection"]

"""Reading the usage statistics file for staff: the summary (staff mode, `kiosk stats`) and the CSV export.

The file is opened read-only, so reading it never changes what the kiosk records (kiosk/analytics.py writes it).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.analytics import SCHEMA, TOPIC_TABLES, table_columns

if TYPE_CHECKING:
    from kiosk.pagenames import ContentNames

# Quiz figures are per pack version; in a library, per topic and version ("si-joint-fusion 2026.11.1").
QUIZ_VERSION = "CASE WHEN topic = '' THEN pack_version ELSE topic || ' ' || pack_version END"


@dataclass(slots=True)
class Summary:
    """What staff see of the statistics: visits per day, pages, reading aids, endings, quiz answers, topics."""

    visits_per_day: list[tuple[str, int]] = field(default_factory=list)  # last 30 days, oldest first
    pages: list[tuple[str, int, float]] = field(default_factory=list)  # page, views, median seconds
    features: list[tuple[str, int]] = field(default_factory=list)
    endings: list[tuple[str, int]] = field(default_factory=list)
    visits: int = 0
    # pack version, question (from 1), times answered, times right the first time; newest version first
    quiz: list[tuple[str, int, int, int]] = field(default_factory=list)
    # A library of topics: per topic, visits that opened it, page views, "what matters" opened, quiz answers and
    # how many were right the first time ('' is a single pack's)
    topics: list[tuple[str, int, int, int, int, int]] = field(default_factory=list)


def _read_only(path: Path) -> closing[sqlite3.Connection]:
    """The file opened for reading, with an empty stand-in for each table it lacks: a file left empty by a start
    on a full disk, or made by an older kiosk, reads as "nothing recorded" instead of "no such table"."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    try:
        present = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for statement in SCHEMA.split(";"):
            words = statement.split()
            if words[:2] == ["CREATE", "TABLE"] and words[5] not in present:  # CREATE TABLE IF NOT EXISTS name
                db.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
        for table in TOPIC_TABLES:  # a file of an older kiosk, never written to here: its rows had no topic
            if table in present and "topic" not in table_columns(db, table):
                db.execute(f"CREATE TEMP VIEW {table} AS SELECT *, '' AS topic FROM main.{table}")
    except sqlite3.Error:
        db.close()
        raise
    return closing(db)


def summarize(path: Path, since: dt.date | None = None, today: dt.date | None = None) -> Summary:
    today = today or dt.date.today()
    since = since or today - dt.timedelta(days=29)
    summary = Summary()
    days = [(since + dt.timedelta(days=n)).isoformat() for n in range((today - since).days + 1)]
    summary.visits_per_day = [(day, 0) for day in days]
    if not path.exists():
        return summary
    with _read_only(path) as db:
        start = since.isoformat()
        counts = dict(
            db.execute(
                "SELECT substr(started, 1, 10), count(*) FROM visits WHERE started >= ? GROUP BY 1", (start,)
            ).fetchall()
        )
        summary.visits_per_day = [(day, counts.get(day, 0)) for day in days]
        summary.visits = sum(counts.values())
        import statistics  # with its imports about 1 MB: only staff's summary needs it

        seconds: dict[str, list[int]] = {}
        for topic, page, spent in db.execute(
            "SELECT topic, page, seconds FROM page_views WHERE started >= ?", (start,)
        ):
            seconds.setdefault(f"{topic}/{page}" if topic else page, []).append(spent)
        summary.pages = sorted(
            ((page, len(times), float(statistics.median(times))) for page, times in seconds.items()),
            key=lambda row: (-row[1], row[0]),
        )
        summary.features = db.execute(
            "SELECT feature, count(*) FROM features WHERE started >= ? GROUP BY 1 ORDER BY 2 DESC, 1", (start,)
        ).fetchall()
        summary.endings = db.execute(
            "SELECT ending, count(*) FROM visits WHERE started >= ? AND ending IS NOT "
            "NULL GROUP BY 1 ORDER BY 2 DESC, 1",
            (start,),
        ).fetchall()
        summary.quiz = db.execute(
            f"SELECT {QUIZ_VERSION}, question, count(*), sum(first_try_right) FROM quiz_answers "
            "WHERE started >= ? GROUP BY 1, 2 ORDER BY max(started) DESC, 1 DESC, 2",
            (start,),
        ).fetchall()
        summary.topics = _per_topic(db, start)
    return summary


def _per_topic(db: sqlite3.Connection, start: str) -> list[tuple[str, int, int, int, int, int]]:
    views = {
        topic: (visits, count)
        for topic, visits, count in db.execute(
            "SELECT topic, count(DISTINCT visit), count(*) FROM page_views WHERE started >= ? GROUP BY 1", (start,)
        )
    }
    matters = dict(
        db.execute(
            "SELECT topic, count(*) FROM features WHERE started >= ? AND feature = 'what_matters' GROUP BY 1",
            (start,),
        ).fetchall()
    )
    quiz = {
        topic: (answered, right)
        for topic, answered, right in db.execute(
            "SELECT topic, count(*), sum(first_try_right) FROM quiz_answers WHERE started >= ? GROUP BY 1",
            (start,),
        )
    }
    names = sorted(set(views) | set(matters) | set(quiz))
    rows = [(name, *views.get(name, (0, 0)), matters.get(name, 0), *quiz.get(name, (0, 0))) for name in names]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


CSV_COLUMNS = (
    "record",
    "visit",
    "started",
    "ended_or_page",
    "ending_or_language",
    "seconds",
    "pack_version",
    "first_try_right",
    "topic",
    # Added later, so at the end (scripts read the columns above by position): a page view's page title and its
    # topic's (each in the topic's default language; a quiz answer's topic too), and whether the content still has
    # the page (1, or 0: renamed or deleted since; its id is in ended_or_page).
    "page_title",
    "topic_title",
    "page_in_content",
)


def export_csv(path: Path, out: Path, since: dt.date | None = None, names: ContentNames | None = None) -> int:
    """One row per visit, page view and quiz answer, for the clinic's spreadsheets. Returns the rows written.
    `names`: the content's titles (without them, the title columns are empty)."""
    import csv  # only staff's `kiosk stats --csv` writes one

    def titled(topic: str, page: str) -> list[str]:
        """page_title, topic_title and page_in_content of a page view (of a quiz answer, with `page` "")."""
        if names is None:
            return ["", "", ""]
        title = names.page(f"{topic}/{page}" if topic else page) if page else None
        topic_title = title.topic if title is not None else names.topics.get(topic, "")
        return [title.page if title else "", topic_title, ("1" if title else "0") if page else ""]

    start = (since or dt.date.min).isoformat()
    rows = 0
    if not path.exists():  # a new kiosk: the header alone, so nightly exports and their readers still work
        with out.open("w", newline="") as handle:
            csv.writer(handle).writerow(CSV_COLUMNS)
        return 0
    with (
        _read_only(path) as db,
        out.open("w", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for visit, started, ended, ending in db.execute(
            "SELECT id, started, ended, ending FROM visits WHERE started >= ? ORDER BY id", (start,)
        ):
            writer.writerow(["visit", visit, started, ended or "", ending or "", "", "", "", "", "", "", ""])
            rows += 1
        for visit, started, page, language, spent, topic in db.execute(
            "SELECT visit, started, page, language, seconds, topic FROM page_views WHERE started >= ? ORDER BY id",
            (start,),
        ):
            writer.writerow(
                ["page_view", visit, started, page, language, spent, "", "", topic, *titled(topic, page)]
            )
            rows += 1
        for visit, started, version, language, question, right, topic in db.execute(
            "SELECT visit, started, pack_version, language, question, first_try_right, topic FROM quiz_answers "
            "WHERE started >= ? ORDER BY id",
            (start,),
        ):
            writer.writerow(
                [
                    *("quiz_answer", visit, started, f"question {question}", language, "", version, right, topic),
                    *titled(topic, ""),
                ]
            )
            rows += 1
    return rows

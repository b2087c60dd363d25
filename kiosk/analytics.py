"""Anonymous usage statistics in a local SQLite file: visits, page views, features. No personal data at all.

Nothing typed, no names, no free text; times are rounded to the minute. Writes go through a queue to one
background thread that commits in batches, so the screen never waits for the disk; a failed write is logged
and dropped. A corrupt file is moved aside and a fresh one started; a locked file or a full disk is not
corruption: opening is retried, then statistics are off and the file is left as it is. An unwritable folder
also turns statistics off. Off is tried again at the end of a visit, at most every few minutes: visits while
off are lost, the file never.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import queue
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
FILE_NAME = "usage.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, started TEXT NOT NULL, ended TEXT, ending TEXT);
CREATE TABLE IF NOT EXISTS page_views (id INTEGER PRIMARY KEY, visit INTEGER, started TEXT NOT NULL,
    page TEXT NOT NULL, language TEXT NOT NULL, seconds INTEGER NOT NULL, topic TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS features (id INTEGER PRIMARY KEY, visit INTEGER, started TEXT NOT NULL,
    feature TEXT NOT NULL, value TEXT NOT NULL, topic TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS visits_started ON visits (started);
CREATE TABLE IF NOT EXISTS quiz_answers (id INTEGER PRIMARY KEY, visit INTEGER, started TEXT NOT NULL,
    pack_version TEXT NOT NULL, language TEXT NOT NULL, question INTEGER NOT NULL,
    first_try_right INTEGER NOT NULL, topic TEXT NOT NULL DEFAULT '');
"""
# The topic (of a library of topics; '' for a single pack) came later: older files gain the column on open.
TOPIC_TABLES = ("page_views", "features", "quiz_answers")
# Every statement above is IF NOT EXISTS: a database made by an older kiosk gains the new tables on open.
# quiz_answers keeps only whether the first answer was right, never which answer a patient chose.
# shutdown: the kiosk was stopped mid-visit; new_content: a single pack became a library (or back) mid-visit
ENDINGS = ("start_over", "idle", "staff", "error", "shutdown", "new_content")
FEATURES = (
    "text_size",
    "contrast",
    "listen",
    "language",
    "take_home",
    "outside_link",
    "topic_link",  # value: the topic a link on a page opened (kiosk/ui/topics.py)
    "quiz",
    "what_matters",
    "questions_ticked",  # value: how many rows were ticked in the visit (never which)
    "my_questions",  # value: how many questions the sheet showed
    "questions_qr",  # value: into how many codes they were split
    "print",  # value: printed or failed
    "keypad",  # the visit used the keypad (kiosk/ui/keypad.py)
)
_BATCH_SECONDS = 0.5
RETRY_SECONDS = 300  # statistics that could not open are tried again at a visit's end, at most this often
_NEARLY_FULL = 1 << 20  # bytes free below which a plain "disk I/O error" from SQLite means the disk is full


def minute(moment: float) -> str:
    """A timestamp rounded down to the minute, in local time: all the precision statistics need."""
    return dt.datetime.fromtimestamp(moment).strftime("%Y-%m-%dT%H:%M")


# What SQLite says about a file that is damaged or not a database; anything else (locked, busy, disk full, an
# I/O error) says nothing about the file, which must then never be moved aside.
_CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_CORRUPT_WORDS = ("malformed", "not a database", "quick_check failed")


def is_corrupt(error: sqlite3.Error) -> bool:
    """Whether `error` means the file itself is damaged (not merely locked, or the disk full)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code in _CORRUPT_CODES or (code & 0xFF) in _CORRUPT_CODES
    return any(words in str(error) for words in _CORRUPT_WORDS)


def describe(error: BaseException, folder: Path) -> str:
    """`error` in words staff can act on: "the disk is full" when the system or SQLite says so. SQLite reports a
    write refused for want of space as a plain "disk I/O error" (in WAL mode): the free space tells."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    full = (isinstance(error, OSError) and error.errno == errno.ENOSPC) or primary == sqlite3.SQLITE_FULL
    if not full and (primary == sqlite3.SQLITE_IOERR or "disk I/O error" in str(error)):
        with contextlib.suppress(OSError):
            full = shutil.disk_usage(folder).free < _NEARLY_FULL
    return f"the disk is full ({error})" if full else str(error)


def open_database(
    path: Path, attempts: int = 3, pause: float = 0.3, busy_timeout: float = 1.0
) -> sqlite3.Connection:
    """Open (or make) the database. A damaged file is moved aside once and a fresh one started; a locked file
    or a full disk is retried `attempts` times and then raised, the file left untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    moved = False
    for attempt in range(1, attempts + 1):
        connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the file consistent after a kill
            if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            connection.executescript(SCHEMA)
            _add_topic_columns(connection)
            return connection
        except sqlite3.DatabaseError as error:
            if connection is not None:
                connection.close()
            if not is_corrupt(error):  # locked by another program, or the disk is full: wait, then give up
                why = describe(error, path.parent)
                log.warning("usage statistics file %s: %s (attempt %d of %d)", path, why, attempt, attempts)
                if attempt == attempts:
                    raise
                time.sleep(pause)
                continue
            if moved:
                raise
            moved = True
            aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
            log.error(
                "usage statistics file %s cannot be used (%s); moved to %s, starting a new one",
                path,
                error,
                aside.name,
            )
            for suffix in ("", "-wal", "-shm"):
                extra = Path(str(path) + suffix)
                if extra.exists():
                    extra.replace(Path(str(aside) + suffix))
    raise AssertionError("unreachable")


def _add_topic_columns(db: sqlite3.Connection) -> None:
    for table in TOPIC_TABLES:
        if "topic" not in table_columns(db, table):
            db.execute(f"ALTER TABLE {table} ADD COLUMN topic TEXT NOT NULL DEFAULT ''")


def table_columns(db: sqlite3.Connection, table: str) -> set[str]:
    """The names of the columns `table` has in `db`."""
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


class Recorder:
    """Records what patients do. All methods return at once; a background thread does the writing."""

    def __init__(self, path: Path, retention_days: int, clock: Callable[[], float] = time.time) -> None:
        self.path, self._clock, self.retention_days = path, clock, retention_days
        self.problem = ""
        self._queue: queue.Queue[tuple[str, tuple[object, ...]] | None] = queue.Queue()
        self._visit: int | None = None
        self._page: tuple[str, str, float, str] | None = None  # page, language, since, topic
        self.topic = ""  # the topic on screen, in a library of topics: set by the window's wiring
        self._next_visit = 0
        self._quiz_answered: set[tuple[str, int]] = set()  # (pack version, question) this visit
        self._db: sqlite3.Connection | None = None
        self._retry_at = 0.0
        self._open(attempts=3)

    def _open(self, attempts: int) -> None:
        """Open the file and start the writer; if it cannot be opened, say why and try again later."""
        try:
            db = self._db = open_database(self.path, attempts=attempts)
            self._next_visit = (db.execute("SELECT max(id) FROM visits").fetchone()[0] or 0) + 1
            for sql, params in self._purge_statements():
                db.execute(sql, params)
        except (OSError, sqlite3.Error) as error:
            why = describe(error, self.path.parent)
            self.problem = f"usage statistics are off for now: cannot write {self.path} ({why}); tried again later"
            log.error("%s", self.problem)
            if self._db is not None:
                self._db.close()
            self._db = None
            self._retry_at = self._clock() + RETRY_SECONDS
            return
        if self.problem:
            log.info("usage statistics are on again: %s", self.path)
        self.problem = ""
        self._thread = threading.Thread(target=self._write_loop, name="usage-writer", daemon=True)
        self._thread.start()

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # --- what happens on screen ---
    def visit_started(self) -> None:
        if self._visit is None:
            self._visit, self._next_visit = self._next_visit, self._next_visit + 1
            self._quiz_answered.clear()
            self._put("INSERT INTO visits (id, started) VALUES (?, ?)", self._visit, minute(self._clock()))

    def visit_ended(self, ending: str) -> None:
        self._close_page()
        if self._visit is not None:
            self._put(
                "UPDATE visits SET ended = ?, ending = ? WHERE id = ?",
                minute(self._clock()),
                ending if ending in ENDINGS else "error",
                self._visit,
            )
            self._visit = None
        if self._db is None and self._clock() >= self._retry_at:  # between visits: no visit half recorded
            self._open(attempts=1)

    def page_shown(self, page: str, language: str) -> None:
        self._close_page()
        if self._visit is not None:
            self._page = (page, language, self._clock(), self.topic[:60])

    def feature_used(self, feature: str, value: str = "") -> None:
        if self._visit is not None and feature in FEATURES:
            self._put(
                "INSERT INTO features (visit, started, feature, value, topic) VALUES (?, ?, ?, ?, ?)",
                self._visit,
                minute(self._clock()),
                feature,
                value[:20],
                self.topic[:60],
            )

    def quiz_answered(self, pack_version: str, language: str, question: int, first_try_right: bool) -> None:
        """Question `question` (from 1) of the pack's quiz was answered; only the first answer of a visit
        counts, so going through the quiz twice cannot make a question look better understood."""
        key = (f"{self.topic[:60]}/{pack_version[:40]}", question)
        if self._visit is None or question < 1 or key in self._quiz_answered:
            return
        self._quiz_answered.add(key)
        self._put(
            "INSERT INTO quiz_answers (visit, started, pack_version, language, question, first_try_right, topic) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            self._visit,
            minute(self._clock()),
            pack_version[:40],
            language[:10],
            question,
            int(first_try_right),
            self.topic[:60],
        )

    def purge(self) -> None:
        """Forget everything older than the retention period (done at start, and by the kiosk once a day)."""
        for sql, params in self._purge_statements():
            self._put(sql, *params)

    def _purge_statements(self) -> list[tuple[str, tuple[object, ...]]]:
        # The retention is measured back from the newest visit when the clock is later than that: a clock
        # jumped ahead (or a kiosk started after months in a cupboard) must not wipe everything at once;
        # rows that outlived the retention go with the first purge after new visits are recorded.
        cutoff = minute(self._clock() - self.retention_days * 86400)
        newest = "coalesce((SELECT strftime('%Y-%m-%dT%H:%M', max(started), ?) FROM visits), ?)"  # NULL: no visits
        back = f"-{self.retention_days} days"
        tables = ("page_views", "features", "quiz_answers", "visits")
        return [
            (f"DELETE FROM {table} WHERE started < min(?, {newest})", (cutoff, back, cutoff)) for table in tables
        ]

    def close(self) -> None:
        """Write what is queued and stop the writer (the kiosk is exiting)."""
        if self._db is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)

    def _close_page(self) -> None:
        if self._page is not None and self._visit is not None:
            page, language, since, topic = self._page
            seconds = max(0, round(self._clock() - since))
            self._put(
                "INSERT INTO page_views (visit, started, page, language, seconds, topic) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                self._visit,
                minute(since),
                page,
                language,
                seconds,
                topic,
            )
        self._page = None

    def _put(self, sql: str, *params: object) -> None:
        if self._db is not None:
            self._queue.put((sql, params))

    def _write_loop(self) -> None:
        assert self._db is not None
        stop = False
        while not stop:
            batch = [self._queue.get()]
            deadline = time.monotonic() + _BATCH_SECONDS
            # The stop sentinel ends the batch at once: a stopping kiosk must not wait out the batch timer.
            while batch[-1] is not None and time.monotonic() < deadline:
                try:
                    batch.append(self._queue.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            stop = batch[-1] is None
            statements = [item for item in batch if item is not None]
            try:
                with self._db:  # one transaction per batch
                    self._db.execute("BEGIN")
                    for sql, params in statements:
                        self._db.execute(sql, params)
            except sqlite3.Error as error:
                log.error(
                    "could not save %d usage record(s): %s", len(statements), describe(error, self.path.parent)
                )
        self._db.close()  # folds the write-ahead log into the file: nothing is left for the next start to replay

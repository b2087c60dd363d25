"""`kiosk stats` names pages as staff know them: the page's title with its topic's, in the topic's default
language (kiosk/pagenames.py); a page renamed or deleted since its visits by its id, marked as no longer shown. The
CSV keeps the page id where it was and adds the titles as columns at the end."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kiosk.analytics import Recorder
from kiosk.cli import main
from kiosk.pagenames import content_names
from kiosk.shelf import load_shelf
from kiosk.usagereport import CSV_COLUMNS
from tests.conftest import BUNDLED, LibraryFactory

DAY = dt.datetime(2026, 11, 20, 9, 0)
SPANISH_BENEFITS = "¿Cuáles son los posibles beneficios de la fusión sacroilíaca?"
OLD_COLUMNS = (  # before page titles: scripts read these by position
    "record",
    "visit",
    "started",
    "ended_or_page",
    "ending_or_language",
    "seconds",
    "pack_version",
    "first_try_right",
    "topic",
)


def record(path: Path, views: list[tuple[str, str, str]]) -> None:
    """One visit that shows each (topic, page, language) for a minute, then a quiz answer in the last topic."""
    now = [DAY.timestamp()]
    recorder = Recorder(path, 3650, clock=lambda: now[0])
    recorder.visit_started()
    for topic, page, language in views:
        recorder.topic = topic
        recorder.page_shown(page, language)
        now[0] += 60
    recorder.quiz_answered("1", "en", 1, True)
    recorder.visit_ended("idle")
    recorder.close()


def config_for(tmp_path: Path, content: Path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[content]\ndir = "{content}"\n[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    return config


def page_section(out: str) -> list[str]:
    lines = out.splitlines()
    start = lines.index("Pages (views, median seconds on the page):") + 1
    end = next(n for n in range(start, len(lines)) if not lines[n].startswith("  "))
    return lines[start:end]


def test_a_library_s_pages_are_named_by_topic_and_page_title_and_gone_ones_by_id(
    tmp_path: Path, make_library: LibraryFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_library(("fusion", "second"))
    record(
        tmp_path / "usage.sqlite3",
        [
            ("fusion", "risks", "es"),  # seen in Spanish: named in the topic's default language all the same
            ("second", "what-it-is", "en"),
            ("fusion", "old-name", "en"),  # renamed since
            ("gone", "risks", "en"),  # a topic taken out of the library since
        ],
    )
    assert main(["stats", "--config", str(config_for(tmp_path, root)), "--since", "2026-11-01"]) == 0
    captured = capsys.readouterr()
    pages = [" ".join(line.split()[2:]) for line in page_section(captured.out)]  # after views and seconds
    assert sorted(pages) == sorted(
        [
            "Topic fusion: what to know · What are the risks of SI joint fusion?",
            "Topic second: what to know · What is SI joint fusion?",
            "fusion/old-name (no longer shown)",
            "gone/risks (no longer shown)",
        ]
    )
    assert captured.err == ""
    figures = {line.split()[0] for line in page_section(captured.out)}
    assert figures == {"1"}  # one view each, in a column of its own


def test_a_single_pack_s_pages_are_named_by_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record(tmp_path / "usage.sqlite3", [("", "what-it-is", "en"), ("", "deleted-page", "en")])
    assert main(["stats", "--config", str(config_for(tmp_path, BUNDLED)), "--since", "2026-11-01"]) == 0
    lines = page_section(capsys.readouterr().out)
    assert sorted(" ".join(line.split()[2:]) for line in lines) == [
        "What is SI joint fusion?",
        "deleted-page (no longer shown)",
    ]


def test_content_that_cannot_be_read_leaves_pages_by_id_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(tmp_path / "usage.sqlite3", [("", "risks", "en")])
    missing = tmp_path / "no-such-folder"
    assert main(["stats", "--config", str(config_for(tmp_path, missing)), "--since", "2026-11-01"]) == 0
    captured = capsys.readouterr()
    assert [line.split()[2] for line in page_section(captured.out)] == ["risks"]
    assert "(no longer shown)" in captured.out  # nothing of it is shown: the kiosk rests without content
    assert captured.err == f"no pages in the content in {missing} for page titles: pages by their ids\n"


def test_csv_keeps_its_columns_and_adds_the_titles_at_the_end(
    tmp_path: Path, make_library: LibraryFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_library(("fusion", "second"))
    record(tmp_path / "usage.sqlite3", [("second", "risks", "en"), ("fusion", "old-name", "en")])
    out = tmp_path / "usage.csv"
    assert main(["stats", "--config", str(config_for(tmp_path, root)), "--csv", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote 4 row(s) to {out}\n"
    with out.open(newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert tuple(header) == CSV_COLUMNS and tuple(header[: len(OLD_COLUMNS)]) == OLD_COLUMNS
    assert header[len(OLD_COLUMNS) :] == ["page_title", "topic_title", "page_in_content"]
    assert all(len(row) == len(header) for row in rows)
    by = [dict(zip(header, row, strict=True)) for row in rows]
    views = [row for row in by if row["record"] == "page_view"]
    assert [(row["topic"], row["ended_or_page"]) for row in views] == [("second", "risks"), ("fusion", "old-name")]
    assert [(row["page_title"], row["topic_title"], row["page_in_content"]) for row in views] == [
        ("What are the risks of SI joint fusion?", "Topic second: what to know", "1"),
        ("", "Topic fusion: what to know", "0"),
    ]
    (quiz,) = [row for row in by if row["record"] == "quiz_answer"]
    assert (quiz["topic"], quiz["topic_title"], quiz["page_title"], quiz["page_in_content"]) == (
        "fusion",
        "Topic fusion: what to know",
        "",
        "",
    )


def test_a_page_only_in_another_language_is_named_in_that_one(make_library: LibraryFactory) -> None:
    root = make_library(("fusion", "second"))
    (root / "fusion" / "en" / "benefits.md").unlink()  # its English file lost: only the Spanish one is shown
    names = content_names(load_shelf(root, lazy=True))
    title = names.page("fusion/benefits")
    assert title is not None and title.page == SPANISH_BENEFITS and title.topic == "Topic fusion: what to know"
    risks = names.page("fusion/risks")
    assert risks is not None and risks.page == "What are the risks of SI joint fusion?"  # default language first

"""Both shapes of a content folder: one pack, or a library of topics (library.toml and one pack per topic)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.errors import Severity
from kiosk.shelf import load_shelf
from tests.conftest import BUNDLED, BUNDLED_LIBRARY, LibraryFactory


def test_a_single_pack_is_a_shelf_of_one_topic() -> None:
    shelf = load_shelf(BUNDLED, lazy=True)
    assert not shelf.is_library and [topic.id for topic in shelf.topics] == ["si-joint-fusion"]
    assert shelf.languages == ("en", "es") and shelf.problems() == list(shelf.first.library.issues)


def test_the_bundled_library_lists_its_topics_with_title_summary_and_picture() -> None:
    shelf = load_shelf(BUNDLED_LIBRARY, lazy=True)
    assert shelf.is_library and shelf.info.topics == tuple(topic.id for topic in shelf.topics)
    assert shelf.title_in("es") == "Su procedimiento: lo que debe saber"
    topic = shelf.topic("si-joint-fusion")
    assert topic is not None
    assert topic.title_in("es").startswith("Fusión") and topic.title_in("en").startswith("Sacroiliac")
    assert "cadera" in topic.summary_in("es") and "hip bone" in topic.summary_in("en")
    picture = topic.cover_in("es")
    assert picture is not None and picture.path.name == "pelvis-es.svg"
    assert not [issue for issue in shelf.problems() if issue.is_problem]


def test_a_topic_missing_a_language_is_shown_in_the_default_one_or_hidden(make_library: LibraryFactory) -> None:
    shelf = load_shelf(make_library(("fusion", "second"), english_only=("second",)), lazy=True)
    assert [(topic.id, missing) for topic, missing in shelf.listed_in("es")] == [
        ("fusion", False),
        ("second", True),
    ]
    second = shelf.topic("second")
    assert second is not None and second.title_in("es") == "Topic second: what to know"
    # Its buttons stay in the patient's language: borrowed from a topic that has it
    assert second.library.text_for("es").all_topics == "☰  Todos los temas"
    hidden = load_shelf(
        make_library(("fusion", "second"), english_only=("second",), extra='untranslated = "hide"', name="h"),
        lazy=True,
    )
    assert [topic.id for topic, _ in hidden.listed_in("es")] == ["fusion"]
    assert [topic.id for topic, _ in hidden.listed_in("en")] == ["fusion", "second"]


def test_groups_put_cards_under_headings(make_library: LibraryFactory) -> None:
    extra = '[groups.surgery]\ntitle = { en = "Surgery", es = "Cirugía" }\ntopics = ["second"]\n'
    shelf = load_shelf(make_library(("fusion", "second", "third"), extra=extra), lazy=True)
    grouped = [(heading, [topic.id for topic, _ in listed]) for heading, listed in shelf.grouped_in("es")]
    assert grouped == [("Cirugía", ["second"]), ("", ["fusion", "third"])]


def test_every_problem_of_a_library_names_its_topic_and_library_toml_is_checked(
    make_library: LibraryFactory,
) -> None:
    root = make_library(("fusion", "second"), extra='untranslatd = "hide"')
    (root / "second" / "en" / "risks.md").write_text("---\ntitle: [unclosed\n---\nText", "utf-8")
    (root / "stray").mkdir()
    shutil.copy(root / "fusion" / "pack.toml", root / "stray" / "pack.toml")
    shelf = load_shelf(root, lazy=True)
    problems = shelf.problems()
    library_toml = [issue for issue in problems if Path(issue.path).name == "library.toml"]
    assert any(
        "unknown key 'untranslatd'" in issue.message and "untranslated" in issue.message for issue in library_toml
    )
    assert any("'stray' is not listed" in issue.message for issue in problems)
    topic_problems = [issue for issue in problems if issue not in library_toml and "stray" not in str(issue.path)]
    assert topic_problems and all(
        issue.message.startswith("[second] ") for issue in topic_problems if issue.is_error
    )
    assert any(issue.is_error and "risks.md" in str(issue.path) for issue in topic_problems)


def test_a_listed_topic_without_a_folder_is_an_error_and_the_others_still_load(
    make_library: LibraryFactory,
) -> None:
    root = make_library(("fusion",))
    (root / "library.toml").write_text(
        (root / "library.toml").read_text("utf-8").replace('["fusion"]', '["fusion", "gone"]'), "utf-8"
    )
    shelf = load_shelf(root, lazy=True)
    assert [topic.id for topic in shelf.topics] == ["fusion"]
    assert any("topic folder 'gone/' is missing" in issue.message and issue.is_error for issue in shelf.issues)


def test_hot_reload_keeps_unchanged_topics_and_the_last_good_version_of_a_broken_one(
    make_library: LibraryFactory,
) -> None:
    root = make_library(("fusion", "second", "third", "fourth"))
    before = load_shelf(root, lazy=True)
    assert not any(topic.loaded for topic in before.topics)  # a list of topics reads no page
    for topic in before.topics[:3]:
        _ = topic.library  # opened by patients
    for broken in ("second", "fourth"):
        (root / broken / "en" / "risks.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    page = root / "third" / "en" / "benefits.md"
    page.write_text(page.read_text("utf-8").replace("# ", "# New: ", 1), "utf-8")
    after = load_shelf(root, lazy=True, previous=before)
    assert not after.has_errors  # a topic's errors never reject the library
    assert after.kept == ("second",)
    assert after.topic("fusion") is before.topic("fusion")  # unchanged: not even read again
    assert after.topic("second") is before.topic("second")  # broken: the last good one stays
    assert [topic_id for topic_id, _ in after.held_back] == ["second"]  # and staff read why
    assert any(
        issue.message.startswith("[second]") and "risks.md" in str(issue.path) for issue in after.problems()
    )
    third = after.topic("third")
    assert third is not None and third is not before.topic("third")
    assert any("New:" in page.body for page in third.library.pack.pages_in("en"))
    fourth = after.topic("fourth")  # never read: no earlier version to keep, so shown as a single pack would be
    assert fourth is not None and fourth.library.has_errors and len(fourth.library.pages_in("en")) == 5
    assert not fourth.unavailable and [topic.id for topic, _ in after.listed_in("en")] == [
        "fusion",
        "second",
        "third",
        "fourth",
    ]


def test_a_broken_page_leaves_its_topic_on_the_list_and_only_an_unreadable_topic_leaves_it(
    make_library: LibraryFactory,
) -> None:
    root = make_library(tuple(f"t{n:02d}" for n in range(50)))
    (root / "t17" / "en" / "risks.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    (root / "t20" / "pack.toml").write_text('title = "Unclosed\n', "utf-8")  # nothing of pack.toml is read
    for page in (root / "t30" / "en").glob("*.md"):  # no page in the main language: nothing to fall back on
        page.write_text("---\ntitle: [broken\n---\n", "utf-8")
    (root / "t40" / "pack.toml").write_text(
        (root / "t40" / "pack.toml").read_text("utf-8") + "sumary = 5\n", "utf-8"
    )  # one wrong key: reported, the rest of pack.toml is used
    shelf = load_shelf(root, lazy=True)
    assert len(shelf.listed_in("en")) == 50  # not read yet: offered, and checked when read (ahead, or on a tap)
    for topic in shelf.topics:
        _ = topic.library
    listed = [topic.id for topic, _ in shelf.listed_in("en")]
    assert len(listed) == 48 and "t20" not in listed and "t30" not in listed
    t17 = shelf.topic("t17")
    assert t17 is not None and [page.id for page in t17.library.pages_in("en")] == [
        "what-it-is",
        "procedure",
        "benefits",
        "recovery",
        "questions",
    ]  # the broken page is left out, as in a single pack; the other five are offered
    assert {topic.id: topic.why_unavailable() for topic in shelf.topics if topic.unavailable} == {
        "t20": "its pack.toml cannot be read",
        "t30": "no page in its main language 'en' can be shown",
    }
    problems = shelf.problems()
    for topic_id in ("t17", "t20", "t30", "t40"):
        assert any(issue.message.startswith(f"[{topic_id}]") and issue.is_error for issue in problems), topic_id


def test_broken_library_toml_is_an_error_of_the_whole_shelf(make_library: LibraryFactory) -> None:
    root = make_library(("fusion",))
    (root / "library.toml").write_text("topics = [", "utf-8")
    shelf = load_shelf(root, lazy=True)
    assert shelf.has_errors and shelf.is_empty
    assert next(str(issue) for issue in shelf.issues if "topic" in issue.message).endswith(
        "library.toml:1: error: no topic can be shown: the 'topics' list cannot be read "
        "(not valid TOML: Invalid value (at end of document))"
    )


def test_a_stray_line_in_library_toml_is_an_error_and_the_topics_are_still_shown(
    make_library: LibraryFactory,
) -> None:
    root = make_library(("fusion", "second"))
    text = (root / "library.toml").read_text("utf-8")
    (root / "library.toml").write_text("stray junk\n" + text, "utf-8")
    shelf = load_shelf(root, lazy=True)
    assert [topic.id for topic, _ in shelf.listed_in("en")] == ["fusion", "second"]
    assert shelf.has_errors  # `kiosk check` fails, and a running kiosk keeps what it shows (hot reload)
    (problem,) = [issue for issue in shelf.issues if issue.is_error]
    assert (problem.line, "this line was left out and the rest of the file read" in problem.message) == (1, True)


def test_check_names_the_topic_in_every_problem(
    make_library: LibraryFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_library(("fusion", "second"))
    page = root / "second" / "en" / "risks.md"
    page.write_text(page.read_text("utf-8").replace("reviewed:", "reviewd:"), "utf-8")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr()
    lines = [line for line in out.out.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines and all("[second] " in line or "[fusion] " in line for line in lines)
    assert any("[second] " in line and "reviewd" in line for line in lines)
    assert "2 topic(s), 24 page(s) in 2 language(s)" in out.err


def test_check_strict_passes_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", str(BUNDLED_LIBRARY)]) == 0
    assert "2 topic(s)" in capsys.readouterr().err


def test_a_library_is_published_as_one_archive(make_library: LibraryFactory, tmp_path: Path) -> None:
    from kiosk import sync

    root = make_library(("fusion", "second"))
    assert main(["pack", str(root), "--out", str(tmp_path / "out"), "--unsigned"]) == 0
    result = sync.sync(str(tmp_path / "out" / sync.MANIFEST), tmp_path / "store")
    assert result.changed and result.version == "9" and result.folder is not None
    shelf = load_shelf(result.folder, lazy=True)
    assert shelf.is_library and [topic.id for topic in shelf.topics] == ["fusion", "second"]


def test_a_library_with_a_broken_topic_is_not_published(make_library: LibraryFactory, tmp_path: Path) -> None:
    root = make_library(("fusion", "second"))
    (root / "second" / "en" / "risks.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    assert main(["pack", str(root), "--out", str(tmp_path / "out"), "--unsigned"]) == 1
    assert not (tmp_path / "out").exists()


def test_cover_names_a_picture_that_must_exist(make_library: LibraryFactory) -> None:
    root = make_library(("fusion",))
    pack = root / "fusion" / "pack.toml"
    pack.write_text(pack.read_text("utf-8").replace("pelvis-{language}", "nothing-{language}"), "utf-8")
    shelf = load_shelf(root, lazy=True)
    assert any("'cover' picture images/nothing-es.svg" in issue.message for issue in shelf.problems())
    assert shelf.first.cover_in("en") is None
    assert {issue.severity for issue in shelf.first.cover_problems()} == {Severity.WARNING}  # a card, not a page

"""Links between the topics of a library: the `topic:` form, what rendering keeps, and what `kiosk check` reports
for a topic or page that is not there, or for a topic link in a single pack (no Qt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import authoring_problems, main
from kiosk.library import load_library
from kiosk.links import topic_target
from kiosk.shelf import load_shelf
from kiosk.topiclinks import topic_link_problems
from tests.conftest import BUNDLED_LIBRARY, PackFactory, TagCollector


@pytest.mark.parametrize(
    ("href", "named"),
    [
        ("topic:si-joint-fusion", ("si-joint-fusion", "")),
        ("topic:si-joint-fusion/benefits", ("si-joint-fusion", "benefits")),
        ("topic:si-joint-fusion/benefits.md", ("si-joint-fusion", "benefits")),
        ("topic:si-joint-fusion/", ("si-joint-fusion", "")),
        ("topic:", None),
        ("topic://si-joint-fusion", None),
        ("topic:../secret", None),
        ("topic:a/b/c", None),
        ("topic:a?x=1", None),
        ("page:benefits", None),
        ("https://example.org", None),
    ],
)
def test_the_topic_link_form(href: str, named: tuple[str, str] | None) -> None:
    assert topic_target(href) == named


def test_the_bundled_topics_link_to_each_other_in_both_languages() -> None:
    shelf = load_shelf(BUNDLED_LIBRARY)
    assert topic_link_problems(shelf) == []
    for topic, page, target in (
        ("si-joint-injection", "benefits", "topic:si-joint-fusion"),
        ("si-joint-fusion", "what-it-is", "topic:si-joint-injection/benefits"),
    ):
        library = shelf.topic(topic).library  # type: ignore[union-attr]
        for language in ("en", "es"):
            shown = next(p for p in library.pages_in(language) if p.id == page)
            tags = TagCollector()
            tags.feed(shown.html)
            assert ("a", {"href": target}) in tags.tags, (topic, language)


def test_check_names_the_topic_and_page_a_link_lacks(tmp_path: Path) -> None:
    root = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, root)
    page = root / "si-joint-injection" / "en" / "benefits.md"
    text = page.read_text("utf-8").replace("(topic:si-joint-fusion)", "(topic:si-joint-fusoin/benefit)")
    page.write_text(text.replace("- Ask your doctor", "- Read [the risks](topic:si-joint-fusion/risk).\n- Ask", 1))
    found = [issue for issue in topic_link_problems(load_shelf(root)) if issue.is_error]
    messages = sorted(issue.message for issue in found)
    assert len(found) == 2 and all(issue.path == page and issue.line for issue in found)
    assert "names topic 'si-joint-fusoin', which library.toml does not list" in messages[1]
    assert "Did you mean 'topic:si-joint-fusion/benefit'?" in messages[1]
    assert "names page 'risk', which topic 'si-joint-fusion' does not have" in messages[0]
    assert "Did you mean 'topic:si-joint-fusion/risks'?" in messages[0]
    assert messages[0].startswith("[si-joint-injection] ")
    assert main(["check", str(root)]) == 1


def test_a_topic_link_in_a_single_pack_is_an_error_that_says_why(
    make_pack: PackFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack({"one": "Read [the other topic](topic:si-joint-fusion/risks).", "two": "Words."})
    shelf = load_shelf(root)
    found = authoring_problems(shelf)
    errors = [issue for issue in found if issue.is_error]
    assert len(errors) == 1 and errors[0].line == 9 and errors[0].path == root / "en" / "one.md"
    assert "this folder is a single pack, not a library of topics" in errors[0].message
    assert main(["check", str(root)]) == 1
    assert "one.md:9: error: link 'topic:si-joint-fusion/risks' leads to another topic" in capsys.readouterr().out


def test_a_topic_of_the_library_checked_on_its_own_has_its_links_checked_in_the_library() -> None:
    shelf = load_shelf(BUNDLED_LIBRARY / "si-joint-fusion")
    assert not shelf.is_library and topic_link_problems(shelf) == []


def test_a_malformed_topic_link_is_plain_text_with_a_warning(make_pack: PackFactory) -> None:
    root = make_pack({"one": "Read [this](topic://a/b/c) now.", "two": "Words."})
    library = load_library(root)
    page = library.pages_in("en")[0]
    assert "href" not in page.html.split("Read", 1)[1].split("now", 1)[0]
    assert any("is not a topic link such as topic:si-joint-fusion" in issue.message for issue in library.issues)

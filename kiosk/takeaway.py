"""The My questions sheet: what a patient ticked, as plain text and as QR codes that hold the text itself.

Nothing goes to a server and nothing is stored: a phone's camera shows the text, and the patient may save it.
A code is kept small enough to scan from a screen at arm's length (at most version 14, 73 modules a side,
error correction M); a longer list is split between questions into numbered codes ("Code 1 of 2"), and each
topic of a visit has codes of its own, headed with its title.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_VERSION = 14  # 73 modules: about 1.1 mm each when the code is drawn 90 mm wide
ERROR = "m"  # 15 % of the code can be lost to glare or a smudge on the glass and it still reads
BULLET = "- "


Group = tuple[str, tuple[str, ...]]  # a title (the page's tab, or "What matters to me") and its lines
TOPIC_HEADING = "{heading} — {topic}"  # a code's first line: what it is, and which procedure it is about


@dataclass(frozen=True, slots=True)
class Section:
    """One topic's part of the sheet: the topic's title in the visit's language ("" when it has none), the
    ticked questions under their pages' tabs, and what matters to the patient under its own heading: statements
    the patient made, not questions to tick."""

    topic: str
    questions: tuple[Group, ...]
    matters: Group = ("", ())

    @property
    def groups(self) -> tuple[Group, ...]:
        return (*self.questions, *((self.matters,) if self.matters[1] else ()))

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for _, lines in self.groups for line in lines)


@dataclass(frozen=True, slots=True)
class Sheet:
    """What the patient takes away, under the heading they see: one section a topic, in the library's order."""

    heading: str
    sections: tuple[Section, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line for section in self.sections for line in section.lines)

    def text(self) -> str:
        """The whole sheet as plain text: each topic's part under a heading that names the topic."""
        parts = [section for section in self.sections if section.lines]
        return (
            "\n\n".join(
                "\n".join([_heading(self.heading, section), *_group_lines(section.groups)]) for section in parts
            )
            or self.heading
        )


def _heading(heading: str, section: Section) -> str:
    return TOPIC_HEADING.format(heading=heading, topic=section.topic) if section.topic else heading


def _fitting(heading: str) -> str:
    """A code's heading that leaves room for a part label and a question (a hostile pack's title may be any
    length): shortened, with "…", where it would not."""
    while len(heading) > 2 and not fits(f"{heading}\n{'x' * 160}"):
        heading = heading.removesuffix("…")
        heading = heading[: max(1, len(heading) * 9 // 10)].rstrip() + "…"
    return heading


def _group_lines(groups: Iterable[Group]) -> list[str]:
    out: list[str] = []
    for title, lines in groups:
        if lines:
            out += [f"{title}:"] if title else []
            out += [BULLET + line for line in lines]
    return out


def sheet_html(sheet: Sheet, title: str, footer: Sequence[str]) -> str:
    """The sheet as a printed page: `title` (the pack's, or the library's over several topics), the heading,
    then each topic under its own title (when there are several): its questions with a box to tick at the
    visit, and what matters to the patient as plain statements; then `footer` lines (the clinic's name and
    phone, the date). All escaped."""
    sections = [section for section in sheet.sections if section.lines]
    body = []
    for section in sections:
        body += [f"<h2 class='topic'>{html.escape(section.topic)}</h2>"] if len(sections) > 1 else []
        for group, lines in section.questions:
            body += [f"<h3>{html.escape(group)}</h3>"] if group and lines else []
            body += [f"<p class='row'>☐&nbsp;&nbsp;{html.escape(line)}</p>" for line in lines]
        heading, said = section.matters
        body += [f"<h3>{html.escape(heading)}</h3>"] if heading and said else []
        body += [f"<p class='said'>{html.escape(line)}</p>" for line in said]
    tail = "".join(f"<p class='footer'>{html.escape(line)}</p>" for line in footer if line)
    return f"<h2>{html.escape(title)}</h2><h1>{html.escape(sheet.heading)}</h1>{''.join(body)}<hr/>{tail}"


def chosen_groups(
    pages: Iterable[tuple[str, str, Sequence[str]]], ticked: frozenset[tuple[str, int]]
) -> list[Group]:
    """The ticked rows under their page's tab: `pages` gives each page's id, tab and checklist rows, in the
    order shown. Pages with nothing ticked are left out."""
    groups = []
    for page_id, tab, rows in pages:
        lines = tuple(row for number, row in enumerate(rows) if (page_id, number) in ticked)
        if lines:
            groups.append((tab, lines))
    return groups


def fits(text: str) -> bool:
    import segno  # loaded when a patient first asks for a code, not at start-up

    try:
        segno.make_qr(text, error=ERROR, version=MAX_VERSION, boost_error=False, encoding="utf-8")
    except segno.DataOverflowError:
        return False
    return True


def qr_texts(sheet: Sheet, part_words: str) -> list[str]:
    """The sheet as the texts of one or more codes. `part_words` names a part, e.g. "Code {part} of {parts}".
    Each topic starts a code of its own and every code repeats the heading with the topic's title, so every
    code read on its own still says what it is and which procedure its questions are about."""
    sections = [section for section in sheet.sections if section.lines]
    if not sections or (len(sections) == 1 and fits(sheet.text())):
        return [sheet.text()]
    headings = [_fitting(_heading(sheet.heading, section)) for section in sections]
    # Split between questions. The part label's length depends on how many parts there are: plan with the
    # widest label the count could need, then fill the real one in.
    parts = 1
    while True:
        widest = part_words.format(part=10**parts - 1, parts=10**parts - 1)
        chunks = [
            (heading, chunk)
            for heading, section in zip(headings, sections, strict=True)
            for chunk in _split(section.groups, f"{heading} ({widest})")
        ]
        if len(chunks) < 10**parts:
            break
        parts += 1
    count = len(chunks)
    if count == 1:  # one code after all, once an overlong question was shortened: no "1 of 1"
        return ["\n".join([chunks[0][0], *chunks[0][1]])]
    return [
        "\n".join([f"{heading} ({part_words.format(part=index, parts=count)})", *chunk])
        for index, (heading, chunk) in enumerate(chunks, start=1)
    ]


def _split(groups: Iterable[Group], heading: str) -> list[list[str]]:
    """Whole lines to each code; a group that carries on in the next code repeats its title there."""
    chunks: list[list[str]] = [[]]
    written = ""  # the title of the group the current code is in
    for title, lines in groups:
        for line in lines:
            entry = _shortened(f"{heading}\n{title}:" if title else heading, BULLET + line)  # its title above it
            block = [f"{title}:", entry] if title and title != written else [entry]
            if chunks[-1] and not fits("\n".join([heading, *chunks[-1], *block])):
                chunks.append([])
                block = [f"{title}:", entry] if title else [entry]
            chunks[-1] += block
            written = title
    return chunks


def _shortened(heading: str, entry: str) -> str:
    """An entry that fits in a code of its own (a question is never that long; a hostile pack's may be)."""
    while not fits(f"{heading}\n{entry}"):
        entry = entry[: max(1, len(entry) * 9 // 10)].rstrip() + "…"
    return entry


def qr_png(text: str, scale: int) -> bytes:
    """A PNG of the code for `text`, `scale` pixels a module, with the quiet zone scanners need."""
    import segno

    code = segno.make_qr(text, error=ERROR, boost_error=False, encoding="utf-8")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return buffer.getvalue()


def modules(text: str) -> int:
    """How many modules a side the code for `text` has, quiet zone included."""
    import segno

    return int(segno.make_qr(text, error=ERROR, boost_error=False, encoding="utf-8").symbol_size(border=4)[0])

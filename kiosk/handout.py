"""`kiosk import`: the pages of a topic pack cut from one handout a clinic already has.

Qt-free and authoring-only. kiosk/handout_files.py turns a Word or Markdown handout into Markdown text and its
pictures; this module splits that text at its main headings into pages, names them after the usual tabs where
the headings say so, and writes the pack with front matter stubs and a list of what staff must still do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.paths import guide_file

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PHONE = re.compile(r"(?<!\w)(\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\w)")
_PICTURE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"([^\"]*)\")?\s*\)")
_TAB_CUT = re.compile(
    r"\s+[-\u2013\u2014:|]\s+|[:(?¿!¡]"
)  # "Thyroidectomy - Patient Information" -> "Thyroidectomy"
MAX_TAB_CHARS = 22

# The usual tabs: page id, the words that name them in a heading, and their labels, tried in this order
# ("After the operation" is recovery, not the procedure). A heading naming none of them becomes a page of its
# own, named after the heading.
_TABS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "what-it-is",
        r"what (is|are)|about (the|your)|overview|introduc|qu[eé] es|qu[eé] son|introducci|acerca de",
        {"en": "What it is", "es": "Qué es"},
    ),
    ("benefits", r"benefit|why (have|do|should)|beneficio|ventaja", {"en": "Benefits", "es": "Beneficios"}),
    (
        "risks",
        r"risk|complication|side effect|danger|riesgo|complicaci|efectos? secundario",
        {"en": "Risks", "es": "Riesgos"},
    ),
    (
        "recovery",
        r"recover|after (the|your|surgery)|aftercare|at home|going home|healing|recuperaci|despu[eé]s|en casa",
        {"en": "Recovery", "es": "Recuperación"},
    ),
    (
        "procedure",
        r"procedure|operation|surgery|during|how (is|it|the)|what happens|the day of"
        r"|procedimiento|operaci|cirug|durante",
        {"en": "The procedure", "es": "El procedimiento"},
    ),
    ("questions", r"question|ask your|preguntas?", {"en": "Questions to ask", "es": "Preguntas"}),
)
_OVERVIEW = {"en": "Overview", "es": "Resumen"}


@dataclass(frozen=True)
class Section:
    """One section of a handout, under one of its main headings."""

    heading: str
    body: str  # Markdown; its own headings moved up so that the biggest is `##`


@dataclass(frozen=True)
class Handout:
    """A clinic's handout read from Word or Markdown: its title, opening words and sections."""

    title: str
    intro: str
    sections: tuple[Section, ...]


@dataclass
class Converted:
    """A handout as Markdown, its pictures by file name (to go in `images/`), and notes for staff."""

    markdown: str
    pictures: dict[str, bytes] = field(default_factory=dict)
    todo: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NewPage:
    """One page made from an imported handout, before it is written to the pack."""

    id: str
    title: str
    tab: str
    body: str


def split_handout(markdown: str, fallback_title: str) -> Handout:
    """Cut at the main headings. A single top heading that comes first is the handout's title; the next
    level down (or the top level, when there are several) makes the pages."""
    lines = _atx_lines(markdown)
    headings = [(index, level, text) for index, (level, text) in _headings(lines)]
    title = fallback_title
    if headings and headings[0][1] == 1 and sum(1 for _, level, _ in headings if level == 1) == 1:
        title_at = headings[0][0]
        title = headings[0][2] or fallback_title
        lines = lines[:title_at] + lines[title_at + 1 :]
        headings = [(index, level, text) for index, (level, text) in _headings(lines)]
    if not headings:
        return Handout(title, "\n".join(lines).strip(), ())
    top = min(level for _, level, _ in headings)
    starts = [(index, text) for index, level, text in headings if level == top]
    intro = "\n".join(lines[: starts[0][0]]).strip()
    sections = []
    for number, (index, text) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        sections.append(Section(text, _move_up("\n".join(lines[index + 1 : end]).strip(), top)))
    return Handout(title, intro, tuple(sections))


def plan_pages(handout: Handout, language: str) -> list[NewPage]:
    """One page per section, each under a tab id that is used once. An introduction before the first section
    joins a first "what it is" page, or becomes an overview page of its own."""
    pages: list[NewPage] = []
    used: set[str] = set()
    for section in handout.sections:
        page_id, tab = _tab_for(section.heading, language, used)
        used.add(page_id)
        pages.append(NewPage(page_id, section.heading, tab, section.body))
    if handout.intro:
        if pages and pages[0].id == "what-it-is":
            first = pages[0]
            pages[0] = NewPage(first.id, first.title, first.tab, f"{handout.intro}\n\n{first.body}".strip())
        else:
            page_id = _unique("overview", used)
            tab = _OVERVIEW.get(language, _OVERVIEW["en"])
            pages.insert(0, NewPage(page_id, handout.title, tab, handout.intro))
    return pages


def write_topic(
    converted: Converted, out: Path, language: str, fallback_title: str, today: dt.date | None = None
) -> tuple[list[NewPage], list[str]]:
    """Write the pack into `out` (new or empty) and return its pages and what staff must still do."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} already exists and is not an empty folder; choose a new folder")
    handout = split_handout(converted.markdown, fallback_title)
    pages = plan_pages(handout, language)
    if not pages:
        raise ValueError("the handout has no text to make a page from")
    (out / language).mkdir(parents=True)
    for page in pages:
        (out / language / f"{page.id}.md").write_text(_page_text(page), encoding="utf-8")
    if converted.pictures:
        (out / "images").mkdir()
        for name, data in converted.pictures.items():
            (out / "images" / name).write_bytes(data)
    today = today or dt.date.today()
    (out / "pack.toml").write_text(_pack_text(handout.title, language, pages, today), encoding="utf-8")
    return pages, [*converted.todo, *_still_to_do(pages, handout, language)]


def _atx_lines(markdown: str) -> list[str]:
    """The text's lines with underlined (setext) headings written the `#` way, code blocks left alone."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and out and out[-1].strip() and _SETEXT.match(line) and not _is_block(out[-1]):
            out[-1] = ("# " if line.lstrip()[0] == "=" else "## ") + out[-1].strip()
            continue
        out.append(line)
    return out


def _is_block(line: str) -> bool:
    """A line an underline cannot turn into a heading: a list item, a heading, a quote or a table row."""
    return bool(re.match(r"\s*([-*+>|#]|\d+[.)])", line))


def _headings(lines: list[str]) -> list[tuple[int, tuple[int, str]]]:
    found = []
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append((index, (len(match.group(1)), _plain(match.group(2)))))
    return found


def _plain(text: str) -> str:
    """Heading text without emphasis marks: it becomes a title and a tab, which are plain text."""
    return re.sub(r"[*_`]+", "", text).strip()


def _move_up(body: str, top: int) -> str:
    """Sub-headings of a section: level top+1 becomes `##`, the page's biggest heading under its title."""

    def moved(match: re.Match[str]) -> str:
        level = min(6, max(2, len(match.group(1)) - top + 1))
        return f"{'#' * level} {match.group(2)}"

    out, fenced = [], False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line if fenced else _HEADING.sub(moved, line))
    return "\n".join(out)


def _tab_for(heading: str, language: str, used: set[str]) -> tuple[str, str]:
    lowered = heading.lower()
    for page_id, words, labels in _TABS:
        if page_id not in used and re.search(words, lowered):
            return page_id, labels.get(language, labels["en"])
    tab = short_tab(heading)
    return _unique(_slug(tab) or "page", used), tab


def short_tab(title: str) -> str:
    """A tab label from a title: the part before a dash, colon or bracket, and at most a few words."""
    head = _TAB_CUT.split(title.strip(), maxsplit=1)[0].strip() or title.strip()
    words: list[str] = []
    for word in head.split():
        if words and len(" ".join([*words, word])) > MAX_TAB_CHARS:
            break
        words.append(word)
    label = " ".join(words)
    return label[:MAX_TAB_CHARS].rstrip() if len(label) > MAX_TAB_CHARS else label


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def _unique(page_id: str, used: set[str]) -> str:
    candidate, number = page_id, 2
    while candidate in used:
        candidate, number = f"{page_id}-{number}", number + 1
    return candidate


def _page_text(page: NewPage) -> str:
    return (
        "---\n"
        f"title: {json.dumps(page.title, ensure_ascii=False)}\n"
        f"tab: {json.dumps(page.tab, ensure_ascii=False)}\n"
        "reviewed:\n"
        "reviewer:\n"
        "sources: []\n"
        "---\n"
        f"{page.body.strip()}\n"
    )


def _pack_text(title: str, language: str, pages: list[NewPage], today: dt.date) -> str:
    ids = ", ".join(json.dumps(page.id) for page in pages)
    return (
        "# Made by `kiosk import` from a handout. Check it with `kiosk check` and see the content guide,\n"
        f"# {guide_file('content-guide.md')}.\n"
        f"title = {json.dumps(title, ensure_ascii=False)}\n"
        f'version = "{today:%Y.%m}.1"\n'
        f'default_language = "{language}"\n'
        f"pages = [{ids}]\n\n"
        "# The clinic's details, used in pages as {{clinic.phone}} and so on (see the content guide).\n"
        "[clinic]\n"
        'name = ""\n'
        'phone = ""\n'
        'after_hours_phone = ""\n'
        'take_home_url = ""\n'
    )


def _still_to_do(pages: list[NewPage], handout: Handout, language: str) -> list[str]:
    todo = [
        f"Every page: fill in 'reviewed' (the date you checked it, YYYY-MM-DD), 'reviewer' and 'sources' "
        f"(where each fact comes from) in the lines at the top ({len(pages)} pages in {language}/).",
        "Check each tab label (the 'tab' line); the tabs are: " + ", ".join(f"{p.id}: {p.tab}" for p in pages),
    ]
    usual = {page_id for page_id, _, _ in _TABS}
    other = [page.title for page in pages if page.id not in usual and page.title != handout.title]
    if other:
        todo.append(
            "These sections did not match a usual tab (what it is, procedure, benefits, risks, recovery, "
            "questions); keep them as pages of their own or move their text: " + "; ".join(other)
        )
    for page in pages:
        for alt, target, caption in _PICTURE.findall(page.body):
            if not alt.strip():
                todo.append(f"{language}/{page.id}.md: describe the picture {target} in the [ ] (alt text)")
            if not caption:
                todo.append(f'{language}/{page.id}.md: add a caption to {target}: ![...]({target} "Caption")')
        for phone in sorted({match.group(0).strip() for match in _PHONE.finditer(page.body)}):
            todo.append(
                f"{language}/{page.id}.md: the phone number {phone} belongs in pack.toml's [clinic]; "
                "write {{clinic.phone}} in the page instead"
            )
    todo.append("Add the same pages in each other language the kiosk shows, in a folder named by its code.")
    return todo

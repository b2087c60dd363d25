"""Markdown to the small, safe subset of HTML that Qt's rich text understands."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from kiosk import clinic, iconarray, staffmarkdown
from kiosk.clinic import ClinicInfo
from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText, not_shown_html
from kiosk.lines import text_line
from kiosk.links import EXTERNAL_SCHEMES, INTERNAL_SCHEME, TICK_ANCHOR, TOPIC_SCHEME, split_url
from kiosk.override import override
from kiosk.pagefile import Page
from kiosk.pagetree import IconArrays, TreeChecker


class StaffMarkdownExtension(Extension):
    """Markdown as staff type it (kiosk/staffmarkdown.py): pasted characters tidied right after python-markdown's
    own clean-up (30); lists, tables and call-outs after the icon arrays are taken out (25), before raw HTML is
    stashed (20)."""

    @override
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_PastedText(md), "kiosk-pasted-text", 29)
        md.preprocessors.register(_StaffLists(md), "kiosk-staff-lists", 22)


class _PastedText(Preprocessor):
    @override
    def run(self, lines: list[str]) -> list[str]:
        return [staffmarkdown.tidy_characters(line) for line in lines]


class _StaffLists(Preprocessor):
    @override
    def run(self, lines: list[str]) -> list[str]:
        return staffmarkdown.forgive(lines)[0]


# A fixed allow-list: what staff can use, and nothing that can fetch, run or escape.
EXTENSIONS = (TableExtension, SaneListExtension, AdmonitionExtension, SmartyExtension, StaffMarkdownExtension)
MAX_BRACKETS = 2000

_TAGS = {
    "a", "b", "br", "blockquote", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "u", "ul", "small",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "name"},
    "img": {"src", "alt"},
    "td": {"align", "colspan", "rowspan", "width"},
    "th": {"align", "colspan", "rowspan"},
    "table": {"width", "cellspacing", "cellpadding"},
    "*": {"class"},
}
_ENTITY = re.compile(r"^&#?\w+;$")
_TICK_NAME = re.compile(TICK_ANCHOR + r"\d{1,4}")


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One page as the screen shows it: its safe HTML and what rendering found wrong."""

    page_id: str
    html: str
    issues: list[Issue] = field(default_factory=list)
    images: tuple[str, ...] = ()  # pack-relative paths the page shows
    checklist: tuple[str, ...] = ()  # the words of each item a patient can tick, in page order


def extensions() -> list[Extension]:
    """Fresh instances of the allowed extensions. Instances, not names: a name makes python-markdown search
    every installed package's entry points, which cost about 3.6 MB and a slower first page."""
    return [extension() for extension in EXTENSIONS]


def render_page(
    page: Page,
    pack_root: Path,
    page_ids: set[str],
    text: FooterText | None = None,
    clinic_info: ClinicInfo | None = None,
) -> RenderedPage:
    """Render one page with a fresh converter (a reused one carries state from the last page). A page over
    a limit is not rendered at all: its problems were reported when it was read."""
    text = text or FooterText()
    if page.refused:
        return RenderedPage(page.id, not_shown_html(page.meta.title, text.page_not_shown))
    source, filled = clinic.fill(page.body, clinic_info or ClinicInfo(), text)
    checker = TreeChecker(page, pack_root, page_ids, text)
    checker.issues += [Issue(page.path, page.body_line + p.line, p.message, p.severity) for p in filled]
    converter = markdown.Markdown(extensions=extensions(), output_format="html")
    checker.md = converter  # to read back what the extensions set aside (smart quotes) in checklist words
    # After whitespace clean-up (30), before raw HTML is stashed (20): lines still match the file's.
    converter.preprocessors.register(IconArrays(converter, page, checker), "kiosk-icons", 25)
    converter.treeprocessors.register(checker, "kiosk-checker", 0)
    converter.postprocessors.register(_RawHtmlFilter(converter, page, checker.issues), "kiosk-raw-html", 35)
    refusal = _unrenderable(source)
    try:
        body = converter.convert(source) if not refusal else ""
    except RecursionError:
        refusal = "its lists or quotes are nested too deeply"
    if refusal:
        checker.issues.append(Issue(page.path, page.body_line, f"page cannot be shown: {refusal}"))
        body = ""
    approved = checker.approved_images

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return value if value in approved else None
        if element == "a" and attribute == "name":
            return value if _TICK_NAME.fullmatch(value) else None
        if element == "a" and attribute == "href":
            parts = split_url(value)
            shown = (INTERNAL_SCHEME, TOPIC_SCHEME, *EXTERNAL_SCHEMES)
            return value if parts is not None and parts.scheme in shown else None
        return value

    parts = [f"<h1>{html.escape(page.meta.title)}</h1>", body, _footer(page, text)]
    safe = nh3.clean(
        "\n".join(parts),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={INTERNAL_SCHEME, TOPIC_SCHEME, iconarray.SCHEME, *EXTERNAL_SCHEMES},
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
    return RenderedPage(page.id, safe, checker.issues, tuple(sorted(approved)), tuple(checker.checklist))


def _unrenderable(body: str) -> str:
    """Why python-markdown must not see `body`: its link parser is quadratic in runs of brackets."""
    brackets = body.count("[")
    if brackets > MAX_BRACKETS:
        return f"it has {brackets:,} '[' characters (limit {MAX_BRACKETS:,}); a page needs a few dozen"
    return ""


def _footer(page: Page, text: FooterText) -> str:
    meta = page.meta
    lines = []
    if meta.reviewed is not None:
        date = text.date_format.format(
            day=meta.reviewed.day, month=text.months[meta.reviewed.month - 1], year=meta.reviewed.year
        )
        reviewer = meta.reviewer or "?"
        lines.append(f"<p>{html.escape(text.reviewed.format(date=date, reviewer=reviewer))}</p>")
    if meta.sources:
        items = "".join(f"<li>{html.escape(source)}</li>" for source in meta.sources)
        lines.append(f"<p><b>{html.escape(text.sources)}</b></p><ol>{items}</ol>")
    lines.append(f"<p><b>{html.escape(text.disclaimer)}</b></p>")
    return '<hr/><div class="footer">' + "".join(lines) + "</div>"


class _RawHtmlFilter(Postprocessor):
    """Raw HTML in a page becomes plain text before python-markdown puts it back; staff get one warning."""

    def __init__(self, converter: markdown.Markdown, page: Page, issues: list[Issue]) -> None:
        super().__init__(converter)
        self.page, self.issues = page, issues

    @override
    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        removed: list[str] = []
        for index, block in enumerate(stash.rawHtmlBlocks):
            raw = str(block)
            if _ENTITY.match(raw):  # smarty's typographic quotes and dashes are stashed as entities
                continue
            stash.rawHtmlBlocks[index] = nh3.clean(raw, tags=set(), clean_content_tags={"script", "style"})
            removed.append(raw.strip())
        if removed:
            first = removed[0].splitlines()[0][:40] if removed[0] else "<>"
            self.issues.append(
                Issue(
                    self.page.path,
                    text_line(self.page.body, self.page.body_line, first),
                    f"HTML is not allowed in pages; {len(removed)} tag(s) were removed, starting with {first!r}",
                    Severity.WARNING,
                )
            )
        return text

"""Markdown to the small, safe subset of HTML that Qt's rich text understands."""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText
from kiosk.links import EXTERNAL_SCHEMES, INTERNAL_SCHEME, resolve_image, split_url
from kiosk.pagefile import Page

# A fixed allow-list: what staff can use, and nothing that can fetch, run or escape.
EXTENSIONS = (TableExtension, SaneListExtension, AdmonitionExtension, SmartyExtension)
CALLOUT_KINDS = ("note", "tip", "warning")
MAX_BRACKETS = 2000

_TAGS = {
    "a", "b", "br", "blockquote", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "u", "ul", "small",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "table": {"width", "cellspacing", "cellpadding"},
    "*": {"class"},
}
_ENTITY = re.compile(r"^&#?\w+;$")


@dataclass(frozen=True, slots=True)
class RenderedPage:
    page_id: str
    html: str
    issues: list[Issue] = field(default_factory=list)
    images: tuple[str, ...] = ()  # pack-relative paths the page shows


def extensions() -> list[Extension]:
    """Fresh instances of the allowed extensions. Instances, not names: a name makes python-markdown search
    every installed package's entry points, which cost about 3.6 MB and a slower first page."""
    return [extension() for extension in EXTENSIONS]


def render_page(page: Page, pack_root: Path, page_ids: set[str], text: FooterText | None = None) -> RenderedPage:
    """Render one page with a fresh converter (a reused one carries state from the last page)."""
    text = text or FooterText()
    checker = _TreeChecker(page, pack_root, page_ids, text)
    converter = markdown.Markdown(extensions=extensions(), output_format="html")
    converter.treeprocessors.register(checker, "kiosk-checker", 0)
    converter.postprocessors.register(_RawHtmlFilter(converter, page, checker.issues), "kiosk-raw-html", 35)
    refusal = _unrenderable(page.body)
    try:
        body = converter.convert(page.body) if not refusal else ""
    except RecursionError:
        refusal = "its lists or quotes are nested too deeply"
    if refusal:
        checker.issues.append(Issue(page.path, page.body_line, f"page cannot be shown: {refusal}"))
        body = ""
    approved = checker.approved_images

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return value if value in approved else None
        if element == "a" and attribute == "href":
            parts = split_url(value)
            return value if parts is not None and parts.scheme in (INTERNAL_SCHEME, *EXTERNAL_SCHEMES) else None
        return value

    parts = [f"<h1>{html.escape(page.meta.title)}</h1>", body, _footer(page, text)]
    safe = nh3.clean(
        "\n".join(parts),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={INTERNAL_SCHEME, *EXTERNAL_SCHEMES},
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )
    return RenderedPage(page.id, safe, checker.issues, tuple(sorted(approved)))


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


class _TreeChecker(Treeprocessor):
    """Checks links and images in the parsed page, and turns call-outs into boxes Qt can draw."""

    def __init__(self, page: Page, pack_root: Path, page_ids: set[str], text: FooterText) -> None:
        super().__init__()
        self.page, self.pack_root, self.page_ids, self.text = page, pack_root, page_ids, text
        self.issues: list[Issue] = []
        self.approved_images: set[str] = set()

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    self._image(parent, index, child)
                elif child.tag == "a":
                    self._link(child)
                elif child.tag == "div" and "admonition" in child.get("class", ""):
                    parent[index] = self._callout(child)
                elif child.tag == "table":
                    child.set("class", "data")
                    child.set("cellspacing", "0")
                elif child.tag == "ul" and self._checklist(child):
                    child.set("class", "checklist")

    @staticmethod
    def _checklist(listing: ET.Element) -> bool:
        """`- [ ] question` items become boxes to tick in one's head: the list shows ☐ instead of bullets."""
        holders = []
        for item in (child for child in listing if child.tag == "li"):
            # A loose list wraps each item's words in <p>.
            holder = item[0] if not (item.text or "").strip() and len(item) and item[0].tag == "p" else item
            if not (holder.text or "").startswith(("[ ] ", "[x] ", "[X] ")):
                return False
            holders.append(holder)
        for holder in holders:
            text = holder.text or ""
            holder.text = ("☑ " if text[1] in "xX" else "☐ ") + text[4:]
        return bool(holders)

    def _image(self, parent: ET.Element, index: int, image: ET.Element) -> None:
        src = image.get("src", "")
        alt = image.get("alt", "").strip()
        if resolve_image(self.pack_root, src) is not None:
            self.approved_images.add(src)
            if not alt:
                self._report(src, f"image '{src}' has no alt text: describe it inside the [ ] of ![...]({src})")
            return
        self._report(
            src,
            f"image '{src}' cannot be shown: it must be a picture file inside the pack, "
            "given as a relative path such as images/joint.png",
        )
        placeholder = ET.Element("span", {"class": "missing-picture"})
        placeholder.text = f"[{self.text.missing_picture}{': ' + alt if alt else ''}]"
        placeholder.tail = image.tail
        parent[index] = placeholder

    def _link(self, link: ET.Element) -> None:
        href = link.get("href", "").strip()
        parts = split_url(href) or urlsplit("")
        if parts.scheme in EXTERNAL_SCHEMES and parts.netloc:
            link.set("class", "external")
            return
        target = posixpath.basename(parts.path)
        if not parts.scheme and target.endswith(".md") and target[:-3] in self.page_ids:
            link.set("href", f"{INTERNAL_SCHEME}:{target[:-3]}")
            return
        self._report(href, f"link '{href}' does not lead to a page of this pack; it is shown as plain text")
        link.attrib.pop("href", None)

    def _callout(self, box: ET.Element) -> ET.Element:
        classes = box.get("class", "").split()
        kind = next((c for c in classes if c in CALLOUT_KINDS), "note")
        unknown = [c for c in classes if c not in ("admonition", *CALLOUT_KINDS)]
        if unknown:
            self._report(
                "!!! " + unknown[0],
                f"call-out type '{unknown[0]}' is not one of {', '.join(CALLOUT_KINDS)}; shown as a note",
            )
        table = ET.Element("table", {"class": f"callout {kind}", "width": "100%", "cellspacing": "0"})
        cell = ET.SubElement(ET.SubElement(table, "tr"), "td")
        for child in list(box):
            if child.tag == "p" and "admonition-title" in child.get("class", ""):
                child.set("class", "callout-title")
            cell.append(child)
        table.tail = box.tail
        return table

    def _report(self, needle: str, message: str) -> None:
        self.issues.append(Issue(self.page.path, _line_of(self.page, needle), message, Severity.WARNING))


class _RawHtmlFilter(Postprocessor):
    """Raw HTML in a page becomes plain text before python-markdown puts it back; staff get one warning."""

    def __init__(self, converter: markdown.Markdown, page: Page, issues: list[Issue]) -> None:
        super().__init__(converter)
        self.page, self.issues = page, issues

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
                    _line_of(self.page, first),
                    f"HTML is not allowed in pages; {len(removed)} tag(s) were removed, starting with {first!r}",
                    Severity.WARNING,
                )
            )
        return text


def _line_of(page: Page, needle: str) -> int | None:
    for offset, line in enumerate(page.body.split("\n")):
        if needle and needle in line:
            return page.body_line + offset
    return None

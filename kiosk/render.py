"""Markdown to the small, safe subset of HTML that Qt's rich text understands."""

from __future__ import annotations

import difflib
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
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk import clinic, iconarray, pictures, staffmarkdown
from kiosk.clinic import ClinicInfo
from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText, not_shown_html
from kiosk.lines import text_line
from kiosk.links import (
    EXTERNAL_SCHEMES,
    INTERNAL_SCHEME,
    TICK_ANCHOR,
    TOPIC_SCHEME,
    split_url,
    topic_href,
    topic_target,
)
from kiosk.override import override
from kiosk.pagefile import Page


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
CALLOUT_KINDS = ("note", "tip", "warning")
MAX_BRACKETS = 2000
_LISTED_PAGES = 12  # a link to no page names them all, up to this many

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
    checker = _TreeChecker(page, pack_root, page_ids, text)
    checker.issues += [Issue(page.path, page.body_line + p.line, p.message, p.severity) for p in filled]
    converter = markdown.Markdown(extensions=extensions(), output_format="html")
    checker.md = converter  # to read back what the extensions set aside (smart quotes) in checklist words
    # After whitespace clean-up (30), before raw HTML is stashed (20): lines still match the file's.
    converter.preprocessors.register(_IconArrays(converter, page, checker), "kiosk-icons", 25)
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


class _TreeChecker(Treeprocessor):
    """Checks links and images in the parsed page, and turns call-outs into boxes Qt can draw."""

    def __init__(self, page: Page, pack_root: Path, page_ids: set[str], text: FooterText) -> None:
        super().__init__()
        self.page, self.pack_root, self.page_ids, self.text = page, pack_root, page_ids, text
        self.issues: list[Issue] = []
        self.approved_images: set[str] = set()
        self.checklist: list[str] = []
        self.icon_arrays: list[iconarray.IconArray] = []

    @override
    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                token = _icon_token_index(child)
                if token is not None and token < len(self.icon_arrays):
                    parent[index] = self._icon_array(self.icon_arrays[token], child.tail)
                elif child.tag == "img":
                    self._image(parent, index, child)
                elif child.tag == "a" and "name" not in child.attrib:  # named: a checklist row's own
                    self._link(child)
                elif child.tag == "div" and "admonition" in child.get("class", ""):
                    parent[index] = self._callout(child)
                elif child.tag == "table":
                    child.set("class", "data")
                    child.set("cellspacing", "0")
                elif child.tag == "ul" and self._checklist(child):
                    child.set("class", "checklist")

    def _checklist(self, listing: ET.Element) -> bool:
        """`- [ ] question` items become boxes a patient can tick: ☐ instead of a bullet, and an anchor
        (tick-N) by which the page view finds the row that was tapped. Every item starts unticked: `[x]`
        is read as `[ ]`, since what is ticked belongs to the visit, not the page."""
        holders = []
        for item in (child for child in listing if child.tag == "li"):
            # A loose list wraps each item's words in <p>.
            holder = item[0] if not (item.text or "").strip() and len(item) and item[0].tag == "p" else item
            if not (holder.text or "").startswith(("[ ] ", "[x] ", "[X] ")):
                return False
            holders.append(holder)
        for holder in holders:
            anchor = ET.Element("a", {"name": f"{TICK_ANCHOR}{len(self.checklist)}"})
            anchor.tail = "☐ " + (holder.text or "")[4:]
            holder.text = None
            holder.insert(0, anchor)
            self.checklist.append(self._plain(" ".join("".join(holder.itertext()).split())[2:]))
        return bool(holders)

    def _plain(self, words: str) -> str:
        """Words as the page shows them: python-markdown has set smart quotes aside as placeholders."""
        stash = self.md.htmlStash.rawHtmlBlocks if self.md is not None else []

        def put_back(found: re.Match[str]) -> str:
            index = int(found.group(1))
            return html.unescape(str(stash[index])) if index < len(stash) else ""

        return markdown.util.HTML_PLACEHOLDER_RE.sub(put_back, words)

    def _image(self, parent: ET.Element, index: int, image: ET.Element) -> None:
        src = image.get("src", "")
        alt = image.get("alt", "").strip()
        caption = image.attrib.pop("title", "").strip()  # no tooltips on a kiosk: the title shows below
        picture, problem = pictures.inspect(self.pack_root, src)
        if picture is not None:
            self.approved_images.add(src)
            if not alt:
                self._report(src, f"image '{src}' has no alt text: describe it inside the [ ] of ![...]({src})")
            if caption:
                _add_caption(parent, image, caption)
            else:
                example = f'![{alt or "..."}]({src} "What it shows")'
                self._report(src, f"picture '{src}' has no caption: add one in quotes, {example}")
            return
        self._report(src, f"image '{src}' cannot be shown: it {problem}", Severity.ERROR)
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
        if parts.scheme == TOPIC_SCHEME:  # another topic of the library: `kiosk check` looks it up there
            named = topic_target(href)
            if named is not None:
                link.set("href", topic_href(*named))
                return
            example = "topic:si-joint-fusion or topic:si-joint-fusion/benefits"
            self._report(href, f"link '{href}' is not a topic link such as {example}; it is shown as plain text")
            link.attrib.pop("href", None)
            return
        target = posixpath.basename(parts.path)
        if not parts.scheme and target.endswith(".md") and target[:-3] in self.page_ids:
            link.set("href", f"{INTERNAL_SCHEME}:{target[:-3]}")
            return
        close = difflib.get_close_matches(target.removesuffix(".md"), sorted(self.page_ids), n=1)
        if parts.scheme or parts.netloc:
            fix = ". A web address needs https:// and a full name, such as https://www.example.org"
        elif close:
            fix = f". Did you mean '{close[0]}.md'?"
        elif len(self.page_ids) <= _LISTED_PAGES:
            fix = f". The pages are: {', '.join(f'{page}.md' for page in sorted(self.page_ids))}"
        else:
            fix = f". It must name one of the {len(self.page_ids)} pages, such as {min(self.page_ids)}.md"
        self._report(href, f"link '{href}' does not lead to a page of this pack; it is shown as plain text" + fix)
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

    def _icon_array(self, array: iconarray.IconArray, tail: str | None) -> ET.Element:
        """The caption, then per line the drawn people, "73 in 100" and who they are: all of it read aloud."""
        columns = array.columns
        table = ET.Element("table", {"class": "icons", "width": "100%", "cellspacing": "0"})
        title = ET.SubElement(ET.SubElement(table, "tr"), "td", {"colspan": str(columns)})
        ET.SubElement(title, "p", {"class": "callout-title"}).text = array.caption
        row = table
        for number, line in enumerate(array.lines):
            if number % columns == 0:
                row = ET.SubElement(table, "tr")
            cell = ET.SubElement(row, "td", {"width": f"{100 // columns}%"})
            words = self.text.icon_count.format(count=line.count, total=line.total)
            src = line.source(columns)
            ET.SubElement(ET.SubElement(cell, "p", {"class": "icons-figure"}), "img", {"src": src, "alt": words})
            self.approved_images.add(src)
            ET.SubElement(cell, "p", {"class": "icons-count"}).text = words
            ET.SubElement(cell, "p", {"class": "icons-label"}).text = line.label
        table.tail = tail
        return table

    def _report(self, needle: str, message: str, severity: Severity = Severity.WARNING) -> None:
        self.issues.append(
            Issue(self.page.path, text_line(self.page.body, self.page.body_line, needle), message, severity)
        )


_ICON_TOKEN = "kioskiconarray{}x"


def _icon_token_index(element: ET.Element) -> int | None:
    """Which icon array a token paragraph left by _IconArrays stands for, if `element` is one."""
    text = (element.text or "").strip()
    if element.tag != "p" or len(element) or not (text.startswith("kioskiconarray") and text.endswith("x")):
        return None
    number = text[len("kioskiconarray") : -1]
    return int(number) if number.isdigit() else None


def _add_caption(parent: ET.Element, image: ET.Element, caption: str) -> None:
    """The caption goes under the picture, as ordinary text in the same paragraph (so Listen reads it)."""
    if parent.tag == "p" and not (parent.text or "").strip() and len(parent) == 1:
        parent.set("class", "figure")
    words = ET.Element("span", {"class": "caption"})
    words.text = caption
    position = list(parent).index(image)
    parent.insert(position + 1, ET.Element("br"))
    parent.insert(position + 2, words)
    words.tail, image.tail = image.tail, None


class _IconArrays(Preprocessor):
    """Turns each `!!! icons` block into a token paragraph; the tree checker swaps in the drawing."""

    def __init__(self, converter: markdown.Markdown, page: Page, checker: _TreeChecker) -> None:
        super().__init__(converter)
        self.page, self.checker = page, checker

    @override
    def run(self, lines: list[str]) -> list[str]:
        if not any(iconarray.starts_block(line) for line in lines):
            return lines
        out: list[str] = []
        index = 0
        while index < len(lines):
            if not iconarray.starts_block(lines[index]):
                out.append(lines[index])
                index += 1
                continue
            array, index, problems = iconarray.take(lines, index)
            for problem in problems:
                line = self.page.body_line + problem.line
                self.checker.issues.append(Issue(self.page.path, line, problem.message, problem.severity))
            out += ["", _ICON_TOKEN.format(len(self.checker.icon_arrays)), ""]
            self.checker.icon_arrays.append(array)
        return out


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

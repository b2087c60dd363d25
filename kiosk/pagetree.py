"""The renderer's checks on a parsed page: links, pictures and captions, call-outs, checklists, icon arrays.

Each is checked (staff get an issue with its line) and reshaped into something Qt's rich text can draw; the
icon arrays' blocks are set aside by a preprocessor before python-markdown parses the page.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk import iconarray, pictures
from kiosk.errors import Issue, Severity
from kiosk.footer import FooterText
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

CALLOUT_KINDS = ("note", "tip", "warning")
_LISTED_PAGES = 12  # a link to no page names them all, up to this many


class TreeChecker(Treeprocessor):
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
        import difflib  # only for a broken link: 0.2 MB the kiosk would otherwise hold for good

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
    """Which icon array a token paragraph left by IconArrays stands for, if `element` is one."""
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


class IconArrays(Preprocessor):
    """Turns each `!!! icons` block into a token paragraph; the tree checker swaps in the drawing."""

    def __init__(self, converter: markdown.Markdown, page: Page, checker: TreeChecker) -> None:
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

"""Addresses in pages: which links lead where, and which picture files a page may show (no Qt, no Markdown)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

# The picture formats of the frozen build (build.spec leaves out the WebP, TIFF and other plug-ins).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".bmp")
INTERNAL_SCHEME = "page"
# A link to another topic of a library: `topic:si-joint-fusion` (its first page) or
# `topic:si-joint-fusion/benefits` (that page; `benefits.md` works too, as in links between pages).
TOPIC_SCHEME = "topic"
_TOPIC_TARGET = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\.md)?)?/?")
TICK_ANCHOR = "tick-"  # checklist rows carry <a name="tick-N">: N counts a page's rows from 0
EXTERNAL_SCHEMES = ("http", "https")


def split_url(url: str) -> SplitResult | None:
    """urlsplit, or None for an address it cannot parse or one hiding control characters."""
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return None  # urlsplit skips them, so "\x01http://x" would pass as a web link that Qt reads otherwise
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a bracket in the host: https://[example.org
        return None


def resolve_image(pack_root: Path, src: str) -> Path | None:
    """The file a page's image source points to, if it is a safe relative path inside the pack."""
    parts = split_url(src)
    if parts is None or parts.scheme or parts.netloc or parts.query or not parts.path:
        return None
    relative = parts.path.replace("\\", "/")
    if relative.startswith("/") or ".." in relative.split("/") or ":" in relative:
        return None
    if posixpath.splitext(relative)[1].lower() not in IMAGE_SUFFIXES:
        return None
    root = pack_root.resolve()
    target = (root / posixpath.normpath(relative)).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def topic_target(url: str) -> tuple[str, str] | None:
    """The topic and page ("" for its first page) a `topic:` address names, or None if it is not one."""
    parts = split_url(url.strip())
    if parts is None or parts.scheme != TOPIC_SCHEME or parts.netloc or parts.query or parts.fragment:
        return None
    found = _TOPIC_TARGET.fullmatch(parts.path)
    return (found.group(1), found.group(2) or "") if found else None


def topic_href(topic: str, page: str) -> str:
    """The address a topic link is shown with: `topic:ID` or `topic:ID/PAGE`."""
    return f"{TOPIC_SCHEME}:{topic}/{page}" if page else f"{TOPIC_SCHEME}:{topic}"

"""Addresses in pages: which links lead where, and which picture files a page may show (no Qt, no Markdown)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

# The picture formats of the frozen build (build.spec leaves out the WebP, TIFF and other plug-ins).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".bmp")
INTERNAL_SCHEME = "page"
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

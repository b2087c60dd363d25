"""Picture files a page may show: inside the pack, named exactly, small enough, and (for SVG) inert.

Used by `kiosk check` (through rendering) and by the screen just before it decodes a picture, so a file
swapped after the check still cannot make the kiosk allocate gigabytes or fetch anything.
"""

from __future__ import annotations

import os
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import limits
from kiosk.links import IMAGE_SUFFIXES, split_url

MAX_BYTES = 4 * 1024 * 1024  # a clear full-screen picture is well under 1 MB; more is a camera original
MAX_PIXELS = 16_000_000  # decoded: 64 MB of memory at 4 bytes a pixel, the most one picture may take
MAX_SIDE = 8192
MAX_SVG_BYTES = 1024 * 1024  # the bundled drawings are 2 to 5 KB; a drawing program's plain SVG is well under
MAX_SVG_ELEMENTS = 5_000
MAX_SVG_DEPTH = 50  # groups inside groups: Qt draws them by recursion
MAX_SVG_USES = 200
# The only SVG elements a picture may have (an allow-list: anything else, known to Qt or not, is refused).
# Shapes, text, groups, plain colour gradients and <use> of a shape; nothing that loads, runs, moves, or
# costs seconds to draw (<image>, <script>, <foreignObject>, <filter>, <pattern>, <mask>, <animate>...).
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "linearGradient", "radialGradient", "stop",
})  # fmt: skip
# Qt reads elements by their local name whatever their namespace (<x:image> is an image to it), so notes a
# drawing program keeps in its own namespace (sodipodi:namedview, rdf:RDF...) pass only under names that are
# no SVG element's: every SVG 1.1, Tiny 1.2 and SVG 2 element name outside the allow-list.
_SVG_NAMES = frozenset({
    "a", "altglyph", "altglyphdef", "altglyphitem", "animate", "animatecolor", "animatemotion",
    "animatetransform", "animation", "audio", "canvas", "circle", "clippath", "color-profile", "cursor", "defs",
    "desc", "discard", "ellipse", "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite",
    "feconvolvematrix", "fediffuselighting", "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood",
    "fefunca", "fefuncb", "fefuncg", "fefuncr", "fegaussianblur", "feimage", "femerge", "femergenode",
    "femorphology", "feoffset", "fepointlight", "fespecularlighting", "fespotlight", "fetile", "feturbulence",
    "filter", "font", "font-face", "font-face-format", "font-face-name", "font-face-src", "font-face-uri",
    "foreignobject", "g", "glyph", "glyphref", "handler", "hatch", "hatchpath", "hkern", "iframe", "image",
    "line", "lineargradient", "listener", "marker", "mask", "mesh", "meshgradient", "meshpatch", "meshrow",
    "metadata", "missing-glyph", "mpath", "path", "pattern", "polygon", "polyline", "prefetch", "radialgradient",
    "rect", "script", "set", "solidcolor", "stop", "style", "svg", "switch", "symbol", "tbreak", "text",
    "textarea", "textpath", "title", "tref", "tspan", "unknown", "use", "video", "view", "vkern"
})  # fmt: skip
_REFERRING = {"use", "linearGradient", "radialGradient"}  # the elements whose href may name a shape inside
_UNITS_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*([a-z]*)\s*$")
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_CSS_REFUSED = re.compile(r"@|\bfilter\s*:|\bmask\s*:|expression\s*\(", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture that passed every check: where it is, its size in pixels (SVG: its own width) and the bytes
    that were checked (the screen decodes these, never the file again: it may have been swapped since)."""

    path: Path
    width: int
    height: int
    data: bytes = field(default=b"", compare=False, repr=False)

    @property
    def is_svg(self) -> bool:
        return self.path.suffix.lower() == ".svg"


def inspect(pack_root: Path, src: str) -> tuple[Picture | None, str]:
    """The picture `src` names, or None and why it cannot be shown (a sentence for staff)."""
    path, problem = _locate(pack_root, src)
    if path is None:
        return None, problem
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, f"is too large ({limits.too_large(size, MAX_BYTES)}): save it smaller"
        data = path.read_bytes()
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    if path.suffix.lower() == ".svg":
        dimensions, problem = svg_size(data)
    else:
        dimensions, problem = raster_size(data)
    if dimensions is None:
        return None, problem
    width, height = dimensions
    if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return None, (
            f"is {width} x {height} pixels; the limit is {MAX_SIDE} on a side and "
            f"{MAX_PIXELS // 1_000_000} megapixels (about 1600 x 1200 is plenty for the screen)"
        )
    return Picture(path, width, height, data), ""


def _locate(pack_root: Path, src: str) -> tuple[Path | None, str]:
    parts = split_url(src)
    if parts is None or parts.scheme or parts.netloc or parts.query or not parts.path:
        return None, "must be a picture file inside the pack, given as a relative path such as images/joint.png"
    relative = parts.path.replace("\\", "/")
    if relative.startswith("/") or ".." in relative.split("/") or ":" in relative:
        return None, "is outside the pack: give the path from the pack folder, such as images/joint.png"
    if posixpath.splitext(relative)[1].lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(suffix[1:].upper() for suffix in IMAGE_SUFFIXES if suffix != ".jpeg")
        return None, f"is not a picture the kiosk shows ({kinds})"
    root = pack_root.resolve()
    current = root
    for name in posixpath.normpath(relative).split("/"):
        try:
            names = os.listdir(current)
        except OSError:
            return None, "does not exist in the pack"
        if name not in names:
            # Windows and macOS would open 'Images/Pelvis.svg' for 'images/pelvis.svg'; Linux kiosks would not.
            same = [found for found in names if found.lower() == name.lower()]
            if same:
                return None, f"is named differently on disk: '{same[0]}', not '{name}' (capitals matter)"
            return None, "does not exist in the pack"
        current = current / name
    target = current.resolve()
    if not target.is_relative_to(root):
        return None, "is a link to a file outside the pack"
    if not target.is_file():
        return None, "is not a file"
    return target, ""


def raster_size(data: bytes) -> tuple[tuple[int, int] | None, str]:
    """Width and height from a PNG, GIF, BMP or JPEG header, without decoding the picture."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24]), ""
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10]), ""
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return (abs(width), abs(height)), ""
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None, "is not a PNG, JPEG, GIF or BMP picture, or the file is damaged"


def _jpeg_size(data: bytes) -> tuple[tuple[int, int] | None, str]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return (width, height), ""
        index += 2 + length
    return None, "is a damaged JPEG (no picture size found)"


def svg_size(data: bytes) -> tuple[tuple[int, int] | None, str]:
    """The SVG's own size in pixels, or why it is refused (see svg_refusal)."""
    if len(data) > MAX_SVG_BYTES:
        size = limits.too_large(len(data), MAX_SVG_BYTES)
        return None, f"is too large for an SVG drawing ({size}): save it as plain SVG"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "is not a UTF-8 SVG file"
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        # Refused before parsing: entities are how a tiny file expands to gigabytes ("billion laughs").
        return None, "has a DOCTYPE or ENTITY declaration, which SVG pictures for the kiosk must not have"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return None, f"is not valid SVG: {error}"
    if _local(root.tag) != "svg":
        return None, "is not an SVG picture (its first element is not <svg>)"
    problem = svg_refusal(root)
    if problem:
        return None, problem
    width, height = _length(root.get("width", "")), _length(root.get("height", ""))
    box = [float(n) for n in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if n][2:4]
    if (width is None or height is None) and len(box) == 2 and box[0] > 0 and box[1] > 0:
        scale = (width / box[0]) if width else (height / box[1]) if height else 1.0
        width, height = box[0] * scale, box[1] * scale
    if width is None or height is None:
        return None, "has no size: give the <svg> a viewBox (and width and height in pixels)"
    return (round(width), round(height)), ""


def svg_refusal(root: ET.Element) -> str:
    """Why this parsed SVG must not be drawn, or "" if it may: only allowed elements (SVG_ELEMENTS), nothing
    that refers outside the file, no scripts or filters, and bounded in size, depth and <use>."""
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        return f"has {len(elements):,} elements (limit {MAX_SVG_ELEMENTS:,}); simplify it"
    if _depth(root) > MAX_SVG_DEPTH:
        return f"has groups nested more than {MAX_SVG_DEPTH} deep; flatten it"
    ids = {element.get("id"): element for element in elements if element.get("id")}
    uses = 0
    for element in elements:
        tag = _local(element.tag)
        editor_note = element.tag.startswith("{") and tag.lower() not in _SVG_NAMES
        if tag not in SVG_ELEMENTS and not editor_note:
            return (
                f"uses <{tag}>, which pictures for the kiosk may not contain "
                "(shapes, text, groups and gradients only: no images, scripts, filters or motion)"
            )
        for name, value in element.attrib.items():
            problem = _attribute_refusal(tag, _local(name), value)
            if problem:
                return problem
        if tag == "style" and (_OUTSIDE_URL.search(element.text or "") or _CSS_REFUSED.search(element.text or "")):
            return "has a style that loads another file or uses a filter (@import, url(...), filter:)"
        href = _href(element)
        if href:
            target = ids.get(href.removeprefix("#"))
            if tag == "use":
                uses += 1
                if target is not None and any(_local(inner.tag) == "use" for inner in target.iter()):
                    return "has <use> inside a <use>d shape; repeat shapes without nesting <use>"
            elif target is not None and _href(target):
                return "has a gradient based on a gradient that is itself based on another; flatten them"
    if uses > MAX_SVG_USES:
        return f"has {uses} <use> elements (limit {MAX_SVG_USES})"
    return ""


def _attribute_refusal(tag: str, attribute: str, value: str) -> str:
    if attribute.lower().startswith("on"):
        return f"has a script attribute ({attribute}=)"
    if attribute in ("filter", "mask"):
        return f"uses a {attribute}, which the kiosk does not allow in pictures"
    if attribute == "href" and (tag not in _REFERRING or not value.startswith("#")):
        return f"refers to another file ('{value[:60]}'); everything must be inside the SVG"
    if _OUTSIDE_URL.search(value):
        return "refers to another file through url(...); everything must be inside the SVG"
    if attribute == "style" and _CSS_REFUSED.search(value):
        return "has a style that uses a filter or loads another file"
    return ""


def _depth(root: ET.Element) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _href(element: ET.Element) -> str:
    return next((value for name, value in element.attrib.items() if _local(name) == "href"), "")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _length(value: str) -> float | None:
    match = _LENGTH.match(value)
    if match is None or match.group(2) not in _UNITS_PX:
        return None
    return float(match.group(1)) * _UNITS_PX[match.group(2)]

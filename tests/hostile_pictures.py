"""Hostile pictures from issue 20, shared by the core and the screen tests: each must be refused quickly."""

from __future__ import annotations

import struct
import zlib

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 700" width="1200" height="700">{}</svg>'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def png_file(width: int, height: int, *, colour: bool = False) -> bytes:
    """A real, decodable PNG of one colour: a few hundred KB on disk at most, 256 MB decoded at 7999 x 7999.

    Black and white (1 bit a pixel) unless `colour` (8-bit RGBA, as a camera or drawing program saves).
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * (width * 4 if colour else (width + 7) // 8)
    packer = zlib.compressobj(1)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8 if colour else 1, 6 if colour else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def use_bomb(levels: int = 15) -> str:
    """Each level <use>s the one below four times: 4^15 shapes, more than a minute of drawing for Qt."""
    groups = "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 4 + "</g>" for i in range(1, levels + 1))
    return SVG.format(f'<defs><rect id="a0" width="9" height="9"/>{groups}</defs><use href="#a{levels}"/>')


HOSTILE: dict[str, tuple[bytes, str]] = {  # file name: (content, words the refusal must contain)
    "use-bomb.svg": (use_bomb().encode(), "<use> inside"),
    "blur.svg": (
        SVG.format(
            '<filter id="f"><feGaussianBlur stdDeviation="300"/></filter>'
            '<rect width="1200" height="700" fill="#c00" filter="url(#f)"/>'
        ).encode(),
        "<filter>",
    ),
    "blur-in-style.svg": (SVG.format('<rect width="9" height="9" style="filter:blur(40px)"/>').encode(), "filter"),
    "etc-image.svg": (SVG.format('<image href="/etc/hostname" width="600" height="300"/>').encode(), "<image>"),
    "file-image.svg": (
        SVG.replace("<svg ", f"<svg {XLINK} ")
        .format('<image xlink:href="file:///etc/passwd" width="600" height="300"/>')
        .encode(),
        "<image>",
    ),
    "namespaced-image.svg": (
        SVG.format('<x:image xmlns:x="urn:x" href="../../secret.png" width="600" height="300"/>').encode(),
        "<image>",
    ),
    "use-outside.svg": (SVG.format('<use href="other.svg#shape"/>').encode(), "refers to another file"),
    "css-import.svg": (SVG.format("<style>@import url(/etc/style.css);</style>").encode(), "style"),
    "css-url.svg": (SVG.format('<rect width="9" height="9" fill="url(/etc/x.svg#p)"/>').encode(), "url("),
    "foreign.svg": (SVG.format("<foreignObject><p>Hello</p></foreignObject>").encode(), "<foreignObject>"),
    "script.svg": (SVG.format("<script>alert(1)</script>").encode(), "<script>"),
    "deep.svg": (SVG.format("<g>" * 60 + "<rect/>" + "</g>" * 60).encode(), "nested"),
    "huge.png": (png_file(7999, 7999), "megapixels"),
}

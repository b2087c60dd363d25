"""Handouts as Markdown: a Word file through mammoth (its pictures taken out), or a Markdown file and the
pictures it links. Authoring only (the `authoring` extra); `kiosk import` uses it, the kiosk never does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kiosk.handout import Converted

MAX_HANDOUT_BYTES = 50_000_000
PICTURE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/svg+xml": ".svg",
}
_LINKED = re.compile(r"(!\[[^\]]*\]\(\s*)(<?)([^)\s>]+)(>?)")
# Word's built-in styles: "Title" is the handout's title; each heading moves down one level beneath it.
_WORD_STYLES = "\n".join(
    ["p[style-name='Title'] => h1:fresh"]
    + [f"p[style-name='Heading {level}'] => h{min(6, level + 1)}:fresh" for level in range(1, 6)]
)


class HandoutError(Exception):
    """A handout that cannot be read, with the reason in words for staff."""


def read_handout(path: Path) -> Converted:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise HandoutError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_HANDOUT_BYTES:
        raise HandoutError(f"{path} is too large ({size:,} bytes; at most {MAX_HANDOUT_BYTES:,})")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _from_word(path)
    if suffix in {".md", ".markdown", ".txt"}:
        return _from_markdown(path)
    raise HandoutError(f"{path.name}: only Word (.docx) and Markdown (.md) handouts can be imported")


def _from_markdown(path: Path) -> Converted:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise HandoutError(f"cannot read {path} as UTF-8 text: {error}") from None
    converted = Converted("")
    copied: dict[str, str] = {}

    def relink(match: re.Match[str]) -> str:
        target = match.group(3)
        if target not in copied:
            copied[target] = _copy_picture(path.parent, target, converted)
        return f"{match.group(1)}{match.group(2)}{copied[target]}{match.group(4)}"

    converted.markdown = _LINKED.sub(relink, text)
    return converted


def _copy_picture(folder: Path, target: str, converted: Converted) -> str:
    """The picture's new place in the pack (`images/NAME`), or its old link with a note when it cannot come."""
    if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith(("/", "\\")):
        converted.todo.append(f"picture {target} is not a file beside the handout: put a copy in images/")
        return target
    source = folder / target
    if not source.is_file():
        converted.todo.append(f"picture {target} was not found beside the handout: add it to images/")
        return target
    suffix = source.suffix.lower()
    if suffix not in PICTURE_TYPES.values() and suffix != ".jpeg":
        converted.todo.append(f"picture {target} is not PNG, JPEG, GIF, BMP or SVG: save it as PNG")
    return _keep(converted, source.stem, suffix, source.read_bytes())


def _keep(converted: Converted, stem: str, suffix: str, data: bytes) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "picture"
    name, number = f"{base}{suffix}", 2
    while name in converted.pictures:
        name, number = f"{base}-{number}{suffix}", number + 1
    converted.pictures[name] = data
    return f"images/{name}"


AUTHORING_NEEDED = (
    "Word handouts need the authoring tools, which the installed kiosk does not carry: run `kiosk import` "
    'from the project\'s source folder after `python3 tasks.py test` (or `pip install -e ".[authoring]"` there). '
    "A Markdown (.md) handout imports here as it is"
)


def _from_word(path: Path) -> Converted:
    try:
        import mammoth  # the authoring extra
        import markdownify
    except ImportError as error:
        raise HandoutError(f"{AUTHORING_NEEDED} ({error.name} is missing)") from None

    converted = Converted("")

    def picture(image: Any) -> dict[str, str]:
        suffix = PICTURE_TYPES.get(image.content_type)
        if suffix is None:
            converted.todo.append(f"a {image.content_type} picture could not be kept: save it as PNG and add it")
            return {"src": ""}
        with image.open() as stream:
            data = stream.read()
        attributes = {"src": _keep(converted, "picture", suffix, data)}
        if image.alt_text:
            attributes["alt"] = image.alt_text
        return attributes

    try:
        with path.open("rb") as stream:
            result = mammoth.convert_to_html(
                stream, convert_image=mammoth.images.img_element(picture), style_map=_WORD_STYLES
            )
    except Exception as error:  # a damaged or disguised file: say so, whatever the parser raised
        raise HandoutError(f"{path.name} could not be read as a Word file: {error}") from None
    converted.todo += [f"from Word: {message.message}" for message in result.messages]
    converted.markdown = markdownify.markdownify(
        result.value, heading_style="ATX", bullets="-", table_infer_header=True, escape_misc=False
    )
    return converted

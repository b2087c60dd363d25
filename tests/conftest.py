"""Shared fixtures: off-screen Qt, no real config or folders of the developer's, and pack factories."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typing_extensions import override

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

# Before any Qt import: tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

REPO = Path(__file__).resolve().parent.parent
BUNDLED_LIBRARY = REPO / "content"  # the bundled library of topics
BUNDLED = BUNDLED_LIBRARY / "si-joint-fusion"  # its first topic, a pack as every pack is
# Its version as pack.toml says: staff raise it with every change (content guide), and no test should mind.
BUNDLED_VERSION = re.search(r'^version = "([^"]+)"', (BUNDLED / "pack.toml").read_text("utf-8"), re.M)[1]  # type: ignore[index]
PAGE_IDS = ("what-it-is", "procedure", "benefits", "risks", "recovery", "questions")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets its own temp, config, data, state, cache and log folders, so neither the developer's
    kiosk.toml nor a kiosk running on the machine (its single-instance lock is in the runtime folder) reaches it.
    Set in the environment, so the kiosks that tests start as subprocesses inherit them too."""
    home = tmp_path_factory.mktemp("home")
    temp = home / "tmp"
    temp.mkdir()
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    folders = {
        "XDG_CONFIG_DIRS": "etc-xdg",
        "XDG_CONFIG_HOME": "config",
        "XDG_DATA_HOME": "data",
        "XDG_STATE_HOME": "state",
        "XDG_CACHE_HOME": "cache",
        "APPDATA": "AppData/Roaming",  # what platformdirs reads on Windows
        "LOCALAPPDATA": "AppData/Local",
        "PROGRAMDATA": "ProgramData",
    }
    for name, folder in folders.items():
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    runtime = home / "run"  # the single-instance lock's folder: it must exist, as a login's does
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(name, str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # gettempdir() reads the environment only once


def page_text(title: str = "A page", tab: str = "Page", body: str = "Some words.", **extra: str) -> str:
    lines = [
        "---",
        f"title: {title}",
        f"tab: {tab}",
        "reviewed: 2026-10-01",
        "reviewer: Nurse educator",
        "sources:",
        '  - "A source, 2024."',
        *(f"{key}: {value}" for key, value in extra.items()),
        "---",
        textwrap.dedent(body).strip(),
        "",
    ]
    return "\n".join(lines)


PackFactory = Callable[..., Path]


@pytest.fixture
def make_pack(tmp_path: Path) -> PackFactory:
    """Write a small pack: `pages` maps id to Markdown body (or to full file text via `raw`)."""

    def make(
        pages: dict[str, str] | None = None,
        *,
        raw: dict[str, bytes | str] | None = None,
        language: str = "en",
        order: list[str] | None = None,
        pack_toml: str | None = None,
        name: str = "pack",
    ) -> Path:
        root = tmp_path / name
        folder = root / language
        folder.mkdir(parents=True, exist_ok=True)
        pages = {"one": "First page.", "two": "Second page."} if pages is None and raw is None else pages or {}
        for page_id, body in pages.items():
            (folder / f"{page_id}.md").write_text(page_text(page_id.title(), page_id.title(), body), "utf-8")
        for file_name, content in (raw or {}).items():
            target = folder / file_name
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        ids = order if order is not None else [*pages, *(Path(n).stem for n in (raw or {}))]
        if pack_toml is None:
            pack_toml = f'title = "Test pack"\nversion = "1"\ndefault_language = "{language}"\npages = {ids!r}\n'
        (root / "pack.toml").write_text(pack_toml.replace("'", '"'), "utf-8")
        return root

    return make


def lone_pack(target: Path) -> Path:
    """A copy of the bundled fusion pack standing alone, out of its library: its link to the injection topic
    (`kiosk check` refuses topic links in a single pack) becomes a link to its own Benefits page."""
    shutil.copytree(BUNDLED, target)
    for language in ("en", "es"):
        page = target / language / "what-it-is.md"
        text = page.read_text("utf-8")
        page.write_text(text.replace("(topic:si-joint-injection/benefits)", "(benefits.md)"), "utf-8")
    return target


LibraryFactory = Callable[..., Path]


@pytest.fixture
def make_library(tmp_path: Path) -> LibraryFactory:
    """A library of copies of the bundled pack: `topics` names them in order (each one's topic link leads to the
    next), `english_only` lose their Spanish folder, `extra` is added to library.toml. Each copy's pack title
    names it, so tests can tell them apart."""

    def make(
        topics: tuple[str, ...] = ("fusion", "second"),
        *,
        english_only: tuple[str, ...] = (),
        extra: str = "",
        name: str = "library",
    ) -> Path:
        root = tmp_path / name
        root.mkdir()
        for index, topic in enumerate(topics):
            shutil.copytree(BUNDLED, root / topic)
            following = topics[(index + 1) % len(topics)]  # its topic link leads to the next copy
            for language in ("en", "es"):
                page = root / topic / language / "what-it-is.md"
                page.write_text(page.read_text("utf-8").replace("topic:si-joint-injection", f"topic:{following}"))
            pack = root / topic / "pack.toml"
            pack.write_text(
                pack.read_text("utf-8").replace("Sacroiliac joint fusion", f"Topic {topic}", 1), "utf-8"
            )
            ui = root / topic / "es" / "ui.toml"
            ui.write_text(ui.read_text("utf-8").replace("Fusión", f"Tema {topic}: fusión", 1), "utf-8")
            if topic in english_only:
                shutil.rmtree(root / topic / "es")
        listed = ", ".join(f'"{topic}"' for topic in topics)
        (root / "library.toml").write_text(
            f'version = "9"\ndefault_language = "en"\ntopics = [{listed}]\n{extra}\n'
            '[title]\nen = "Our procedures"\nes = "Nuestros procedimientos"\n',
            "utf-8",
        )
        return root

    return make


class TagCollector(HTMLParser):
    """Every start tag of an HTML text with its attributes, to check what rendering let through."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def read_qr(image: QImage) -> str:
    """The text of the one QR code in `image`, as a phone would read it (zxing-cpp)."""
    import zxingcpp
    from PySide6.QtGui import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())  # rows are padded to whole words: take each row's pixels only
    stride, width = gray.bytesPerLine(), gray.width()
    rows = b"".join(data[y * stride : y * stride + width] for y in range(gray.height()))
    found = zxingcpp.read_barcodes(
        zxingcpp.ImageView(memoryview(rows), gray.width(), gray.height(), zxingcpp.ImageFormat.Lum)
    )
    assert len(found) == 1, f"{len(found)} codes found"
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode
    return str(found[0].text)

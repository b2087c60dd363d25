"""The .deb's control data: sizes as dpkg counts them, and a font for every symbol the kiosk draws."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging" / "linux"))
from build_deb import FONT_PACKAGE, installed_size_kb

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # what fonts-dejavu-core installs


def test_installed_size_counts_a_file_once_however_many_links_point_at_it(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "big.so.6.11").write_bytes(b"x" * 1024 * 1000)
    for name in ("big.so.6", "big.so"):
        (tmp_path / "lib" / name).symlink_to("big.so.6.11")
    assert installed_size_kb(tmp_path) == 1000 + 2 + 1  # the file, two links, one folder


def drawn_symbols() -> set[str]:
    """Every symbol (arrows, shapes, ticks, hearts…) the kiosk's code draws, besides letters and digits."""
    text = "".join(path.read_text("utf-8") for path in (REPO / "kiosk").rglob("*.py"))
    return set(re.findall(r"[\u2190-\u2bff]", text)) | set("▲▼↺◐▶✓✎♡")


@pytest.mark.skipif(not DEJAVU.exists(), reason=f"{FONT_PACKAGE} is not installed here")
def test_every_symbol_is_in_the_bundled_font_or_the_declared_font_package(qapp: object) -> None:
    from PySide6.QtGui import QRawFont

    bundled = [QRawFont(str(path), 20) for path in (REPO / "assets" / "fonts").glob("*Regular.ttf")]
    fonts = [*bundled, QRawFont(str(DEJAVU), 20)]
    assert all(font.isValid() for font in fonts)
    missing = [s for s in sorted(drawn_symbols()) if not any(font.supportsCharacter(ord(s)) for font in fonts)]
    assert not missing, f"no font draws {' '.join(missing)}: they would show as empty boxes"

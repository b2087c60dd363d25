"""The .deb's control data: sizes as dpkg counts them, and a font for every symbol the kiosk draws."""

from __future__ import annotations

import datetime
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging" / "linux"))
from build_deb import FONT_PACKAGE, PACKAGE, POSTINST, documents, installed_size_kb

from kiosk import display, handout, paths, readability

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


@pytest.mark.parametrize("group_exists", [True, False])
def test_postinst_makes_kiosk_toml_readable_by_the_kiosk_group_only(tmp_path: Path, group_exists: bool) -> None:
    """kiosk.toml holds the PIN hash: 0640 root:kiosk when the kiosk group exists, else left as installed."""
    config = tmp_path / "root" / "etc" / "xdg" / "kiosk" / "kiosk.toml"
    config.parent.mkdir(parents=True)
    config.write_text("# config\n", "utf-8")
    config.chmod(0o644)
    fake = tmp_path / "bin"  # getent and chown stand-ins: no group is made on the test machine
    fake.mkdir()
    calls = tmp_path / "calls"
    (fake / "getent").write_text(f'#!/bin/sh\necho getent "$@" >> {calls}\nexit {0 if group_exists else 2}\n')
    (fake / "chown").write_text(f'#!/bin/sh\necho chown "$@" >> {calls}\n')
    for tool in fake.iterdir():
        tool.chmod(0o755)
    script = tmp_path / "postinst"
    script.write_text(POSTINST, "utf-8")
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "DPKG_ROOT": str(tmp_path / "root")}
    subprocess.run(["sh", str(script), "configure", "1.0"], env=env, check=True, timeout=10)
    logged = calls.read_text().splitlines()
    assert logged[0] == "getent group kiosk"
    if group_exists:
        assert logged[1:] == [f"chown root:kiosk {config}"]
        assert stat.S_IMODE(config.stat().st_mode) == 0o640
    else:
        assert logged[1:] == [] and stat.S_IMODE(config.stat().st_mode) == 0o644


def test_the_deb_ships_every_guide_the_readme_and_the_kiosk_name_where_they_say(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = documents()
    assert all(source.is_file() for source in shipped.values())
    readme = shipped[f"opt/{PACKAGE}/README.md"].read_text("utf-8")
    code = "".join(path.read_text("utf-8") for path in (REPO / "kiosk").rglob("*.py"))
    named = set(re.findall(r"docs/([\w-]+\.md)", readme)) | set(re.findall(r"guide_file\(['\"]([\w-]+\.md)", code))
    assert {"deployment.md", "content-guide.md", "content-source.md"} <= named
    for name in named:
        assert f"opt/{PACKAGE}/docs/{name}" in shipped, f"docs/{name} is named but not in the .deb"
    # The installed kiosk (/usr/bin/kiosk → /opt/si-kiosk/kiosk) names the guides by their installed paths.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", f"/opt/{PACKAGE}/kiosk")
    assert str(paths.guide_file("deployment.md")) == f"/opt/{PACKAGE}/docs/deployment.md"
    assert f"/opt/{PACKAGE}/docs/content-guide.md, section 7" in readability.missing_message()
    no_display = display.display_problem(env={"QT_QPA_PLATFORM": "xcb"}, platform="linux")
    assert f"/opt/{PACKAGE}/docs/deployment.md" in no_display
    assert not re.search(r"(?<!/)docs/", no_display + readability.missing_message())


def test_messages_from_a_source_checkout_name_guides_that_exist() -> None:
    assert paths.guide_file("content-guide.md") == REPO / "docs" / "content-guide.md"
    assert str(REPO / "docs" / "content-guide.md") in handout._pack_text("T", "en", [], datetime.date(2026, 1, 1))

"""A new pack published at the content source appears on a running kiosk, without a restart; staff mode says
who signed it, why an older one was refused, and warns while packs are not signature-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import Config, ContentConfig, StaffConfig
from kiosk.library import load_library
from kiosk.pin import hash_pin
from kiosk.signing import make_key_pair, read_private_key
from kiosk.startup import Settings
from kiosk.sync import MANIFEST, Trust, make_pack_archive
from kiosk.ui.app import start_content_source
from kiosk.ui.content_source import UNCHECKED, SourceChecker
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED, BUNDLED_VERSION
from tests.ui.conftest import KioskFactory, WindowFactory

PIN = "1357"


def test_new_pack_from_the_source_is_shown_and_bad_ones_are_reported(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.reader.show_page("risks")
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    risks = pack / "en" / "risks.md"
    risks.write_text(risks.read_text().replace("Like any surgery", "Published centrally: like any surgery"))
    make_pack_archive(pack, tmp_path / "share")
    checker = SourceChecker(str(tmp_path / "share" / MANIFEST), tmp_path / "store", 15, Trust(), parent=window)
    checker.new_pack.connect(lambda folder: window.set_library(load_library(folder)))
    checker.state_changed.connect(lambda: window.desk.set_source_note(checker.summary()))
    with qtbot.waitSignal(checker.new_pack, timeout=10000):
        checker.check_now()
    assert "Published centrally" in window.reader.current_view().toPlainText()  # type: ignore[union-attr]
    assert window.reader.current_page_id() == "risks"
    (tmp_path / "share" / MANIFEST).write_text("{ broken")
    with qtbot.waitSignal(checker.state_changed, timeout=10000):
        checker.check_now()
    assert "cannot be read" in checker.state["last_error"]
    assert "Published centrally" in window.reader.current_view().toPlainText()  # type: ignore[union-attr]
    assert "last error" in window.desk.source_note


def published(tmp_path: Path, version: str, seed: bytes | None) -> Path:
    pack = tmp_path / f"pack-{version}"
    shutil.copytree(BUNDLED, pack)
    toml = (pack / "pack.toml").read_text().replace(f'version = "{BUNDLED_VERSION}"', f'version = "{version}"')
    (pack / "pack.toml").write_text(toml)
    return make_pack_archive(pack, tmp_path / "share", seed)[1]


def staff_panel_text(window: KioskWindow) -> str:
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    assert window.staff.unlocked
    return window.staff.status.text() + "\n" + window.staff.problems.text()


def test_staff_mode_shows_the_signer_and_a_refused_replay_even_after_a_restart(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    _, _, public = make_key_pair(tmp_path / "keys")
    seed = read_private_key(tmp_path / "keys" / "publisher.key")
    old = published(tmp_path, "A", seed)
    shutil.copytree(old.parent, tmp_path / "kept")
    published(tmp_path, "B", seed)
    content = ContentConfig(source=str(tmp_path / "share" / MANIFEST), public_keys=(public,))
    config = Config(content=content, staff=StaffConfig(pin_hash=hash_pin(PIN, iterations=100_000)))
    window, behaviour = make_kiosk(config=config, lock_down=False)
    checker = start_content_source(window, Settings(config, BUNDLED, []), behaviour)
    assert checker is not None
    with qtbot.waitSignal(checker.state_changed, timeout=20000):  # the first check starts with the event loop
        pass
    # read and rendered off the UI thread, then swapped in
    qtbot.waitUntil(lambda: window.library.pack.info.version == "B", timeout=20000)
    assert "(sequence 2), signed by ed25519:" in window.desk.source_note
    assert UNCHECKED not in staff_panel_text(window)
    shutil.rmtree(tmp_path / "share")
    shutil.copytree(tmp_path / "kept", tmp_path / "share")  # sequence 1 replayed
    restarted, behaviour = make_kiosk(config=config, lock_down=False)
    again = start_content_source(restarted, Settings(config, BUNDLED, []), behaviour)
    assert again is not None
    with qtbot.waitSignal(again.state_changed, timeout=20000):
        pass
    assert "refused: sequence 1 is older than sequence 2 already taken" in staff_panel_text(restarted)
    assert restarted.library.pack.info.version == BUNDLED_VERSION  # what it started with: nothing replaced


def test_staff_mode_warns_while_packs_are_not_signature_checked(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    published(tmp_path, "A", None)
    content = ContentConfig(source=str(tmp_path / "share" / MANIFEST))
    config = Config(content=content, staff=StaffConfig(pin_hash=hash_pin(PIN, iterations=100_000)))
    window, behaviour = make_kiosk(config=config, lock_down=False)
    checker = start_content_source(window, Settings(config, BUNDLED, []), behaviour)
    assert checker is not None and checker.state["warning"] == UNCHECKED
    with qtbot.waitSignal(checker.state_changed, timeout=20000):
        pass
    qtbot.waitUntil(lambda: window.library.pack.info.version == "A", timeout=20000)
    assert staff_panel_text(window).count(UNCHECKED) == 1
    assert f"warning: {UNCHECKED}" in window.staff.problems.text().splitlines()[1]  # first among the problems

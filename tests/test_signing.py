"""Signed packs, no rollback: kiosks with public keys take only manifests their publisher signed, and never go
back to an older sequence, not even after a restart; staff roll back by publishing a newer sequence."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import parse_config
from kiosk.signing import read_private_key
from kiosk.sync import MANIFEST, SyncError, Trust, current_pack, make_pack_archive, sync
from kiosk.tomlfile import read_toml
from tests.conftest import BUNDLED, BUNDLED_VERSION


@pytest.fixture
def keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """The publisher's private key file and the public key line `kiosk keygen` printed."""
    assert main(["keygen", "--out", str(tmp_path / "keys")]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith('public_keys = ["ed25519:')
    return tmp_path / "keys" / "publisher.key", line.split('"')[1]


def pack_with(tmp_path: Path, version: str, words: str) -> Path:
    """A copy of the bundled pack with its own version and a sentence to tell it apart on screen."""
    pack = tmp_path / f"pack-{version}"
    shutil.copytree(BUNDLED, pack)
    toml = (pack / "pack.toml").read_text().replace(f'version = "{BUNDLED_VERSION}"', f'version = "{version}"')
    (pack / "pack.toml").write_text(toml)
    risks = pack / "en" / "risks.md"
    risks.write_text(risks.read_text().replace("Like any surgery", f"{words}: like any surgery"))
    return pack


def publish(
    tmp_path: Path, version: str, key: Path | None, share: str = "share", sequence: int | None = None
) -> Path:
    """As `kiosk pack` does (its slower authoring checks left out: the bundled pack passes them)."""
    folder = pack_with(tmp_path, version, f"Version {version}")
    seed = read_private_key(key) if key else None
    return make_pack_archive(folder, tmp_path / share, seed, sequence)[1]


def shown_words(store: Path) -> str:
    folder = current_pack(store)
    assert folder is not None
    return (folder / "en" / "risks.md").read_text()


def test_keygen_makes_a_private_key_for_its_owner_only_and_never_overwrites(
    tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keys
    if os.name == "posix":  # Windows keeps the file to its owner through the user profile's permissions
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert (private.parent / "publisher.pub").read_text().strip() == public
    assert public not in private.read_text()
    before = private.read_bytes()
    assert main(["keygen", "--out", str(private.parent)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert private.read_bytes() == before


def test_a_signed_pack_round_trips_and_names_its_signer(tmp_path: Path, keys: tuple[Path, str]) -> None:
    private, public = keys
    manifest = publish(tmp_path, "A", private)
    data = json.loads(manifest.read_text())
    assert data["sequence"] == 1 and data["signed_by"] == public and len(data["signature"]) == 88
    result = sync(str(manifest), tmp_path / "store", trust=Trust((public,), tmp_path / "state" / "seq.json"))
    assert result.changed and result.signed_by == public and result.sequence == 1
    assert "Version A" in shown_words(tmp_path / "store")


def test_a_pack_signed_with_another_key_is_refused(tmp_path: Path, keys: tuple[Path, str]) -> None:
    private, _ = keys
    assert main(["keygen", "--out", str(tmp_path / "other")]) == 0
    other = (tmp_path / "other" / "publisher.pub").read_text().strip()
    manifest = publish(tmp_path, "A", private)
    with pytest.raises(SyncError, match=r"^refused: the manifest's signature is wrong: .* \(it names ed25519:"):
        sync(str(manifest), tmp_path / "store", trust=Trust((other,)))
    assert current_pack(tmp_path / "store") is None


def test_an_unsigned_pack_is_refused_when_keys_are_configured(tmp_path: Path, keys: tuple[Path, str]) -> None:
    _, public = keys
    manifest = publish(tmp_path, "A", None)
    with pytest.raises(SyncError, match=r"^refused: the manifest is not signed"):
        sync(str(manifest), tmp_path / "store", trust=Trust((public,)))
    assert current_pack(tmp_path / "store") is None


@pytest.mark.parametrize("change", ["archive", "version", "sequence", "new_field", "signature"])
def test_a_tampered_manifest_is_refused(tmp_path: Path, keys: tuple[Path, str], change: str) -> None:
    """Whoever could write the share or the server could show any text: the hash came from the same place."""
    private, public = keys
    manifest = publish(tmp_path, "A", private)
    data = json.loads(manifest.read_text())
    if change == "archive":  # an archive of the attacker's own, with its matching hash
        evil = pack_with(tmp_path / "attacker", "A", "Call 0900 and pay")
        make_pack_archive(evil, tmp_path / "evil", sequence=1)
        shutil.copy(tmp_path / "evil" / "pack-A.zip", tmp_path / "share" / "evil.zip")
        data["archive"] = "evil.zip"
        data["sha256"] = hashlib.sha256((tmp_path / "evil" / "pack-A.zip").read_bytes()).hexdigest()
    elif change == "version":
        data["version"] = "B"
    elif change == "sequence":
        data["sequence"] = 99
    elif change == "new_field":
        data["note"] = "unsigned words"
    else:
        data["signature"] = "A" * 86 + "=="
    manifest.write_text(json.dumps(data))
    with pytest.raises(SyncError, match=r"^refused: the manifest's signature is wrong"):
        sync(str(manifest), tmp_path / "store", trust=Trust((public,)))
    assert current_pack(tmp_path / "store") is None


def test_an_older_sequence_replayed_after_a_restart_is_refused(tmp_path: Path, keys: tuple[Path, str]) -> None:
    """Versions were compared for equality: v1 after v2 was accepted."""
    private, public = keys
    record = tmp_path / "state" / "content-sequence.json"
    old = publish(tmp_path, "A", private)
    kept = tmp_path / "kept-by-attacker"
    shutil.copytree(old.parent, kept)  # a validly signed sequence 1, saved for later
    new = publish(tmp_path, "B", private)
    assert json.loads(new.read_text())["sequence"] == 2
    store = tmp_path / "store"
    assert sync(str(new), store, trust=Trust((public,), record)).sequence == 2
    shutil.rmtree(new.parent)
    shutil.copytree(kept, new.parent)  # the share now serves sequence 1 again
    # A new Trust and SequenceRecord: what a restarted kiosk has; only the file remembers.
    with pytest.raises(SyncError, match=r"^refused: sequence 1 is older than sequence 2 already taken"):
        sync(str(new), store, trust=Trust((public,), record))
    assert "Version B" in shown_words(store)
    assert json.loads(record.read_text())[str(new)]["sequence"] == 2


def test_the_same_sequence_with_another_archive_is_refused(tmp_path: Path, keys: tuple[Path, str]) -> None:
    private, public = keys
    record = tmp_path / "state" / "seq.json"
    first = publish(tmp_path, "A", private, share="one")
    sync(str(first), tmp_path / "store", trust=Trust((public,), record))
    other = publish(tmp_path, "B", private, share="two")  # also sequence 1, from a fresh folder
    shutil.rmtree(first.parent)
    shutil.copytree(other.parent, first.parent)
    with pytest.raises(SyncError, match="sequence 1 was already taken with another archive"):
        sync(str(first), tmp_path / "store", trust=Trust((public,), record))
    assert "Version A" in shown_words(tmp_path / "store")


def test_staff_roll_back_by_publishing_the_old_pack_with_a_newer_sequence(
    tmp_path: Path, keys: tuple[Path, str]
) -> None:
    private, public = keys
    trust = Trust((public,), tmp_path / "state" / "seq.json")
    store = tmp_path / "store"
    sync(str(publish(tmp_path, "A", private)), store, trust=trust)
    sync(str(publish(tmp_path, "B", private)), store, trust=trust)
    assert "Version B" in shown_words(store)
    again = publish(tmp_path / "again", "A", private, share="../share")  # the old content, on purpose
    result = sync(str(again), store, trust=trust)
    assert result.changed and result.version == "A" and result.sequence == 3
    assert "Version A" in shown_words(store)


def test_kiosks_without_keys_take_unsigned_packs_but_still_never_go_back(tmp_path: Path) -> None:
    record = tmp_path / "state" / "seq.json"
    store = tmp_path / "store"
    old = publish(tmp_path, "A", None)
    kept = tmp_path / "kept"
    shutil.copytree(old.parent, kept)
    result = sync(str(publish(tmp_path, "B", None)), store, trust=Trust((), record))
    assert result.changed and result.signed_by == "" and result.sequence == 2
    shutil.rmtree(old.parent)
    shutil.copytree(kept, old.parent)
    with pytest.raises(SyncError, match="older than sequence 2"):
        sync(str(old), store, trust=Trust((), record))


def test_pack_refuses_a_sequence_that_does_not_go_forward(
    tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    private, _ = keys
    publish(tmp_path, "A", private, sequence=7)
    folder = pack_with(tmp_path / "again", "B", "Version B")
    share = str(tmp_path / "share")
    with pytest.raises(SyncError, match="sequence 7 is not above 7"):
        make_pack_archive(folder, tmp_path / "share", read_private_key(private), 7)
    assert json.loads((tmp_path / "share" / MANIFEST).read_text())["version"] == "A"
    with pytest.raises(SystemExit):
        main(["pack", str(folder), "--out", share, "--key", str(private), "--sequence", "-1"])
    with pytest.raises(SystemExit):  # neither --key nor --unsigned: publishing unsigned is never a default
        main(["pack", str(folder), "--out", share])
    assert "one of the arguments --key --unsigned is required" in capsys.readouterr().err


def test_pack_refuses_a_public_key_or_a_missing_key_file(
    tmp_path: Path, keys: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    private, _ = keys
    share = str(tmp_path / "share")
    assert main(["pack", str(BUNDLED), "--out", share, "--key", str(private.with_suffix(".pub"))]) == 1
    assert "is a public key; sign with the private one" in capsys.readouterr().err
    assert main(["pack", str(BUNDLED), "--out", share, "--key", str(tmp_path / "nothing.key")]) == 1
    assert "cannot read the private key" in capsys.readouterr().err
    assert not (tmp_path / "share").exists()


def test_kiosk_toml_lists_keys_and_reports_a_bad_one(tmp_path: Path, keys: tuple[Path, str]) -> None:
    _, public = keys
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[content]\npublic_keys = ["{public}", "{public[:-2]}="]\n', "utf-8")
    document, _ = read_toml(config)
    _, issues = parse_config(document)
    assert len(issues) == 1 and "content.public_keys" in str(issues[0]) and "ed25519:" in str(issues[0])
    config.write_text(f'[content]\npublic_keys = ["{public}"]\n', "utf-8")
    document, _ = read_toml(config)
    parsed, issues = parse_config(document)
    assert not issues and parsed.content.public_keys == (public,)


def test_an_unreadable_sequence_record_is_put_aside_and_started_afresh(
    tmp_path: Path, keys: tuple[Path, str], caplog: pytest.LogCaptureFixture
) -> None:
    private, public = keys
    record = tmp_path / "state" / "seq.json"
    record.parent.mkdir()
    record.write_text("[" * 60_000, "utf-8")  # damaged: the kiosk keeps taking packs, and says so
    result = sync(str(publish(tmp_path, "A", private)), tmp_path / "store", trust=Trust((public,), record))
    assert result.changed and json.loads(record.read_text())[str(tmp_path / "share" / MANIFEST)]["sequence"] == 1
    assert record.with_name("seq.json.unreadable").is_file()
    assert "cannot be read (RecursionError" in caplog.text

"""A published pack's manifest.json: what it says, whether its publisher signed it, and whether it goes forward.

The manifest names the pack's version, archive and SHA-256, a `sequence` that grows with every publication,
and the publisher's Ed25519 signature over all of that (kiosk.signing). A kiosk that lists public keys takes
only manifests one of them signed; every kiosk remembers the highest sequence it took from each source
(`SequenceRecord`, in its state folder) and refuses to go back: an older manifest replayed by whoever can
write the share or sits on the network is refused and reported. Staff roll back by publishing the older pack
again with a newer sequence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import signing

log = logging.getLogger(__name__)

MAX_SEQUENCE = 2**53  # JSON readers elsewhere (monitoring) lose precision above this


class ManifestError(Exception):
    """The manifest cannot be used: unreadable, unsigned or wrongly signed, or not newer than what was taken."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """A published pack's manifest: its version, archive, checksum and signed sequence number."""

    version: str
    archive: str
    sha256: str
    sequence: int | None = None  # None: an unsigned manifest from before sequences
    signed_by: str = ""  # the trusted key that signed it; empty: not checked (no keys configured)


def build_manifest(version: str, archive: str, sha256: str, sequence: int, seed: bytes | None) -> str:
    """The manifest text `kiosk pack` writes; signed with the private key `seed` unless it is None."""
    fields: dict[str, Any] = {"version": version, "archive": archive, "sha256": sha256, "sequence": sequence}
    if seed is not None:
        fields["signed_by"] = signing.public_key(seed)  # signed too: staff see which key a pack claims
        fields["signature"] = signing.sign(canonical(fields), seed)
    return json.dumps(fields, indent=2) + "\n"


def canonical(fields: dict[str, Any]) -> bytes:
    """The bytes a signature covers: every field but the signature, in one spelling whatever the file's layout."""
    signed = {key: value for key, value in fields.items() if key != "signature"}
    return json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def parse_manifest(raw: bytes, source: str, trusted: tuple[str, ...]) -> Manifest:
    """Read and, when `trusted` keys are given, verify a manifest. ManifestError says why it cannot be used."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        manifest = Manifest(str(data["version"]), str(data["archive"]), str(data["sha256"]))
    except (ValueError, KeyError, TypeError, RecursionError) as error:  # RecursionError: 60k nested "["
        raise ManifestError(f"refused: the manifest at {source} cannot be read: {brief(error)}") from None
    if len(manifest.sha256) != 64 or any(c not in "0123456789abcdefABCDEF" for c in manifest.sha256):
        raise ManifestError("refused: the manifest's sha256 is not a SHA-256 hex digest")
    sequence = data.get("sequence")
    if sequence is not None and (type(sequence) is not int or not 0 < sequence <= MAX_SEQUENCE):
        raise ManifestError(f"refused: the manifest's sequence must be a whole number above 0, not {sequence!r}")
    signed_by = _check_signature(data, trusted) if trusted else ""
    return Manifest(manifest.version, manifest.archive, manifest.sha256.lower(), sequence, signed_by)


def _check_signature(data: dict[str, Any], trusted: tuple[str, ...]) -> str:
    signature = data.get("signature")
    if not isinstance(signature, str):
        raise ManifestError(
            "refused: the manifest is not signed, and this kiosk takes only signed packs (public_keys in"
            " kiosk.toml); publish with 'kiosk pack --key'"
        )
    if data.get("sequence") is None:
        raise ManifestError("refused: a signed manifest must carry a sequence")
    try:
        return signing.verify(canonical(data), signature, trusted)
    except signing.SigningError as error:
        claimed = data.get("signed_by")
        who = f" (it names {signing.short(claimed)})" if isinstance(claimed, str) and claimed else ""
        raise ManifestError(f"refused: the manifest's signature is wrong: {error}{who}") from None


class SequenceRecord:
    """The highest sequence taken from each source, with its archive's SHA-256: survives restarts.

    A record that cannot be read is started afresh (logged): refusing every pack for ever would be worse, and
    whoever can write the kiosk's own state folder does not need a replay."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def taken(self, source: str) -> tuple[int, str] | None:
        entry = self._read().get(source)
        if isinstance(entry, dict) and type(entry.get("sequence")) is int and isinstance(entry.get("sha256"), str):
            return entry["sequence"], entry["sha256"]
        return None

    def check(self, source: str, manifest: Manifest) -> None:
        """ManifestError if `manifest` does not go forward from what this kiosk took from `source`."""
        taken = self.taken(source)
        if taken is None:
            return
        sequence, sha256 = taken
        advice = f"to go back to an older pack on purpose, publish it again with a sequence above {sequence}"
        if manifest.sequence is None:
            raise ManifestError(
                f"refused: the manifest has no sequence, but this kiosk already took sequence {sequence}"
                f" from this source (an old manifest replayed?); {advice}"
            )
        if manifest.sequence < sequence:
            raise ManifestError(
                f"refused: sequence {manifest.sequence} is older than sequence {sequence} already taken"
                f" (a replayed or rolled-back manifest); {advice}"
            )
        if manifest.sequence == sequence and manifest.sha256 != sha256:
            raise ManifestError(
                f"refused: sequence {sequence} was already taken with another archive; every publication needs"
                " a new sequence"
            )

    def remember(self, source: str, manifest: Manifest) -> None:
        if manifest.sequence is None or self.taken(source) == (manifest.sequence, manifest.sha256):
            return  # nothing new: no write (and no fsync) at every check
        data = self._read()
        data[source] = {"sequence": manifest.sequence, "sha256": manifest.sha256, "version": manifest.version}
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as out:
                out.write(json.dumps(data, indent=2) + "\n")
                out.flush()
                os.fsync(out.fileno())  # a power cut right after a switch must not forget the sequence
            os.replace(temporary, self.path)
        except OSError as error:  # a full disk: the pack is taken all the same; only the memory of it is lost
            log.error("cannot record sequence %s of %s in %s: %s", manifest.sequence, source, self.path, error)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as error:
            log.error("the record of content-source sequences %s cannot be read (%s); starting afresh", self.path,
                      brief(error))  # fmt: skip
            with contextlib.suppress(OSError):
                self.path.rename(self.path.with_name(self.path.name + ".unreadable"))
            return {}
        return data if isinstance(data, dict) else {}


def brief(error: BaseException) -> str:
    """An error as one short line: a message naming a 3,000-deep path must not flood the log and staff mode."""
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 200 else text[:200] + "…"

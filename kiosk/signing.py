"""Ed25519 keys and signatures for published packs: only the holder of the private key can say what kiosks show.

A public key is written `ed25519:` + 44 base64 characters, in kiosk.toml and in the `.pub` file; the private
key file holds `ed25519-private:` + the base64 seed and is readable by its owner only. PyNaCl (libsodium) does
the cryptography; it is imported only when a key is made, used or checked, never at kiosk start-up.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

PUBLIC_PREFIX = "ed25519:"
PRIVATE_PREFIX = "ed25519-private:"
KEY_PATTERN = r"^ed25519:[A-Za-z0-9+/]{43}=$"  # kiosk.toml's check: it is read before PyNaCl loads
# Signed bytes start with this: a signature made for anything else (another program, another file kind) can
# never pass for a manifest's.
DOMAIN = b"si-kiosk manifest v1\n"


class SigningError(Exception):
    """A key that cannot be read or made, or a signature that does not hold."""


def make_key_pair(folder: Path, name: str = "publisher") -> tuple[Path, Path, str]:
    """Write NAME.key (private, owner-only) and NAME.pub into `folder`; never overwrite. Returns both files and
    the public key line."""
    from nacl.signing import SigningKey  # libsodium: only when keys are made, packs signed or manifests checked

    private_file, public_file = folder / f"{name}.key", folder / f"{name}.pub"
    for path in (private_file, public_file):
        if path.exists() or path.is_symlink():
            raise SigningError(f"{path} already exists; keys are never overwritten (move it away first)")
    folder.mkdir(parents=True, exist_ok=True)
    key = SigningKey.generate()
    public = public_key(bytes(key))
    seed = PRIVATE_PREFIX + base64.b64encode(bytes(key)).decode("ascii")
    # O_EXCL: never write through a link or over a file made meanwhile; 0600 from the start, not chmod later.
    handle = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(seed + "\n")
    public_file.write_text(public + "\n", "ascii")
    return private_file, public_file, public


def read_private_key(path: Path) -> bytes:
    """The 32-byte seed in a private key file made by `make_key_pair`."""
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise SigningError(f"cannot read the private key {path}: {error}") from None
    if text.startswith(PUBLIC_PREFIX):
        raise SigningError(f"{path} is a public key; sign with the private one (the .key file)")
    seed = _decode(text.removeprefix(PRIVATE_PREFIX), 32) if text.startswith(PRIVATE_PREFIX) else None
    if seed is None:
        raise SigningError(f"{path} is not a private key made by 'kiosk keygen'")
    return seed


def public_key(seed: bytes) -> str:
    """The public key line that goes with a private key."""
    from nacl.signing import SigningKey

    return PUBLIC_PREFIX + base64.b64encode(bytes(SigningKey(seed).verify_key)).decode("ascii")


def sign(payload: bytes, seed: bytes) -> str:
    """The base64 signature of DOMAIN + `payload`."""
    from nacl.signing import SigningKey

    return base64.b64encode(SigningKey(seed).sign(DOMAIN + payload).signature).decode("ascii")


def verify(payload: bytes, signature: str, trusted: tuple[str, ...]) -> str:
    """The trusted key that signed `payload`; SigningError if none did."""
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    raw = _decode(signature, 64)
    if raw is None:
        raise SigningError("the signature is not 64 bytes of base64")
    for line in trusted:
        key = _decode(line.removeprefix(PUBLIC_PREFIX), 32) if line.startswith(PUBLIC_PREFIX) else None
        if key is None:
            continue  # kiosk.toml's check already reported it
        try:
            VerifyKey(key).verify(DOMAIN + payload, raw)
        except BadSignatureError:
            continue
        return line
    raise SigningError("the signature does not match any key in kiosk.toml's public_keys")


def short(key: str) -> str:
    """A key as staff can compare it at a glance: its first characters."""
    return key[: len(PUBLIC_PREFIX) + 8] + "…"


def _decode(text: str, size: int) -> bytes | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None

#!/usr/bin/env python3
"""Build the Debian package from the one-folder build with Debian's own dpkg-deb.

    python packaging/linux/build_deb.py [--dist dist/kiosk] [--out dist/]

Layout: the app in /opt/si-kiosk, `kiosk` on the PATH, the default /etc/xdg/kiosk/kiosk.toml (a conffile, so
upgrades keep local edits; 0640 root:kiosk once a `kiosk` group exists) and the systemd user unit. (No XDG
autostart entry: it would start a kiosk that nothing restarts, beside the unit's; the unit, or the cage session,
starts it.) The cage session for a dedicated kiosk (the system unit kiosk-cage.service, its PAM file
/etc/pam.d/kiosk-cage and /usr/sbin/si-kiosk-enable-session) comes disabled: IT enables it with that one command.

Depends is derived from the build itself: every system library that a bundled binary loads (`ldd`, with the
bundle's own folder searched first) is mapped to its Debian package (`dpkg -S`, or kiosk.display's table
for the libraries this build machine lacks, as Qt's Wayland plug-in needs on a desktop-less server). Speech,
sound and printing are optional: their libraries are Recommends. fonts-dejavu-core draws the symbols the
bundled Atkinson Hyperlegible font lacks (arrows, ticks, ▲ ▼ ↺ ◐ ▶ ✓ ✎ ♡).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PACKAGE = "si-kiosk"
# kiosk.toml holds the staff PIN's hash: readable by root and the kiosk account's group, not by every user. The
# group exists once the kiosk user is made (docs/deployment.md 2.3); without it the file stays 0644 root:root so
# whoever runs the kiosk can read it. Run on every install and upgrade (dpkg may reset a conffile's mode).
# $DPKG_ROOT is empty on a normal install (dpkg sets it for installs into another root).
POSTINST = """#!/bin/sh
set -e
if [ "$1" = configure ]; then
    config="$DPKG_ROOT/etc/xdg/kiosk/kiosk.toml"
    if [ -f "$config" ] && getent group kiosk >/dev/null; then
        chown root:kiosk "$config"
        chmod 0640 "$config"
    fi
fi
exit 0
"""
sys.path.insert(0, str(ROOT))
from kiosk.display import WAYLAND_LIBRARIES, XCB_LIBRARIES  # noqa: E402  (the one table of sonames)

# Packaged as they are (source in packaging/linux → path in the package): the desktop user unit, and the
# dedicated kiosk session (cage on tty1 as the `kiosk` user), disabled until si-kiosk-enable-session enables it.
SESSION_FILES = {
    "kiosk.service": "usr/lib/systemd/user/kiosk.service",
    "kiosk-cage.service": "usr/lib/systemd/system/kiosk-cage.service",
    "kiosk-cage.pam": "etc/pam.d/kiosk-cage",
    "si-kiosk-enable-session": "usr/sbin/si-kiosk-enable-session",
}
FONT_PACKAGE = "fonts-dejavu-core"
# The bundled libfontconfig reads /etc/fonts/fonts.conf, which only this package installs: without it (a minimal
# Debian 12 with --no-install-recommends) every start prints "Fontconfig error: Cannot load default config file".
FONTCONFIG_PACKAGE = "fontconfig-config"
VERSIONED = {"libc6": "libc6 (>= 2.34)"}  # the PySide6 wheels' manylinux floor is older; Debian 12 has 2.36
# Bundled files whose libraries are optional: the kiosk runs without them (no Listen button, no printing).
OPTIONAL = re.compile(r"texttospeech|multimedia|QtMultimedia|Multimedia|TextToSpeech|printsupport|PrintSupport")
# Libraries of optional parts that a build machine may lack, by the package that has them on Debian 12.
OPTIONAL_LIBRARIES = {"libspeechd.so.2": "libspeechd2", "libpulse.so.0": "libpulse0", "libcups.so.2": "libcups2"}
ALWAYS_RECOMMENDED = ["speech-dispatcher", "espeak-ng"]  # run as programs, so no library names them


def documents() -> dict[str, Path]:
    """Path in the package → source: the README and the guides beside the program, where the README's links and
    the kiosk's messages (kiosk.paths.guide_file) find them, as the Windows installer puts them in {app}\\docs."""
    files = {f"opt/{PACKAGE}/README.md": ROOT / "README.md"}
    files.update({f"opt/{PACKAGE}/docs/{path.name}": path for path in sorted((ROOT / "docs").glob("*.md"))})
    return files


def system_packages(bundle: Path) -> tuple[list[str], list[str]]:
    """(Depends, Recommends): the Debian packages holding the libraries the bundle's binaries load from the
    system. A library found nowhere and in no table stops the build: a package must not ship half its needs."""
    bundle = bundle.resolve()
    known = {**XCB_LIBRARIES, **WAYLAND_LIBRARIES, **OPTIONAL_LIBRARIES}
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(_library_folders(bundle))}
    needs: dict[str, bool] = {}  # a system library (its path, or its name when not found) → needed at all times
    for binary in _binaries(bundle):
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, env=env).stdout
        optional = bool(OPTIONAL.search(str(binary.relative_to(bundle))))
        for name, where in re.findall(r"^\s*(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$", out, re.MULTILINE):
            if not where.startswith(str(bundle)):  # bundled ones travel with the package
                key = name if where == "not found" else where
                needs[key] = needs.get(key, False) or not optional
    owners = _owners([key for key in needs if key.startswith("/")])
    required: dict[str, bool] = {}
    unknown = []
    for key, always in needs.items():
        package = owners.get(key) if key.startswith("/") else known.get(key)
        if package is None:
            unknown.append(key)
        else:
            required[package] = required.get(package, False) or always
    if unknown:
        raise SystemExit("no Debian package known for: " + ", ".join(sorted(unknown)))
    depends = [
        VERSIONED.get(package, package)
        for package in sorted({*(p for p, always in required.items() if always), FONT_PACKAGE, FONTCONFIG_PACKAGE})
    ]
    recommends = sorted(
        {*(p for p, always in required.items() if not always), *ALWAYS_RECOMMENDED} - set(required)
    )
    return depends, recommends


def _binaries(bundle: Path) -> list[Path]:
    return sorted(
        path
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path == bundle / "kiosk")
    )


def _library_folders(bundle: Path) -> list[str]:
    return sorted({str(path.parent) for path in bundle.rglob("*.so*")})


def _owners(paths: list[str]) -> dict[str, str]:
    """The installed Debian package holding each path (also through /usr-merge's symlinked /lib), in one
    `dpkg -S` per spelling."""
    owners: dict[str, str] = {}
    for spell in (str, os.path.realpath, lambda path: path.replace("/lib/", "/usr/lib/", 1)):
        left = {spell(path): path for path in paths if path not in owners}
        if not left:
            break
        out = subprocess.run(["dpkg", "-S", *left], capture_output=True, text=True).stdout
        for line in out.splitlines():
            package, _, found = line.partition(": ")
            if found in left and "diversion" not in package:
                owners[left[found]] = package.split(":")[0].strip()
    return owners


def installed_size_kb(stage: Path) -> int:
    """As dpkg counts it: each regular file rounded up to whole KiB, links and folders 1 KiB; a file reached
    through a symlink is counted once, not twice."""
    total = 0
    for path in stage.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        elif path.is_file():
            total += math.ceil(path.stat().st_size / 1024)
    return total


def control(version: str, size_kb: int, depends: list[str], recommends: list[str]) -> str:
    return f"""Package: {PACKAGE}
Version: {version}
Section: misc
Priority: optional
Architecture: amd64
Maintainer: Patient-education kiosk team <kiosk@example.invalid>
Installed-Size: {size_kb}
Depends: {", ".join(depends)}
Recommends: {", ".join(recommends)}
Suggests: cage, libpam-systemd
Description: Full-screen touch kiosk teaching patients about SI joint fusion
 Plain-language pages in English and Spanish, large text, high contrast,
 read aloud, idle reset and a staff mode. Runs offline.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "kiosk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / PACKAGE
        shutil.copytree(args.dist, stage / "opt" / PACKAGE, symlinks=True)
        for target, document in documents().items():
            (stage / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(document, stage / target)
        (stage / "usr" / "bin").mkdir(parents=True)
        (stage / "usr" / "bin" / "kiosk").symlink_to(f"/opt/{PACKAGE}/kiosk")
        config = stage / "etc" / "xdg" / "kiosk" / "kiosk.toml"
        config.parent.mkdir(parents=True)
        shutil.copy2(ROOT / "kiosk.example.toml", config)
        for source, target in SESSION_FILES.items():
            (stage / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(HERE / source, stage / target)
        depends, recommends = system_packages(stage / "opt" / PACKAGE)
        size_kb = installed_size_kb(stage)
        debian = stage / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(version, size_kb, depends, recommends), "utf-8")
        conffiles = [
            "/etc/xdg/kiosk/kiosk.toml",
            *(f"/{path}" for path in SESSION_FILES.values() if path[:4] == "etc/"),
        ]
        (debian / "conffiles").write_text("".join(f"{path}\n" for path in conffiles), "utf-8")
        (debian / "postinst").write_text(POSTINST, "utf-8")
        (debian / "postinst").chmod(0o755)
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / f"{PACKAGE}_{version}_amd64.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(stage), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Build the Debian package from the one-folder build with Debian's own dpkg-deb.

    python packaging/linux/build_deb.py [--dist dist/kiosk] [--out dist/]

Layout: the app in /opt/si-kiosk, `kiosk` on the PATH, the default /etc/xdg/kiosk/kiosk.toml (a conffile, so
upgrades keep local edits), the systemd user unit, and an XDG autostart entry in /usr/share/si-kiosk.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PACKAGE = "si-kiosk"


def control(version: str, size_kb: int) -> str:
    return f"""Package: {PACKAGE}
Version: {version}
Section: misc
Priority: optional
Architecture: amd64
Maintainer: Patient-education kiosk team <kiosk@example.invalid>
Installed-Size: {size_kb}
Depends: libc6 (>= 2.34), libgl1, libegl1
Recommends: speech-dispatcher, espeak-ng, libwayland-client0, libwayland-cursor0, libwayland-egl1, libcups2
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
        shutil.copy2(ROOT / "README.md", stage / "opt" / PACKAGE / "README.md")
        (stage / "usr" / "bin").mkdir(parents=True)
        (stage / "usr" / "bin" / "kiosk").symlink_to(f"/opt/{PACKAGE}/kiosk")
        config = stage / "etc" / "xdg" / "kiosk" / "kiosk.toml"
        config.parent.mkdir(parents=True)
        shutil.copy2(ROOT / "kiosk.example.toml", config)
        unit = stage / "usr" / "lib" / "systemd" / "user" / "kiosk.service"
        unit.parent.mkdir(parents=True)
        shutil.copy2(HERE / "kiosk.service", unit)
        autostart = stage / "usr" / "share" / PACKAGE / "si-kiosk.desktop"
        autostart.parent.mkdir(parents=True)
        shutil.copy2(HERE / "si-kiosk.desktop", autostart)
        size_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file()) // 1024
        debian = stage / "DEBIAN"
        debian.mkdir()
        (debian / "control").write_text(control(version, size_kb), "utf-8")
        (debian / "conffiles").write_text("/etc/xdg/kiosk/kiosk.toml\n", "utf-8")
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

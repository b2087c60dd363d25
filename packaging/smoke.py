#!/usr/bin/env python3
"""Smoke test of the frozen build: build with build.spec, run it off screen, check its size budget.

    python packaging/smoke.py [--no-build] [--dist DIR]

Exit 0 when `kiosk self-test` and `kiosk --exit-after-first-paint` pass from the bundle and the bundle is at
most 150 MB on disk and 45 MB compressed with xz.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MB, BUDGET_XZ_MB = 150.0, 45.0


def build(dist: Path, work: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def sizes(folder: Path) -> tuple[float, float]:
    size = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    tar = subprocess.Popen(["tar", "-C", str(folder.parent), "-cf", "-", folder.name], stdout=subprocess.PIPE)
    packed = subprocess.run(["xz", "-T2", "-6", "-c"], stdin=tar.stdout, capture_output=True, check=True).stdout
    tar.wait()
    return size / 1e6, len(packed) / 1e6


def run(executable: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "kiosk.toml"
        config.write_text(f'[log]\ndir = "{Path(tmp) / "logs"}"\n', "utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": tmp, "KIOSK_CONFIG": str(config)}
        return subprocess.run([str(executable), *args], env=env, capture_output=True, text=True, timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--no-build", action="store_true", help="check an existing build")
    args = parser.parse_args()
    if not args.no_build:
        build(args.dist, ROOT / "build")
    folder = args.dist / "kiosk"
    executable = folder / ("kiosk.exe" if os.name == "nt" else "kiosk")
    failures = []
    for command in (["self-test"], ["--exit-after-first-paint"]):
        result = run(executable, *command)
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"kiosk {' '.join(command)}: {status} {result.stdout.strip().splitlines()[-1:] or ''}")
        if result.returncode != 0:
            failures.append(" ".join(command))
            print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
    on_disk, packed = sizes(folder)
    print(
        f"bundle: {on_disk:.1f} MB on disk (budget {BUDGET_MB:g}), "
        f"{packed:.1f} MB with xz (budget {BUDGET_XZ_MB:g})"
    )
    if on_disk > BUDGET_MB or packed > BUDGET_XZ_MB:
        failures.append("size")
    print("smoke test:", "FAILED: " + ", ".join(failures) if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""One-command set-up: `python3 tasks.py run|test|build|bench [options passed on]`.

Creates `.venv` beside this file, installs the kiosk into it (again only when pyproject.toml changes),
then runs the kiosk with the bundled content or the whole test suite. Needs only Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXTRAS = {"run": "", "test": "test", "build": "build", "bench": "build"}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_installed(extra: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 -- must explain itself when run by an older Python
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not venv_python().exists():
        print(f"creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{extra or 'run'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extra}]" if extra else "."
    print(f"installing the kiosk and its dependencies ({target}) into {VENV}", flush=True)
    subprocess.run(
        [
            str(venv_python()),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "--editable",
            target,
        ],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    task, rest = argv[0], argv[1:]
    ensure_installed(EXTRAS[task])
    python = str(venv_python())
    if task == "run":
        return subprocess.call([python, "-m", "kiosk", *rest], cwd=ROOT)
    if task == "test":
        return subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT)
    if task == "bench":
        return subprocess.call([python, "benchmarks/run.py", *rest], cwd=ROOT)
    return subprocess.call([python, "-m", "PyInstaller", "--noconfirm", "--clean", "build.spec", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The code keeps to the project's declared rules: ruff's lint rules and format, and strict mypy (all configured in
pyproject.toml). Plain imports: a broken install fails here instead of skipping."""

from __future__ import annotations

import subprocess
import sys

import mypy.version
from ruff import find_ruff_bin

from tests.conftest import REPO

# What ruff looks at; mypy's list is [tool.mypy] files in pyproject.toml.
SOURCES = ["kiosk", "tests", "benchmarks", "packaging", "tasks.py"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run(find_ruff_bin(), "check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing() -> None:
    result = run(find_ruff_bin(), "format", "--check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing() -> None:
    assert mypy.version.__version__ == "2.4.1", "pyproject.toml's test extra pins mypy; reinstall it"
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr

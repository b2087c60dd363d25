"""The code follows the project's ruff rules (configured in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_ruff_finds_nothing() -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff comes with the test extra: python3 tasks.py test")
    command = [sys.executable, "-m", "ruff", "check", "kiosk", "tests", "benchmarks", "packaging", "tasks.py"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

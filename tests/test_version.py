"""The version has one source, pyproject.toml, wherever the kiosk runs from."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

import kiosk
from kiosk import paths
from tests.conftest import REPO

DECLARED = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    kiosk.version.cache_clear()
    yield
    kiosk.version.cache_clear()


def test_a_source_tree_reads_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert kiosk.version() == DECLARED
    # Read from the file itself, not from metadata a stale install may still carry.
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "si-kiosk"\nversion = "9.8.7"\n', "utf-8")
    monkeypatch.setattr(paths, "bundle_root", lambda: tmp_path)
    kiosk.version.cache_clear()
    assert kiosk.version() == "9.8.7"


@pytest.mark.parametrize("pyproject", [None, '[project]\nname = "someone-else"\nversion = "5"\n', "not toml ["])
def test_an_installed_package_reads_its_metadata(
    pyproject: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, "utf-8")
    monkeypatch.setattr(paths, "bundle_root", lambda: tmp_path)
    assert kiosk.version() == metadata.version("si-kiosk")

"""PyInstaller hook for the kiosk package: bundle pyproject.toml, the one source of the version (kiosk.version)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
datas = [(str(ROOT / "pyproject.toml"), ".")]

"""The one place that knows where files are: source tree, frozen build, and the platform's folders."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import platformdirs

APP_NAME = "kiosk"
CONFIG_FILE_NAME = "kiosk.toml"
CONFIG_ENV = "KIOSK_CONFIG"


def bundle_root() -> Path:
    """Folder holding `assets/` and the bundled `content/`: the PyInstaller bundle or the source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def bundled_content_dir() -> Path:
    return bundle_root() / "content"


def assets_dir() -> Path:
    return bundle_root() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def guide_file(name: str) -> Path:
    """A guide (docs/NAME) where this kiosk has it: beside the installed program (/opt/si-kiosk/docs from the
    .deb, the install folder's docs\\ on Windows), or the source tree's docs/."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent / "docs" / name
    return bundle_root() / "docs" / name


def system_config_file() -> Path:
    """The machine-wide kiosk.toml IT puts in place (e.g. /etc/xdg/kiosk, C:\\ProgramData\\kiosk)."""
    return platformdirs.site_config_path(APP_NAME, appauthor=False) / CONFIG_FILE_NAME


def config_candidates(explicit: Path | None, env: dict[str, str] | None = None) -> list[Path]:
    """Where kiosk.toml is looked for, in order: --config, then $KIOSK_CONFIG, then the system folder."""
    environ = os.environ if env is None else env
    if explicit is not None:
        return [explicit]
    if environ.get(CONFIG_ENV):
        return [Path(environ[CONFIG_ENV])]
    return [system_config_file()]


def default_log_dir() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def instance_lock_file(env: dict[str, str] | None = None) -> Path:
    """One kiosk per user: the lock lives in a folder of the user's own, never in the shared temporary folder,
    where a copy another user started (root previewing with --windowed) would leave a lock after a crash that
    this user may not remove, and every start would then be refused until a reboot.

    Linux: $XDG_RUNTIME_DIR (the login's own, emptied at log-out); Windows: the user's own temporary folder;
    else a folder named for the user's id in the temporary folder, made readable by that user only.
    """
    environ = os.environ if env is None else env
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and runtime and Path(runtime).is_dir():
        return Path(runtime) / "kiosk.lock"
    if sys.platform == "win32":  # %TEMP% is already per user there
        return Path(tempfile.gettempdir()) / "kiosk.lock"
    folder = Path(tempfile.gettempdir()) / f"kiosk-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / "kiosk.lock"


def default_state_dir() -> Path:
    """Small records the kiosk keeps between starts (which content stopped it early, which ran well)."""
    return platformdirs.user_state_path(APP_NAME, appauthor=False)


def default_data_dir() -> Path:
    """Where the kiosk keeps its usage statistics unless kiosk.toml says otherwise."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)

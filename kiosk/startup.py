"""What every command does first: find the config, then the content folder it points to."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk import paths
from kiosk.config import Config, load_config
from kiosk.errors import Issue, Severity
from kiosk.lines import key_line


@dataclass(frozen=True, slots=True)
class Settings:
    """What a start works from: the checked config, the content folder, and what was wrong."""

    config: Config
    content_dir: Path
    issues: list[Issue]


def load_settings(config_file: Path | None, content_dir: Path | None, *, running: bool = False) -> Settings:
    """--config beats $KIOSK_CONFIG beats the system file; --content beats the config's content.dir, and a
    pack fetched from content.source beats both, once one has been fetched. The `running` kiosk keeps a copy
    of the config it read, for a start that finds the file half-written (kiosk.lastgood)."""
    # A file named on purpose (--config or $KIOSK_CONFIG) must exist: silent defaults would mean no staff PIN.
    named = config_file is not None or bool(os.environ.get(paths.CONFIG_ENV))
    store = paths.default_state_dir() if running else None
    config, issues = load_config(paths.config_candidates(config_file), required=named, last_good=store)
    fetched = None
    if config.content.source and content_dir is None:
        from kiosk.sync import current_pack  # only kiosks fed by a content source need it (TID253)

        fetched = current_pack(pack_store())
    folder = content_dir or fetched or config.content_dir() or paths.bundled_content_dir()
    if folder == config.content_dir() and config.source is not None and not folder.is_dir():
        issues.append(_missing_folder(config.source, folder))
    return Settings(config, folder, issues)


def _missing_folder(source: Path, folder: Path) -> Issue:
    """The config names a content folder that is not there (yet): say which key, where, and what happens."""
    try:
        line = key_line(source.read_text("utf-8-sig"), "content.dir")
    except (OSError, UnicodeDecodeError):
        line = None
    what = "does not exist" if not folder.exists() else "is not a folder"
    return Issue(
        source,
        line,
        f"[content] dir: {folder} {what}; the resting screen shows until it appears (checked every few seconds)",
        Severity.WARNING,
    )


def pack_store() -> Path:
    """Where packs fetched from a content source are kept (the current one and the one before)."""
    return paths.default_data_dir() / "packs"


def sequence_record() -> Path:
    """Where the kiosk remembers the highest manifest sequence it took from each content source (kiosk.manifest):
    in the state folder, beside the start records, so a replayed older manifest is refused after a restart too."""
    return paths.default_state_dir() / "content-sequence.json"

"""SI-fusion patient-education kiosk: the Qt-free core lives here, the Qt layer in kiosk.ui."""

from __future__ import annotations

import functools
import tomllib

from kiosk import paths

DISTRIBUTION = "si-kiosk"


@functools.cache
def version() -> str:
    """This kiosk's version. Its one source is pyproject.toml: read beside the package in a source tree and in the
    frozen build (packaging/pyinstaller/hook-kiosk.py bundles it), else from the installed package's metadata."""
    try:
        project = tomllib.loads((paths.bundle_root() / "pyproject.toml").read_text("utf-8"))["project"]
        if project["name"] == DISTRIBUTION:
            return str(project["version"])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        pass  # not a source tree or a frozen build of ours: an installed package
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"

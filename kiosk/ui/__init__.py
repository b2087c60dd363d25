"""The Qt layer: the only package that may import PySide6."""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401 -- loads PySide6's import hook, changed below before anything else is imported


def _skip_pyside_source_scan() -> None:
    """PySide6 reads the source of every module imported after it, looking for `from __feature__ import`, and
    linecache keeps it all: about 7 MB when run from source (none in the frozen build, which has no sources),
    and the heap it leaves fragmented kept about 2.6 MB for good. The kiosk uses no `__feature__`, so every
    module is given PySide6's default selection, which is what a module without that import gets anyway."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: True  # type: ignore[attr-defined]  # private hook, not in stubs


_skip_pyside_source_scan()

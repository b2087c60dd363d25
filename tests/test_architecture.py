"""The core stays Qt-free: only kiosk/ui may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO

PACKAGE = REPO / "kiosk"


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "ui"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_importing_the_core_and_running_check_loads_no_qt() -> None:
    core = [p.stem for p in PACKAGE.glob("*.py") if p.stem != "__main__"]
    code = (
        "import sys\n"
        + "".join(f"import kiosk.{name}\n" for name in core)
        + "from kiosk.cli import main\n"
        + f"main(['check', {str(REPO / 'content')!r}])\n"
        + "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_labels_are_made_only_by_the_plain_text_factory() -> None:
    """A bare QLabel guesses whether its text is HTML; pack and config strings must never be taken as HTML."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if path.name == "labels.py":
            continue
        calls = [node for node in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(node, ast.Call)]
        for node in calls:
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in ("QLabel", "setTextFormat", "setToolTip", "QMessageBox"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    assert offenders == []

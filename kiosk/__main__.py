"""`python -m kiosk` and the frozen build's entry point."""

import logging
import sys

if getattr(sys, "frozen", False):
    # PyInstaller's Qt hook has imported PySide6 before this line, so PySide6's import hook would read the
    # source of every module the core imports next, looking for `__feature__`: kiosk.ui turns that off first.
    import kiosk.ui  # noqa: F401

from kiosk.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        # The windowed Windows build would show a blocking error box, which also stops Shell Launcher from
        # restarting the kiosk: log the error and exit non-zero instead, so the supervisor starts it again.
        logging.getLogger("kiosk").exception("the kiosk stopped on an unexpected error")
        sys.exit(1)

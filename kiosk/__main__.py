"""`python -m kiosk` and the frozen build's entry point."""

import logging
import sys

from kiosk.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        # The windowed Windows build would show a blocking error box, which also stops Shell Launcher from
        # restarting the kiosk: log the error and exit non-zero instead, so the supervisor starts it again.
        logging.getLogger("kiosk").exception("the kiosk stopped on an unexpected error")
        sys.exit(1)

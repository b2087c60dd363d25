#!/usr/bin/env python3
"""Keep the kiosk running where no service manager does it (the systemd unit's rules, as a small loop).

    python packaging/supervise.py [--max-restarts 10] [--window 300] [--first-delay 2] [--max-delay 60] -- kiosk

Restarts the command when it exits with an error: 2 s after the first crash, doubling to 60 s; more than
`--max-restarts` crashes within `--window` seconds and it gives up (exit 1), as systemd's start limit does.
Exit 0 (staff left through the PIN pad) and exit 3 (a kiosk is already running) are not restarted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable

NOT_RESTARTED = {0, 3}


def supervise(
    command: list[str],
    max_restarts: int,
    window: float,
    first_delay: float,
    max_delay: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    log: Callable[[str], None] = print,
) -> int:
    crashes: list[float] = []
    delay = first_delay
    while True:
        started = clock()
        code = subprocess.call(command)
        if code in NOT_RESTARTED:
            log(f"kiosk exited with {code}: not restarted")
            return 0 if code == 0 else code
        now = clock()
        crashes = [moment for moment in crashes if now - moment <= window] + [now]
        if len(crashes) > max_restarts:
            log(f"kiosk crashed {len(crashes)} times in {window:g} s: giving up")
            return 1
        if now - started > window:  # it ran well for a while: start the back-off again from the beginning
            delay = first_delay
        log(f"kiosk exited with {code}; restarting in {delay:g} s")
        sleep(delay)
        delay = min(max_delay, delay * 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-restarts", type=int, default=10)
    parser.add_argument("--window", type=float, default=300.0)
    parser.add_argument("--first-delay", type=float, default=2.0)
    parser.add_argument("--max-delay", type=float, default=60.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the kiosk command after --")
    return supervise(command, args.max_restarts, args.window, args.first_delay, args.max_delay)


if __name__ == "__main__":
    sys.exit(main())

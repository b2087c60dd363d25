#!/usr/bin/env python3
"""Keep the kiosk running where no service manager does it (the systemd unit's rules, as a small loop).

    python packaging/supervise.py [--max-restarts 10] [--window 600] [--first-delay 2] [--max-delay 30] -- kiosk

Restarts the command when it exits with an error: 2 s after the first crash, doubling to 30 s. More than
`--max-restarts` restarts within `--window` seconds and it gives up (exit 1), as systemd's start limit does.
With the defaults that is true of any kiosk that crashes within 30 s of each start: between the first crash
and the eleventh lie ten waits (2, 4, 8, 16, then 30 s six times: 240 s) and ten runs (at most 300 s), 540 s
in all, inside the 600 s window. (The old defaults, 300 s and doubling to 60 s, could never give up.)
A kiosk that ran longer than the window before crashing starts the back-off afresh.

Exit 0 (staff left through the PIN pad) and exit 3 (a kiosk is already running) are not restarted.
SIGTERM, SIGINT and SIGHUP to this script are passed on to the kiosk, which saves its statistics and stops;
the script then exits with the kiosk's code instead of restarting it, so nothing is left running.

Linux packages do not ship this script: there systemd's user unit (packaging/linux/kiosk.service) restarts
the kiosk, and the .deb does not depend on a Python interpreter. Use it when running from source, or on a
system without systemd.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

NOT_RESTARTED = {0, 3}
DEFAULTS = {"max_restarts": 10, "window": 600.0, "first_delay": 2.0, "max_delay": 30.0}
FORWARDED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


def supervise(
    command: list[str],
    max_restarts: int = int(DEFAULTS["max_restarts"]),
    window: float = DEFAULTS["window"],
    first_delay: float = DEFAULTS["first_delay"],
    max_delay: float = DEFAULTS["max_delay"],
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    log: Callable[[str], None] = print,
) -> int:
    stopping = threading.Event()
    running: list[subprocess.Popen[bytes]] = []

    def forward(number: int, frame: FrameType | None) -> None:
        stopping.set()  # also ends a back-off wait at once
        for kiosk in running:
            if kiosk.poll() is None:
                kiosk.send_signal(number)

    previous = {number: signal.signal(number, forward) for number in FORWARDED}
    try:
        return _loop(
            command,
            max_restarts,
            window,
            first_delay,
            max_delay,
            sleep or stopping.wait,
            clock,
            log,
            stopping,
            running,
        )
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _loop(
    command: list[str],
    max_restarts: int,
    window: float,
    first_delay: float,
    max_delay: float,
    sleep: Callable[[float], object],
    clock: Callable[[], float],
    log: Callable[[str], None],
    stopping: threading.Event,
    running: list[subprocess.Popen[bytes]],
) -> int:
    starts: list[float] = []
    delay = first_delay
    while True:
        started = clock()
        kiosk = subprocess.Popen(command)
        running[:] = [kiosk]
        if stopping.is_set():  # the signal came while the kiosk was being started: tell it too
            kiosk.terminate()
        code = kiosk.wait()
        if stopping.is_set():
            log(f"asked to stop: the kiosk exited with {code}; not restarted")
            return code
        if code in NOT_RESTARTED:
            log(f"kiosk exited with {code}: not restarted")
            return 0 if code == 0 else code
        now = clock()
        if now - started > window:  # it ran well for a while: a new count and the back-off from the beginning
            starts, delay = [], first_delay
        starts = [moment for moment in starts if now - moment <= window] + [now]
        if len(starts) > max_restarts:
            log(f"kiosk crashed {len(starts)} times in {window:g} s: giving up")
            return 1
        log(f"kiosk exited with {code}; restarting in {delay:g} s")
        sleep(delay)
        if stopping.is_set():
            log("asked to stop while waiting to restart the kiosk")
            return 0
        delay = min(max_delay, delay * 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-restarts", type=int, default=DEFAULTS["max_restarts"])
    parser.add_argument("--window", type=float, default=DEFAULTS["window"])
    parser.add_argument("--first-delay", type=float, default=DEFAULTS["first_delay"])
    parser.add_argument("--max-delay", type=float, default=DEFAULTS["max_delay"])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the kiosk command after --")
    return supervise(command, args.max_restarts, args.window, args.first_delay, args.max_delay)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A kiosk.toml with many unknown keys (a wrong paste, a generated file): time to check the config.

    .venv/bin/python benchmarks/unknown_keys.py [--keys 300 3000] [--runs 5]

Each file holds a few real settings and N unknown keys, half at the top and half in [content]; the time is
kiosk.config.load_config's (what every start and `kiosk check` pay before the first frame). Prints the median
of --runs runs per N and the number of problems reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_config  # noqa: E402


def config_text(keys: int) -> str:
    top = "".join(f"unknown_key_{number} = {number}\n" for number in range(keys // 2))
    content = "".join(f"content_key_{number} = {number}\n" for number in range(keys - keys // 2))
    return f'clinic_name = "Clinic"\n{top}[content]\nreload_delay_s = 2\n{content}'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for keys in args.keys:
            path = Path(tmp) / f"kiosk-{keys}.toml"
            path.write_text(config_text(keys), "utf-8")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                _, issues = load_config([path])
                times.append(time.perf_counter() - start)
            print(f"{keys:6d} unknown keys: median {statistics.median(times):7.3f} s, {len(issues)} problem(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

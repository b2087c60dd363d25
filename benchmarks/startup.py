"""Start-up measured side by side: the floor (a bare PySide6 window, benchmarks/floor.py), the kiosk from
source, the frozen kiosk and Chromium, launched the same way in interleaved rounds, so that a busy minute
slows all of them alike. Absolute times move 3x between machines and hours; the ratios are the budgets.

Each launch gives two figures: launch -> first painted frame (the process prints it), and launch -> process
gone (with --exit-after-first-paint, so it includes leaving). Optionally pinned to one core (`taskset -c 0`),
which is what a Celeron-class kiosk PC gives a single-threaded app.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).with_name("floor.py")

# Ratio budgets (issue "Start-up at the floor"): the frozen kiosk against the floor and against Chromium.
RATIO_BUDGETS = {
    "first_frame_frozen_vs_floor": 1.5,
    "gone_frozen_vs_floor": 2.0,
    "first_frame_frozen_vs_chromium": 0.5,
    "gone_frozen_vs_chromium": 0.5,
}


def environment(tmp: Path) -> dict[str, str]:
    """A clean kiosk environment in `tmp`. Byte-code is written and read, as on an installed kiosk."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {
        **env,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp),
        "XDG_STATE_HOME": str(tmp / "state"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "KIOSK_CONFIG": str(tmp / "kiosk.toml"),
        "PYTHONPATH": str(ROOT),  # this source tree's kiosk, whatever is installed
    }


def run_json(command: list[str], tmp: Path, what: str, timeout: float = 900) -> dict[str, float]:
    """Run a measuring process in `tmp`'s environment; its figures are the JSON on its last line of output."""
    result = subprocess.run(command, env=environment(tmp), capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed: {result.stderr[-3000:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def launch(command: list[str], tmp: Path, *, pinned: bool = False) -> tuple[float, float, float, float, float]:
    """One start: seconds to the first painted frame, seconds until the process is gone, its peak RSS in MB
    (as the kiosk reports it), the CPU seconds it used in all (user + system; Linux) and up to its first
    frame (as it reports it). A busy machine moves the CPU figures far less than the wall-clock ones."""
    prefix = ["taskset", "-c", "0"] if pinned else []
    started = time.perf_counter()
    process = subprocess.Popen(
        [*prefix, *command, "--exit-after-first-paint"],
        env=environment(tmp),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # printed as soon as the first frame is painted
    painted = time.perf_counter() - started
    process.stdout.read()
    process.stdout.close()
    cpu = 0.0
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
    else:
        process.wait(timeout=120)
    gone = time.perf_counter() - started
    if process.returncode != 0 or not line.startswith("first frame painted"):
        raise RuntimeError(f"start-up run of {command} failed (exit code {process.returncode})")
    rss = float(line.split("peak RSS")[1].split()[0]) if "peak RSS" in line else 0.0
    cpu_painted = float(line.split("CPU")[1].split()[0]) / 1000 if "CPU" in line else 0.0
    return painted, gone, rss, cpu, cpu_painted


def interleaved(
    variants: Mapping[str, list[str]], runs: int, tmp: Path, *, pinned: bool = False
) -> dict[str, float]:
    """Median first frame, median process gone and median peak RSS of each variant, one launch of each per
    round (after one warm-up round that fills the file cache)."""
    samples: dict[str, list[tuple[float, float, float, float, float]]] = {name: [] for name in variants}
    for round_number in range(runs + 1):
        for name, command in variants.items():
            result = launch(command, tmp, pinned=pinned)
            if round_number:
                samples[name].append(result)
    suffix = "_pinned" if pinned else ""
    results: dict[str, float] = {}
    for name, runs_of in samples.items():
        results[f"first_frame_{name}{suffix}_s"] = statistics.median(s[0] for s in runs_of)
        results[f"first_frame_{name}{suffix}_spread_s"] = max(s[0] for s in runs_of) - min(s[0] for s in runs_of)
        results[f"gone_{name}{suffix}_s"] = statistics.median(s[1] for s in runs_of)
        if any(s[3] for s in runs_of):
            results[f"cpu_{name}{suffix}_s"] = statistics.median(s[3] for s in runs_of)
        if any(s[4] for s in runs_of):
            results[f"cpu_first_frame_{name}{suffix}_s"] = statistics.median(s[4] for s in runs_of)
        if any(s[2] for s in runs_of):
            results[f"first_frame_{name}{suffix}_peak_rss_mb"] = statistics.median(s[2] for s in runs_of)
    return results


def variants(frozen: Path | None) -> dict[str, list[str]]:
    found = {"floor": [sys.executable, str(FLOOR)], "source": [sys.executable, "-m", "kiosk"]}
    if frozen is not None:
        found["frozen"] = [str(frozen)]
    return found


def chromium(runs: int) -> dict[str, float]:
    """Chromium showing the kiosk's first page: launch -> screenshot written (its first frame), and launch ->
    process gone (Chromium leaves by itself after the screenshot)."""
    import tempfile

    import browser  # benchmarks/browser.py

    executable = browser.find_chromium()
    if executable is None:
        return {}
    frames, gones = [], []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        page = browser.write_site(folder)[0]
        profile, shot = folder / "profile", folder / "shot.png"
        browser.first_frame_s(executable, page, profile, shot)  # the profile is made once, as a kiosk's would be
        for _ in range(runs):
            started = time.perf_counter()
            process = subprocess.Popen(
                [executable, *browser.FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", page.as_uri()],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            while not (shot.exists() and shot.stat().st_size > 0):
                if process.poll() is not None and not shot.exists():
                    raise RuntimeError("Chromium exited without a screenshot")
                time.sleep(0.002)
            frames.append(time.perf_counter() - started)
            process.wait(timeout=60)
            gones.append(time.perf_counter() - started)
            shot.unlink()
    return {"chromium_first_frame_s": statistics.median(frames), "chromium_gone_s": statistics.median(gones)}


def ratios(results: Mapping[str, float]) -> dict[str, float]:
    """Each kiosk figure as a multiple of the floor and of Chromium, where both were measured."""
    out: dict[str, float] = {}
    for kind in ("first_frame", "gone", "cpu", "cpu_first_frame"):
        for build in ("frozen", "source"):
            ours = results.get(f"{kind}_{build}_s")
            if ours is None:
                continue
            for other, key in (("floor", f"{kind}_floor_s"), ("chromium", f"chromium_{kind}_s")):
                if results.get(key):
                    out[f"{kind}_{build}_vs_{other}"] = ours / results[key]
            pinned, floor_pinned = results.get(f"{kind}_{build}_pinned_s"), results.get(f"{kind}_floor_pinned_s")
            if pinned and floor_pinned:
                out[f"{kind}_{build}_pinned_vs_floor"] = pinned / floor_pinned
    return out


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{model}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def can_pin() -> bool:
    return sys.platform.startswith("linux") and shutil.which("taskset") is not None

#!/usr/bin/env python3
"""Benchmarks with budgets: `python3 benchmarks/run.py` (inside .venv: `python3 tasks.py bench`).

Prints the start-up ratios (the kiosk against a bare Qt window and against Chromium, measured in the same
run, see benchmarks/startup.py), then a table of medians and spreads with pass/fail against the budgets, and
writes benchmarks/results.json. Every figure comes from a fresh process on Qt's offscreen platform. Exits 1
when a budget or a ratio budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import startup  # noqa: E402 -- benchmarks/startup.py, beside this file

BUDGETS = {  # from the benchmarks issues; each figure is checked against one. Start-up: ratios, see RATIO_BUDGETS
    "tab_switch_p99_ms": 16.0,
    "tab_switch_pinned_p99_ms": 16.0,  # on one core (taskset -c 0), as a Celeron-class kiosk PC
    "scroll_frame_p99_ms": 16.0,
    "reload_s": 0.5,
    "peak_rss_mb": 90.0,
    "rss_growth_mb": 2.0,
    "first_frame_largest_pack_s": 1.0,  # as many languages and pages as kiosk/limits.py allows
    "bundle_mb": 150.0,
    "bundle_xz_mb": 45.0,
    # quit → process gone: the start-up measurement, the self-test and a SIGTERM stop (systemd, shutdown)
    "quit_first_paint_s": 0.1,
    "quit_self_test_s": 0.1,
    "quit_sigterm_s": 0.1,
}


environment = startup.environment


def start_up(command: list[str], runs: int, tmp: Path, extra: list[str] | None = None) -> dict[str, float]:
    """Median seconds from launching `command` to its first painted frame."""
    firsts = [startup.launch([*command, *(extra or [])], tmp)[0] for _ in range(runs)]
    return {"process_s": statistics.median(firsts)}


def quit_to_gone(command: list[str], runs: int, tmp: Path) -> dict[str, float]:
    """Seconds from the quit to the process gone (median of `runs`): after the first frame with
    --exit-after-first-paint and after self-test's verdict (both read from the line printed at the quit), and
    after a SIGTERM to a kiosk idling in its event loop."""
    env = environment(tmp)
    lines = {"quit_first_paint_s": ["--exit-after-first-paint"], "quit_self_test_s": ["self-test"]}
    gone: dict[str, list[float]] = {key: [] for key in [*lines, "quit_sigterm_s"]}
    for _ in range(runs):
        for key, extra in lines.items():
            process = subprocess.Popen([*command, *extra], env=env, stdout=subprocess.PIPE, text=True)
            assert process.stdout is not None
            asked, last = time.perf_counter(), ""
            for line in process.stdout:  # the last line comes with the quit
                asked, last = time.perf_counter(), line
            code = process.wait(timeout=120)
            gone[key].append(time.perf_counter() - asked)
            if code != 0 or not last.startswith(("first frame painted", "self-test: ")):
                raise RuntimeError(f"{command} {extra} failed (exit code {code})")
        heartbeat = tmp / "logs" / "heartbeat.json"
        heartbeat.unlink(missing_ok=True)
        running = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not heartbeat.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(3.0)  # past the start-up work (other languages render after the first frame): idle
        asked = time.perf_counter()
        running.send_signal(signal.SIGTERM)
        code = running.wait(timeout=30)
        gone["quit_sigterm_s"].append(time.perf_counter() - asked)
        if code != 128 + signal.SIGTERM:
            raise RuntimeError(f"{command} did not stop cleanly on SIGTERM (exit code {code})")
    return {key: statistics.median(values) for key, values in gone.items()}


def in_process(mode: str, tmp: Path, *args: str, pinned: bool = False) -> dict[str, float]:
    prefix = ["taskset", "-c", "0"] if pinned else []
    probe = [sys.executable, str(Path(__file__).with_name("probe.py")), mode, *args]
    return startup.run_json([*prefix, *probe], tmp, mode, timeout=600)


def bundle(folder: Path) -> dict[str, float]:
    size = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    tar = subprocess.Popen(["tar", "-C", str(folder.parent), "-cf", "-", folder.name], stdout=subprocess.PIPE)
    xz = subprocess.Popen(["xz", "-T2", "-6", "-c"], stdin=tar.stdout, stdout=subprocess.PIPE)
    stream = xz.stdout
    assert stream is not None
    compressed = sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))  # counted, not kept
    if xz.wait() != 0 or tar.wait() != 0:
        raise RuntimeError(f"tar | xz of {folder} failed")
    return {"bundle_mb": size / 1e6, "bundle_xz_mb": compressed / 1e6}


def make_largest_pack(target: Path) -> Path:
    """The bundled pack grown to the largest the limits allow (kiosk/limits.py): LANGUAGES languages of PAGES
    pages each (12 x 20 = 240 pages), every page as long as the bundled pack's longest."""
    from kiosk import limits

    shutil.copytree(ROOT / "content" / "si-joint-fusion", target)
    ids = [f"page-{n:03d}" for n in range(limits.PAGES)]
    body = (ROOT / "content" / "si-joint-fusion" / "en" / "risks.md").read_text("utf-8")
    codes = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "sv", "fi", "da", "nb", "cs", "ro"]
    for language in codes[2 : limits.LANGUAGES]:  # their words: the Spanish ones, as a translator starts
        shutil.copytree(target / "es", target / language)
    for language in codes[: limits.LANGUAGES]:
        for page in (target / language).glob("*.md"):
            if page.stem != "matters":  # the quiz links to the bundled pages
                page.unlink()
        for page_id in ids:
            (target / language / f"{page_id}.md").write_text(body, "utf-8")
    text = (target / "pack.toml").read_text("utf-8")
    start = text.index("pages = [")
    end = text.index("]", start) + 1
    listed = ", ".join(f'"{page_id}"' for page_id in ids)
    (target / "pack.toml").write_text(text[:start] + f"pages = [{listed}]" + text[end:], "utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per variant (median reported)")
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "kiosk", help="one-folder build to measure")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium comparison")
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "kiosk.toml").write_text(f'[log]\ndir = "{tmp / "logs"}"\n', "utf-8")
        executable = args.frozen / ("kiosk.exe" if os.name == "nt" else "kiosk")
        launched = startup.variants(executable if executable.exists() else None)
        results |= startup.interleaved(launched, args.runs, tmp)
        if startup.can_pin():
            results |= startup.interleaved(launched, args.runs, tmp, pinned=True)
            pinned = in_process("interaction", tmp, pinned=True)
            results["tab_switch_pinned_p50_ms"] = pinned["tab_switch_p50_ms"]
            results["tab_switch_pinned_p99_ms"] = pinned["tab_switch_p99_ms"]
        if executable.exists():
            results |= bundle(args.frozen)
        if os.name != "nt":  # SIGTERM is POSIX
            results |= quit_to_gone(
                [str(executable)] if executable.exists() else [sys.executable, "-m", "kiosk"], args.runs, tmp
            )
        big = make_largest_pack(tmp / "largest")
        results["first_frame_largest_pack_s"] = start_up(
            [sys.executable, "-m", "kiosk"], 3, tmp, ["--content", str(big)]
        )["process_s"]
        results |= in_process("interaction", tmp)
        results |= in_process("reload", tmp)
        results |= in_process("memory", tmp)
    if not args.no_browser:
        import browser  # benchmarks/browser.py: the same pages in Chromium, if one is installed

        results |= startup.chromium(args.runs)
        results |= browser.measure(runs=args.runs)
    shares = startup.ratios(results)
    report(results, shares)
    args.json.write_text(
        json.dumps(
            {
                "machine": startup.machine(),
                "python": platform.python_version(),
                "results": results,
                "ratios": shares,
                "budgets": BUDGETS,
                "ratio_budgets": startup.RATIO_BUDGETS,
            },
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    missed = [k for k, v in BUDGETS.items() if results.get(k, 0) > v]
    missed += [k for k, v in startup.RATIO_BUDGETS.items() if shares.get(k, 0) > v]
    return 1 if missed else 0


def report(results: dict[str, float], shares: dict[str, float]) -> None:
    print(f"machine: {startup.machine()}")
    print("\nstart-up, launched the same way in the same rounds (medians):")
    print(f"  {'':22} {'first frame':>12} {'process gone':>13}   {'x floor':>8} {'x Chromium':>10}")
    for name in ("floor", "source", "frozen", "floor_pinned", "source_pinned", "frozen_pinned", "chromium"):
        first = results.get("chromium_first_frame_s" if name == "chromium" else f"first_frame_{name}_s")
        gone = results.get("chromium_gone_s" if name == "chromium" else f"gone_{name}_s")
        if first is None:
            continue
        build = name.removesuffix("_pinned")
        versus_floor = shares.get(f"first_frame_{build}_{'pinned_vs_floor' if 'pinned' in name else 'vs_floor'}")
        versus_chromium = shares.get(f"first_frame_{build}_vs_chromium") if "pinned" not in name else None
        floor_text = f"{versus_floor:.2f}x" if versus_floor else ""
        chromium_text = f"{versus_chromium:.2f}x" if versus_chromium else ""
        print(f"  {name:22} {first:11.3f}s {gone or 0:12.3f}s   {floor_text:>8} {chromium_text:>10}")
    print(f"\n{'ratio':40} {'value':>10} {'budget':>10}  result")
    for key, value in shares.items():
        budget = startup.RATIO_BUDGETS.get(key)
        verdict = "" if budget is None else ("pass" if value <= budget else "MISS")
        print(f"{key:40} {value:10.2f} {budget if budget is not None else '':>10}  {verdict}")
    print(f"\n{'measure':40} {'value':>10} {'budget':>10}  result")
    for key, value in results.items():
        budget = BUDGETS.get(key)
        verdict = "" if budget is None else ("pass" if value <= budget else "MISS")
        print(f"{key:40} {value:10.3f} {budget if budget is not None else '':>10}  {verdict}")
    if "chromium_first_frame_s" in results:
        print("\nversus Chromium showing the same pages (how many times the kiosk's figure):")
        kiosk_start = results.get("first_frame_frozen_s", results["first_frame_source_s"])
        for label, theirs, ours in (
            ("first frame", results["chromium_first_frame_s"], kiosk_start),
            ("tab switch p50", results["chromium_tab_switch_p50_ms"], results["tab_switch_p50_ms"]),
            ("tab switch p99", results["chromium_tab_switch_p99_ms"], results["tab_switch_p99_ms"]),
            ("peak memory (PSS of all its processes)", results["chromium_peak_pss_mb"], results["peak_rss_mb"]),
            ("peak memory (browser process alone)", results["chromium_main_process_peak_rss_mb"],
             results["peak_rss_mb"]),
        ):  # fmt: skip
            print(f"  {label:40} {theirs / ours:6.1f}x")
    missing = [k for k in BUDGETS if k not in results] + [k for k in startup.RATIO_BUDGETS if k not in shares]
    if missing:
        print("not measured here:", ", ".join(missing))


if __name__ == "__main__":
    sys.exit(main())

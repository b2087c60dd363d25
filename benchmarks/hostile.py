#!/usr/bin/env python3
"""Hostile inputs (issue 20) through `kiosk check`, `kiosk self-test` and the running kiosk, each timed.

    .venv/bin/python benchmarks/hostile.py [--only NAME ...]

Every input is the bundled pack with one thing made hostile. Each command runs in a fresh process on Qt's
offscreen platform; its wall time and peak memory are measured from outside (wait4). The kiosk run starts on
the pack, opens every page, taps A+ twice and A- twice, switches language, then takes the same pack again the
way a new pack from the content source arrives; a 10 ms timer on the UI thread records the longest stall of
the event loop from the first frame on. Prints a table; exits 1 when any figure misses 5 s, 300 MB or 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S, BUDGET_MB, BUDGET_STALL_MS = 5.0, 300.0, 100.0
PAGE = "what-it-is"  # the page each input replaces


def _front(title: str) -> str:
    return (
        f"---\ntitle: {title}\ntab: {title}\nreviewed: 2026-10-01\nreviewer: Nurse\nsources:\n  - A source\n---\n"
    )


def nested_callouts(levels: int) -> str:
    return _front("Nested") + "".join(f"{'    ' * n}!!! note\n\n" for n in range(levels)) + "    " * levels + "x\n"


def _valid_90kb() -> str:
    """A long but ordinary page: headings, paragraphs, lists and small tables (about 90 KB)."""
    sentence = "Your care team will explain each step of the visit, and you can ask questions at any time. "
    parts = [_front("A long page")]
    for n in range(60):
        parts += [f"## Part {n + 1}\n\n", sentence * 16, "\n\n- One thing to bring\n- Another thing\n\n"]
        if n % 10 == 0:
            parts.append("| When | What |\n|---|---|\n" + "| Day 1 | Rest |\n" * 10 + "\n")
    return "".join(parts)


def _write_page(pack: Path, text: str) -> None:
    (pack / "en" / f"{PAGE}.md").write_text(text, "utf-8")


def _many_pages(pack: Path) -> None:
    shutil.rmtree(pack / "es")
    ids = [f"page-{n:04d}" for n in range(1000)]
    body = (ROOT / "content" / "si-joint-fusion" / "en" / "risks.md").read_text("utf-8")
    for page in (pack / "en").glob("*.md"):
        if page.stem not in ("quiz", "matters"):
            page.unlink()
    for page_id in ids:
        (pack / "en" / f"{page_id}.md").write_text(body, "utf-8")
    listed = ", ".join(f'"{page_id}"' for page_id in ids)
    text = (pack / "pack.toml").read_text("utf-8")
    start = text.index("pages = [")
    end = text.index("]", start) + 1
    (pack / "pack.toml").write_text(text[:start] + f"pages = [{listed}]" + text[end:], "utf-8")


def _format_specs(pack: Path) -> None:
    ui = pack / "es" / "ui.toml"
    lines = [
        line
        for line in ui.read_text("utf-8").splitlines()
        if not line.startswith(("date_format =", "wrong_pin ="))
    ]
    lines += ['date_format = "{day:x>1000000} de {month} de {year}"', 'wrong_pin = "PIN ({failures:>999999999})"']
    ui.write_text("\n".join(lines) + "\n", "utf-8")


def _largest_allowed() -> str:
    """As much as a page may hold: just under the size, headings and word-length limits."""
    from kiosk import limits

    word = "w" * limits.WORD_CHARACTERS
    parts = [_front("Largest")]
    for n in range(limits.HEADINGS):
        parts += [f"## Part {n}\n\n", f"Some words and one long one {word} here.\n\n"]
    filler = "More plain words for the reader to follow along. "
    while len("".join(parts)) + len(filler) * 20 + 2 < limits.PAGE_BYTES:
        parts.append(filler * 20 + "\n\n")
    return "".join(parts)


def _table_at_limit() -> str:
    from kiosk import limits

    columns = limits.TABLE_COLUMNS
    head = "|" + " Head |" * columns + "\n|" + "---|" * columns + "\n"
    return _front("Table") + head + ("|" + " cell words |" * columns + "\n") * limits.TABLE_ROWS


def _nesting_at_limit() -> str:
    from kiosk import limits

    return _front("Nested") + nested_callouts(limits.NESTING)


INPUTS: dict[str, Callable[[Path], None]] = {
    "bundled pack": lambda pack: None,
    "32 nested call-outs": lambda pack: _write_page(pack, nested_callouts(32)),
    "100 nested call-outs": lambda pack: _write_page(pack, nested_callouts(100)),
    "10k headings": lambda pack: _write_page(
        pack, _front("Headings") + "".join(f"## Heading {n}\n\n" for n in range(10_000))
    ),
    "500 KB word": lambda pack: _write_page(pack, _front("Word") + "a" * 500_000 + "\n"),
    "10k-row table": lambda pack: _write_page(
        pack, _front("Table") + "| a | b |\n|---|---|\n" + "".join(f"| {n} | x |\n" for n in range(10_000))
    ),
    "1,000 pages": _many_pages,
    "valid 90 KB page": lambda pack: _write_page(pack, _valid_90kb()),
    "format specs in ui.toml": _format_specs,
    "at the limit: 128 KB page": lambda pack: _write_page(pack, _largest_allowed()),
    "at the limit: table": lambda pack: _write_page(pack, _table_at_limit()),
    "at the limit: nesting": lambda pack: _write_page(pack, _nesting_at_limit()),
}


@dataclass(frozen=True)
class Run:
    """One process: wall and CPU seconds, peak RSS, exit code and output."""

    wall_s: float
    cpu_s: float
    peak_mb: float
    code: int
    output: str

    def cell(self) -> str:
        return f"{self.wall_s:.1f} ({self.cpu_s:.1f}) / {self.peak_mb:.0f}, exit {self.code}"

    @property
    def within(self) -> bool:
        return self.wall_s <= BUDGET_S and self.peak_mb <= BUDGET_MB


def measured(command: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own figures, not the largest child's
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        wall = time.perf_counter() - started
        cpu = usage.ru_utime + usage.ru_stime
        return Run(wall, cpu, usage.ru_maxrss / 1024, process.returncode, out.read())


def kiosk_run(pack: Path) -> dict[str, object]:
    """In this process: the kiosk on `pack`, driven as described above; the figures as a dict."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from kiosk.config import Config, ContentConfig
    from kiosk.library import Library, load_library
    from kiosk.startup import Settings
    from kiosk.ui.app import WindowOptions, build_window, create_application, load_and_report
    from kiosk.ui.behaviour import install

    config = Config(content=ContentConfig(dir=str(pack)))
    settings = Settings(config, pack, [])
    app = create_application(["hostile"], offscreen=True)
    shelf = load_and_report(settings, lazy=True)  # a hostile pack is one topic, read as the kiosk reads a folder
    window = build_window(settings, shelf.first.library, WindowOptions(True, speech=False))
    install(window, config, lock_down=False, watch=pack)
    window.resize(1920, 1080)
    beat = QElapsedTimer()
    worst, worst_step = [0.0], [""]
    cpu, cpu_step = (
        [0.0, time.thread_time()],
        [""],
    )  # the most UI-thread CPU between two beats (ms), the last reading

    def tick() -> None:
        if beat.isValid() and beat.nsecsElapsed() / 1e6 > worst[0]:
            worst[0], worst_step[0] = beat.nsecsElapsed() / 1e6, last[0]
        beat.restart()
        busy = (time.thread_time() - cpu[1]) * 1000  # what this thread itself did since the last beat
        if busy > cpu[0]:
            cpu[0], cpu_step[0] = busy, last[0]
        cpu[1] = time.thread_time()

    heart = QTimer(interval=10)
    heart.timeout.connect(tick)
    tabs = len(window.library.pages_in(window.language))
    toolbar = window.reader.toolbar

    def tab(index: int) -> tuple[str, Callable[[], None]]:
        return f"tab {index + 1}", lambda: window.reader.show_index(index)

    steps: list[tuple[str, Callable[[], None]]] = [("reader", window.show_reader), *map(tab, range(tabs))]
    steps += [("A+", toolbar.larger_button.click), ("A+", toolbar.larger_button.click)]
    steps += [("A-", toolbar.smaller_button.click), ("A-", toolbar.smaller_button.click)]
    steps += [("language", lambda: window.set_language(window.library.languages[-1]))]
    pending: list[object] = []  # a pack on its way from the "content source"

    def swap(library: Library) -> None:
        pending.clear()
        window.set_library(library)

    def from_source() -> None:  # as app.start_content_source's switch does
        pending.append(pack)
        window.reader.renderer.run(lambda: load_library(pack), swap)

    steps += [("from source", from_source), ("reader", window.show_reader), *map(tab, range(tabs))]
    last = ["first frame"]

    def next_step() -> None:
        if pending or window.reader.renderer.waiting or window.restyling:  # wait for what the last step started
            QTimer.singleShot(10, next_step)
        elif steps:
            last[0], step = steps.pop(0)
            step()
            QTimer.singleShot(30, next_step)  # let it paint
        else:
            app.quit()

    def start_beating() -> None:  # both clocks from the first frame on: the frame itself is start-up, not a stall
        cpu[1] = time.thread_time()
        heart.start()
        QTimer.singleShot(400, next_step)

    window.first_painted.connect(start_beating)
    started = time.perf_counter()
    window.show()
    QTimer.singleShot(60_000, app.quit)  # never hang the benchmark
    app.exec()
    from kiosk.heartbeat import memory_mb

    return {
        "stall_ms": worst[0],
        "stall_after": worst_step[0],
        "stall_cpu_ms": cpu[0],
        "stall_cpu_after": cpu_step[0],
        "run_s": time.perf_counter() - started,
        "rss_mb": memory_mb().get("peak_rss_mb", 0),
    }


def standing_alone(pack: Path) -> None:
    """One topic of the bundled library copied out as a pack of its own: a link to another topic (refused in a
    single pack) becomes a link to one of its own pages."""
    shutil.copytree(ROOT / "content" / "si-joint-fusion", pack)
    for page in pack.glob("*/*.md"):
        text = page.read_text("utf-8")
        page.write_text(re.sub(r"\]\(topic:[^)]*\)", "](benefits.md)", text), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="names of inputs to run (default: all)")
    parser.add_argument("--kiosk", type=Path, help=argparse.SUPPRESS)  # internal: one kiosk run, JSON out
    args = parser.parse_args()
    if args.kiosk:
        print(json.dumps(kiosk_run(args.kiosk)))
        return 0
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            "XDG_STATE_HOME": str(tmp / "state"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "KIOSK_CONFIG": str(tmp / "kiosk.toml"),
        }
        (tmp / "kiosk.toml").write_text("", "utf-8")  # built-in defaults, and not the machine's kiosk.toml
        for name, make in INPUTS.items():
            if args.only and name not in args.only:
                continue
            pack = tmp / name.replace(" ", "-").replace(",", "")
            standing_alone(pack)
            make(pack)
            kiosk = [sys.executable, "-m", "kiosk"]
            check = measured([*kiosk, "check", "--content", str(pack)], env)
            test = measured([*kiosk, "self-test", "--content", str(pack)], env)
            run = measured([sys.executable, __file__, "--kiosk", str(pack)], env)
            if run.code != 0:
                print(run.output[-3000:], file=sys.stderr)
            figures = json.loads(run.output.strip().splitlines()[-1]) if run.code == 0 else {}
            stall = float(figures.get("stall_ms", float("inf")))
            stall_cpu = float(figures.get("stall_cpu_ms", float("inf")))
            ok = check.within and test.within and run.within and stall <= BUDGET_STALL_MS
            cpu_ok = all(r.cpu_s <= BUDGET_S and r.peak_mb <= BUDGET_MB for r in (check, test, run))
            cpu_ok &= stall_cpu <= BUDGET_STALL_MS
            failed |= not ok
            after, cpu_after = figures.get("stall_after", "?"), figures.get("stall_cpu_after", "?")
            stall_cell = f"{stall:.0f} ({after}) | {stall_cpu:.0f} ({cpu_after})"
            rows.append((name, check, test, run, stall_cell, ok, cpu_ok))
    print(f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(
        "| input | check: wall s (CPU s) / MB | self-test | kiosk | worst stall ms (after) "
        "| its UI-thread CPU ms | ok | ok by CPU |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, check, test, run, stall_cell, ok, cpu_ok in rows:
        cells = " | ".join(r.cell() for r in (check, test, run))
        print(f"| {name} | {cells} | {stall_cell} | {'yes' if ok else 'NO'} | {'yes' if cpu_ok else 'NO'} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmarks of a library of topics, with budgets: `python3 benchmarks/library.py [--frozen DIST/kiosk/kiosk]`.

Generates a library of 50 topics x 8 pages x 2 languages (copies of the bundled pages) and measures, each in a
fresh process on Qt's offscreen platform: the first frame, the topic list's scroll frames, opening a topic until
it is painted, and peak RSS after every page of 10 topics; then the bundled library's first frame (frozen, when a
build is given) and its peak RSS over a full visit. Prints medians and budgets; exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup  # noqa: E402 -- benchmarks/startup.py, beside this file

sys.path.insert(0, str(ROOT))
from kiosk.content import read_info  # noqa: E402 -- Qt-free: the generator reads the bundled pack's page list

BUNDLED = ROOT / "content"
TOPICS, PAGES = 50, 8
BUDGETS = {
    "first_frame_50_topics_s": 1.0,
    "topic_list_scroll_p99_ms": 16.0,
    "open_topic_ms": 100.0,  # the slowest of 10 topics, to painted
    "peak_rss_10_topics_mb": 100.0,
    "first_frame_bundled_frozen_s": 0.30,
    "first_frame_bundled_frozen_x_floor": 1.5,  # issue 21: a ratio to a bare Qt window, measured alongside
    "peak_rss_bundled_mb": 90.0,
}


def generate(target: Path, topics: int = TOPICS, pages: int = PAGES) -> Path:
    """A library of `topics` packs, each `pages` pages in English and Spanish, with pictures and summaries."""
    source = BUNDLED / "si-joint-fusion"
    # The bundled pages under their own names (so their links and the quiz's lead somewhere), then copies.
    real = read_info(source)[0].pages
    ids = [real[n] if n < len(real) else f"more-{n + 1}" for n in range(pages)]
    bodies = {language: [source / language / f"{page}.md" for page in real] for language in ("en", "es")}
    names = [f"topic-{n:02d}" for n in range(1, topics + 1)]
    for number, name in enumerate(names, start=1):
        pack = target / name
        shutil.copytree(source / "images", pack / "images")
        for language in ("en", "es"):
            (pack / language).mkdir(parents=True)
            shutil.copy(source / language / "quiz.md", pack / language / "quiz.md")
            if (source / language / "ui.toml").is_file():
                shutil.copy(source / language / "ui.toml", pack / language / "ui.toml")
            files = bodies[language]
            for index, page_id in enumerate(ids):
                text = files[index % len(files)].read_text("utf-8")
                (pack / language / f"{page_id}.md").write_text(text, "utf-8")
        (pack / "pack.toml").write_text(
            f'title = "Procedure number {number}: what to know"\nversion = "1"\ndefault_language = "en"\n'
            f"pages = {ids!r}\n".replace("'", '"')
            + 'cover = "images/pelvis-{language}.svg"\n'
            + f'[summary]\nen = "What happens in procedure {number}, and how you recover."\n'
            f'es = "Qué pasa en el procedimiento {number} y cómo se recupera."\n'
            "[clinic]\ngeneric = true\n",
            "utf-8",
        )
    listed = ", ".join(f'"{name}"' for name in names)
    (target / "library.toml").write_text(
        f'version = "1"\ndefault_language = "en"\ntopics = [{listed}]\n'
        '[title]\nen = "Our procedures"\nes = "Nuestros procedimientos"\n',
        "utf-8",
    )
    return target


def first_frame(command: list[str], runs: int, tmp: Path) -> tuple[list[float], list[float]]:
    """Seconds from start to first painted frame, as the kiosk reports it (--exit-after-first-paint), and the
    CPU seconds the process had used by then (moved far less than the wall clock by a busy machine)."""
    seconds, cpu = [], []
    for _ in range(runs):
        result = subprocess.run(
            [*command, "--windowed", "--exit-after-first-paint"],
            env=startup.environment(tmp),
            capture_output=True,
            text=True,
            timeout=120,
        )
        line = next((ln for ln in result.stdout.splitlines() if ln.startswith("first frame painted")), "")
        if result.returncode != 0 or not line:
            raise RuntimeError(f"{command} failed: {result.stderr[-2000:]}")
        seconds.append(float(line.split()[3]) / 1000)
        cpu.append(float(line.split("CPU ")[1].split()[0]) / 1000)
    return seconds, cpu


def probe(mode: str, root: Path, tmp: Path) -> dict[str, float]:
    return startup.run_json([sys.executable, __file__, "--probe", mode, str(root)], tmp, f"probe {mode}")


# --- in the probe process ---
def _window(root: Path):  # type: ignore[no-untyped-def]  # Qt types: imported here, in the probe only
    from kiosk.config import Config
    from kiosk.palette import CALM
    from kiosk.shelf import load_shelf
    from kiosk.ui.app import attach_topics, create_application
    from kiosk.ui.metrics import Metrics
    from kiosk.ui.window import KioskWindow

    app = create_application(["bench"], offscreen=True)
    shelf = load_shelf(root, lazy=True)
    window = KioskWindow(shelf.first.library, Config(), Metrics(96, 6, 20), CALM, windowed=True)
    topics = attach_topics(window, shelf)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    from kiosk.ui.window_frame import AFTER_FIRST_FRAME_MS

    deadline = time.monotonic() + AFTER_FIRST_FRAME_MS / 1000 + 0.5
    while time.monotonic() < deadline:  # as the kiosk's event loop would: the work after the first frame
        app.processEvents()
    return app, window, topics


def _visit_all(app, window) -> None:  # type: ignore[no-untyped-def]
    for language in window.library.languages:
        window.set_language(language)
        for index in range(len(window.reader.views)):
            window.reader.show_index(index)
            window.repaint()
            app.processEvents()


def _deferred_deletes() -> None:
    """The kiosk's event loop deletes replaced widgets; processEvents() alone does not."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_probe(mode: str, root: Path) -> dict[str, float]:
    from kiosk.heartbeat import memory_mb

    app, window, topics = _window(root)
    if mode == "bundled":
        for topic in topics.shelf.topics if topics is not None else ():
            if topics is not None and topics.several:
                topics.open_topic(topic.id)
            else:
                window.show_reader()
            _visit_all(app, window)
            if topics is not None and topics.several:
                topics.all_topics()
            _deferred_deletes()
        return {"peak_rss_bundled_mb": memory_mb()["peak_rss_mb"]}
    assert topics is not None and topics.several
    started = time.perf_counter()
    while not all(topic.loaded for topic in topics.shelf.topics) and time.perf_counter() - started < 120:
        app.processEvents()  # the kiosk reads every topic ahead once the screen is up (kiosk.ui.topics)
    read_ahead = time.perf_counter() - started + 1.3  # + the wait before it starts
    bar = topics.screen.area.verticalScrollBar()
    viewport = topics.screen.area.viewport()
    scroll: list[float] = []
    scroll_cpu: list[float] = []  # the UI thread's own CPU time: what a busy machine moves least
    for _ in range(3):
        bar.setValue(0)
        app.processEvents()
        for value in range(0, bar.maximum() + 40, 40):
            started, cpu = time.perf_counter(), time.thread_time()
            bar.setValue(value)
            viewport.repaint()
            scroll.append((time.perf_counter() - started) * 1000)
            scroll_cpu.append((time.thread_time() - cpu) * 1000)
    bar.setValue(0)
    opening: list[float] = []
    opening_cpu: list[float] = []
    for topic in topics.shelf.topics[:10]:
        started, cpu = time.perf_counter(), time.thread_time()
        topics.open_topic(topic.id)
        window.repaint()
        opening.append((time.perf_counter() - started) * 1000)
        opening_cpu.append((time.thread_time() - cpu) * 1000)
        _visit_all(app, window)
        window.set_language("en")
        topics.all_topics()
        app.processEvents()
        _deferred_deletes()
    return {
        "topic_list_scroll_p50_ms": statistics.median(scroll),
        "topic_list_scroll_p99_ms": _percentile(scroll, 0.99),
        "topic_list_scroll_cpu_p99_ms": _percentile(scroll_cpu, 0.99),
        "open_topic_p50_ms": statistics.median(opening),
        "open_topic_ms": max(opening),
        "open_topic_cpu_max_ms": max(opening_cpu),
        "peak_rss_10_topics_mb": memory_mb()["peak_rss_mb"],
        "scroll_range_px": float(bar.maximum()),
        "read_ahead_all_topics_s": read_ahead,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per variant (median reported)")
    parser.add_argument("--frozen", type=Path, help="the frozen kiosk executable (dist/kiosk/kiosk), if built")
    parser.add_argument("--probe", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(run_probe(args.probe[0], Path(args.probe[1]))))
        return 0
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        library = generate(tmp / "library")
        source = [sys.executable, "-m", "kiosk", "--content"]
        frames, bundled = [], []  # interleaved, so a busy minute slows both alike
        for _ in range(args.runs):
            frames.append(first_frame([*source, str(library)], 1, tmp))
            bundled.append(first_frame([*source, str(BUNDLED)], 1, tmp))
        results["first_frame_50_topics_s"] = statistics.median(wall[0] for wall, _ in frames)
        results["first_frame_50_topics_cpu_s"] = statistics.median(cpu[0] for _, cpu in frames)
        results.update(probe("topics", library, tmp))
        results["first_frame_bundled_source_s"] = statistics.median(wall[0] for wall, _ in bundled)
        results["first_frame_bundled_source_cpu_s"] = statistics.median(cpu[0] for _, cpu in bundled)
        if args.frozen:
            # Beside a bare Qt window in the same minutes (benchmarks/floor.py): 0.30 s is below that floor on
            # some machines, so the ratio (issue 21's budget) says what the absolute figure cannot.
            # Both timed from outside, launch to the printed line (startup.launch): the floor's own figure starts
            # inside its script, after the interpreter's start, which the kiosk's own figure includes.
            floor = [sys.executable, str(Path(__file__).with_name("floor.py"))]
            frozen, floors = [], []
            for _ in range(args.runs):
                frozen.append(startup.launch([str(args.frozen), "--content", str(BUNDLED), "--windowed"], tmp)[0])
                floors.append(startup.launch(floor, tmp)[0])
            results["first_frame_bundled_frozen_s"] = statistics.median(frozen)
            results["first_frame_floor_s"] = statistics.median(floors)
            results["first_frame_bundled_frozen_x_floor"] = statistics.median(frozen) / statistics.median(floors)
        results.update(probe("bundled", BUNDLED, tmp))
    return report(results)


def report(results: dict[str, float]) -> int:
    missed = 0
    print(f"{'figure':36} {'measured':>10} {'budget':>8}")
    for name, value in results.items():
        budget = BUDGETS.get(name)
        verdict = ""
        if budget is not None:
            verdict = "ok" if value <= budget else "MISSED"
            missed += value > budget
        print(f"{name:36} {value:10.3f} {budget if budget is not None else '':>8} {verdict}")
    for name in BUDGETS.keys() - results.keys():
        print(f"{name:36} {'not measured':>10} {BUDGETS[name]:>8} (needs --frozen)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

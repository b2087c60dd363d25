"""The usual alternative, measured the same way: the pack as static HTML pages shown by Chromium (headless).

Used by benchmarks/run.py when a Chromium is installed (Debian: `apt-get install chromium`). Each page is the
kiosk's own rendered HTML with its style sheet, font and a bar of tab links, one file per page, as a browser
kiosk would show it. Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`), so no
extra packages are needed. Memory is the sum over Chromium's processes (PSS, so shared pages count once).
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# A DevTools protocol message: JSON whose shape depends on the method called.
Message = dict[str, Any]
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions", "--window-size=1920,1080"]  # fmt: skip


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def write_site(folder: Path) -> list[Path]:
    """One HTML file per page and language, in reading order; returns their paths."""
    from kiosk.library import load_library
    from kiosk.palette import CALM
    from kiosk.ui.app import create_application
    from kiosk.ui.metrics import Metrics
    from kiosk.ui.style import page_css

    create_application(["bench"], offscreen=True)  # the text size comes from the font's measured cap height
    library = load_library(ROOT / "content" / "si-joint-fusion")  # the bundled library's first topic
    fonts = "".join(
        f"@font-face {{ font-family: 'Atkinson Hyperlegible Next'; src: url('{path.as_uri()}'); "
        f"font-weight: {path.stem.split('_')[1][:3]}; "
        f"font-style: {'italic' if 'Italic' in path.stem else 'normal'}; }}"
        for path in sorted((ROOT / "assets" / "fonts").glob("*.ttf"))
    )
    metrics = Metrics(96, 6, 20)
    css = page_css(CALM, metrics)
    chrome = (
        f"body {{ font-family: 'Atkinson Hyperlegible Next'; font-size: {metrics.body_px()}px; max-width: 34em; "
        "margin: 0 auto; "
        f"background: {CALM.background}; }} nav {{ display: flex; gap: 8px; padding: 8px; }} "
        "nav a { flex: 1; min-height: 76px; border: 2px solid; border-radius: 8px; display: flex; "
        "align-items: center; justify-content: center; text-decoration: none; }"
    )
    written = []
    for language in library.languages:
        pages = library.pages_in(language)
        tabs = "".join(f'<a href="{language}-{page.id}.html">{html.escape(page.tab)}</a>' for page in pages)
        for page in pages:
            path = folder / f"{language}-{page.id}.html"
            path.write_text(
                f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
                f"<title>{html.escape(page.title)}</title><style>{fonts}{css}{chrome}</style></head><body><nav>{tabs}</nav><main>{page.html}</main>"
                "</body></html>",
                "utf-8",
            )
            written.append(path)
    return written


class Browser:
    """Chromium with one page, driven over the DevTools pipe (NUL-separated JSON messages on fds 3 and 4)."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def on_3_and_4() -> None:  # in the child: Chromium reads commands on fd 3 and answers on fd 4
            reading, writing = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser_r, from_browser_w))
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=on_3_and_4,
        )  # fmt: skip
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        target = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def call(self, method: str, *, session: bool = False, **params: object) -> Message:
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        result: Message = self.wait(lambda m: m.get("id") == self._next_id).get("result", {})
        return result

    def wait(self, wanted: Callable[[Message], bool]) -> Message:
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            message: Message = json.loads(raw)
            if "error" in message:
                raise RuntimeError(f"DevTools error: {message['error']}")
            if wanted(message):
                return message

    def show(self, url: str) -> tuple[float, float]:
        """Navigate; seconds to the load event (parsed, laid out, not yet drawn), and to the next frame drawn.
        The second includes waiting for Chromium's 60 Hz frame clock, which the kiosk's figure does not; the
        first is a lower bound, used for the ratios."""
        started = time.perf_counter()
        self.call("Page.navigate", session=True, url=url)
        self.wait(lambda m: m.get("method") == "Page.loadEventFired")
        loaded = time.perf_counter() - started
        frame = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        self.call("Runtime.evaluate", session=True, awaitPromise=True, expression=frame)
        return loaded, time.perf_counter() - started

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(sum of PSS, sum of RSS) over `pid` and its descendants, in MB."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    pss = rss = 0
    for member in family:
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss * 1024 / 1e6, rss * 1024 / 1e6


def first_frame_s(executable: str, page: Path, profile: Path, out: Path) -> float:
    """Launch to the first screenshot written: Chromium takes it once the page has been painted."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [executable, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={out}", page.as_uri()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    while not (out.exists() and out.stat().st_size > 0):
        if process.poll() is not None and not out.exists():
            raise RuntimeError("Chromium exited without a screenshot")
        time.sleep(0.002)
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    out.unlink()
    return elapsed


def measure(runs: int = 7, rounds: int = 20, switches: int = 200) -> dict[str, float]:
    executable = find_chromium()
    if executable is None:
        return {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pages = write_site(folder)
        profile = folder / "profile"
        first_frame_s(executable, pages[0], profile, folder / "shot.png")  # the profile is made once, as a kiosk's
        starts = [first_frame_s(executable, pages[0], profile, folder / "shot.png") for _ in range(runs)]
        browser = Browser(executable, profile)
        try:
            peak_pss = peak_rss = peak_main = 0.0
            for _ in range(rounds):
                for page in pages:
                    browser.show(page.as_uri())  # memory is read after each page: a lower bound for Chromium
                    pss, rss = tree_memory_mb(browser.process.pid)
                    main = resource_mb(browser.process.pid)
                    peak_pss, peak_rss, peak_main = max(peak_pss, pss), max(peak_rss, rss), max(peak_main, main)
            english = [page for page in pages if page.name.startswith("en-")]
            shown = [browser.show(english[n % len(english)].as_uri()) for n in range(1, switches + 1)]
            loads, frames = (sorted(times[k] * 1000 for times in shown) for k in (0, 1))
        finally:
            browser.close()
    return {
        "chromium_first_frame_s": statistics.median(starts),
        "chromium_tab_switch_p50_ms": statistics.median(loads),
        "chromium_tab_switch_p99_ms": percentile(loads, 0.99),
        "chromium_tab_switch_to_frame_p50_ms": statistics.median(frames),
        "chromium_tab_switch_to_frame_p99_ms": percentile(frames, 0.99),
        "chromium_peak_pss_mb": peak_pss,
        "chromium_peak_rss_sum_mb": peak_rss,
        "chromium_main_process_peak_rss_mb": peak_main,
    }


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def resource_mb(pid: int) -> float:
    """Resident memory of one process (the browser process alone), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    return 0.0


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))

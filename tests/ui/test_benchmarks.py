"""The benchmark's helpers keep working: the Chromium side's pages and memory reading (no Chromium needed)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "kiosk_benchmark_browser", Path(__file__).resolve().parents[2] / "benchmarks" / "browser.py"
)
assert _SPEC is not None and _SPEC.loader is not None
browser = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(browser)


def test_the_browser_site_has_every_page_with_tabs_and_the_kiosk_font(tmp_path: Path) -> None:
    pages = browser.write_site(tmp_path)
    assert [page.name for page in pages[:2]] == ["en-what-it-is.html", "en-procedure.html"]
    assert len(pages) == 12  # six pages in English and Spanish
    spanish = (tmp_path / "es-risks.html").read_text("utf-8")
    assert '<html lang="es">' in spanish and 'href="es-recovery.html"' in spanish
    assert "Atkinson Hyperlegible Next" in spanish and "AtkinsonHyperlegibleNext_700Bold.ttf" in spanish
    assert "<h1>" in spanish and "</main></body></html>" in spanish


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")
def test_process_tree_memory_is_read_from_proc() -> None:
    pss, rss = browser.tree_memory_mb(os.getpid())
    assert 10 < pss <= rss
    assert browser.resource_mb(os.getpid()) > 10


_STARTUP_SPEC = importlib.util.spec_from_file_location(
    "kiosk_benchmark_startup", Path(__file__).resolve().parents[2] / "benchmarks" / "startup.py"
)
assert _STARTUP_SPEC is not None and _STARTUP_SPEC.loader is not None
startup = importlib.util.module_from_spec(_STARTUP_SPEC)
_STARTUP_SPEC.loader.exec_module(startup)


def test_the_floor_and_the_kiosk_are_launched_and_timed_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "kiosk.toml").write_text(f'[log]\ndir = "{tmp_path / "logs"}"\n', "utf-8")
    results = startup.interleaved(startup.variants(None), 1, tmp_path)
    for name in ("floor", "source"):
        first, gone = results[f"first_frame_{name}_s"], results[f"gone_{name}_s"]
        assert 0 < first < gone < 60
    assert results["first_frame_source_peak_rss_mb"] > 30  # the kiosk reports its memory; the floor does not


def test_ratios_compare_each_build_with_the_floor_and_chromium() -> None:
    shares = startup.ratios(
        {"first_frame_floor_s": 0.2, "first_frame_frozen_s": 0.3, "gone_floor_s": 0.25, "gone_frozen_s": 0.6,
         "chromium_first_frame_s": 1.0, "chromium_gone_s": 1.2, "first_frame_floor_pinned_s": 0.4,
         "first_frame_frozen_pinned_s": 0.8}
    )  # fmt: skip
    assert shares["first_frame_frozen_vs_floor"] == pytest.approx(1.5)
    assert shares["gone_frozen_vs_floor"] == pytest.approx(2.4)
    assert shares["first_frame_frozen_vs_chromium"] == pytest.approx(0.3)
    assert shares["gone_frozen_vs_chromium"] == pytest.approx(0.5)
    assert shares["first_frame_frozen_pinned_vs_floor"] == pytest.approx(2.0)
    assert "first_frame_source_vs_floor" not in shares  # not measured: no ratio
    assert set(startup.RATIO_BUDGETS) <= set(shares)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc only")
def test_the_start_up_clock_counts_from_the_launch(tmp_path: Path) -> None:
    """The kiosk's own "first frame painted N ms" includes the interpreter and the imports before main()."""
    import subprocess
    import sys
    import time

    from kiosk.heartbeat import process_age_s

    age = process_age_s()
    assert age is not None and 0 < age < 24 * 3600
    script = "import time; time.sleep(0.5); from kiosk.heartbeat import process_age_s; print(process_age_s())"
    started = time.perf_counter()
    told = float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert 0.45 <= told <= time.perf_counter() - started + 0.02


def test_the_generated_library_is_clean_so_every_topic_is_offered(tmp_path: Path) -> None:
    """benchmarks/library.py measures topics patients can open: a topic with errors would leave the list."""
    spec = importlib.util.spec_from_file_location(
        "kiosk_benchmark_library", Path(__file__).resolve().parents[2] / "benchmarks" / "library.py"
    )
    assert spec is not None and spec.loader is not None
    library = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(library)
    from kiosk.shelf import load_shelf

    shelf = load_shelf(library.generate(tmp_path / "library", topics=3, pages=8))
    assert [topic.id for topic, _ in shelf.listed_in("es")] == ["topic-01", "topic-02", "topic-03"]
    assert not [issue for issue in shelf.problems() if issue.is_problem]
    assert [len(topic.library.pages_in("en")) for topic in shelf.topics] == [8, 8, 8]


def test_the_largest_pack_is_as_large_as_the_limits_allow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk import limits
    from kiosk.library import load_library

    benchmarks = Path(__file__).resolve().parents[2] / "benchmarks"
    monkeypatch.syspath_prepend(str(benchmarks))  # run.py imports startup.py from beside it
    spec = importlib.util.spec_from_file_location("kiosk_benchmark_run", benchmarks / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    library = load_library(run.make_largest_pack(tmp_path / "largest"), lazy=True)
    assert len(library.languages) == limits.LANGUAGES
    assert all(len(library.pages_in(language)) == limits.PAGES for language in library.languages)
    assert not library.has_errors, [str(issue) for issue in library.issues if issue.is_error]

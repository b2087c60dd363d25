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

"""What the fuzz tests share: deterministic Hypothesis settings, counts of examples run, pinned bugs, text.

Used by tests/test_fuzz.py (pages) and tests/test_fuzz_config.py (kiosk.toml and pack.toml); see
docs/reliability.md. A test module that fuzzes imports `_report_counts` too: it prints how many examples ran.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches in ./.hypothesis unless told otherwise: keep them out of the working tree.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "kiosk-hypothesis")

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "0"))
RUNS: Counter[str] = Counter()  # examples actually run, per test, reported at the end of the module


def fuzz(default: int) -> settings:
    """Deterministic settings: `default` examples, or KIOSK_FUZZ_EXAMPLES for a long run."""
    return settings(
        derandomize=True,
        database=None,
        max_examples=EXAMPLES or default,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


def mostly(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], one_in: int = 4) -> st.SearchStrategy[Any]:
    """`usual`, and `rare` about once in `one_in` draws (st.one_of would pick each half the time)."""
    return st.sampled_from([False] * (one_in - 1) + [True]).flatmap(lambda pick: rare if pick else usual)


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many examples ran (`-s` not needed: output capture is paused for the line)."""
    started = time.perf_counter()
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not RUNS:
        return
    counts = ", ".join(f"{name}: {count}" for name, count in sorted(RUNS.items()))
    total = sum(count for name, count in RUNS.items() if "known:" not in name)  # known: a part of its test's
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\nfuzz: {total} examples in {time.perf_counter() - started:.1f} s ({counts})")


# --- Text ---

RTL = "السلام عليكم مرحبا بالعالم שלום עולם ברוכים הבאים"
SPECIAL = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
    "\x01\x02\x03\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u2028\u2029"  # controls and odd line breaks
    "\u0301\u0308\U0001f9b4\ufffd\u00a0\t"  # combining marks, emoji, replacement, nbsp, tab
    "*_`#>-+|!<&;\"'()\\:/.=~^[]{}"  # Markdown and HTML punctuation
)
# NUL never reaches render_page: read_page refuses any file containing it.
characters = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(RTL),
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
)
words = st.text(characters, max_size=40)
short_words = st.text(characters, max_size=12)


def known_bug(error: BaseException) -> str | None:
    """Which pinned bug `error` is, if it is one (the fixed ones have regression tests)."""
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame.f_code.co_name)
        traceback = traceback.tb_next
    if isinstance(error, RecursionError):
        return "deep nesting overflows the stack"
    if isinstance(error, ValueError) and "construct_yaml_timestamp" in frames:
        return "impossible date in front matter"
    if isinstance(error, ValueError) and "urlsplit" in frames:
        return "bracketed host in a link"
    if isinstance(error, OverflowError) and "check" in frames:
        return "huge integer setting"
    return None


def run_or_known(name: str, call: Callable[[], Any]) -> Any:
    """`call()`; a pinned bug is counted under "known: ..." and gives None; anything else is raised."""
    try:
        return call()
    except (ValueError, RecursionError, OverflowError) as error:
        bug = known_bug(error)
        if bug is None:
            raise
    RUNS[f"{name}, known: {bug}"] += 1
    return None

"""Regressions: each input that the fuzzing in tests/test_fuzz.py found crashing or slowing the kiosk, now fixed.

Each was an `xfail(strict=True)` test with its exact input while the bug was open; they now must pass.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.content import load_pack
from kiosk.pagefile import Page, PageMeta, read_page
from kiosk.render import MAX_BRACKETS, render_page
from tests.conftest import REPO, TagCollector

PAGE_IDS = {"one", "two", "risks"}


Collector = TagCollector


@pytest.fixture(scope="module")
def pack_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack")
    (root / "en").mkdir()
    return root


def escaped(call: Callable[[], object]) -> str | None:
    """The exception `call` let escape, as one line (a RecursionError's 1000-frame traceback is slow to print)."""
    try:
        call()
    except Exception as error:
        return f"{type(error).__name__}: {str(error)[:200]}"
    return None


def write_page(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "en" / "one.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "line",
    ["reviewed: 2026-02-30", "reviewed: 2026-13-01", "reviewed: 2026-01-01T25:00:00", "0: 0000-0-0T0:00:00"],
)
def test_impossible_date_in_front_matter_is_an_issue(tmp_path: Path, line: str) -> None:
    # The last line is the one hypothesis found by itself: any key, any date-shaped value.
    path = write_page(tmp_path, f"---\ntitle: T\n{line}\n---\nBody.\n".encode())
    assert escaped(lambda: read_page(path, "one", "en")) is None


NESTED_PAGE = """
import sys
from pathlib import Path
from kiosk.pagefile import read_page
for depth in (1_000, 30_000):
    path = Path(sys.argv[1]) / f"nested-{depth}.md"
    path.write_bytes(b"---\\ntitle: " + b"[" * depth + b"\\n---\\nBody.\\n")
    page, issues = read_page(path, "nested", "en")
    assert page is None and issues, issues
"""


def test_deeply_nested_front_matter_is_an_issue(tmp_path: Path) -> None:
    # In a child process: a segmentation fault would take the whole test run down with it.
    result = subprocess.run(
        [sys.executable, "-c", NESTED_PAGE, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-300:]}"


def test_alias_bomb_in_front_matter_stays_small(tmp_path: Path) -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 6)]
    path = write_page(tmp_path, ("---\n" + "\n".join(lines) + "\nreviewed: *l5\n---\nBody.\n").encode())
    assert len(path.read_bytes()) < 400
    _, issues = read_page(path, "one", "en")
    # Six levels already make a 3.8 MB message in the staff panel; nine levels (460 bytes) make 2.8 GB.
    assert max(len(issue.message) for issue in issues) < 10_000


def test_deeply_nested_lists_render(pack_root: Path) -> None:
    page = Page("one", "en", pack_root / "en" / "one.md", PageMeta("T", "T", None, "", ()), "- " * 1000 + "x", 6)
    assert escaped(lambda: render_page(page, pack_root, PAGE_IDS)) is None


def test_bracket_runs_cannot_stall_rendering(pack_root: Path) -> None:
    # python-markdown's link parser is quadratic in runs of '![': '![' * 4000 (an 8 KB page) took 4.5 s.
    # render.MAX_BRACKETS bounds the worst case: pages with more brackets are refused at once, with an issue.
    def render(count: int) -> tuple[float, list[str]]:
        page = Page("one", "en", pack_root / "en" / "one.md", PageMeta("T", "T", None, "", ()), "![" * count, 6)
        started = time.perf_counter()
        result = render_page(page, pack_root, PAGE_IDS)
        return time.perf_counter() - started, [issue.message for issue in result.issues]

    refused_in, issues = render(4000)
    assert refused_in < 0.5 and any("'[' characters" in message for message in issues)
    worst, _ = render(MAX_BRACKETS // 2)  # the most a page may have: still well under the reload budget
    assert worst < 3.0


@pytest.mark.parametrize(
    "body", ["[Risks](https://[example.org)", "![Joint](http://[x.png)", "<https://[x]/>", "[x](//]x)"]
)
def test_bracketed_host_in_a_link_is_an_issue(pack_root: Path, body: str) -> None:
    page = Page("one", "en", pack_root / "en" / "one.md", PageMeta("T", "T", None, "", ()), body, 6)
    assert escaped(lambda: render_page(page, pack_root, PAGE_IDS)) is None


@pytest.mark.parametrize("body", ["[](\x01HTTP://0)", "[Risks](\x08https://example.org/risks)"])
def test_link_addresses_start_with_their_scheme(pack_root: Path, body: str) -> None:
    # Found by the long run: the link passes as external, but Qt reads the href as a relative address.
    page = Page("one", "en", pack_root / "en" / "one.md", PageMeta("T", "T", None, "", ()), body, 6)
    parser = Collector()
    parser.feed(render_page(page, pack_root, PAGE_IDS).html)
    hrefs = [attrs.get("href") or "" for tag, attrs in parser.tags if tag == "a" and "href" in attrs]
    assert all(href.startswith(("http://", "https://", "page:")) for href in hrefs), hrefs


NESTED_TOML = ["a = " + "[" * 1000 + "]" * 1000 + "\n", "a = " + "{b = " * 1000 + "1" + "}" * 1000 + "\n"]


@pytest.mark.parametrize("text", NESTED_TOML, ids=["arrays", "inline-tables"])
def test_deeply_nested_kiosk_toml_is_an_issue(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, "utf-8")
    assert escaped(lambda: load_config([path])) is None


def test_deeply_nested_pack_toml_is_an_issue(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(NESTED_TOML[0], "utf-8")
    assert escaped(lambda: load_pack(tmp_path)) is None


HUGE = "1" + "0" * 309  # a valid TOML integer just past the largest float


@pytest.mark.parametrize(
    "text", [f"[display]\ndpi = {HUGE}\n", f"[idle]\ntimeout_s = -{HUGE}\n"], ids=["dpi", "negative-timeout"]
)
def test_huge_integer_settings_are_reported(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, "utf-8")
    assert escaped(lambda: load_config([path])) is None


def test_huge_integer_in_pack_toml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(f"review_interval_months = {HUGE}\n", "utf-8")
    assert escaped(lambda: load_pack(tmp_path)) is None

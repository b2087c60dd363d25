"""Property-based fuzzing of the TOML files IT and staff edit, kiosk.toml and pack.toml (see test_fuzz.py)."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given

from kiosk.config import Config, load_config
from kiosk.content import PackInfo, load_pack
from kiosk.errors import Issue
from kiosk.schemadoc import describe
from tests.fuzzing import (  # noqa: F401 -- _report_counts is this module's autouse fixture
    RUNS,
    _report_counts,
    characters,
    fuzz,
    mostly,
    run_or_known,
    short_words,
    words,
)

# Every dotted key of kiosk.toml and pack.toml, and every table and key name in them, from the schema itself.
SCHEMA_PATHS = [key for schema in (Config, PackInfo) for key, *_ in describe(schema)]
SCHEMA_KEYS = sorted({part for path in SCHEMA_PATHS for part in path.split(".")})
toml_keys = st.sampled_from(SCHEMA_KEYS) | st.text(characters, min_size=1, max_size=10)
toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),  # TOML's range; tomllib reads wider: test_huge_integer_settings_are_reported
    st.floats(),
    words,
    st.sampled_from(["top-left", "bottom-right", "en", "es", "../..", "/etc", "debug", "https://example.org/"]),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.builds(lambda n: "x" * n, st.integers(100, 50_000)),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(toml_keys, inner, max_size=4),
    max_leaves=10,
)
toml_tables = st.recursive(
    st.dictionaries(toml_keys, toml_values, max_size=5),
    lambda inner: st.dictionaries(toml_keys, inner | toml_values, max_size=5),
    max_leaves=6,
)


@st.composite
def schema_shaped(draw: st.DrawFn) -> dict[str, Any]:
    """Real keys of kiosk.toml and pack.toml in their right tables, with values of any type or size."""
    document: dict[str, Any] = {}
    for dotted in draw(st.lists(st.sampled_from(SCHEMA_PATHS), max_size=8, unique=True)):
        *tables, name = dotted.split(".")
        table = document
        for part in tables:
            existing = table.setdefault(part, {})
            if not isinstance(existing, dict):
                break
            table = existing
        else:
            table[name] = draw(toml_values | st.integers(-5, 700) | st.floats(-1, 700))
    return document


def toml_string(value: str) -> str:
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_string(key)} = {toml_value(item)}" for key, item in value.items()) + "}"


def toml_document(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A TOML writer (the standard library only reads TOML): plain keys first, then [sub.tables]."""
    lines = [
        f"{toml_string(key)} = {toml_value(value)}" for key, value in data.items() if not isinstance(value, dict)
    ]
    for key, value in data.items():
        if isinstance(value, dict):
            path = (*prefix, key)
            lines += ["", "[" + ".".join(toml_string(part) for part in path) + "]", toml_document(value, path)]
    return "\n".join(lines)


TOML_PIECES = [
    "[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', "'''", "#", ",", ".", "\n", " ", "\t", "\r\n", "\\",
    "idle", "staff", "pages", "timeout_s", "1e999", "nan", "-inf", "0x7f", "1979-05-27T07:32:00Z", "true",
    "\u200f", "ش", "\x00", "\ufeff", "99999999999999999999", "\\u0000", "\\UFFFFFFFF",
]  # fmt: skip
toml_ish = st.one_of(
    st.lists(st.sampled_from(TOML_PIECES) | short_words, max_size=60).map("".join),
    st.text(characters, max_size=300),
)


def toml_files() -> st.SearchStrategy[bytes]:
    def valid(data: dict[str, Any]) -> str:
        return toml_document(data) + "\n"

    return st.one_of(
        toml_tables.map(valid).map(lambda text: text.encode("utf-8")),
        schema_shaped().map(valid).map(lambda text: text.encode("utf-8")),
        schema_shaped().map(valid).map(lambda text: text.encode("utf-8")),
        toml_ish.map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.binary(max_size=500),
        st.builds(lambda n: b'title = "' + b"x" * n + b'"\n', st.sampled_from([1_000_001, 10])),
    )


def valid_toml_parses(data: bytes) -> bool:

    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return True


@fuzz(150)
@given(data=toml_files())
def test_any_kiosk_toml_loads_or_reports(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    RUNS["kiosk.toml"] += 1
    path = tmp_path_factory.getbasetemp() / "fuzz-config" / "kiosk.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = run_or_known("kiosk.toml", lambda: load_config([path], required=True))
    if result is None:
        return
    config, issues = result
    assert all(isinstance(issue, Issue) and issue.path == path for issue in issues)
    if not valid_toml_parses(data):
        assert issues, "a file that is not TOML must be reported"
    assert 10.0 <= config.idle.timeout_s <= 3600.0
    assert config.staff.corner in ("top-left", "top-right", "bottom-left", "bottom-right")


@fuzz(150)
@given(data=toml_files())
def test_any_pack_toml_loads_or_reports(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    RUNS["pack.toml"] += 1
    root = tmp_path_factory.getbasetemp() / "fuzz-pack"
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "en" / "one.md").write_text("---\ntitle: One\n---\nBody.\n", "utf-8")
    (root / "pack.toml").write_bytes(data)
    result = run_or_known("pack.toml", lambda: load_pack(root))
    if result is None:
        return
    pack, issues = result
    assert all(isinstance(issue, Issue) for issue in issues)
    assert all(Path(issue.path).is_relative_to(root) for issue in issues), [str(i) for i in issues]
    if not valid_toml_parses(data):
        assert any(Path(issue.path) == root / "pack.toml" for issue in issues)
    assert 1 <= pack.info.review_interval_months <= 120

"""Documentation made from a schema: every key with its type, default and doc line, and the example TOML file."""

from __future__ import annotations

import dataclasses
from typing import Any

from kiosk.schema import Kind, TextMap, UrlMap, section_type


def describe(schema: type) -> list[tuple[str, str, Any, str]]:
    """Every key as (dotted path, type and bounds, default, doc), for documentation and tests."""
    return [(key, kind.describe(), default, doc) for key, kind, default, doc in _keys(schema, "")]


def _keys(cls: type, prefix: str) -> list[tuple[str, Kind, Any, str]]:
    rows: list[tuple[str, Kind, Any, str]] = []
    for spec in dataclasses.fields(cls):
        if spec.metadata.get("internal"):
            continue
        kind = spec.metadata.get("kind")
        if kind is None:
            rows += _keys(section_type(spec), f"{prefix}{spec.name}.")
        else:
            rows.append((prefix + spec.name, kind, spec.default, spec.metadata["doc"]))
    return rows


def example_toml(schema: type, header: str) -> str:
    """A TOML file listing every key with its doc line, type and default: the documentation IT reads."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    section_name: str | None = None
    for key, kind, default, doc in _keys(schema, ""):
        *sections, name = key.split(".")
        current = ".".join(sections) or None
        if current != section_name:
            lines += ["", f"[{current}]"]
            section_name = current
        elif lines[-1] != "":
            lines.append("")
        value = "{}" if isinstance(kind, UrlMap | TextMap) else _toml_value(default)
        lines += [f"# {doc}", f"# Type: {kind.describe()}.", f"{name} = {value}"]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return repr(value)

"""Declaring TOML files as typed, bounded, documented dataclass fields, and checking them all at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.errors import Issue, Severity
from kiosk.keys import key_name_problem
from kiosk.plaintext import markup_problem
from kiosk.valuewords import did_you_mean, placeholder_problem, toml_type, url_problem


# Value types: each checks and converts one raw TOML value.
@dataclass(frozen=True, slots=True)
class Text:
    """A setting that is words: at most `max_length` characters, checked by `validator` when given."""

    max_length: int = 200
    validator: Callable[[str], str | None] | None = None  # returns why a non-empty value is wrong
    numbers_as_text: bool = False  # YAML reads `title: 2026` as a number; a page title means the words

    def check(self, value: Any) -> tuple[Any, str | None]:
        if self.numbers_as_text and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and self.numbers_as_text:
            value = value.strip()
        if not isinstance(value, str):
            return None, f"must be text in quotes, not {toml_type(value)}"
        if len(value) > self.max_length:
            return None, f"must be at most {self.max_length} characters long"
        problem = self.validator(value) if self.validator and value else None
        return (None, problem) if problem else (value, None)

    def describe(self) -> str:
        return f"text, up to {self.max_length} characters"


@dataclass(frozen=True, slots=True)
class Number:
    """A setting that is a number between `minimum` and `maximum` (whole, if `integer`)."""

    minimum: float
    maximum: float
    integer: bool = False
    zero_allowed: bool = False  # 0 as "automatic", outside the bounds

    def check(self, value: Any) -> tuple[Any, str | None]:
        wanted = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            kind = "a whole number" if self.integer else "a number"
            return None, f"must be {kind}, not {toml_type(value)}"
        if self.zero_allowed and value == 0:
            return value, None
        if abs(value) > 1e12:  # also keeps a 300-digit number from overflowing the message below
            return None, f"must be between {self.minimum:g} and {self.maximum:g}, not a number that large"
        if not self.minimum <= value <= self.maximum:
            return None, f"must be between {self.minimum:g} and {self.maximum:g}, not {value:g}"
        return (int(value) if self.integer else float(value)), None

    def describe(self) -> str:
        kind = "whole number" if self.integer else "number"
        auto = " (0 = automatic)" if self.zero_allowed else ""
        return f"{kind} from {self.minimum:g} to {self.maximum:g}{auto}"


@dataclass(frozen=True, slots=True)
class Choice:
    """A setting that is one of a few words."""

    options: tuple[str, ...]

    def check(self, value: Any) -> tuple[Any, str | None]:
        if value not in self.options:
            return (
                None,
                f"must be one of {', '.join(map(repr, self.options))}{did_you_mean(value, self.options)}",
            )
        return value, None

    def describe(self) -> str:
        return "one of " + ", ".join(repr(option) for option in self.options)


@dataclass(frozen=True, slots=True)
class Folder:
    """A folder path; relative paths are taken from the config file's own folder. Empty = default."""

    def check(self, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, str):
            return None, f"must be a path in quotes, not {toml_type(value)}"
        return value, None

    def describe(self) -> str:
        return "folder path (relative to this file; empty = built-in default)"


@dataclass(frozen=True, slots=True)
class Names:
    """A list of short lower-case names such as page ids or language codes (or, with another `pattern` and
    `rule`, of other short codes such as public keys)."""

    pattern: str = r"^[a-z0-9][a-z0-9-]{0,40}$"
    rule: str = ""  # what a name must look like, if not lower-case letters, digits and '-'

    def check(self, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return None, f"must be a list of names in quotes, not {toml_type(value)}"
        bad = [item for item in value if not re.match(self.pattern, item)]
        if bad and self.rule:
            return None, f"has '{bad[0][:60]}', which is not {self.rule}"
        if bad:
            return None, f"has names that are not lower-case letters, digits and '-': {', '.join(bad)}"
        repeated = sorted({item for item in value if value.count(item) > 1})
        if repeated:
            return None, f"lists {', '.join(repeated)} more than once"
        return tuple(value), None

    def describe(self) -> str:
        return f"list of {self.rule}" if self.rule else "list of names (lower-case letters, digits, '-')"


@dataclass(frozen=True, slots=True)
class Flag:
    """A setting that is true or false."""

    def check(self, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, bool):
            return None, f"must be true or false, not {toml_type(value)}"
        return value, None

    def describe(self) -> str:
        return "true or false"


@dataclass(frozen=True, slots=True)
class Date:
    """A calendar date: a YAML or TOML date, or text like 2026-03-31."""

    def check(self, value: Any) -> tuple[Any, str | None]:
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        try:
            return dt.date.fromisoformat(str(value).strip()), None
        except ValueError:
            return None, f"must be a date like 2026-03-31, not '{value}'"

    def describe(self) -> str:
        return "date, YYYY-MM-DD"


@dataclass(frozen=True, slots=True)
class TextList:
    """One or more lines of text: a list, or a single text standing for a list of one."""

    what: str = "texts"

    def check(self, value: Any) -> tuple[Any, str | None]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            return None, f"must be a list of {self.what}, one per '- ' line"
        return tuple(item.strip() for item in items), None

    def describe(self) -> str:
        return f"list of {self.what}"


@dataclass(frozen=True, slots=True)
class Words:
    """Words on a button or screen, with exactly the {placeholders} the kiosk fills in (`fields`), each bare:
    a format spec or conversion such as `{day:x>1000000}` or `{failures!r}` could hang or break the kiosk.
    With `count`, a list of that many words instead (the months)."""

    fields: frozenset[str] = frozenset()
    count: int = 0

    def check(self, value: Any) -> tuple[Any, str | None]:
        if self.count:
            words = isinstance(value, list) and all(isinstance(item, str) for item in value)
            if not words or len(value) != self.count:
                return None, f"must be a list of {self.count} words"
            return tuple(value), None
        if not isinstance(value, str):
            return None, f"must be text in quotes, not {toml_type(value)}"
        if not value.strip():
            return None, "must not be empty"
        problem = placeholder_problem(value, self.fields)
        return (None, problem) if problem else (value, None)

    def describe(self) -> str:
        if self.count:
            return f"list of {self.count} words"
        return "words" + (f" with {', '.join('{' + f + '}' for f in sorted(self.fields))}" if self.fields else "")


@dataclass(frozen=True, slots=True)
class UrlMap:
    """A table of page id = "https://..." lines."""

    def check(self, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, dict):
            return None, f'must be a table of page = "https://..." lines, not {toml_type(value)}'
        for key, url in value.items():
            problem = url_problem(url) if isinstance(url, str) else f"'{key}' must be a web address in quotes"
            if problem:
                return None, problem
        return tuple(sorted(value.items())), None

    def describe(self) -> str:
        return 'table of page id = "https://..." (empty: none)'


@dataclass(frozen=True, slots=True)
class KeyNames:
    """One key name, or a list of them ("Return" or ["Return", "Enter"]): Qt's names, see kiosk/keys.py."""

    def check(self, value: Any) -> tuple[Any, str | None]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
            return (
                None,
                f"must be a key name in quotes or a list of them, not {toml_type(value)}",
            )
        problems = [problem for problem in map(key_name_problem, names) if problem]
        if problems:
            return None, "; ".join(problems)
        if len(set(names)) < len(names):
            return None, "names a key more than once"
        return tuple(names), None

    def describe(self) -> str:
        return "list of key names (Qt's: Up, Down, Return, Enter, Backspace, F1...)"


@dataclass(frozen=True, slots=True)
class TextMap:
    """A table of language = "words" lines (a title or summary in each language), as sorted pairs."""

    max_length: int = 200

    def check(self, value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, dict):
            return None, f'must be a table of language = "words" lines, not {toml_type(value)}'
        for key, words in value.items():
            if not re.match(r"^[a-z]{2,3}(-[a-z]{2,4})?$", key):
                return None, f"has '{key}', which is not a language code like en or es"
            if not isinstance(words, str) or not words.strip():
                return None, f"'{key}' must be words in quotes"
            if len(words) > self.max_length:
                return None, f"'{key}' must be at most {self.max_length} characters long"
        return tuple(sorted((key, words.strip()) for key, words in value.items())), None

    def describe(self) -> str:
        return 'table of language = "words" (empty: none)'


Kind = Text | Number | Choice | Folder | Names | Flag | UrlMap | Date | TextList | Words | KeyNames | TextMap


class Document(Protocol):
    """What the schema checks: a file's parsed keys, and where each key stands in it."""

    @property
    def path(self) -> Path: ...

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def key_word(self) -> str: ...  # how staff call a key of this file: "key", "front-matter key"

    def line_of(self, dotted_key: str) -> int | None: ...


def setting(default: Any, kind: Kind, doc: str) -> Any:
    """Declare one key: its default, its type and bounds, and the line IT reads about it."""
    return field(default=default, metadata={"kind": kind, "doc": doc})


def section(factory: Callable[[], Any], doc: str) -> Any:
    return field(default_factory=factory, metadata={"doc": doc})


MAX_UNKNOWN_LISTED = 20  # unknown keys listed one by one (with their line and a suggestion) per file


def build(cls: type, document: Document, issues: list[Issue]) -> Any:
    """An instance of schema class `cls` from `document`; bad or unknown keys are added to `issues`."""
    return cls(**checked(cls, document, issues))


def checked(
    cls: type,
    document: Document,
    issues: list[Issue],
    shown: Callable[[str], Any] | None = None,
    unknown: Severity = Severity.ERROR,
) -> dict[str, Any]:
    """The top-level keys of `document` that passed their checks, as values (sections built). A wrong key is
    reported as replaced by its default, or by `shown(name)` where the caller falls back on something else;
    an unknown key with severity `unknown` (a warning where a newer kiosk may know it: it is left out)."""
    return _values(cls, document.data, "", document, issues, shown, unknown)


def _build(cls: type, data: dict[str, Any], prefix: str, doc: Document, issues: list[Issue]) -> Any:
    return cls(**_values(cls, data, prefix, doc, issues))


def _values(
    cls: type,
    data: dict[str, Any],
    prefix: str,
    doc: Document,
    issues: list[Issue],
    shown: Callable[[str], Any] | None = None,
    unknown_severity: Severity = Severity.ERROR,
) -> dict[str, Any]:
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    unknown = [key for key in data if key not in fields]
    if unknown:
        # Each one's line is a search of the file: a few thousand (a wrong paste) took half a minute to start.
        word = f"unknown {doc.key_word}"
        listed = max(0, MAX_UNKNOWN_LISTED - sum(issue.message.startswith(word) for issue in issues))
        for key in unknown[:listed]:
            hint = did_you_mean(key, list(fields))
            line, text = doc.line_of(prefix + key), f"{word} '{prefix + key}'{hint}"
            issues.append(Issue(doc.path, line, text, unknown_severity))
        if len(unknown) > listed:
            where = f" in [{prefix[:-1]}]" if prefix else ""
            more = f"and {len(unknown) - listed} more {word}s{where}, not listed"
            issues.append(Issue(doc.path, None, more, unknown_severity))
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in data:
            continue
        path = prefix + name
        raw = data[name]
        kind = spec.metadata.get("kind")
        if kind is None:  # a section
            if isinstance(raw, dict):
                values[name] = _build(section_type(spec), raw, path + ".", doc, issues)
            else:
                issues.append(Issue(doc.path, doc.line_of(path), f"'{path}' must be a table like [{path}]"))
            continue
        value, problem = kind.check(raw)
        if problem:
            default = shown(name) if shown is not None else spec.default
            fallback = f"using {_as_typed(kind, default)}" if default not in (None, "", ()) else "left out"
            issues.append(Issue(doc.path, doc.line_of(path), f"'{path}' {problem}; {fallback}"))
        else:
            values[name] = value
            markup = (
                markup_problem(_label_words(kind, value)) if isinstance(kind, Text | Words | TextMap) else None
            )
            if markup:  # kept: labels show it as typed, so it is harmless on screen, but surely a mistake
                issues.append(Issue(doc.path, doc.line_of(path), f"'{path}' {markup}"))
    return values


def _as_typed(kind: Kind, value: Any) -> str:
    """A setting's value as staff would type it: 'calm', 12, true, Up, Return, Enter; a 0 meaning "find it out"
    as automatic."""
    if isinstance(kind, Number) and kind.zero_allowed and value == 0:
        return "automatic"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    return repr(value)


def _label_words(kind: Text | Words | TextMap, value: Any) -> str:
    """The words a label setting puts on screen, as one text: a map's texts, a list's words, or the text."""
    if isinstance(kind, TextMap):
        return " ".join(words for _, words in value)
    return " ".join(value) if isinstance(value, tuple) else str(value)


def section_type(spec: dataclasses.Field[Any]) -> type:
    """The schema class of a section declared with `section()`."""
    factory = spec.default_factory
    assert isinstance(factory, type)
    return factory

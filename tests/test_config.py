"""kiosk.toml: lookup order, defaults, and every bad value reported at once with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import paths
from kiosk.config import Config, load_config
from kiosk.config import example as config_example
from kiosk.pin import MIN_ITERATIONS, hash_pin
from kiosk.schemadoc import describe
from kiosk.startup import load_settings
from tests.conftest import REPO


def write(tmp_path: Path, text: str, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_no_config_anywhere_means_defaults_and_no_complaint() -> None:
    config, issues = load_config(paths.config_candidates(None))
    assert config == Config()
    assert issues == []
    assert config.display.cap_height_mm == 6.0


def test_explicit_config_that_is_missing_is_reported(tmp_path: Path) -> None:
    config, issues = load_config([tmp_path / "nope.toml"], required=True)
    assert config == Config()
    assert "not found" in str(issues[0])


def test_lookup_order_flag_then_environment_then_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flag = write(tmp_path, 'clinic_name = "Flag"', "flag.toml")
    env = write(tmp_path, 'clinic_name = "Env"', "env.toml")
    system = paths.system_config_file()
    system.parent.mkdir(parents=True)
    system.write_text('clinic_name = "System"', "utf-8")

    assert load_settings(None, None).config.clinic_name == "System"
    monkeypatch.setenv(paths.CONFIG_ENV, str(env))
    assert load_settings(None, None).config.clinic_name == "Env"
    assert load_settings(flag, None).config.clinic_name == "Flag"


def test_every_problem_is_reported_with_line_and_key_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'clinic_name = 5\n\n[display]\ncap_height_mm = 2.0\ntarget_sise_mm = 22\ndpi = "big"\n\n'
        '[log]\nlevel = "loud"\n',
    )
    config, issues = load_config([path])
    messages = [str(issue) for issue in issues]
    assert len(issues) == 5
    assert f"{path}:1: error: 'clinic_name' must be text" in messages[0]
    assert any(
        m.startswith(f"{path}:4:") and "display.cap_height_mm" in m and "between 4.8 and 20" in m for m in messages
    )
    assert any(
        m.startswith(f"{path}:5:")
        and "unknown key 'display.target_sise_mm'" in m
        and "did you mean 'target_size_mm'" in m
        for m in messages
    )
    assert any(m.startswith(f"{path}:6:") and "display.dpi" in m for m in messages)
    assert any(m.startswith(f"{path}:9:") and "log.level" in m for m in messages)
    # Bad values fall back to their defaults; good ones elsewhere are kept.
    assert config.display.cap_height_mm == 6.0
    assert config.log.level == "info"


def test_good_values_are_used(tmp_path: Path) -> None:
    path = write(tmp_path, 'clinic_name = "Spine Clinic"\n[display]\ncap_height_mm = 7.5\ndpi = 92\n')
    config, issues = load_config([path])
    assert issues == []
    assert (config.clinic_name, config.display.cap_height_mm, config.display.dpi) == ("Spine Clinic", 7.5, 92.0)


def test_broken_toml_names_file_and_line_and_runs_on_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, '[display]\ncap_height_mm = 7\nclinic_name = "unterminated\n')
    config, issues = load_config([path])
    assert config.display.cap_height_mm == 6.0
    assert str(issues[0]).startswith(f"{path}:3: error: not valid TOML")
    assert "built-in defaults" in str(issues[-1])


@pytest.mark.parametrize("junk", [b"\xff\xfe\x00garbage", b"x" * 2_000_000])
def test_binary_or_huge_config_is_refused(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(junk)
    config, issues = load_config([path])
    assert config == Config(source=path)
    assert issues and issues[0].is_error


def test_a_section_given_as_a_value_is_reported(tmp_path: Path) -> None:
    config, issues = load_config([write(tmp_path, "display = 3\n")])
    assert "'display' must be a table" in str(issues[0])
    assert config.display == Config().display


def test_relative_content_folder_is_taken_from_the_config_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[content]\ndir = "clinic-pages"\n')
    config, _ = load_config([path])
    assert config.content_dir() == tmp_path / "clinic-pages"
    assert load_settings(path, None).content_dir == tmp_path / "clinic-pages"
    assert load_settings(path, tmp_path / "other").content_dir == tmp_path / "other"


def test_every_key_is_typed_defaulted_and_documented() -> None:
    rows = describe(Config)
    assert {row[0] for row in rows} >= {"clinic_name", "content.dir", "display.cap_height_mm", "log.level"}
    for key, kind, _default, doc in rows:
        assert kind and doc.endswith("."), key


def test_example_config_is_made_from_the_schema_and_is_valid() -> None:
    example = REPO / "kiosk.example.toml"
    assert example.read_text("utf-8") == config_example(), (
        "kiosk.example.toml is out of date; remake it with the command in its header"
    )
    config, issues = load_config([example])
    assert issues == []
    assert config == Config(source=example)


def test_a_malformed_pin_hash_line_is_reported_and_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, '[staff]\npin_hash = "1234"\n')
    config, issues = load_config([path])
    assert config.staff.pin_hash == ""
    assert str(issues[0]).startswith(
        f"{path}:2: error: 'staff.pin_hash' is not a PIN hash made by 'kiosk hash-pin'"
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'clinic_name = "Notepad clinic"\n')
    config, issues = load_config([path])
    assert issues == [] and config.clinic_name == "Notepad clinic"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {_toml_value(item)}" for key, item in value.items()) + "}"
    return str(value)


def _valid_values(kind: object) -> list[object]:
    """Values of every shape a setting can take; the kind says which of them it accepts."""
    fields = sorted(getattr(kind, "fields", ()))
    count = getattr(kind, "count", 0)
    numbers = [getattr(kind, "maximum", 1), getattr(kind, "minimum", 1)]
    return [
        " ".join(["Words"] + ["{" + field + "}" for field in fields]),
        *numbers,
        *(float(number) for number in numbers),
        True,
        *getattr(kind, "options", ())[-1:],
        "/srv/kiosk/content",
        "https://example.org/take-home",
        "2026-01-31",
        ["topic-a", "topic-b"],
        ["Return", "Enter"],
        "F9",
        "Period",
        ["Word"] * count,
        {"risks": "https://example.org/risks"},
        {"en": "Words", "es": "Palabras"},
        hash_pin("2468", iterations=MIN_ITERATIONS),
    ]


def test_every_key_accepts_a_valid_value_of_its_kind(tmp_path: Path) -> None:
    """Each setting given a value its kind accepts, one file per key: loaded with no problem and no crash (a
    valid [take_home.pages] table once stopped the kiosk while checking labels for markup)."""
    from kiosk.schemadoc import _keys

    tried = 0
    for key, kind, _default, _doc in _keys(Config, ""):
        values = [value for value in _valid_values(kind) if kind.check(value)[1] is None]
        assert values, f"no valid sample for {key} ({kind.describe()})"
        *sections, name = key.split(".")
        header = f"[{'.'.join(sections)}]\n" if sections else ""
        problems = []
        for value in values:  # the first the other settings allow (a key given to two keypad actions is not)
            path = write(tmp_path, f"{header}{name} = {_toml_value(value)}\n")
            problems = [issue for issue in load_config([path])[1] if issue.is_error]
            if not problems:
                break
        assert problems == [], key
        tried += 1
    assert tried >= 30
    config, issues = load_config([write(tmp_path, '[take_home.pages]\nrisks = "https://example.org/risks"\n')])
    assert issues == []
    assert config.take_home.url_for("risks") == "https://example.org/risks"


def test_a_wrong_value_says_the_default_as_staff_would_type_it(tmp_path: Path) -> None:
    path = write(tmp_path, '[display]\ndpi = -3\n[keypad]\nup = 7\n[idle]\ntimeout_s = "soon"\n')
    said = " | ".join(str(issue) for issue in load_config([path])[1])
    assert "'display.dpi' must be between" in said and "using automatic" in said
    assert "'keypad.up'" in said and "using Up" in said and "('" not in said
    assert "'idle.timeout_s'" in said and f"using {Config().idle.timeout_s:g}" in said


def test_thousands_of_unknown_keys_are_summed_up_after_twenty_and_the_file_is_searched_twenty_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kiosk.toml with 3,000 unknown keys took 33 s to the first frame: each one's line was a search of the file
    (and each a suggestion). The values still load."""
    from kiosk.tomlfile import TomlDocument

    top = "".join(f"stray_{number} = 1\n" for number in range(1500))
    content = "".join(f"stray_{number} = 1\n" for number in range(1499))
    path = write(
        tmp_path, f'clinic_nmae = "x"\nclinic_name = "Clinic"\n{top}[content]\nreload_delay_s = 2\n{content}'
    )
    searched: list[str] = []
    line_of = TomlDocument.line_of

    def counted(self: TomlDocument, key: str) -> int | None:
        searched.append(key)
        return line_of(self, key)

    monkeypatch.setattr(TomlDocument, "line_of", counted)
    config, issues = load_config([path])
    assert config.clinic_name == "Clinic" and config.content.reload_delay_s == 2
    messages = [str(issue) for issue in issues]
    assert messages[0] == f"{path}:1: error: unknown key 'clinic_nmae' (did you mean 'clinic_name'?)"
    assert messages[19] == f"{path}:21: error: unknown key 'stray_18'"
    assert messages[20:] == [
        f"{path}: error: and 1481 more unknown keys, not listed",
        f"{path}: error: and 1499 more unknown keys in [content], not listed",
    ]
    assert len(searched) == 20

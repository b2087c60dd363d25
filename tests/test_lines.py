"""Line numbers for issues: keys in kiosk.toml, pack.toml and front matter; text in a page body."""

from __future__ import annotations

from kiosk.lines import key_line, text_line

TOML = """# a comment
clinic_name = "X"

[idle]
timeout_s = 90

[analytics]
enabled = true
display.dpi = 110
"""

YAML = """---
title: A page
tab: Page
sources:
  - "title: not a key"
---
"""


def test_toml_keys_are_found_inside_their_tables() -> None:
    assert key_line(TOML, "clinic_name") == 2
    assert key_line(TOML, "idle") == 4
    assert key_line(TOML, "idle.timeout_s") == 5
    assert key_line(TOML, "analytics.enabled") == 8
    assert key_line(TOML, "analytics.display.dpi") == 9
    assert key_line(TOML, "timeout_s") is None  # only inside [idle]
    assert key_line(TOML, "staff.pin_hash") is None


def test_yaml_keys_are_top_level_only() -> None:
    assert key_line(YAML, "tab", "yaml") == 3
    assert key_line(YAML, "sources", "yaml") == 4
    assert key_line(YAML, "reviewed", "yaml") is None
    assert key_line('title: "x"\n  tab: nested\n', "tab", "yaml") is None


def test_text_is_found_across_spacing_case_and_wrapped_lines() -> None:
    body = "# Title\n\nA  long sentence that\nwraps onto a second line.\n\n![Alt](images/x.png)\n"
    assert text_line(body, 10, "a long sentence that wraps onto a second line.") == 12
    assert text_line(body, 10, "images/x.png") == 15
    assert text_line(body, 10, "not there") is None
    assert text_line(body, 10, "   ") is None

"""Pictures, icon arrays and clinic values in pages: parsing and checks, without Qt."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from kiosk import pictures
from kiosk.clinic import ClinicInfo
from kiosk.errors import Severity
from kiosk.footer import FooterText
from kiosk.library import load_library
from kiosk.pagefile import Page, PageMeta
from kiosk.render import render_page
from tests.conftest import BUNDLED, PackFactory
from tests.hostile_pictures import HOSTILE

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 700" width="1200" height="700">{}</svg>'


def png(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"


def page(body: str, root: Path) -> Page:
    return Page("one", "en", root / "en" / "one.md", PageMeta("One", "One", None, "", ()), body, 10)


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("big.png", png(5000, 4000), "megapixels"),
        ("huge.png", png(100, 100) + b"\x00" * (pictures.MAX_BYTES + 1), "too large"),
        ("junk.png", b"not a picture", "damaged"),
        ("script.svg", SVG.format("<script>alert(1)</script>").encode(), "<script>"),
        ("remote.svg", SVG.format('<image href="https://x.org/a.png"/>').encode(), "<image>"),
        ("filter.svg", SVG.format('<rect filter="url(#f)"/>').encode(), "filter"),
        ("laughs.svg", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("&a;").encode(), "DOCTYPE"),
        (
            "nested.svg",
            SVG.format('<g id="a"><use href="#b"/></g><g id="b"/><use href="#a"/>').encode(),
            "<use> inside",
        ),
        ("nosize.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "viewBox"),
    ],
)
def test_pictures_that_cannot_be_shown_say_why(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / name).write_bytes(data)
    found, why = pictures.inspect(tmp_path, f"images/{name}")
    assert found is None and problem in why


def test_wrong_case_and_outside_the_pack_are_refused(tmp_path: Path) -> None:
    (tmp_path / "pack" / "images").mkdir(parents=True)
    (tmp_path / "pack" / "images" / "Pelvis.svg").write_text(SVG.format(""), "utf-8")
    (tmp_path / "outside.png").write_bytes(png(10, 10))
    (tmp_path / "pack" / "images" / "link.png").symlink_to(tmp_path / "outside.png")
    root = tmp_path / "pack"
    assert "'Pelvis.svg', not 'pelvis.svg'" in pictures.inspect(root, "images/pelvis.svg")[1]
    assert "'images', not 'Images'" in pictures.inspect(root, "Images/Pelvis.svg")[1]
    assert "outside the pack" in pictures.inspect(root, "images/link.png")[1]
    assert "outside the pack" in pictures.inspect(root, "../outside.png")[1]
    assert pictures.inspect(root, "images/Pelvis.svg")[0] == pictures.Picture(
        (root / "images" / "Pelvis.svg").resolve(), 1200, 700
    )


def test_a_bad_picture_is_an_error_with_its_line_and_shows_its_alt_text(tmp_path: Path) -> None:
    rendered = render_page(page("Text.\n\n![The pelvis](images/Pelvis.svg)", tmp_path), tmp_path, {"one"})
    assert [(i.line, i.severity) for i in rendered.issues] == [(12, Severity.ERROR)]
    assert "Picture not available: The pelvis" in rendered.html and "<img" not in rendered.html


def test_the_title_becomes_a_caption_under_the_picture(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "p.svg").write_text(SVG.format(""), "utf-8")
    rendered = render_page(page('![The pelvis](images/p.svg "Your two SI joints")', tmp_path), tmp_path, {"one"})
    assert rendered.issues == []
    assert '<br><span class="caption">Your two SI joints</span>' in rendered.html
    assert "title=" not in rendered.html
    no_caption = render_page(page("![The pelvis](images/p.svg)", tmp_path), tmp_path, {"one"})
    assert ["no caption" in issue.message for issue in no_caption.issues] == [True]


def test_icon_arrays_become_counts_and_drawn_people(tmp_path: Path) -> None:
    body = '!!! icons "Pain much better"\n    73 / 100: People who had surgery\n    14 / 100: Other care\n\nAfter.'
    words = FooterText(icon_count="{count} de {total}")
    rendered = render_page(page(body, tmp_path), tmp_path, {"one"}, words)
    assert rendered.issues == []
    html = rendered.html
    assert html.index("Pain much better") < html.index("73 de 100") < html.index("14 de 100") < html.index("After")
    assert 'src="kiosk-icons:73/100/2"' in html and 'src="kiosk-icons:14/100/2"' in html
    assert "People who had surgery" in html and "!!!" not in html


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    73 / 1000: Too many", "10, 20, 50, 100 people, not 1000"),
        ("    120 / 100: Too many", "more than the 100"),
        ("    73 of 100: Words", "COUNT / TOTAL: label"),
        ("    73 / 100:", "say who"),
    ],
)
def test_bad_icon_lines_are_errors_at_their_line(tmp_path: Path, line: str, message: str) -> None:
    body = f'Intro.\n\n!!! icons "Caption"\n    5 / 10: Fine\n{line}\n'
    rendered = render_page(page(body, tmp_path), tmp_path, {"one"})
    assert [(i.line, i.severity) for i in rendered.issues] == [(14, Severity.ERROR)]
    assert message in rendered.issues[0].message


def test_clinic_values_fill_pages_and_empty_ones_read_as_a_neutral_phrase(tmp_path: Path) -> None:
    body = "Call {{clinic.phone}}. At night: {{ clinic.after_hours_phone }}.\nFax {{clinic.fax}}."
    clinic = ClinicInfo(phone="(555) 010-0100")
    rendered = render_page(page(body, tmp_path), tmp_path, {"one"}, None, clinic)
    assert "Call (555) 010-0100." in rendered.html
    assert "At night: the after-hours phone number (ask at the front desk)." in rendered.html
    assert "{{" not in rendered.html and "}}" not in rendered.html
    found = [(i.line, i.severity, i.message.split(";")[0].split(" (")[0]) for i in rendered.issues]
    assert found == [
        (10, Severity.WARNING, "'after_hours_phone' is not set under [clinic] in pack.toml"),
        (11, Severity.ERROR, "unknown placeholder '{{clinic.fax}}'"),
    ]
    # A pack for any clinic says so: the same neutral phrase, and no warning for the empty value.
    generic = render_page(page(body, tmp_path), tmp_path, {"one"}, None, ClinicInfo(generic=True))
    assert "At night: the after-hours phone number (ask at the front desk)." in generic.html
    assert [i.severity for i in generic.issues] == [Severity.ERROR]


def test_staff_notes_warn_and_fail_strict_check_and_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    pack = tmp_path / "pack"
    (pack / "en").mkdir(parents=True)
    (pack / "pack.toml").write_text('pages = ["one"]\n[clinic]\nphone = "555 0100"\n', "utf-8")
    front = '---\ntitle: One\ntab: One\nreviewed: 2026-10-01\nreviewer: Nurse\nsources:\n  - "A, 2024."\n---\n'
    (pack / "en" / "one.md").write_text(front + "Call {{clinic.phone}}. (Clinic staff: add the stay.)\n", "utf-8")
    assert main(["check", str(pack)]) == 0
    assert main(["check", "--strict", str(pack)]) == 1
    assert (
        "one.md:9: warning: note for staff left in the page: '(Clinic staff: add the stay.)'"
        in capsys.readouterr().out
    )
    assert main(["pack", str(pack), "--out", str(tmp_path / "out"), "--unsigned"]) == 1
    assert "does not pass 'kiosk check --strict'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    (pack / "en" / "one.md").write_text(front + "Call {{clinic.phone}}. We can help. Todo is fine.\n", "utf-8")
    assert main(["check", "--strict", str(pack)]) == 0


def test_bundled_pictures_exist_in_every_language_and_pass_the_checks() -> None:
    names = ("pelvis", "implants", "timeline", "crutches")
    for language in ("en", "es"):
        for name in names:
            found, why = pictures.inspect(BUNDLED, f"images/{name}-{language}.svg")
            assert found is not None, why
    library = load_library(BUNDLED)
    assert not [issue for issue in library.issues if issue.is_error]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pictures_are_refused_with_the_reason(tmp_path: Path, name: str) -> None:
    data, words = HOSTILE[name]
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / name).write_bytes(data)
    started = time.perf_counter()
    found, why = pictures.inspect(tmp_path, f"images/{name}")
    assert found is None and words in why
    assert time.perf_counter() - started < 1


def test_kiosk_check_names_each_hostile_picture_and_why(
    make_pack: PackFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    body = "\n\n".join(f'![Picture {n}](images/{name} "Caption")' for n, name in enumerate(sorted(HOSTILE)))
    root = make_pack({"one": body})
    (root / "images").mkdir()
    for name, (data, _words) in HOSTILE.items():
        (root / "images" / name).write_bytes(data)
    started = time.perf_counter()
    assert main(["check", str(root)]) == 1
    assert time.perf_counter() - started < 5
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    for name, (_data, words) in HOSTILE.items():
        assert any(f"images/{name}" in line and words in line for line in errors), name


def test_plain_svg_from_a_drawing_program_passes(tmp_path: Path) -> None:
    """Editor notes, gradients based on one gradient, <use> of a shape and inline styles are fine."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" viewBox="0 0 100 50">'
        '<sodipodi:namedview pagecolor="#ffffff"/><metadata><rdf:RDF/></metadata>'
        '<defs><linearGradient id="a"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<linearGradient id="b" xlink:href="#a" x1="0" x2="1"/><circle id="dot" r="2"/></defs>'
        '<style>.bone { fill: #eee; }</style><rect class="bone" width="9" height="9" style="fill:url(#b)"/>'
        '<use xlink:href="#dot" x="5"/><text x="1" y="40" font-family="sans-serif">Hip</text></svg>'
    )
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "plain.svg").write_text(svg, "utf-8")
    found, why = pictures.inspect(tmp_path, "images/plain.svg")
    assert found is not None, why
    assert (found.width, found.height) == (100, 50)

"""`kiosk import`: handouts a clinic already has, in Word and Markdown, become topic packs the kiosk shows."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import segno
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches

from kiosk import cli
from kiosk.errors import Severity
from kiosk.handout import Converted, plan_pages, short_tab, split_handout, write_topic
from kiosk.handout_files import HandoutError, read_handout
from kiosk.library import load_library


def _png() -> bytes:
    buffer = io.BytesIO()
    segno.make("SI joint").save(buffer, kind="png", scale=8)
    return buffer.getvalue()


def _word_handout(path: Path) -> Path:
    """A Word handout as staff write them: a title, Heading 1 sections, a nested list, a table, a picture."""
    document = docx.Document()
    document.add_heading("Thyroidectomy - Patient Information", 0)
    document.add_paragraph("This sheet explains the operation on your neck.")
    document.add_heading("What is a thyroidectomy?", 1)
    paragraph = document.add_paragraph("It is an operation to take out ")
    paragraph.add_run("all or part").bold = True
    paragraph.add_run(" of the thyroid gland.")
    document.add_heading("Risks", 1)
    bullets = _two_level_bullets(document)
    for text, level in [("Bleeding", 0), ("Most bleeding stops by itself", 1), ("A hoarse voice", 0)]:
        item = document.add_paragraph(text, style="List Paragraph")
        numbering = item._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_numId().val = bullets
        numbering.get_or_add_ilvl().val = level
    document.add_heading("How often problems happen", 2)
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate(
        [("Problem", "How many people"), ("Hoarse voice", "1 in 100"), ("Bleeding", "1 in 50")]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_heading("After the operation", 1)
    document.add_picture(io.BytesIO(_png()), width=Inches(2))
    document.add_paragraph("Call (555) 010-0199 if your neck swells.")
    document.save(str(path))
    return path


def _two_level_bullets(document: Any) -> int:
    """A bulleted list with a level inside it, numbered the way Word saves one (python-docx's template has
    single-level lists only)."""
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{mark}"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level, mark in enumerate("•o")
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


MARKDOWN_HANDOUT = """\
Knee replacement: patient information
=====================================

Read this before your visit.

What is a knee replacement?
---------------------------

A new joint made of **metal and plastic** takes the place of the worn one.

## Benefits of the surgery

- Less pain
  - most people walk better after 3 months
- Better sleep

| Benefit | How many people |
|---|---|
| Less pain | 8 in 10 |

## Visiting hours

![A nurse helps a patient walk](pictures/walk.png "Walking on the first day")
![Missing one](pictures/gone.png)
"""


def _markdown_handout(folder: Path) -> Path:
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "walk.png").write_bytes(_png())
    handout = folder / "knee.md"
    handout.write_text(MARKDOWN_HANDOUT, encoding="utf-8")
    return handout


def _html(folder: Path, page_id: str) -> str:
    library = load_library(folder)
    return next(page.html for page in library.pages_in(library.default_language) if page.id == page_id)


def test_a_word_handout_becomes_pages_that_keep_lists_tables_bold_and_pictures(tmp_path: Path) -> None:
    out = tmp_path / "thyroid"
    pages, todo = write_topic(read_handout(_word_handout(tmp_path / "thyroid.docx")), out, "en", "thyroid")

    assert [(page.id, page.tab) for page in pages] == [
        ("what-it-is", "What it is"),
        ("risks", "Risks"),
        ("recovery", "Recovery"),  # "after the operation": recovery, not the procedure
    ]
    library = load_library(out)
    assert not [issue for issue in library.issues if issue.severity is Severity.ERROR]
    assert library.pack.info.title == "Thyroidectomy - Patient Information"
    what = _html(out, "what-it-is")
    assert "This sheet explains" in what and re.search(r"<(b|strong)>all or part</\1>", what)
    risks = _html(out, "risks")
    assert re.search(r"<li>\s*(<p>)?Bleeding.*?<ul>\s*<li>\s*(<p>)?Most bleeding", risks, re.DOTALL), risks
    assert "<table" in risks and "1 in 50" in risks and "How often problems happen" in risks
    assert (out / "images" / "picture.png").read_bytes() == _png()
    assert "images/picture.png" in _html(out, "recovery")
    assert any("(555) 010-0199" in step and "{{clinic.phone}}" in step for step in todo)
    assert any("alt text" in step for step in todo)


def test_a_markdown_handout_brings_its_pictures_and_names_the_missing_one(tmp_path: Path) -> None:
    out = tmp_path / "knee"
    pages, todo = write_topic(read_handout(_markdown_handout(tmp_path / "handout")), out, "en", "knee")

    assert [(page.id, page.title, page.tab) for page in pages] == [
        ("what-it-is", "What is a knee replacement?", "What it is"),
        ("benefits", "Benefits of the surgery", "Benefits"),
        ("visiting-hours", "Visiting hours", "Visiting hours"),
    ]
    assert (out / "images" / "walk.png").read_bytes() == _png()
    text = (out / "en" / "visiting-hours.md").read_text(encoding="utf-8")
    assert '](images/walk.png "Walking on the first day")' in text
    assert any("pictures/gone.png was not found" in step for step in todo)
    benefits = _html(out, "benefits")
    assert re.search(r"Less pain.*?<ul>\s*<li>\s*(<p>)?most people", benefits, re.DOTALL), benefits
    assert "<table" in benefits and "8 in 10" in benefits
    assert "Read this before your visit" in _html(out, "what-it-is")  # the introduction joins the first page


def test_each_page_shows_its_heading_once_as_its_title(tmp_path: Path) -> None:
    out = tmp_path / "knee"
    write_topic(read_handout(_markdown_handout(tmp_path / "handout")), out, "en", "knee")
    text = (out / "en" / "benefits.md").read_text(encoding="utf-8")
    assert text.count("Benefits of the surgery") == 1 and 'title: "Benefits of the surgery"' in text


def test_sub_headings_move_up_under_the_page_title() -> None:
    handout = split_handout("# Title\n\n## Risks\n\n### Common\n\ntext\n\n#### Rare\n\nmore\n", "x")
    assert handout.title == "Title"
    assert handout.sections[0].body == "## Common\n\ntext\n\n### Rare\n\nmore"


def test_several_top_headings_make_pages_and_the_file_name_gives_the_title() -> None:
    handout = split_handout("# What is it?\n\nA.\n\n# Recovery\n\nB.\n", "Hip surgery")
    assert handout.title == "Hip surgery"
    assert [section.heading for section in handout.sections] == ["What is it?", "Recovery"]


def test_a_handout_without_headings_is_one_overview_page() -> None:
    pages = plan_pages(split_handout("Just some words.\n", "Flu shot"), "es")
    assert [(page.id, page.title, page.tab) for page in pages] == [("overview", "Flu shot", "Resumen")]


def test_headings_in_a_code_block_do_not_cut_the_page() -> None:
    handout = split_handout("## Risks\n\n```\n## not a heading\n```\n\n## Recovery\n\nok\n", "x")
    assert [section.heading for section in handout.sections] == ["Risks", "Recovery"]


def test_a_tab_label_is_short_even_from_a_long_title() -> None:
    assert short_tab("Thyroidectomy - Patient Information") == "Thyroidectomy"
    assert short_tab("Looking after your wound: a guide") == "Looking after your"
    assert short_tab("Antes de la cirugía (preparación)") == "Antes de la cirugía"
    assert len(short_tab("Supercalifragilisticexpialidocious-operation")) <= 22


def test_spanish_headings_find_the_usual_tabs() -> None:
    text = "## ¿Qué es la cirugía?\n\nA\n\n## Riesgos\n\nB\n\n## Después de la operación\n\nC\n"
    pages = plan_pages(split_handout(text, "x"), "es")
    assert [(page.id, page.tab) for page in pages] == [
        ("what-it-is", "Qué es"),
        ("risks", "Riesgos"),
        ("recovery", "Recuperación"),
    ]


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "topic"
    out.mkdir()
    (out / "keep.md").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_topic(Converted("## Risks\n\ntext\n"), out, "en", "x")
    assert (out / "keep.md").read_text(encoding="utf-8") == "mine"


def test_a_file_that_is_not_a_handout_is_refused_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "letter.docx"
    fake.write_bytes(b"this is not a zip file")
    with pytest.raises(HandoutError, match="could not be read as a Word file"):
        read_handout(fake)
    with pytest.raises(HandoutError, match="only Word"):
        (tmp_path / "slides.pptx").write_bytes(b"PK")
        read_handout(tmp_path / "slides.pptx")


def test_the_command_writes_the_pack_and_says_what_staff_must_still_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handout = _word_handout(tmp_path / "thyroid.docx")
    assert cli.main(["import", str(handout), "--out", str(tmp_path / "thyroid")]) == 0
    said = capsys.readouterr().out
    assert "3 page(s) in en/" in said and "fill in 'reviewed'" in said and "kiosk check" in said
    assert cli.main(["check", str(tmp_path / "thyroid")]) == 0  # warnings only: a draft to finish

    assert cli.main(["import", str(handout), "--out", str(tmp_path / "thyroid")]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert cli.main(["import", str(handout), "--out", str(tmp_path / "x"), "--language", "../en"]) == 2


def test_without_the_authoring_tools_a_word_handout_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The installed kiosk carries no mammoth: staff get a sentence, not a traceback; Markdown still imports."""
    import sys

    handout = _word_handout(tmp_path / "thyroid.docx")
    monkeypatch.setitem(sys.modules, "mammoth", None)  # what the frozen kiosk has: no such module
    assert cli.main(["import", str(handout), "--out", str(tmp_path / "thyroid")]) == 1
    said = capsys.readouterr().err
    assert "authoring tools" in said and "source folder" in said and "mammoth" in said
    assert not (tmp_path / "thyroid").exists()
    markdown = _markdown_handout(tmp_path / "md")
    assert cli.main(["import", str(markdown), "--out", str(tmp_path / "knee")]) == 0

"""Markdown to safe HTML: the allowed subset passes, everything hostile is removed and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.footer import FooterText
from kiosk.links import resolve_image
from kiosk.pagefile import read_page
from kiosk.render import RenderedPage, render_page
from tests.conftest import PackFactory, TagCollector

# Tags Qt's rich text engine supports, minus those we never produce.
QT_TAGS = {"a", "b", "br", "blockquote", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
           "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
           "tr", "u", "ul", "small"}  # fmt: skip


Collector = TagCollector


def render(
    make_pack: PackFactory, body: str, files: dict[str, bytes] | None = None
) -> tuple[RenderedPage, Collector]:
    root = make_pack({"one": body, "two": "Other page."})
    for name, data in (files or {}).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    page, issues = read_page(root / "en" / "one.md", "one", "en")
    assert page is not None and not issues
    rendered = render_page(page, root, {"one", "two"})
    parser = Collector()
    parser.feed(rendered.html)
    return rendered, parser


def test_ordinary_markdown_renders_to_qt_tags_only(make_pack: PackFactory) -> None:
    body = """
    ## Heading

    Some **bold** and *soft* words -- with "quotes".

    - one
    - two

    1. first
    2. second

    | A | B |
    |---|---|
    | 1 | 2 |

    !!! warning "Call your care team"
        If you have a fever.
    """
    rendered, parsed = render(make_pack, body)
    assert rendered.issues == []
    assert {tag for tag, _ in parsed.tags} <= QT_TAGS
    assert "<h2>Heading</h2>" in rendered.html
    assert '<table cellspacing="0" class="callout warning" width="100%">' in rendered.html
    assert 'class="callout-title">Call your care team</p>' in rendered.html
    assert 'class="data"' in rendered.html
    assert "\u201cquotes\u201d" in rendered.html  # smart quotes, not raw entities


HOSTILE = [
    ("<script>alert('x')</script>", "script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<a href="javascript:alert(1)">tap</a>', "javascript:"),
    ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ('<div style="position:fixed">x</div>', "style="),
    ("[tap](javascript:alert(1))", "javascript:"),
    ("[file](file:///etc/passwd)", "file:"),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("![remote](https://evil.example/x.png)", "evil.example"),
    ("![abs](/etc/passwd.png)", "/etc/passwd"),
    ("![up](../../secret.png)", "secret"),
    ("![win](C:\\Windows\\x.png)", "Windows"),
    ("![f](file:///etc/x.png)", "file:"),
    ('<object data="x.swf"></object>', "object"),
    ("<style>body{display:none}</style>", "display:none"),
]


@pytest.mark.parametrize(("markdown", "must_not_appear"), HOSTILE)
def test_hostile_markdown_never_reaches_qt(make_pack: PackFactory, markdown: str, must_not_appear: str) -> None:
    rendered, parsed = render(make_pack, f"Before.\n\n{markdown}\n\nAfter.")
    assert must_not_appear not in rendered.html
    assert {tag for tag, _ in parsed.tags} <= QT_TAGS
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") or name == "style" for name in attrs), tag
        if tag == "img":
            pytest.fail(f"an image survived: {attrs}")
    assert "After." in rendered.html
    assert rendered.issues, "staff must be told what was removed"


def test_images_inside_the_pack_are_kept(make_pack: PackFactory) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big") + b"\x00" * 8
    )
    rendered, parsed = render(
        make_pack, '![The joint](images/joint.png "The SI joint")', {"images/joint.png": png}
    )
    assert rendered.issues == []
    assert ("img", {"src": "images/joint.png", "alt": "The joint"}) in parsed.tags
    assert rendered.images == ("images/joint.png",)


def test_missing_image_becomes_a_placeholder_and_an_error(make_pack: PackFactory) -> None:
    rendered, parsed = render(make_pack, "Look:\n\n![Pelvis drawing](images/none.png)")
    assert "[Picture not available: Pelvis drawing]" in rendered.html
    assert all(tag != "img" for tag, _ in parsed.tags)
    assert len(rendered.issues) == 1
    assert rendered.issues[0].line == 11 and "images/none.png" in rendered.issues[0].message
    assert rendered.issues[0].is_error


def test_links_between_pages_become_page_links_and_outside_links_are_marked(make_pack: PackFactory) -> None:
    rendered, parsed = render(make_pack, "[Two](two.md) [web](https://example.org/x) [gone](nowhere.md)")
    links = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert links[0] == {"href": "page:two"}
    assert links[1] == {"class": "external", "href": "https://example.org/x"}
    assert links[2] == {}
    assert "nowhere.md" in rendered.issues[0].message


def test_each_page_gets_a_fresh_converter(make_pack: PackFactory) -> None:
    # A reference link defined on one page must not resolve on the next (a reused converter would leak it).
    root = make_pack({"one": "[secret]: https://example.org/one\n\n[secret] here", "two": "[secret] here"})
    pages = [read_page(root / "en" / f"{pid}.md", pid, "en")[0] for pid in ("one", "two")]
    first, second = (render_page(page, root, {"one", "two"}) for page in pages if page)
    assert 'href="https://example.org/one"' in first.html
    assert "example.org" not in second.html.split("<hr>")[0]


def test_footer_shows_review_date_reviewer_sources_and_disclaimer(make_pack: PackFactory) -> None:
    rendered, _ = render(make_pack, "Body.")
    assert "Last reviewed 1 October 2026 by Nurse educator." in rendered.html
    assert "<li>A source, 2024.</li>" in rendered.html
    assert "does not replace advice from your care team" in rendered.html
    spanish = FooterText(
        reviewed="Revisado el {date} por {reviewer}.",
        months=tuple(f"m{i}" for i in range(12)),
        date_format="{day} de {month} de {year}",
    )
    root = make_pack({"one": "x"}, name="es-pack")
    page = read_page(root / "en" / "one.md", "one", "en")[0]
    assert page is not None
    assert "Revisado el 1 de m9 de 2026 por Nurse educator." in render_page(page, root, {"one"}, spanish).html


def test_resolve_image_stays_inside_the_pack(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ok.png").write_bytes(b"png")
    (tmp_path / "images" / "notes.txt").write_text("x")
    (tmp_path / "images" / "link.png").symlink_to("/etc/hostname")
    assert resolve_image(tmp_path, "images/ok.png") == (tmp_path / "images" / "ok.png").resolve()
    for bad in (
        "images/notes.txt",
        "images/link.png",
        "../x.png",
        "/images/ok.png",
        "http://x/ok.png",
        "images/ok.png?x=1",
        "images\\..\\..\\ok.png",
        "",
    ):
        assert resolve_image(tmp_path, bad) is None, bad


def test_task_list_items_become_a_checklist(make_pack: PackFactory) -> None:
    rendered, _ = render(make_pack, "- [ ] Will it hurt?\n- [x] Who will do it?\n\nThen:\n\n- plain item")
    assert '<ul class="checklist">' in rendered.html
    # Every row starts unticked ([x] too: ticks belong to the visit) and is numbered for the page view.
    assert '<li><a name="tick-0"></a>\u2610 Will it hurt?</li>' in rendered.html
    assert '<li><a name="tick-1"></a>\u2610 Who will do it?</li>' in rendered.html
    assert rendered.checklist == ("Will it hurt?", "Who will do it?")
    assert "<ul>\n<li>plain item</li>" in rendered.html
    loose, _ = render(make_pack, "- [ ] Will it hurt?\n\n- [ ] Who will do it?")
    assert (
        '<ul class="checklist">' in loose.html
        and '<p><a name="tick-1"></a>\u2610 Who will do it?</p>' in loose.html
    )


def test_only_checklist_anchors_keep_a_name(make_pack: PackFactory) -> None:
    rendered, _ = render(make_pack, "It\u2019s [a link](two.md) and <a name='tick-9'>x</a> <a name='evil'>y</a>.")
    assert "tick-9" not in rendered.html and "evil" not in rendered.html  # raw HTML never names an anchor
    assert rendered.checklist == ()

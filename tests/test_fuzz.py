"""Property-based fuzzing of everything that reads staff- or IT-edited files: pages, pack.toml, kiosk.toml.

Deterministic (derandomized) and quick by default; for a long run set KIOSK_FUZZ_EXAMPLES, e.g.
`KIOSK_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py tests/test_fuzz_config.py`. See docs/reliability.md.

Every bug found here so far is fixed and kept as a regression test with its exact input in
tests/test_fuzz_regressions.py. `known_bug` (tests/fuzzing.py) lets a long run count a bug that is open again,
and go on looking.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from pathlib import Path

import hypothesis.strategies as st
import pytest
import yaml
from hypothesis import given

from kiosk.errors import Issue
from kiosk.links import resolve_image
from kiosk.pagefile import FRONT_MATTER_KEYS, MAX_PAGE_BYTES, Page, PageMeta, read_page
from kiosk.render import render_page
from tests.conftest import TagCollector
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

# Tags Qt's rich text engine supports, minus those we never produce (as in tests/test_render.py).
QT_TAGS = {"a", "b", "br", "blockquote", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
           "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
           "tr", "u", "ul", "small"}  # fmt: skip

LEADING_CONTROLS = "".join(map(chr, range(0x21)))  # what urlsplit strips before it reads the scheme
RENDER_SECONDS = 1.0  # of CPU; generous: a real page renders in a few milliseconds, 48 nested quotes in 0.25 s
PAGE_IDS = {"one", "two", "risks"}


@pytest.fixture(scope="module")
def pack_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack with real pictures, a picture outside it and a symlink leading out of it."""
    base = tmp_path_factory.mktemp("fuzz")
    (base / "secret.png").write_bytes(b"outside the pack")
    root = base / "pack"
    (root / "images").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "images" / "joint.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    (root / "images" / "diagram.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    (root / "images" / "notes.txt").write_text("not a picture", "utf-8")
    with contextlib.suppress(OSError):  # Windows without the right to make symlinks
        (root / "images" / "link.png").symlink_to(base / "secret.png")
    return root


# --- Markdown bodies ---

# Long runs of one character; '[' and '![' runs are slow (see test_bracket_runs_render_in_linear_time).
long_words = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["x", "ش", "ש", "\u200b", "a\u0301", "\u202e", "*", "`", "<", "&", "_", "-", "é", "🦴"]),
    st.integers(1_000, 20_000),
)

HOSTILE_URLS = [
    "file:///etc/passwd", "file:images/joint.png", "FILE:///C:/Windows/win.ini", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "javascript&#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,iVBORw0KGgo=", "vbscript:msgbox(1)",
    "VBScript:msgbox(1)", "http://example.org/x.png", "https://example.org/page", "HTTPS://EXAMPLE.ORG/",
    "//example.org/x.png", "http:/x", "https:", "ftp://example.org/x.png", "mailto:a@example.org",
    "tel:+15550100", "page:one", "page:../../etc", "/etc/passwd", "/images/joint.png", "../secret.png",
    "../../etc/passwd.png", "images/../../secret.png", "images/../images/joint.png", "%2e%2e/secret.png",
    "images/%2e%2e/%2e%2e/secret.png", "images/joint.png", "./images/joint.png", "images/diagram.svg",
    "images/JOINT.PNG", "images/joint.png?x=1", "images/joint.png#frag", "images/notes.txt", "images/link.png",
    "images/", ".", "", "images\\joint.png", "images\\..\\..\\secret.png", "C:\\Windows\\win.ini",
    "C:/Windows/x.png", "\\\\server\\share\\x.png", "one.md", "two.md", "risks.md#top", "../en/two.md",
    "en/one.md", "nowhere.md", "\x0bhttps://example.org/", "https://exa mple.org/", "https://[::1]/x",
    "https://example.org/\"onmouseover=alert(1)", "images/joint.png\" onerror=\"alert(1)",
]  # fmt: skip
url_words = st.text(characters, max_size=12)
GOOD_URLS = ["images/joint.png", "images/diagram.svg", "two.md", "risks.md", "https://example.org/x?y=1#z"]
urls = st.one_of(
    st.sampled_from(GOOD_URLS),
    st.sampled_from(HOSTILE_URLS),
    url_words,
    st.builds(
        "{}{}".format,
        st.sampled_from(["http://", "https://", "file://", "javascript:", "data:", "../", "/", "C:\\", "images/"]),
        url_words,
    ),
)

RAW_HTML = [
    "<script>alert('x')</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script>",
    '<iframe src="{url}"></iframe>', "<style>body{{display:none}}</style>", "<style>",
    '<img src="{url}" onerror="alert(1)">', "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    '<a href="{url}" onclick="alert(1)">{text}</a>', '<object data="{url}"></object>', "<embed src={url}>",
    '<svg onload="alert(1)"><circle r="1"/></svg>', '<div style="position:fixed" onclick="x">{text}</div>',
    '<p style="color:red">{text}</p>', '<form action="{url}"><input name=x></form>', "<base href={url}>",
    '<meta http-equiv="refresh" content="0;url={url}">', '<link rel="stylesheet" href="{url}">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<!-- {text} -->", "<![CDATA[{text}]]>",
    '<table background="javascript:alert(1)"><tr><td>{text}</td></tr></table>', "<scr<script>ipt>x</script>",
    "<video><source onerror=alert(1)></video>", '<span class="x" title="{text}">{text}</span>',
    "before <b onmouseover=alert(1)>{text}</b> after", '<img src="images/joint.png" onerror="alert(1)">',
    '<a href="page:one">{text}</a>', "<details open ontoggle=alert(1)>", "</div></td></table>",
    "&lt;script&gt;", "&#0; &#x110000; &bogus; &amp;", "<p>{text}",
]  # fmt: skip
raw_html = st.builds(
    lambda template, url, text: template.format(url=url, text=text), st.sampled_from(RAW_HTML), urls, words
)
link_title = st.one_of(st.just(""), st.builds(' "{}"'.format, short_words))
links = st.one_of(
    st.builds("[{}]({}{})".format, words, urls, link_title),
    st.builds("![{}]({}{})".format, words, urls, link_title),
    st.builds("[![{}]({})]({})".format, short_words, urls, urls),
    st.builds("<{}>".format, urls),
    st.builds("[{0}][r]\n\n[r]: {1}{2}".format, words, urls, link_title),
    st.builds("![{0}][p]\n\n[p]: {1}".format, words, urls),
)
callout_kinds = st.one_of(
    st.sampled_from(["note", "tip", "warning", "danger", "NOTE", "note tip", ""]), short_words
)
admonitions = st.builds('!!! {} "{}"\n    {}\n'.format, callout_kinds, words, words) | st.builds(
    '!!! note "outer"\n    {}\n\n    !!! warning "{}"\n        {}\n'.format, words, words, words
)


@st.composite
def nested_lists(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 40))  # ~250 levels overflow the stack: see test_deeply_nested_lists_render
    marker = draw(st.sampled_from(["-", "*", "+", "1.", "- [ ]", "- [x]"]))
    indent = draw(st.sampled_from(["    ", "  ", "\t"]))
    return "".join(f"{indent * level}{marker} {draw(short_words)}\n" for level in range(depth))


@st.composite
def nested_quotes(draw: st.DrawFn) -> str:
    depth = draw(st.integers(1, 60))
    prefix = draw(st.sampled_from(["> ", ">", "> - ", "> 1. ", ">     "]))
    if draw(st.booleans()):
        return prefix * depth + draw(words)
    return "\n".join(prefix * level + draw(short_words) for level in range(depth))


@st.composite
def tables(draw: st.DrawFn) -> str:
    columns, rows = draw(st.integers(1, 30)), draw(st.integers(0, 30))
    cell = st.text(characters, max_size=8).map(lambda s: s.replace("\n", " "))
    align = st.sampled_from(["---", ":--", "--:", ":-:", "-"])
    lines = ["| " + " | ".join(draw(cell) for _ in range(columns)) + " |"]
    lines.append("|" + "|".join(draw(align) for _ in range(columns)) + "|")
    lines += ["| " + " | ".join(draw(cell) for _ in range(columns)) + " |" for _ in range(rows)]
    return "\n".join(lines)


others = st.one_of(
    st.builds("{} {}".format, st.sampled_from(["#", "##", "######", "#######"]), words),
    st.builds("```\n{}\n```".format, raw_html),
    st.builds("    {}".format, raw_html),
    st.sampled_from(["---", "***", "- [ ] Will it hurt?\n- [x] Who does it?", "-- ... 'quoted' \"double\""]),
)
blocks = st.one_of(
    words, long_words, nested_lists(), nested_quotes(), tables(), raw_html, links, admonitions, others
)
bodies = st.builds(
    lambda parts, separator: separator.join(parts),
    st.lists(blocks | links, min_size=1, max_size=12),
    st.sampled_from(["\n\n", "\n", " ", "\n\n\n"]),
)
metas = st.builds(
    PageMeta,
    title=words,
    tab=short_words,
    reviewed=st.none() | st.dates(),
    reviewer=words,
    sources=st.lists(words, max_size=3).map(tuple),
)


Collector = TagCollector


@fuzz(150)
@given(body=bodies, meta=metas)
def test_any_markdown_renders_to_safe_qt_html(pack_root: Path, body: str, meta: PageMeta) -> None:
    RUNS["markdown"] += 1
    page = Page("one", "en", pack_root / "en" / "one.md", meta, body, 6)
    started = time.thread_time()  # this thread's CPU: a busy machine (CI, other tests) does not move it
    rendered = run_or_known("markdown", lambda: render_page(page, pack_root, PAGE_IDS))
    elapsed = time.thread_time() - started
    if rendered is None:
        return
    parser = Collector()
    parser.feed(rendered.html)
    parser.close()
    root = pack_root.resolve()
    for tag, attrs in parser.tags:
        assert tag in QT_TAGS, tag
        assert not any(name.startswith("on") or name == "style" for name in attrs), (tag, attrs)
        if tag == "a" and "href" in attrs:
            href = attrs["href"] or ""
            if href[:1] in LEADING_CONTROLS and href.lstrip(LEADING_CONTROLS).lower().startswith(
                ("http:", "https:")
            ):
                RUNS["markdown, known: control character before a link's address"] += 1
                continue
            assert href in {f"page:{page_id}" for page_id in PAGE_IDS} or href.lower().startswith(
                ("http://", "https://")
            ), href
        if tag == "img":
            target = resolve_image(pack_root, attrs.get("src") or "")
            assert target is not None and target.is_relative_to(root), attrs
    assert all(issue.path == page.path for issue in rendered.issues)
    assert elapsed < RENDER_SECONDS, f"rendering took {elapsed:.2f} s of CPU"


# --- Page files as bytes ---

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    words,
    st.dates(),
    st.datetimes(),
    st.builds(lambda n: "x" * n, st.integers(1_000, 200_000)),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(short_words, inner, max_size=4),
    max_leaves=12,
)
yaml_keys = st.sampled_from([*FRONT_MATTER_KEYS, "titel", "Title", "sorces", "<<", "?", "- x"]) | short_words


@st.composite
def dumped_yaml(draw: st.DrawFn) -> str:
    data = draw(st.fixed_dictionaries({}, optional=dict.fromkeys(FRONT_MATTER_KEYS, yaml_values)))
    data.update(draw(st.dictionaries(yaml_keys, yaml_values, max_size=3)))
    return yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        width=draw(st.sampled_from([80, 10_000])),
    )


YAML_TEMPLATES = [
    "base: &a {v}\ntitle: *a\ntab: *a\nreviewer: *a\nsources: *a\nreviewed: *a\n",
    "sources: &s\n  - {v}\n  - b\nextra: *s\ntitle: *s\n",
    "defaults: &d {{title: {v}, tab: x}}\npage:\n  <<: *d\n<<: *d\n",
    "title: *missing\n", "title: &a [*a]\n", "title: &a\n  - *a\n",
    "title: !!binary aGVsbG8=\n", "title: !!python/object/apply:os.system ['true']\n",
    "title: !!set {{a, b}}\n", "sources: !!omap [a: 1, b: 2]\n", "? [a, b]\n: {v}\n", "? {{a: 1}}\n: 2\n",
    "title: {v}\ntitle: again\n", "reviewed: {v}\n", "reviewed: 2026-01-01T23:59:59Z\n", "reviewed: 20260101\n",
    "reviewed: 1e999\n", "reviewed: .nan\n", "reviewed: [2026, 1, 1]\n", "reviewed: ~\n",
    "\t title: tab indent\n", "title: 'unclosed\n", 'title: "\\xZZ"\n', "- a\n- b\n", "just text\n",
    "%YAML 1.1\n---\ntitle: x\n", "--- !!map\n", "title: x\n...\n", "{v}\n", "title: |\n  {v}\n",
]  # fmt: skip
template_yaml = st.builds(
    lambda template, value: template.format(v=json.dumps(value)), st.sampled_from(YAML_TEMPLATES), words
)
line_yaml = st.lists(st.builds("{}: {}".format, yaml_keys, words), max_size=6).map("\n".join)
bodies_text = st.one_of(words, st.lists(blocks, max_size=3).map("\n\n".join))


@st.composite
def page_texts(draw: st.DrawFn) -> str:
    front = draw(st.one_of(dumped_yaml(), template_yaml, line_yaml, words))
    opening = draw(st.sampled_from(["---", "---", "---", "--- ", "---\t", " ---", "----", "...", ""]))
    closing = draw(st.sampled_from(["---", "---", "---", "--- ", "...", "", "----", "---\n---"]))
    return f"{opening}\n{front}\n{closing}\n{draw(bodies_text)}\n"


def encode(text: str, newline: str, bom: bytes, broken: list[tuple[int, bytes]]) -> bytes:
    data = bom + text.replace("\n", newline).encode("utf-8", "surrogatepass")
    for position, junk in broken:
        cut = position % (len(data) + 1)
        data = data[:cut] + junk + data[cut:]
    return data


INVALID_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xc0\xaf", b"\x80", b"\x00"]
encoded_pages = st.builds(
    encode,
    page_texts(),
    st.sampled_from(["\n", "\r\n", "\r", "\n\r"]),
    st.sampled_from([b"", b"", b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]),
    mostly(st.just([]), st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(INVALID_UTF8)), min_size=1)),
)
odd_files = st.one_of(
    st.binary(max_size=2_000),
    page_texts().map(lambda text: text.encode("utf-16")),
    st.builds(lambda n: b"---\ntitle: " + b"x" * n + b"\n---\nBody\n", st.sampled_from([MAX_PAGE_BYTES, 600_000])),
)


page_bytes = mostly(encoded_pages, odd_files)


@fuzz(250)
@given(data=page_bytes)
def test_any_page_file_is_read_or_refused_with_issues(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    RUNS["page files"] += 1
    path = tmp_path_factory.getbasetemp() / "fuzz-page" / "en" / "one.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = run_or_known("page files", lambda: read_page(path, "one", "en"))
    if result is None:
        return
    page, issues = result
    assert page is not None or issues, "a refused page must say why"
    assert all(isinstance(issue, Issue) and issue.path == path for issue in issues)
    if page is not None:
        assert isinstance(page.meta.title, str) and page.meta.title
        assert isinstance(page.body, str) and "\r" not in page.body
        assert all(isinstance(source, str) for source in page.meta.sources)
        assert page.meta.reviewed is None or isinstance(page.meta.reviewed, dt.date)

"""My questions: tick rows with one tap, see them together, read them back from the QR codes, reset to nothing."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QScroller, QWidget
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder
from kiosk.config import Config, PrintConfig
from kiosk.matters import Importance, MattersAnswers
from kiosk.ui.checklist import EMPTY_BOX, TICKED_BOX
from kiosk.ui.my_questions import MyQuestionsOverlay
from kiosk.ui.page_view import PageView
from kiosk.ui.usage import record_usage
from kiosk.ui.window import KioskWindow
from kiosk.usagereport import summarize
from kiosk.visit import Visit
from tests.conftest import BUNDLED, BUNDLED_LIBRARY, read_qr
from tests.ui.conftest import TopicsFactory, WindowFactory, confirm_start_over, finger_drag


def tap(qtbot: QtBot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def open_page(qtbot: QtBot, window: KioskWindow, page_id: str) -> PageView:
    tap(qtbot, window.welcome)
    window.reader.show_page(page_id)
    view = window.reader.current_view()
    assert view is not None and view.page_id == page_id
    return view


def rows(view: PageView) -> list[tuple[int, int]]:
    """(row number, document position of its box) for each checklist row."""
    return [(number, position) for number, position, _ in view._tick_boxes()]


def tap_row(qtbot: QtBot, view: PageView, number: int, *, at_right: bool = False) -> None:
    """Scroll the row into view and tap it (far right of the line with `at_right`: the whole row counts)."""
    position = dict(rows(view))[number]
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)

    # The view lays a page out as it is shown: scroll, let it lay out, then aim at where the row is drawn.
    def row_near_the_top() -> bool:
        bar, off = view.verticalScrollBar(), view.cursorRect(cursor).top() - 100
        if abs(off) < 2 or (off > 0 and bar.value() == bar.maximum()):
            return True
        bar.setValue(bar.value() + off)
        return False

    qtbot.waitUntil(row_near_the_top)
    rect = view.cursorRect(cursor)
    x = view.viewport().width() - 10 if at_right else rect.center().x() + 40
    tap(qtbot, view.viewport(), QPoint(x, rect.center().y()))


def box_at(view: PageView, number: int) -> str:
    return view.document().characterAt(dict(rows(view))[number])


def test_one_tap_ticks_a_row_and_another_unticks_it(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    button = window.reader.toolbar.my_questions_button
    assert button.isHidden()
    tap_row(qtbot, view, 2, at_right=True)
    assert window.visit.ticked == {("questions", 2)}
    assert box_at(view, 2) == TICKED_BOX and box_at(view, 1) == EMPTY_BOX
    assert not button.isHidden() and "(1)" in button.text()
    tap_row(qtbot, view, 5)
    assert "(2)" in button.text()
    tap_row(qtbot, view, 2)
    assert window.visit.ticked == {("questions", 5)} and box_at(view, 2) == EMPTY_BOX


def test_a_finger_drag_over_a_row_scrolls_and_ticks_nothing(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    finger_drag(qtbot, view.viewport(), -300)
    assert window.visit.ticked == frozenset()
    assert view.verticalScrollBar().value() > 0


def test_a_tap_after_the_down_button_ticks(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    tap(qtbot, window.reader.down_button)
    qtbot.waitUntil(lambda: QScroller.scroller(view.viewport()).state() == QScroller.State.Inactive)
    tap_row(qtbot, view, 6)
    assert window.visit.ticked == {("questions", 6)}


@pytest.mark.parametrize(("dpi", "scale"), [(96.0, 1.0), (140.0, 1.0), (96.0, 2.0)])
def test_every_row_is_at_least_20_mm_tall(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, scale: float
) -> None:
    window = make_window(dpi=dpi)
    window.set_text_scale(scale)
    view = open_page(qtbot, window, "questions")
    # A copy of the page laid out whole (the view lays out lazily, as it scrolls).
    document = view.document().clone()
    document.setTextWidth(view.viewport().width())
    document.size()
    layout = document.documentLayout()
    blocks = [document.findBlock(position) for _, position in rows(view)]
    assert len(blocks) > 20
    for block, below in itertools.pairwise(blocks):
        row = layout.blockBoundingRect(block)
        assert row.height() + block.blockFormat().topMargin() >= window.metrics.target
        assert layout.blockBoundingRect(below).top() - row.top() >= window.metrics.target  # tap area per row


def test_ticks_survive_text_size_contrast_and_language(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 0)
    tools = window.reader.toolbar
    for button in (tools.larger_button, tools.contrast_button, tools.language_button):
        tap(qtbot, button)
        current = window.reader.current_view()
        assert current is not None and box_at(current, 0) == TICKED_BOX and box_at(current, 1) == EMPTY_BOX
    assert window.language == "es" and "Mis preguntas (1)" in tools.my_questions_button.text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_all_ticked_reads_back_exactly_from_the_codes_on_screen(
    qtbot: QtBot, make_window: WindowFactory, language: str
) -> None:
    window = make_window(size=(1920, 1080))
    window.set_language(language)
    everything = frozenset(
        (page.id, number) for page in window.library.pages_in(language) for number in range(len(page.checklist))
    )
    window.set_visit(window.visit.begin_reading().show_page("questions"))
    window.set_visit(dataclasses.replace(window.visit, ticked=everything))
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and overlay.isVisible()
    expected = [row for page in window.library.pages_in(language) for row in page.checklist]
    assert overlay.listing.rows == expected  # one row a line: no bullet glyphs or blank lines to count
    tap(qtbot, overlay.show_qr_button)
    decoded = []
    topic = window.text.welcome_title or window.library.pack.info.title
    for index in range(len(overlay.codes)):
        assert overlay.code_index == index
        pixmap = overlay.code.pixmap()
        assert pixmap.width() >= window.metrics.px(40)  # large enough for a phone at arm's length
        decoded.append(read_qr(pixmap.toImage()))
        assert decoded[-1].startswith(f"{window.text.my_questions_title} — {topic} (")  # names the procedure
        assert overlay.part.text() == window.text.qr_part.format(part=index + 1, parts=len(overlay.codes))
        last = index == len(overlay.codes) - 1
        assert overlay.next_button.text() == (window.text.first_code if last else window.text.next_code)
        tap(qtbot, overlay.next_button)
    assert overlay.code_index == 0  # the last code's button went back to the first, as it said
    assert decoded == overlay.codes and len(decoded) > 1
    assert [line[2:] for text in decoded for line in text.splitlines()[1:] if line.startswith("- ")] == expected


def test_start_over_leaves_no_tick_and_no_sheet(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 3)
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and len(overlay.listing.rows) == 1
    window.reset_session("idle")
    assert window.visit == Visit.start("en")
    assert not overlay.isVisible() and window.reader.toolbar.my_questions_button.isHidden()
    assert all(box_at(view, number) == EMPTY_BOX for number, _ in rows(view))


def test_listen_reads_each_box_as_words(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 0)
    said = view.sentences("en", ("Ticked", "Not ticked"))
    spoken = " ".join(sentence.text for sentence in said)
    assert EMPTY_BOX not in spoken and TICKED_BOX not in spoken
    assert spoken.count("Ticked:") == 1 and spoken.count("Not ticked:") == len(rows(view)) - 1
    # A word the voice reads maps back to the page: the box words to the box, the words after to themselves.
    ticked = next(sentence for sentence in said if sentence.text.startswith("Ticked:"))
    assert ticked.start == rows(view)[0][1] and ticked.document_position(3) == rows(view)[0][1]
    other = next(sentence for sentence in said if sentence.text.startswith("Not ticked:"))
    after = len("Not ticked:") + 1
    assert view.document().characterAt(other.document_position(after)) == other.text[after]


def test_statistics_keep_how_many_never_which(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 0)
    tap_row(qtbot, view, 4)
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None
    tap(qtbot, overlay.show_qr_button)
    confirm_start_over(qtbot, window)
    recorder.close()
    features = dict(summarize(recorder.path).features)
    assert features["questions_ticked"] == 1 and features["my_questions"] == 1 and features["questions_qr"] == 1
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("usage.sqlite3*"))
    assert b"SI joint" not in stored and b"pain" not in stored


def test_print_puts_the_sheet_on_one_page(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = tmp_path / "sheet.pdf"
    config = Config(clinic_name="Riverside Spine Clinic", print=PrintConfig(printer=f"pdf:{pdf}"))
    window = make_window(config=config)
    window.set_language("es")
    assert not window.library.pack.info.clinic.name and not window.library.pack.info.clinic.phone  # generic pack
    view = open_page(qtbot, window, "questions")
    for number, _ in rows(view):
        tap_row(qtbot, view, number)
    window.set_visit(window.visit.with_matters(MattersAnswers().answer(0, Importance.A_LOT)))
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and overlay.print_button.isVisible()
    tap(qtbot, overlay.print_button)
    assert overlay.hint.text() == window.text.printing
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1  # all 25 questions fit on one page
    words = " ".join(reader.pages[0].extract_text().split())
    assert window.text.my_questions_title in words and window.text.welcome_title in words  # in Spanish
    for question in window.library.pages_in("es")[-1].checklist:
        assert f"☐ {' '.join(question.split())}" in words  # a box to tick at the visit
    said = window.text.matters_sheet_a_lot.format(statement=window.library.matters_in("es").statements[0])  # type: ignore[union-attr]
    assert f"{window.text.matters_sheet_heading} {said}" in words  # under its heading, with no box to tick
    # Who to call, where the pack has no [clinic] values: kiosk.toml's clinic name, and where to ask for a phone.
    assert "Riverside Spine Clinic" in words and window.text.sheet_phone_missing in words
    page = reader.pages[0]
    box = page.mediabox
    inside: list[tuple[float, float]] = []
    page.extract_text(  # where each run of text starts on the sheet: its text matrix, then the page's
        visitor_text=lambda text, cm, tm, *_: (
            inside.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3])) if text.strip() else None
        )
    )
    mm = 72 / 25.4
    assert inside and all(12 * mm < x < float(box.width) - 12 * mm for x, _ in inside)  # nothing near the edge


def test_no_printer_no_print_button_and_a_missing_one_is_explained(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 0)
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and not overlay.print_button.isVisible()

    other = make_window(config=Config(print=PrintConfig(printer="Front desk laser")))
    view = open_page(qtbot, other, "questions")
    tap_row(qtbot, view, 0)
    tap(qtbot, other.reader.toolbar.my_questions_button)
    overlay = other.findChild(MyQuestionsOverlay)
    assert overlay is not None
    tap(qtbot, overlay.print_button)
    assert overlay.hint.text() == other.text.print_failed


def test_what_matters_joins_the_sheet_and_the_quiz_counts_and_reset_forgets_both(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    from kiosk.ui.matters import MattersOverlay
    from kiosk.ui.quiz import QuizOverlay

    window = make_window()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    tools = window.reader.toolbar
    tap(qtbot, window.welcome)
    assert tools.matters_button.isVisible() and tools.quiz_button.isHidden()
    tap(qtbot, tools.matters_button)
    matters = window.findChild(MattersOverlay)
    assert matters is not None and matters.isVisible()
    tap(qtbot, matters.level_buttons[2])  # the first statement matters a lot
    assert len(window.visit.matters) == 1 and "(1)" in tools.my_questions_button.text()
    matters.close_overlay()
    for button in window.reader.tabs.buttons()[1:3]:  # three pages seen: the quiz is offered
        tap(qtbot, button)
    assert tools.quiz_button.isVisible()
    tap(qtbot, tools.quiz_button)
    quiz = window.findChild(QuizOverlay)
    assert quiz is not None and quiz.isVisible()
    right = window.library.quiz_in("en").questions[0].right  # type: ignore[union-attr]
    tap(qtbot, quiz.answer_buttons[right])
    assert window.visit.quiz.result(0) is True
    quiz.close_overlay()
    tap(qtbot, tools.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    statement = window.library.matters_in("en").statements[0]  # type: ignore[union-attr]
    assert overlay is not None and f"This matters a lot to me: {statement}" in overlay.listing.rows
    confirm_start_over(qtbot, window)
    assert window.visit == Visit.start("en") and not overlay.isVisible() and not quiz.isVisible()
    assert tools.my_questions_button.isHidden() and tools.quiz_button.isHidden()
    recorder.close()
    assert [(number, right) for _, number, answered, right in summarize(recorder.path).quiz] == [(1, 1)]


@pytest.mark.parametrize(("dpi", "scale"), [(96.0, 1.0), (140.0, 1.0), (96.0, 2.0)])
def test_every_control_on_the_sheet_is_at_least_20_mm(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, scale: float
) -> None:
    from kiosk.ui.widgets import TouchButton

    window = make_window(dpi=dpi, config=Config(print=PrintConfig(printer="pdf:/dev/null")))
    window.set_text_scale(scale)
    view = open_page(qtbot, window, "questions")
    tap_row(qtbot, view, 0)
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None
    for stage in ("list", "codes"):
        if stage == "codes":
            tap(qtbot, overlay.show_qr_button)
        shown = [button for button in overlay.findChildren(TouchButton) if button.isVisible()]
        assert len(shown) >= 2, stage  # list: QR, Print, Close; one code: Back, Close
        for button in shown:
            assert min(button.width(), button.height()) >= window.metrics.target, (stage, button.text())
            corner = button.mapTo(overlay, button.rect().topLeft())
            assert overlay.rect().contains(button.rect().translated(corner)), (stage, button.text())


def test_a_pack_can_ask_for_the_quiz_as_its_own_tab(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    import shutil

    from kiosk.ui.quiz import QuizOverlay

    root = tmp_path / "pack"
    shutil.copytree(BUNDLED, root)
    with (root / "pack.toml").open("a", encoding="utf-8") as pack_toml:
        pack_toml.write("\n[quiz]\ntab = true\n")
    window = make_window(root)
    tap(qtbot, window.welcome)
    tab = window.reader.extra_tab
    assert tab is not None and tab.text() == window.text.quiz_title and tab.isVisible()
    assert window.reader.toolbar.quiz_button.isHidden()  # offered once, as the tab
    assert tab.height() >= window.metrics.target
    tap(qtbot, tab)
    quiz = window.findChild(QuizOverlay)
    assert quiz is not None and quiz.isVisible()
    window.set_language("es")
    assert window.reader.extra_tab is tab and tab.text() == window.text.quiz_title  # in Spanish now


def test_a_list_grown_since_the_card_was_last_open_does_not_cover_its_hint(
    qtbot: QtBot, make_topics: TopicsFactory
) -> None:
    """Seen in a real X session (Spanish, 125 %, two topics, 1920 x 1080): the card kept the height of its last
    opening, and the hint line was drawn over the bottom of the longer list."""
    window, topics = make_topics(BUNDLED_LIBRARY, size=(1920, 1080))
    window.set_language("es")
    topics.open_topic("si-joint-fusion")
    window.set_text_scale(1.25)
    qtbot.waitUntil(lambda: not window.restyling)
    button = window.reader.toolbar.my_questions_button

    def open_card() -> MyQuestionsOverlay:
        tap(qtbot, button)
        card = window.activities.my_questions
        assert card is not None and card.isVisible()
        return card

    def assert_apart(card: MyQuestionsOverlay) -> None:
        def place(part: QWidget) -> QRect:
            return QRect(part.mapTo(window, QPoint(0, 0)), part.size())

        column = [place(part) for part in (card.title, card.listing, card.hint, card.show_qr_button)]
        for above, below in itertools.pairwise(column):
            assert above.bottom() < below.top(), (above, below)
        assert place(card.card).contains(column[-1]) and place(card.card).contains(place(card.close_button))

    for row in (0, 1):
        window.set_visit(window.visit.toggle_tick("questions", row))
    first = open_card()
    assert_apart(first)
    first.close_overlay()
    topics.all_topics()
    topics.open_topic("si-joint-injection")
    for row in (1, 3):
        window.set_visit(window.visit.toggle_tick("questions", row))
    assert_apart(open_card())

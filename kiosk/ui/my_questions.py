"""My questions: the rows a patient ticked, together on one card, and as QR codes that hold the text itself."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPixmap
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.takeaway import Sheet, modules, qr_png, qr_texts  # noqa: TID253 -- this module is lazy itself
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.sheet_list import SheetList
from kiosk.ui.widgets import TouchButton, place_in_rows
from kiosk.uitext import UiText

QR_MM = 90  # drawn this wide (when the screen allows): about 1.1 mm a module at the largest code
QR_SMALLEST_MM = 45  # a short screen at 200 % shrinks the code this far, no further: a phone still reads it
CARD_MM = 220  # the card's width, wider only when its buttons need it on one row
LABEL_PAD_MM = 5  # between a button's label and its edges, left and right
EDGE_MM = 4  # kept clear around the card, at the screen's edges


class MyQuestionsOverlay(Overlay):
    """The list first; "Show as QR code" turns the card to the codes, one at a time ("Code 1 of 2").

    Signals: `qr_shown(count of codes)` for the statistics (never what the questions were)."""

    qr_shown = Signal(int)
    print_requested = Signal()

    def __init__(self, parent: QWidget, text: UiText, metrics: Metrics, *, can_print: bool = False) -> None:
        super().__init__(parent, "MyQuestions")
        self._metrics, self._text, self._can_print = metrics, text, can_print
        self.sheet = Sheet("", ())
        self.codes: list[str] = []
        self.code_index = 0
        self.title = self._wrapped("PromptTitle")
        self.listing = SheetList(text, metrics)
        self.hint = self._wrapped("Hint")
        self.code = plain_label(name="QrCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.part = self._wrapped("")
        self.qr_hint = self._wrapped("Hint")
        self.show_qr_button = TouchButton("", objectName="PrimaryButton")
        self.print_button = TouchButton("")
        self.next_button = TouchButton("")
        self.back_button = TouchButton("")
        self.close_button = TouchButton("")  # one on each side of the card: a row of buttons each, no more
        self.codes_close_button = TouchButton("")
        self.list_actions, self.code_actions = QGridLayout(), QGridLayout()
        self._lay_out()
        self.print_button.setVisible(can_print)
        self._set_size(metrics)
        self.show_qr_button.clicked.connect(self.show_codes)
        self.print_button.clicked.connect(self.print_requested)
        self.next_button.clicked.connect(self.next_code)
        self.back_button.clicked.connect(self.show_list)
        self.close_button.clicked.connect(self.close_overlay)
        self.codes_close_button.clicked.connect(self.close_overlay)
        self.set_texts(text)

    def _wrapped(self, name: str) -> QLabel:
        label = plain_label(name=name)
        label.setWordWrap(True)
        return label

    def _lay_out(self) -> None:
        listing = QWidget()
        column = QVBoxLayout(listing)
        self._columns: list[QBoxLayout] = [column]
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.listing, self.hint):
            column.addWidget(widget)
        column.addLayout(self.list_actions)
        for button in (self.show_qr_button, self.print_button, self.close_button):
            button.setParent(listing)  # placed in rows as the card's width allows (see _place_buttons)
        codes = QWidget()
        column = QVBoxLayout(codes)
        self._columns.append(column)
        column.setContentsMargins(0, 0, 0, 0)
        # The code beside its words: the card is wider than tall, and a short screen at 200 % keeps the code large.
        beside = QHBoxLayout()
        beside.addWidget(self.code, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.addWidget(self.part)
        words.addWidget(self.qr_hint)
        words.addStretch(1)
        beside.addLayout(words, 1)
        self._columns += [beside, words]
        column.addLayout(beside)
        column.addLayout(self.code_actions)
        for button in (self.back_button, self.next_button, self.codes_close_button):
            button.setParent(codes)
        self.list_page, self.code_page = listing, codes
        codes.hide()
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(listing)
        self.card_layout.addWidget(codes)

    def _set_size(self, metrics: Metrics) -> None:
        self._metrics = m = metrics
        self.title.setFont(m.font(m.ui_px() * 5 // 4))
        for label in (self.part, self.hint, self.qr_hint):
            label.setFont(m.font(m.ui_px()))
        margin = m.px(8)
        self.card_layout.setContentsMargins(margin, m.px(6), margin, m.px(6))
        self.card_layout.setSpacing(m.gap * 2)
        for column in self._columns:
            column.setSpacing(m.gap * 2)
        for grid in (self.list_actions, self.code_actions):
            grid.setSpacing(m.gap * 2)

    @override
    def fit_card(self) -> None:
        """As tall as the card's parts are at its width, measured now. Not their size hints (a wrapping label
        hints at two lines where it needs one) nor Qt's kept heights (kept until the next event loop turn): on a
        short screen the card has no line to spare."""
        for layout in (*self._columns, self.listing.column):
            layout.invalidate()
        margins, frame = self.card_layout.contentsMargins(), self.card.contentsMargins()
        inner = self._inner_width()
        parts = [widget for widget in (self.title, self.list_page, self.code_page) if not widget.isHidden()]
        heights = [
            part.heightForWidth(inner) if part.hasHeightForWidth() else part.sizeHint().height() for part in parts
        ]
        spacing = self.card_layout.spacing() * (len(parts) - 1)
        outside = margins.top() + margins.bottom() + frame.top() + frame.bottom()
        self.card.setMinimumHeight(sum(heights) + spacing + outside)
        outer = self.layout()
        if outer is not None:
            outer.activate()  # the card centred at its new size now, not on the next turn of the event loop

    @override
    def close_overlay(self) -> None:
        self.listing.stop()
        super().close_overlay()

    def set_texts(self, text: UiText) -> None:
        self._text = text
        self.title.setText(text.my_questions_title)
        self.hint.setText(text.my_questions_hint)
        self.qr_hint.setText(text.qr_hint)
        self.show_qr_button.setText(text.show_qr)
        self.print_button.setText(text.print_sheet)
        self.back_button.setText(text.back_to_list)
        self.close_button.setText(text.close)
        self.codes_close_button.setText(text.close)
        self.listing.set_texts(text)
        self._name_next()

    def open_with(self, sheet: Sheet, text: UiText, metrics: Metrics | None = None) -> None:
        """Show this sheet in the language and text size of the moment (`metrics`: the toolbar's, which
        grows half as much as the page), the list first."""
        if metrics is not None:
            self._set_size(metrics)
        self.set_texts(text)
        self.sheet = sheet
        self.codes = []
        self.listing.show_sheet(sheet, self._metrics)
        self.open()
        self.show_list()

    def show_list(self) -> None:
        self._show_page(0)
        self._place_buttons()
        self._fit_list()

    def show_codes(self) -> None:
        self.codes = qr_texts(self.sheet, self._text.qr_part)
        self.code_index = 0
        self._show_page(1)
        self._place_buttons()
        self._show_code()
        self.qr_shown.emit(len(self.codes))

    def next_code(self) -> None:
        """The next code; from the last, back to the first (the button says so)."""
        if self.codes:
            self.code_index = (self.code_index + 1) % len(self.codes)
            self._show_code()

    def show_print_result(self, words: str) -> None:
        """Say what became of the Print tap, in the hint's place above the buttons (the hint is done with)."""
        self.hint.setText(words)

    def _show_page(self, index: int) -> None:
        """The list (0) or the codes (1). Not a stacked widget: the card is as tall as the side shown needs (a
        stack's height for a width is its tallest page's, shown or not)."""
        self.list_page.setVisible(index == 0)
        self.code_page.setVisible(index == 1)

    def _name_next(self) -> None:
        last = bool(self.codes) and self.code_index == len(self.codes) - 1
        self.next_button.setText(self._text.first_code if last else self._text.next_code)

    def _inner_width(self) -> int:
        """The card's width inside its frame and margins: the width of its parts."""
        margins, frame = self.card_layout.contentsMargins(), self.card.contentsMargins()
        return self.card.width() - margins.left() - margins.right() - frame.left() - frame.right()

    def _room(self) -> int:
        """The card's greatest height: the window's, less a clear edge above and below."""
        return self.host.height() - 2 * self._metrics.px(EDGE_MM)

    def _place_buttons(self) -> None:
        """Each row of buttons as wide as its labels on one line with room either side, on as many rows as the
        card needs; the card widens (within the screen) to keep them on one row where it can."""
        m = self._metrics
        printing = [self.print_button] if self._can_print else []
        rows = [
            (self.list_actions, [self.show_qr_button, *printing, self.close_button]),
            (self.code_actions, [self.back_button, self.next_button, self.codes_close_button]),
        ]
        for _, buttons in rows:
            for button in buttons:
                button.ensurePolished()  # the style sheet's font, to measure the label in
        sides = self.card.width() - self._inner_width()  # margins and frame
        wanted = {id(button): _label_width(button, m) for _, buttons in rows for button in buttons}
        one_row = max(sum(wanted[id(b)] for b in buttons) + 2 * m.gap * (len(buttons) - 1) for _, buttons in rows)
        card = min(self.host.width() - 2 * m.px(EDGE_MM), max(m.px(CARD_MM), one_row + sides))
        self.card.setFixedWidth(card)
        self.card.resize(card, self.card.height())  # now: the heights measured next depend on it
        for grid, buttons in rows:
            shown = [button for button in buttons if button is not self.next_button or len(self.codes) > 1]
            self.next_button.setVisible(len(self.codes) > 1)
            for button in shown:
                # A label that wraps asks for two lines even where one will do; it wraps only where it must.
                button.label.setWordWrap(wanted[id(button)] > card - sides)
            place_in_rows(grid, shown, [min(wanted[id(button)], card - sides) for button in shown], card - sides)

    def _fit_list(self) -> None:
        """The list as tall as its rows, up to what the rest of the card leaves of the screen; the rest scrolls."""
        self._room_for_print_result()
        smallest = self.listing.least_height()
        self.listing.setFixedHeight(smallest)
        self.card_layout.activate()
        self.fit_card()
        others = self.card.minimumHeight() - smallest
        wanted = self.listing.wanted_height(self._inner_width())
        self.listing.setFixedHeight(max(min(wanted, smallest), min(wanted, self._room() - others)))
        self.fit_card()

    def _room_for_print_result(self) -> None:
        """Where Print is offered, the hint keeps room for what may replace it (the longer of Print's two
        messages): shown, it moves no button, and a second tap on Print still finds Print."""
        if not self._can_print:
            return
        bounds = QRect(0, 0, max(1, self._inner_width()), 100_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        metrics = self.hint.fontMetrics()
        lines = (self._text.my_questions_hint, self._text.printing, self._text.print_failed)
        self.hint.setMinimumHeight(max(metrics.boundingRect(bounds, flags, words).height() for words in lines))

    def _show_code(self) -> None:
        text = self.codes[self.code_index]
        many = len(self.codes) > 1
        self.part.setText(
            self._text.qr_part.format(part=self.code_index + 1, parts=len(self.codes)) if many else ""
        )
        self.part.setVisible(many)
        self._name_next()
        # Whole pixels a module (a blurred edge between modules makes codes harder to read), as wide as
        # QR_MM allows, never more than 45 % of the screen's height, and smaller on a short screen at a large
        # text size, so the card's words and buttons still fit.
        m = self._metrics
        side = min(m.px(QR_MM), round(self.host.height() * 0.45))
        self._draw_code(text, side)
        self.card_layout.activate()
        self.fit_card()
        over = self.card.minimumHeight() - self._room()
        if over > 0:
            self._draw_code(text, max(m.px(QR_SMALLEST_MM), side - over))
            self.fit_card()

    def _draw_code(self, text: str, side: int) -> None:
        scale = max(2, side // modules(text))
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(text, scale))
        self.code.setPixmap(pixmap)


def _label_width(button: TouchButton, m: Metrics) -> int:
    """A button's label on one line (bold where the style makes it bold) with LABEL_PAD_MM either side, and
    never narrower than the style sheet allows (a primary button is wider)."""
    font = QFont(button.label.font())
    font.setBold(button.objectName() == "PrimaryButton")
    label = QFontMetrics(font).horizontalAdvance(button.text()) + 2 * m.px(LABEL_PAD_MM) + 2
    return max(button.minimumWidth(), label)

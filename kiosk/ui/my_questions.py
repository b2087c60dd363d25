"""My questions: the rows a patient ticked, together on one card, and as QR codes that hold the text itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QStackedWidget, QVBoxLayout, QWidget

from kiosk.takeaway import Sheet, modules, qr_png, qr_texts  # noqa: TID253 -- this module is lazy itself
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

QR_MM = 90  # drawn this wide (when the screen allows): about 1.1 mm a module at the largest code


class MyQuestionsOverlay(Overlay):
    """The list first; "Show as QR code" turns the card to the codes, one at a time ("Code 1 of 2").

    Signals: `qr_shown(count of codes)` for the statistics (never what the questions were)."""

    qr_shown = Signal(int)
    print_requested = Signal()

    def __init__(self, parent: QWidget, text: UiText, metrics: Metrics, *, can_print: bool = False) -> None:
        super().__init__(parent, "MyQuestions")
        self._metrics, self._text = metrics, text
        self.sheet = Sheet("", ())
        self.codes: list[str] = []
        self.code_index = 0
        self.pages = QStackedWidget()
        self.title = self._wrapped("PromptTitle", metrics.ui_px() * 5 // 4)
        self.listing = self._wrapped("", metrics.ui_px())
        self.hint = self._wrapped("Hint", metrics.ui_px())
        self.code = plain_label(name="QrCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.part = self._wrapped("", metrics.ui_px())
        self.qr_hint = self._wrapped("Hint", metrics.ui_px())
        self.show_qr_button = TouchButton("", objectName="PrimaryButton")
        self.print_button = TouchButton("")
        self.print_button.setVisible(can_print)
        self.print_note = self._wrapped("", metrics.ui_px())
        self.print_note.hide()
        self.next_button = TouchButton("")
        self.back_button = TouchButton("")
        self.close_button = TouchButton("")  # one on each side of the card: a row of buttons each, no more
        self.codes_close_button = TouchButton("")
        self._lay_out(metrics)
        self.show_qr_button.clicked.connect(self.show_codes)
        self.print_button.clicked.connect(self.print_requested)
        self.next_button.clicked.connect(self.next_code)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.close_button.clicked.connect(self.close_overlay)
        self.codes_close_button.clicked.connect(self.close_overlay)
        self.set_texts(text)

    def _set_size(self, metrics: Metrics) -> None:
        self._metrics = metrics
        self.title.setFont(metrics.font(metrics.ui_px() * 5 // 4))
        for label in (self.listing, self.part, self.print_note):
            label.setFont(metrics.font(metrics.ui_px()))

    def _wrapped(self, name: str, px: int) -> QLabel:
        label = plain_label(name=name)
        label.setWordWrap(True)
        label.setFont(self._metrics.font(px))
        return label

    def _lay_out(self, m: Metrics) -> None:
        self.card.setMaximumWidth(m.px(220))
        self.card_layout.setContentsMargins(m.px(10), m.px(8), m.px(10), m.px(8))
        self.card_layout.setSpacing(m.gap * 2)
        self.list_page = listing = QWidget()
        self.list_column = column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(m.gap * 2)
        # A long list scrolls by finger inside the card. The card is made once and kept (see the window):
        # every gesture grab costs Qt a gesture type for good.
        self.list_area = QScrollArea()
        self.list_area.setWidget(self.listing)
        self.list_area.setWidgetResizable(True)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.list_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        column.addWidget(self.list_area, 1)
        column.addWidget(self.hint)
        actions = QHBoxLayout()
        actions.setSpacing(m.gap * 2)
        actions.addStretch(1)
        actions.addWidget(self.show_qr_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        column.addLayout(actions)
        column.addWidget(self.print_note)
        codes = QWidget()
        column = QVBoxLayout(codes)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(m.gap * 2)
        for label in (self.code, self.part, self.qr_hint):
            column.addWidget(label)
        self.part.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.setSpacing(m.gap * 2)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        row.addWidget(self.codes_close_button)
        column.addLayout(row)
        self.pages.addWidget(listing)
        self.pages.addWidget(codes)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.pages)

    def set_texts(self, text: UiText) -> None:
        self._text = text
        self.title.setText(text.my_questions_title)
        self.hint.setText(text.my_questions_hint)
        self.qr_hint.setText(text.qr_hint)
        self.show_qr_button.setText(text.show_qr)
        self.print_button.setText(text.print_sheet)
        self.next_button.setText(text.next_code)
        self.back_button.setText(text.back_to_list)
        self.close_button.setText(text.close)
        self.codes_close_button.setText(text.close)

    def open_with(self, sheet: Sheet, text: UiText, metrics: Metrics | None = None) -> None:
        """Show this sheet in the language and text size of the moment (`metrics`: the toolbar's, which
        grows half as much as the page), the list first."""
        if metrics is not None:
            self._set_size(metrics)
        self.set_texts(text)
        self.sheet = sheet
        blocks = [
            "\n\n".join([*([title] if title else []), *(f"•  {line}" for line in lines)])
            for title, lines in sheet.groups
        ]
        self.listing.setText("\n\n\n".join(blocks))
        self.codes = []
        self.print_note.hide()
        self.pages.setCurrentIndex(0)
        self.list_area.verticalScrollBar().setValue(0)
        self.open()
        # As tall as the list needs, up to 40 % of the screen (the card's buttons need the rest at 200 %);
        # the rest scrolls.
        wanted = (
            self.listing.heightForWidth(self.list_area.viewport().width()) + 2 * self.list_area.frameWidth() + 4
        )
        self.list_area.setFixedHeight(max(self._metrics.target, min(wanted, round(self.host.height() * 0.4))))
        # The card's layout keeps the sizes it measured before until the layout request gets up to it, a turn
        # later: a list grown since the card was last open left the card short, and the hint drawn over the list.
        self.list_column.invalidate()
        for widget in (self.list_page, self.pages):
            widget.updateGeometry()
        self.fit_card()

    def show_codes(self) -> None:
        self.codes = qr_texts(self.sheet, self._text.qr_part)
        self.code_index = 0
        self._show_code()
        self.pages.setCurrentIndex(1)
        self.fit_card()
        self.qr_shown.emit(len(self.codes))

    def next_code(self) -> None:
        if self.codes:
            self.code_index = (self.code_index + 1) % len(self.codes)
            self._show_code()

    def _show_code(self) -> None:
        text = self.codes[self.code_index]
        # Whole pixels a module (a blurred edge between modules makes codes harder to read), as wide as
        # QR_MM allows and never more than 45 % of the screen's height.
        side = min(self._metrics.px(QR_MM), round(self.host.height() * 0.45))
        scale = max(2, side // modules(text))
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(text, scale))
        self.code.setPixmap(pixmap)
        many = len(self.codes) > 1
        self.part.setText(
            self._text.qr_part.format(part=self.code_index + 1, parts=len(self.codes)) if many else ""
        )
        self.part.setVisible(many)
        self.next_button.setVisible(many)

    def show_print_result(self, words: str) -> None:
        """Say what became of the Print tap, under the buttons."""
        self.print_note.setText(words)
        self.print_note.show()
        self.fit_card()

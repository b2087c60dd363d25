"""The My questions list on its card: each topic's title, its groups' titles, and one row a line with the bullet
hanging beside the wrapped words; scrolled by finger or by the kiosk's own ▲ and ▼, never a desktop scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QScroller, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.takeaway import Sheet  # noqa: TID253 -- loaded with the My questions card, itself lazy
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

BULLET = "•"
SCROLL_STEP = 0.8  # of the visible height a ▲ or ▼ tap moves: a line of context stays in view
# The window's style gives scroll areas a frame and their labels a padding and a grey ground: a desktop list
# box. This list sits on the card itself; its rows space themselves.
_LOCAL_QSS = """
QScrollArea#SheetArea, QWidget#SheetBody { background: transparent; border: none; }
QWidget#SheetBody QLabel { background: transparent; padding: 0; }
"""


class Bullet(QWidget):
    """The bullet before a row's words, in their font and colour. Drawn, not a label: it is no word to read
    aloud, and the keypad reads a card's labels."""

    def __init__(self, words: QLabel) -> None:
        super().__init__()
        self.words = words
        metrics = words.fontMetrics()
        self.setFixedSize(metrics.horizontalAdvance(BULLET) * 3, metrics.lineSpacing())

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(self.words.font())
        painter.setPen(self.words.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter, BULLET)


class SheetList(QWidget):
    """The sheet's lines for the patient to read over. `rows` holds the words of every line shown, in order."""

    def __init__(self, text: UiText, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self.setStyleSheet(_LOCAL_QSS)
        self.area = QScrollArea()
        self.area.setObjectName("SheetArea")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.viewport().setAutoFillBackground(False)
        self.body = QWidget()
        self.body.setObjectName("SheetBody")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.area.setWidget(self.body)
        # The card is made once and kept (see the window): every gesture grab costs Qt a gesture type for good.
        QScroller.grabGesture(self.area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.up_button = TouchButton(text.scroll_up, objectName="ScrollUp")
        self.down_button = TouchButton(text.scroll_down, objectName="ScrollDown")
        self.up_button.clicked.connect(lambda: self.scroll_by(-SCROLL_STEP))
        self.down_button.clicked.connect(lambda: self.scroll_by(SCROLL_STEP))
        self.buttons = QVBoxLayout()
        self.buttons.addWidget(self.up_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.down_button)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.area, 1)
        self.row.addLayout(self.buttons)
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(self._update_buttons)
        bar.rangeChanged.connect(self._update_buttons)
        self.rows: list[str] = []
        self.set_texts(text)
        self._update_buttons()

    def set_texts(self, text: UiText) -> None:
        self.up_button.setText(text.scroll_up)
        self.down_button.setText(text.scroll_down)
        self.up_button.setAccessibleName(text.scroll_up_name)  # ▲ and ▼ are not words a voice can say
        self.down_button.setAccessibleName(text.scroll_down_name)

    def show_sheet(self, sheet: Sheet, metrics: Metrics) -> None:
        """Lay the sheet out afresh at these sizes: topic titles when there are several, then group titles and
        one row a line, scrolled to the top."""
        self._metrics = m = metrics
        self._clear()
        self.column.setSpacing(m.px(2))
        self.buttons.setSpacing(m.gap)
        self.row.setSpacing(m.gap)
        sections = [section for section in sheet.sections if section.lines]
        self.rows = []
        for number, section in enumerate(sections):
            if len(sections) > 1:
                self._add_title(section.topic, round(m.ui_px() * 1.1), "PromptTitle", first=number == 0)
            for title, lines in section.groups:
                if not lines:
                    continue
                if title:
                    self._add_title(title, m.ui_px(), "GroupHeading", first=not self.column.count())
                for line in lines:
                    self._add_row(line)
        self.column.addStretch(1)
        self.stop()
        self.area.verticalScrollBar().setValue(0)

    def stop(self) -> None:
        """No glide left running when the card closes (a scroll animating on a hidden list upsets Qt)."""
        QScroller.scroller(self.area.viewport()).stop()

    def least_height(self) -> int:
        """Room for ▲ and ▼ above each other, as the style sheet sizes them."""
        self.up_button.ensurePolished()
        return 2 * self.up_button.sizeHint().height() + self._metrics.gap

    def wanted_height(self, width: int) -> int:
        """How tall the list is at this width (its own width, ▲ and ▼ included), every row shown."""
        inside = max(1, width - self.up_button.sizeHint().width() - self._metrics.gap)
        return self.column.totalHeightForWidth(inside) if self.column.hasHeightForWidth() else 0

    def scroll_by(self, pages: float) -> None:
        bar = self.area.verticalScrollBar()
        target = bar.value() + round(pages * self.area.viewport().height())
        target = max(bar.minimum(), min(bar.maximum(), target))
        QScroller.scroller(self.area.viewport()).scrollTo(QPointF(0, target), 250)

    def _update_buttons(self) -> None:
        """▲ and ▼ only when the list scrolls, each greyed out at its end (as on the reading screen)."""
        bar = self.area.verticalScrollBar()
        scrolls = bar.maximum() > bar.minimum()
        for button in (self.up_button, self.down_button):
            button.setVisible(scrolls)
        self.up_button.setEnabled(bar.value() > bar.minimum())
        self.down_button.setEnabled(bar.value() < bar.maximum())

    def _add_title(self, words: str, px: int, name: str, *, first: bool) -> None:
        label = self._label(words, px, name, bold=True)
        label.setContentsMargins(0, 0 if first else self._metrics.px(3), 0, 0)
        self.column.addWidget(label)

    def _add_row(self, line: str) -> None:
        """A bullet and the line's words beside it: a wrapped line runs on under the words, not the bullet."""
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        words = self._label(line, self._metrics.ui_px(), "")
        words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row.addWidget(Bullet(words), 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(words, 1)
        self.column.addLayout(row)
        self.rows.append(line)

    def _label(self, words: str, px: int, name: str, *, bold: bool = False) -> QLabel:
        label = plain_label(words, name=name)
        label.setWordWrap(True)
        label.setFont(self._metrics.font(px, QFont.Weight.Bold if bold else QFont.Weight.Normal))
        return label

    def _clear(self) -> None:
        while (item := self.column.takeAt(0)) is not None:
            inner, widget = item.layout(), item.widget()
            if inner is not None:
                while (held := inner.takeAt(0)) is not None:
                    if (label := held.widget()) is not None:
                        label.deleteLater()
                inner.deleteLater()
            if widget is not None:
                widget.deleteLater()

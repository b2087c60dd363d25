"""Touch test for staff: every finger that lands leaves a mark, to check the touch screen is aligned."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.override import override
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

MAX_MARKS = 400


class TouchTest(QWidget):
    def __init__(self, parent: QWidget, text: UiText, metrics: Metrics) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("TouchTest")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._radius = metrics.px(6)
        self.marks: list[QPointF] = []
        self.hint = plain_label(text.touch_test_hint, self)
        self.hint.setFont(metrics.font(metrics.ui_px()))
        self.hint.move(metrics.px(8), metrics.px(8))
        self.hint.adjustSize()
        self.close_button = TouchButton(text.close, self)
        self.close_button.resize(metrics.target * 2, metrics.target)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def open(self) -> None:
        self.marks.clear()
        self.setGeometry(self._host.rect())
        self.close_button.move(self.width() - self.close_button.width() - 20, 20)
        self.show()
        self.raise_()

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate) and isinstance(event, QTouchEvent):
            for point in event.points():
                self._mark(point.position())
            return True
        return super().event(event)

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._mark(event.position())

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._mark(event.position())

    def _mark(self, point: QPointF) -> None:
        self.marks = [*self.marks[-MAX_MARKS + 1 :], point]
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#0a4652"), 3))
        for point in self.marks:
            painter.drawEllipse(point, self._radius, self._radius)
            painter.drawLine(point - QPointF(self._radius, 0), point + QPointF(self._radius, 0))
            painter.drawLine(point - QPointF(0, self._radius), point + QPointF(0, self._radius))

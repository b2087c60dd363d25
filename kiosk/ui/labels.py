"""Labels that show their text as typed: never as rich text, which Qt would lay out and fetch pictures for.

A QLabel guesses whether its text is HTML (`Qt.TextFormat.AutoText`). Every string the kiosk puts in a
label (titles, tab labels, ui.toml words, file names in problems) comes from a pack or a config file, so a
guess of "rich" would let `<img src=/dev/zero>` read a device until memory runs out, or `<span style=
font-size:2000px>` fill the screen. The format is set before the text, so the text is never parsed as HTML.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.override import override


def plain_label(text: str = "", parent: QWidget | None = None, name: str = "") -> QLabel:
    """A QLabel that shows `text` literally, with object name `name` (the style sheet's handle)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no selecting, no links
    if name:
        label.setObjectName(name)
    label.setText(text)
    return label


class HangingLabel(QLabel):
    """A plain-text label whose lines keep their indent when they wrap, and hang: a line's wrapped part starts
    `hang_em` further in than the line (staff mode's problems box: a topic's line under the library's, a problem's
    message under its file). Laid out and drawn by a QTextDocument holding the text as typed (never HTML)."""

    def __init__(self, hang_em: float = 1.5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setWordWrap(True)
        self._hang_em = hang_em
        self._document = QTextDocument(self)
        self._document.setDocumentMargin(0)
        self._laid_out: tuple[str, QFont] | None = None

    def laid_out(self) -> QTextDocument:
        """The document for the text and font of the moment (each line a block with its hanging indent)."""
        font = self.font()
        if self._laid_out != (self.text(), font):
            document = self._document
            document.setDefaultFont(font)
            document.setPlainText(self.text())
            metrics = QFontMetricsF(font)
            hang = metrics.horizontalAdvance("M") * self._hang_em
            block = document.begin()
            while block.isValid():
                line = block.text()
                lead = metrics.horizontalAdvance(line[: len(line) - len(line.lstrip(" "))])
                shape = QTextBlockFormat()
                shape.setLeftMargin(lead + hang)
                shape.setTextIndent(-(lead + hang))  # the line itself from the edge: its spaces make its indent
                QTextCursor(block).setBlockFormat(shape)
                block = block.next()
            self._laid_out = (self.text(), QFont(font))
        return self._document

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        left, top, right, bottom = self._insets()
        document = self.laid_out()
        document.setTextWidth(max(1, width - left - right))
        return math.ceil(document.size().height()) + top + bottom

    def _insets(self) -> tuple[int, int, int, int]:
        """Room left, top, right and bottom of the text, as QLabel leaves it: frame, padding, margin and indent
        (half an "x" beside a frame, on the sides the text is aligned to)."""
        inner, outer = self.contentsRect(), self.rect()
        fm, margin, align = self.fontMetrics(), self.margin(), self.alignment()
        indent = self.indent()
        if indent < 0:
            indent = fm.horizontalAdvance("x") // 2 if self.frameWidth() else 0
        return (
            inner.left() - outer.left() + margin + (indent if align & Qt.AlignmentFlag.AlignLeft else 0),
            inner.top() - outer.top() + margin + (indent if align & Qt.AlignmentFlag.AlignTop else 0),
            outer.right() - inner.right() + margin,
            outer.bottom() - inner.bottom() + margin,
        )

    @override
    def sizeHint(self) -> QSize:
        width = max(super().sizeHint().width(), 1)
        return QSize(width, self.heightForWidth(width))

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.drawFrame(painter)
        left, top, right, _bottom = self._insets()
        document = self.laid_out()
        document.setTextWidth(max(1, self.width() - left - right))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self.palette().color(self.foregroundRole()))
        painter.translate(left, top)
        document.documentLayout().draw(painter, context)

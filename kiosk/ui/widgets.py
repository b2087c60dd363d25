"""Small building blocks shared by the screens: a touch button whose label wraps, and grid reflow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.announce import spoken_name
from kiosk.override import override
from kiosk.ui.labels import plain_label

W = TypeVar("W", bound=QWidget)
_SIDE_MARGIN = 6  # px between a touch button's edge and its label, left and right


def named(widget: W, name: str) -> W:
    """`widget` with its object name (the style sheet's handle) set; PySide's typing lacks objectName=."""
    widget.setObjectName(name)
    return widget


class TouchButton(QPushButton):
    """A large button whose text wraps onto more lines instead of being cut off."""

    def __init__(
        self,
        text: str,
        parent: QWidget | None = None,
        *,
        checkable: bool = False,
        objectName: str = "",  # noqa: N803 -- Qt's keyword
    ) -> None:
        super().__init__(parent)
        self.setObjectName(objectName)
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.label = plain_label(text, self, "ButtonLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(_SIDE_MARGIN, 4, _SIDE_MARGIN, 4)
        self._layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.flow_width = 0  # in a row of `place_in_rows`: the width it asks for there (0: its label's)
        # Other words it may come to show (Listen's Pause, a count that grows): the measures below keep room for
        # the widest, so a change of words moves no button.
        self.room_for: tuple[str, ...] = ()
        self.setAccessibleName(spoken_name(text))  # screen readers say "Start over", not "↺ Start over"
        # Style sheets cannot style a child by its parent's state, so the label carries the state itself.
        self.toggled.connect(self._restyle_label)

    @override
    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(spoken_name(text))  # screen readers say "Start over", not "↺ Start over"

    @override
    def text(self) -> str:
        return self.label.text()

    @override
    def sizeHint(self) -> QSize:
        hint = self._layout.sizeHint()
        width = self.flow_width or max(hint.width(), self.minimumWidth())
        return QSize(width, max(hint.height(), self.minimumHeight()))

    @override
    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), self.minimumHeight())

    def set_checked_quietly(self, checked: bool) -> None:
        """Show a state that was set elsewhere: no `toggled`/`clicked` is sent, the label still follows."""
        self.blockSignals(True)
        self.setChecked(checked)
        self.blockSignals(False)
        self._restyle_label(checked)

    def _restyle_label(self, checked: bool) -> None:
        self.label.setProperty("checked", checked)
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)


class OneTapButton(TouchButton):
    """A button that moves its card on (an answer, Done): the second tap of a double tap is dropped, since by
    then the next question is on screen under the finger, and would be answered unseen."""

    @override
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()  # no press: its release clicks nothing


def texts(button: TouchButton) -> tuple[str, ...]:
    """The words on a button, and those it keeps room for."""
    return (button.text(), *button.room_for)


def label_metrics(button: TouchButton) -> QFontMetrics:
    """Its label's font measures, bold if it can be checked (a checked label is bold: ticking it moves nothing)."""
    font = QFont(button.label.font())
    font.setBold(font.bold() or button.isCheckable())
    return QFontMetrics(font)


def longest_word_px(button: TouchButton) -> int:
    """Width of the longest word on a button: narrower than this, its label would be cut."""
    metrics = button.label.fontMetrics()
    return max((metrics.horizontalAdvance(word) for text in texts(button) for word in text.split()), default=0)


def one_line_px(button: TouchButton) -> int:
    """Width of the widest of its words (`texts`) on one line."""
    metrics = label_metrics(button)
    return max(metrics.horizontalAdvance(text) for text in texts(button))


def flow_px(button: TouchButton, gap: int) -> int:
    """Width a button takes in a row of `place_in_rows`: its label on one line, inside the button's margins with a
    gap either side."""
    return max(one_line_px(button) + 2 * (_SIDE_MARGIN + gap), button.minimumWidth())


def columns_that_fit(count: int, available: int, needed: int, gap: int) -> int:
    """Most columns (count, then half, a third...) whose cells are at least `needed` wide."""
    for rows in range(1, count + 1):
        columns = -(-count // rows)
        if (available - gap * (columns - 1)) / columns >= needed:
            return columns
    return 1


def place_in_grid(
    grid: QGridLayout, widgets: Sequence[QWidget], columns: int, stretches: list[int] | None = None
) -> None:
    """Lay `widgets` out row by row in `columns` columns, equal unless `stretches` gives their shares."""
    _empty(grid)
    _out_of_flow(widgets)
    for index, widget in enumerate(widgets):
        grid.addWidget(widget, index // columns, index % columns)
    for column in range(columns):
        grid.setColumnStretch(column, stretches[column] if stretches else 1)


def place_tabs(grid: QGridLayout, tabs: Sequence[TouchButton], width: int, *, flow: bool) -> None:
    """Tabs in equal columns as wide as the longest word needs; with `flow` (the reading screen closed up), each
    as wide as its words when that takes fewer rows."""
    gap = grid.spacing()
    available = max(width, 1) - 2 * gap
    columns = columns_that_fit(len(tabs), available, max(longest_word_px(tab) for tab in tabs) + 3 * gap, gap)
    widths = [flow_px(tab, gap) for tab in tabs]
    if flow and len(flow_rows(widths, available, gap)) < -(-len(tabs) // columns):
        place_in_rows(grid, tabs, widths, available)
    else:
        place_in_grid(grid, tabs, columns)


def place_in_rows(
    grid: QGridLayout, widgets: Sequence[TouchButton], widths: Sequence[int], available: int
) -> None:
    """Lay `widgets` out as words in a paragraph: as many to a row as fit at their `widths`, each row a box of its
    own (a short label does not take a cell as wide as the longest one's), its spare room shared among them."""
    gap = grid.spacing()
    _empty(grid)
    for row, members in enumerate(flow_rows(widths, available, gap)):
        line = QHBoxLayout()
        line.setSpacing(gap)
        for index in members:
            widgets[index].flow_width = widths[index]
            widgets[index].updateGeometry()
            line.addWidget(widgets[index])
        grid.addLayout(line, row, 0)
    grid.setColumnStretch(0, 1)


def flow_rows(widths: Sequence[int], available: int, gap: int) -> list[list[int]]:
    """The indexes of `widths` broken into rows no wider than `available`, as words into lines."""
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + gap + width > available:
            rows.append([])
        used = (used + gap if rows[-1] else 0) + width
        rows[-1].append(index)
    return rows


def _out_of_flow(widgets: Sequence[QWidget]) -> None:
    for widget in widgets:
        if isinstance(widget, TouchButton) and widget.flow_width:
            widget.flow_width = 0
            widget.updateGeometry()


def _empty(grid: QGridLayout) -> None:
    """Take every widget (and row of `place_in_rows`) out of `grid`, and its columns' stretch off."""
    for index in reversed(range(grid.count())):
        item = grid.itemAt(index)
        widget, line = (item.widget(), item.layout()) if item is not None else (None, None)
        if widget is not None:
            grid.removeWidget(widget)
        elif line is not None:
            for position in reversed(range(line.count())):
                held = line.itemAt(position)
                if held is not None and (button := held.widget()) is not None:
                    line.removeWidget(button)
            grid.removeItem(line)
            line.deleteLater()
    for column in range(grid.columnCount()):
        grid.setColumnStretch(column, 0)


def set_buttons(group: QButtonGroup, grid: QGridLayout, words: Sequence[tuple[str, str]]) -> None:
    """One checkable TouchButton in `group` for each (text, object name), numbered in order. Buttons already there
    take the new words, and only those past the end are taken down: a new pack of 30 pages was 30 tabs taken down
    and 30 made, 50 ms of a 110 ms step (benchmarks/hostile.py, a pack from the content source)."""
    for index in range(len(group.buttons()) - 1, len(words) - 1, -1):
        button = group.button(index)
        group.removeButton(button)
        grid.removeWidget(button)
        button.hide()  # explicitly: a show the layout queued for it must not open it as a window of its own
        button.setParent(None)
        button.deleteLater()
    for index, (text, name) in enumerate(words):
        button = group.button(index)
        if isinstance(button, TouchButton):
            button.setText(text)
            button.setObjectName(name)
        else:
            button = TouchButton(text, checkable=True, objectName=name)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            group.addButton(button, index)

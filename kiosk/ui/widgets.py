"""Small building blocks shared by the screens: a touch button whose label wraps, and grid reflow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.announce import spoken_name
from kiosk.override import override
from kiosk.ui.labels import plain_label

W = TypeVar("W", bound=QWidget)


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
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
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
        return QSize(max(hint.width(), self.minimumWidth()), max(hint.height(), self.minimumHeight()))

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


def longest_word_px(button: TouchButton) -> int:
    """Width of the longest word on a button: narrower than this, its label would be cut."""
    metrics = button.label.fontMetrics()
    return max((metrics.horizontalAdvance(word) for word in button.text().split()), default=0)


def one_line_px(button: TouchButton) -> int:
    return button.label.fontMetrics().horizontalAdvance(button.text())


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
    widths = [max(one_line_px(tab) + 3 * gap, tab.minimumWidth()) for tab in tabs]
    if flow and len(flow_rows(widths, available, gap)) < -(-len(tabs) // columns):
        place_in_rows(grid, tabs, widths, available)
    else:
        place_in_grid(grid, tabs, columns)


FLOW_UNITS = 60  # columns of the grid `place_in_rows` shares out: fine enough for a row of a dozen buttons


def place_in_rows(grid: QGridLayout, widgets: Sequence[QWidget], widths: Sequence[int], available: int) -> None:
    """Lay `widgets` out as words in a paragraph: as many to a row as fit at their `widths`, each row shared out
    among its widgets in proportion to their widths (on a grid of FLOW_UNITS columns, each widget spanning its
    share), so a short label does not take a cell as wide as the longest one's."""
    _empty(grid)
    for row, members in enumerate(flow_rows(widths, available, grid.spacing())):
        column = 0
        for index, span in zip(members, shares(FLOW_UNITS, [widths[index] for index in members]), strict=True):
            grid.addWidget(widgets[index], row, column, 1, span)
            column += span
    for column in range(FLOW_UNITS):
        grid.setColumnStretch(column, 1)


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


def shares(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders first), at least 1 each."""
    whole = sum(weights) or 1
    exact = [total * weight / whole for weight in weights]
    parts = [max(1, int(part)) for part in exact]
    by_remainder = sorted(range(len(parts)), key=lambda index: exact[index] - parts[index], reverse=True)
    for index in by_remainder[: max(0, total - sum(parts))]:
        parts[index] += 1
    while sum(parts) > total:  # the 1-each floor took too much: from the largest
        parts[parts.index(max(parts))] -= 1
    return parts


def _empty(grid: QGridLayout) -> None:
    """Take every widget out of `grid` and its columns' stretch off."""
    for index in reversed(range(grid.count())):
        item = grid.itemAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None:
            grid.removeWidget(widget)
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

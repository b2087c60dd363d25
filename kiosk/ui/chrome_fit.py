"""Tabs and toolbar that leave the page room to read: on a short screen they close up, step by step.

At 200 % text a 1366 x 768 screen had room for the tabs and toolbar at their full size and one line of the page,
and the toolbar's rows were pushed over each other. The reading screen now takes the largest step of `LADDER`
that leaves the page `READING_LINES` lines of body text: first the gaps close up, then targets shrink from 20 to
15 mm, then the tabs' and toolbar's text gives up its growth (the page's text keeps the patient's size), and last
the targets go to 12 mm (still above WCAG's 44 px). Closed up, the toolbar's buttons (and the tabs, when that
takes fewer rows) may sit in rows each as wide as its label on one line, where that leaves the page more room.
Each step keeps every label whole: labels wrap, never cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.ui.metrics import Metrics
from kiosk.ui.style import LINE_HEIGHT_PERCENT, chrome_qss
from kiosk.ui.topic_bar import TopicBar
from kiosk.ui.widgets import texts

if TYPE_CHECKING:
    from kiosk.ui.reader import ReadingScreen

READING_LINES = 4  # lines of body text the page keeps, when closing up the chrome can make the room


@dataclass(frozen=True, slots=True)
class Step:
    """How far the chrome closes up: shares of the full gap and target, and of its text's growth."""

    gap: float
    target: float
    growth: float  # 1: the chrome's text grows as the look says (half the page's growth); 0: the default size


LADDER = (
    Step(1.0, 1.0, 1.0),  # the full size: what a screen with room shows, untouched
    Step(0.5, 1.0, 1.0),
    Step(0.5, 0.75, 1.0),
    Step(0.5, 0.75, 0.5),
    Step(0.5, 0.75, 0.0),
    Step(0.5, 0.6, 0.0),
)


def stepped(chrome: Metrics, step: Step) -> Metrics:
    """`chrome` (the look's, at its full size) closed up by `step`."""
    return replace(
        chrome,
        gap_mm=chrome.gap_mm * step.gap,
        target_mm=chrome.target_mm * step.target,
        scale=1 + (chrome.scale - 1) * step.growth,
    )


class ChromeFit:
    """Keeps `reader`'s tabs and toolbar at the largest step of LADDER that leaves its page room to read."""

    def __init__(self, reader: ReadingScreen, chrome: Metrics) -> None:
        self._reader = reader
        self._chrome = chrome  # the look's, at its full size
        self.step = 0
        self._fitting = False
        self._fitted: tuple[object, ...] = ()  # what the step on screen was chosen for (see _key)

    @property
    def metrics(self) -> Metrics:
        """The chrome's sizes at the step on screen."""
        return stepped(self._chrome, LADDER[self.step])

    def set_chrome(self, chrome: Metrics) -> None:
        """A new look: the next `fit` starts from its full size."""
        self._chrome = chrome

    def fit(self) -> None:
        """Apply the largest step that leaves the page room, searching from the step on screen (a new look or
        size is most often one step away: each step tried restyles the chrome, about 10 ms). Nothing is done
        when nothing it depends on changed."""
        if self._fitting or not self._reader.isVisible():  # a hidden screen is not laid out: its show fits it
            return
        if self._key() == self._fitted:
            return
        self._fitting = True  # reflowing the toolbar below asks again
        try:
            steps = self._distinct_steps()
            at = max(position for position, index in enumerate(steps) if index <= self.step)
            self._apply(steps[at])
            if self._fits():
                while at > 0:
                    self._apply(steps[at - 1])
                    if not self._fits():
                        self._apply(steps[at])
                        break
                    at -= 1
            else:
                while at < len(steps) - 1 and not self._fits():
                    at += 1
                    self._apply(steps[at])
            self._fitted = self._key()
        finally:
            self._fitting = False

    def _distinct_steps(self) -> list[int]:
        """The steps of LADDER that differ from the one before (at 100 % text, less growth changes nothing)."""
        sizes = [stepped(self._chrome, step) for step in LADDER]
        return [index for index, size in enumerate(sizes) if index == 0 or size != sizes[index - 1]]

    def _key(self) -> tuple[object, ...]:
        """What the fit depends on: the screen's size, the chrome's and the page's text size, the words, and the
        labels' size on screen (the window's style sheet for a new look comes a turn after the page's)."""
        reader = self._reader
        tabs = tuple(button.text() for button in reader.tabs.buttons())
        words = (tabs, tuple(frozenset(texts(button)) for button in reader.toolbar.placed()), _topic_words(reader))
        shown = reader.toolbar.start_over_button.label.font().pixelSize()
        return (reader.size(), self._chrome, reader.body_line_px(), words, shown)

    def _fits(self) -> bool:
        return self.page_room() >= self.wanted_room()

    def wanted_room(self) -> int:
        lines = READING_LINES * self._reader.body_line_px() * LINE_HEIGHT_PERCENT / 100
        return round(lines)

    def page_room(self) -> int:
        """Height of the page once the reading screen is laid out anew."""
        reader = self._reader
        for inner in (reader.tab_grid, reader.toolbar.grid, *(bar.row for bar in reader.findChildren(TopicBar))):
            inner.activate()
        layout = reader.layout()
        if layout is not None:  # now, not when the toolbar's own layout request comes round
            layout.invalidate()
            layout.activate()
        return reader.stack.height()

    def _apply(self, index: int) -> None:
        self.step = index
        m, reader = self.metrics, self._reader
        sheet = chrome_qss(m) if index else ""  # the full size is the window's own style sheet, untouched
        bars = reader.findChildren(TopicBar)  # a library's topic line (kiosk/ui/topic_bar.py)
        for widget in (
            reader.tab_bar,
            reader.toolbar,
            reader.up_button,
            reader.down_button,
            reader.more_below,
            *bars,
        ):
            if widget.styleSheet() != sheet:
                widget.setStyleSheet(sheet)
                widget.ensurePolished()
        for bar in bars:
            bar.set_gap(m.gap)
        for grid in (reader.tab_grid, reader.toolbar.grid):
            grid.setContentsMargins(m.gap, m.gap, m.gap, m.gap)
            grid.setSpacing(m.gap)
        room = m.gap_mm / 3  # the page's margins close up with the gaps
        reader.middle.setContentsMargins(m.px(6 * room), m.px(4 * room), m.gap * 2, m.px(2 * room))
        reader.middle.setSpacing(m.px(6 * room))
        reader.scroll_column.setSpacing(m.gap)
        reader.reflow_tabs()
        toolbar = reader.toolbar
        toolbar.flow = False
        toolbar.arrange()
        if index:  # closed up: rows of buttons each as wide as its label, when that leaves the page more room
            in_grid = self.page_room()
            toolbar.flow = True
            toolbar.arrange()
            if self.page_room() <= in_grid:
                toolbar.flow = False
                toolbar.arrange()


def _topic_words(reader: ReadingScreen) -> tuple[tuple[str, str], ...]:
    """What a library's topic line says, if it is shown (the topic's name may take a second line)."""
    return tuple(bar.words() for bar in reader.findChildren(TopicBar) if not bar.isHidden())

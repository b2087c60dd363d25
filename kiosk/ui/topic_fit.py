"""How the topic list fits a short screen: the largest step of `LADDER` that shows two cards whole (and the top of
a third, when there is one) without scrolling, so a patient sees at once that there is a choice, and that the list
goes on.

At 200 % text on a 1366 x 768 screen the full-size heading (title, hint, language buttons) and cards left room for
one card. Step by step: the heading closes up (a smaller title, the hint beside the language buttons) and the cards
take a smaller picture and closer padding; then one card a row (a wide card wraps its title onto fewer lines);
then the cards' text gives up half its growth, then all of it (the title stays at body size, the summary at
button size). Cards stay 20 mm tall or more at every step, and no text is ever cut: it wraps.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.ui.metrics import Metrics
from kiosk.ui.topic_card import ROOMY, SHORT, CardLook

PEEK_MM = 6  # of the third card's top left in view: enough to see that the list goes on


@dataclass(frozen=True, slots=True)
class Step:
    """The heading closed up (`short`), the cards' look, at most one card a row, and the share of its growth
    the cards' text keeps."""

    short: bool
    look: CardLook
    one_column: bool
    growth: float

    def card_metrics(self, chrome: Metrics) -> Metrics:
        return replace(chrome, scale=1 + (chrome.scale - 1) * self.growth)


LADDER = (
    Step(False, ROOMY, False, 1.0),  # a screen with room: as it always was
    Step(True, SHORT, False, 1.0),
    Step(True, SHORT, True, 1.0),
    Step(True, SHORT, True, 0.5),
    Step(True, SHORT, True, 0.0),
)


def rows_needed(heights: list[int], columns: int, gap: int, peek: int) -> int:
    """Height the list's cards need for its first two cards whole, and `peek` pixels of the next row when there
    is one: `heights` are the first cards' heights in order (three, or all there are), `columns` a row."""
    rows = [heights[start : start + columns] for start in range(0, len(heights), columns)]
    whole = rows[: 2 if columns == 1 else 1]
    needed = sum(max(row) for row in whole) + gap * (len(whole) - 1)
    shown = sum(len(row) for row in whole)
    return needed + (gap + peek if len(heights) > shown else 0)

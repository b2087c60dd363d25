"""The reading screen's topic line, in a library of several topics: the name of the topic on show and, after a
link to it from another topic was followed, the way back there ("← Back to SI joint injection").

A slim line above the tabs, on the tab bar's colour: the toolbar keeps every button where it was (its places do
not move when the way back comes), and a single pack has no line at all. The way back returns to the page the link
was on, as far down it as the patient had read (kiosk.visit.Place), with that topic's ticks (the visit shelves
them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk import limits
from kiosk.override import override
from kiosk.ui.labels import plain_label
from kiosk.ui.widgets import TouchButton, flow_px

if TYPE_CHECKING:  # the reading screen's: made after the first frame
    from kiosk.ui.page_view import PageView
    from kiosk.ui.reader import ReadingScreen

# Looks, 25 ms apart, at a page coming back (ScrollBack): as long as a page may take to render before it is shown
# as "could not be shown" (limits.RENDER_SECONDS), and a second more.
RESTORE_TRIES = round((limits.RENDER_SECONDS + 1) * 1000 / 25)


def short_name(title: str) -> str:
    """A topic's name for the way back: its title up to a colon ("SI joint injection: the numbing test" is "SI
    joint injection"), or the whole title when that would leave less than two words."""
    head = title.split(":", 1)[0].strip()
    return head if len(head.split()) >= 2 else title


class TopicBar(QWidget):
    """The topic's name and, when there is one, the way back (`back_requested`). The name is as tall as a touch
    target (its style sheet), so the tabs under it stay where they are when the way back comes or goes."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopicBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the tab bar's colour (kiosk/ui/style.py)
        self.back_button = TouchButton("", self, objectName="BackToTopic")
        policy = self.back_button.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Fixed)  # as wide as `_fit` says
        self.back_button.setSizePolicy(policy)
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        self.name = plain_label(name="TopicName")
        self.name.setWordWrap(True)
        self.name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.name.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._gap = 0
        self.row = QHBoxLayout(self)
        self.row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.row.addWidget(self.name, 1)

    def set_gap(self, gap: int) -> None:
        """The tab bar's gaps (closed up on a short screen: kiosk/ui/chrome_fit.py); none under the line, where the
        tab bar has its own."""
        self._gap = gap
        self.row.setContentsMargins(gap, gap, gap, 0)
        self.row.setSpacing(gap * 2)
        self._fit()

    def _fit(self) -> None:
        """The way back's words on one line where they take at most half the line (else on two: the topic's name
        has the other half), and the name as tall as the button (its style sheet's height), shown or not."""
        button = self.back_button
        button.ensurePolished()
        button.flow_width = min(flow_px(button, self._gap), max(button.minimumWidth(), round(self.width() * 0.5)))
        button.updateGeometry()
        self.name.setMinimumHeight(button.minimumHeight())

    def show_topic(self, name: str, back: str) -> None:
        """`name`: the topic on show; `back`: the way back's words, "" for none."""
        self.name.setText(name)
        self.name.setAccessibleName(name)
        self.back_button.setText(back)
        self.back_button.setVisible(bool(back))
        self._fit()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def words(self) -> tuple[str, str]:
        """What the line says (the reading screen's room depends on it)."""
        return (self.name.text(), self.back_button.text() if not self.back_button.isHidden() else "")


def scroll_share(view: PageView | None) -> float:
    """How far down its page `view` is, from 0 (the top) to 1 (the end)."""
    if view is None:
        return 0.0
    bar = view.verticalScrollBar()
    return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0


class ScrollBack(QObject):
    """Scrolls a page, once it is rendered and laid out, to where the patient left it. The page of a topic left for
    another is rendered again on the way back (kiosk.library.Library.let_go): its height comes in a turn or more,
    and may change again as the screen settles in the topic (the tabs and toolbar take their room), so this looks
    each 25 ms, RESTORE_TRIES times, and keeps the place until then. It stops at once if the patient moves on, and
    looks at the reading screen's page each time: the view showing it may be replaced meanwhile."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, interval=25)
        self._timer.timeout.connect(self._try)
        self._reader: ReadingScreen | None = None
        self._page = ""
        self._share = 0.0
        self._tries = 0
        self._put: tuple[int, int] | None = None  # the value set, and the length of the page it was set for

    def start(self, reader: ReadingScreen, page: str, share: float) -> None:
        """Scroll `reader`'s page `page` to `share` of its length, once it is rendered and laid out."""
        self._reader, self._page, self._share, self._tries, self._put = reader, page, share, 0, None
        if share <= 0:  # the page's top: where it opens anyway
            self._stop()
            return
        self._try()
        if self._reader is not None:
            self._timer.start()

    def _try(self) -> None:
        reader, self._tries = self._reader, self._tries + 1
        view = reader.current_view() if reader is not None else None
        if reader is None or view is None or view.page_id != self._page or self._tries > RESTORE_TRIES:
            self._stop()  # the patient went to another page, or the time is up
            return
        bar = view.verticalScrollBar()
        put, length = self._put or (0, -1)
        if bar.value() != put and (self._put is None or bar.maximum() == length):
            self._stop()  # scrolled by the patient meanwhile: theirs is the place now
        elif not reader.renderer.waiting and not view.laying_out() and 0 < bar.maximum() != length:
            bar.setValue(round(self._share * bar.maximum()))  # rendered, in its view (not its title alone), laid
            self._put = (bar.value(), bar.maximum())  # out anew: the same share of its new length

    def _stop(self) -> None:
        self._reader = None
        self._timer.stop()

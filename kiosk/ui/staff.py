"""Staff mode: the PIN pad, then pack status, problems, reload, touch test and exit to desktop."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.pin import PinGuard
from kiosk.ui.labels import HangingLabel, plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.pinpad import PinPad
from kiosk.ui.widgets import TouchButton, named
from kiosk.uitext import UiText

if TYPE_CHECKING:
    from kiosk.ui.staff_desk import Reload

log = logging.getLogger(__name__)
MAX_LISTED = 200


class StaffOverlay(Overlay):
    """Signals what staff asked for; the window decides what it means."""

    reload_requested = Signal()
    touch_test_requested = Signal()
    stats_requested = Signal()
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget, guard: PinGuard, text: UiText, metrics: Metrics) -> None:
        super().__init__(parent, "StaffOverlay")
        self._text, self._metrics = text, metrics
        self.guard = guard  # outlives this overlay, so a language change does not forgive wrong PINs
        self.has_pin = guard.has_pin
        self.pages = QStackedWidget()
        self.pin_pad = PinPad(self.guard, text, metrics)
        self.panel = named(QWidget(), "StaffPanel")
        self.no_pin = plain_label(text.no_pin_set, name="StaffNoPin")
        self.no_pin.setWordWrap(True)
        self.no_pin.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.summary = plain_label()
        self.problems = HangingLabel()  # wrapped lines keep their indent, and hang under their first line
        self.status = HangingLabel()
        self.reload_result = plain_label(name="StaffReload")  # what came of a reload, beside the button
        for label in (self.summary, self.problems, self.status, self.reload_result, self.no_pin):
            label.setFont(metrics.font(metrics.ui_px()))
            label.setWordWrap(True)
        self.reload_result.setFont(metrics.font(metrics.ui_px(), QFont.Weight.Bold))
        self.problems.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.reload_button = TouchButton(text.reload_now)
        self.touch_button = TouchButton(text.touch_test)
        self.stats_button = TouchButton(text.statistics)
        self.exit_button = TouchButton(text.exit_to_desktop)
        self.exit_button.setObjectName("DangerButton")
        self.close_button = TouchButton(text.close)
        self._build(metrics)
        self.pin_pad.accepted.connect(self._unlock)
        self.reload_button.clicked.connect(self.reload_requested)
        self.touch_button.clicked.connect(self.touch_test_requested)
        self.stats_button.clicked.connect(self.stats_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.close_button.clicked.connect(self._close)

    def _build(self, m: Metrics) -> None:
        title = plain_label(self._text.staff_title)
        title.setFont(m.font(round(m.body_px() * 1.2), QFont.Weight.Bold))
        # The notes (a line per topic, the content source's) scroll with the problems: at 200 % text a library's
        # lines alone would push the buttons off the screen.
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.setSpacing(0)
        notes_layout.addWidget(self.status)
        notes_layout.addWidget(self.problems, 1)
        problems_scroll = QScrollArea()
        problems_scroll.setWidget(notes)
        problems_scroll.setWidgetResizable(True)
        problems_scroll.setMinimumHeight(m.px(40))
        panel = QVBoxLayout(self.panel)
        panel.setSpacing(m.gap)
        panel.addWidget(self.summary)
        panel.addWidget(problems_scroll, 1)
        panel.addWidget(self.reload_result)
        buttons = QHBoxLayout()
        buttons.setSpacing(m.gap)
        for button in (self.reload_button, self.stats_button, self.touch_button, self.exit_button):
            buttons.addWidget(button)
        panel.addLayout(buttons)
        for page in (self.pin_pad, self.panel, self.no_pin):
            self.pages.addWidget(page)
        self.card.setMinimumWidth(m.px(240))  # four buttons in a row, each label on one line at 100 % text
        self.card_layout.setContentsMargins(m.px(8), m.px(6), m.px(8), m.px(6))
        self.card_layout.setSpacing(m.gap)
        self.card_layout.addWidget(title)
        self.card_layout.addWidget(self.pages, 1)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

    def open_for(
        self,
        library: Library,
        problems: list[Issue],
        reload_note: str,
        loaded: dt.datetime,
        reload: Reload,
        heading: tuple[str, str] | None = None,
    ) -> None:
        self.show_status(library, problems, reload_note, loaded, reload, heading)
        self.pin_pad.reset()
        self.pages.setCurrentWidget(self.pin_pad if self.has_pin else self.no_pin)
        self.open()

    def show_status(
        self,
        library: Library,
        problems: list[Issue],
        reload_note: str,
        loaded: dt.datetime,
        reload: Reload,
        heading: tuple[str, str] | None = None,
    ) -> None:
        """`loaded`: when the content on screen was loaded; `reload`: what came of the last reload, if any;
        `heading`: a library's title and version, which name the content (its topics are listed below), else
        the pack's."""
        title, version = heading or (library.pack.info.title, library.pack.info.version)
        when = loaded.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        self.summary.setText(self._text.pack_summary.format(title=title, version=version or "?", loaded=when))
        self.status.setText(reload_note)
        self.status.setVisible(bool(reload_note))
        self.reload_result.setText(self._reload_line(reload))
        self.reload_result.setVisible(bool(self.reload_result.text()))
        if not problems:
            self.problems.setText(self._text.no_problems)
            return
        lines = [str(issue) for issue in problems[:MAX_LISTED]]
        if len(problems) > MAX_LISTED:
            lines.append(f"... and {len(problems) - MAX_LISTED} more (see the log)")
        self.problems.setText(self._text.problems_found.format(count=len(problems)) + "\n" + "\n".join(lines))

    def _reload_line(self, reload: Reload) -> str:
        if reload.checking:
            return self._text.reload_checking
        if reload.at is None:
            return ""
        time = reload.at.astimezone().strftime("%H:%M")
        if reload.failed:
            return self._text.reload_failed.format(time=time)
        return (self._text.reload_done if reload.taken else self._text.reload_checked).format(time=time)

    @property
    def unlocked(self) -> bool:
        return self.isVisible() and self.pages.currentWidget() is self.panel

    def _unlock(self) -> None:
        log.info("staff mode opened")
        self.pages.setCurrentWidget(self.panel)

    def _close(self) -> None:
        self.close_overlay()
        self.closed.emit()

"""The kiosk's one window: welcome, reading and resting screens, and the overlays drawn over them."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.palette import Palette
from kiosk.ui.idle import StillReadingPrompt
from kiosk.ui.metrics import Metrics
from kiosk.ui.reader import ReadingScreen
from kiosk.ui.resting import RestingScreen
from kiosk.ui.staff import StaffOverlay
from kiosk.ui.style import window_qss
from kiosk.ui.touch_test import TouchTest
from kiosk.ui.welcome import WelcomeScreen
from kiosk.uitext import UiText

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    """Owns the screens and moves between them.

    Signals: `first_painted` once after the first frame, `session_reset` after every return to the start,
    `exit_requested` when staff chose to leave, `staff_opened` / `staff_closed`.
    """

    first_painted = Signal()
    session_reset = Signal()
    exit_requested = Signal()
    staff_opened = Signal()
    staff_closed = Signal()
    reload_requested = Signal()

    def __init__(
        self,
        library: Library,
        config: Config,
        metrics: Metrics,
        palette: Palette,
        text: UiText,
        *,
        windowed: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(library.pack.info.title)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        if not windowed:
            self.setWindowFlags(
                Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
        self.windowed = windowed
        self.metrics = metrics
        self.library = library
        self.problems: list[Issue] = list(library.issues)
        self.reload_note = ""
        self.language = library.default_language
        self._text = text
        self.setStyleSheet(window_qss(palette, metrics))

        self.stack = QStackedWidget()
        self.welcome = WelcomeScreen(
            library.pack.info.title, config.clinic_name, text.touch_to_start, self._topics(), metrics
        )
        self.reader = ReadingScreen(library.pages_in(self.language), library.root, text, palette, metrics)
        self.resting = RestingScreen(text, metrics)
        for screen in (self.welcome, self.reader, self.resting):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.prompt = StillReadingPrompt(self, text, metrics, config.idle.warning_s)
        self.staff = StaffOverlay(self, config.staff.pin_hash, text, metrics)
        self.touch_test = TouchTest(self, text, metrics)

        self.welcome.dismissed.connect(self.show_reader)
        self.reader.start_over.connect(self.reset_session)
        self.prompt.expired.connect(self.reset_session)
        self.staff.closed.connect(self._staff_closed)
        self.staff.reload_requested.connect(self.reload_requested)
        self.staff.touch_test_requested.connect(self.touch_test.open)
        self.staff.exit_requested.connect(self.exit_requested)
        self._painted = False
        self.installEventFilter(self)
        self.show_welcome()

    # --- screens ---
    def show_kiosk(self) -> None:
        if self.windowed:
            self.show()
        else:
            self.showFullScreen()

    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.resting if self.library.is_empty else self.welcome)

    def show_reader(self) -> None:
        self.stack.setCurrentWidget(self.resting if self.library.is_empty else self.reader)

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def state(self) -> str:
        """One word for the heartbeat file."""
        if self.staff.isVisible():
            return "staff"
        return {self.welcome: "welcome", self.reader: "reading", self.resting: "resting"}.get(
            self.current_screen(), "unknown"
        )

    # --- sessions ---
    def reset_session(self) -> None:
        """Back to how the next patient should find it: nothing the last one did survives."""
        log.info("session reset: back to the welcome screen")
        self.prompt.close_overlay()
        self.touch_test.hide()
        if self.staff.isVisible():
            self.staff.close_overlay()
            self.staff_closed.emit()
        if self.language != self.library.default_language:
            self.language = self.library.default_language
            self.reader.set_pages(self.library.pages_in(self.language))
        self.reader.reset()
        self.show_welcome()
        self.session_reset.emit()

    def ask_still_reading(self) -> None:
        """Idle: ask first if someone may be reading; anywhere else, quietly return to the start."""
        if self.staff.isVisible():
            return
        if self.current_screen() is self.reader:
            log.info("no input for a while: asking 'Still reading?'")
            self.prompt.open()
        else:
            self.reset_session()

    # --- staff ---
    def open_staff(self) -> None:
        if self.staff.isVisible():
            return
        self.prompt.close_overlay()
        log.info("staff gesture: PIN pad opened")
        self.staff.open_for(self.library, self.problems, self.reload_note)
        self.staff_opened.emit()

    def _staff_closed(self) -> None:
        self.touch_test.hide()
        self.staff_closed.emit()

    # --- content ---
    def set_library(self, library: Library) -> None:
        """Swap in newly loaded content, keeping the patient on the same page where it still exists."""
        self.library = library
        self.problems = list(library.issues)
        self.reload_note = ""
        self.reader.set_pages(library.pages_in(self.language))
        self.welcome.set_texts(
            library.pack.info.title, self.welcome.clinic.text(), self._text.touch_to_start, self._topics()
        )
        if library.is_empty:
            self.stack.setCurrentWidget(self.resting)
        elif self.current_screen() is self.resting:
            self.show_welcome()
        self._refresh_staff()

    def keep_library(self, rejected: Library) -> None:
        """New content had errors: keep showing what we have and tell staff why."""
        self.problems = list(rejected.issues)
        self.reload_note = self._text.reload_kept_old
        self._refresh_staff()

    def _refresh_staff(self) -> None:
        if self.staff.isVisible():
            self.staff.show_status(self.library, self.problems, self.reload_note)

    def _topics(self) -> str:
        return "  ·  ".join(page.tab for page in self.library.pages_in(self.language))

    # --- events ---
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

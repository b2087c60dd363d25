"""The kiosk's one window: welcome, reading and resting screens in a frameless full-screen stack."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.library import Library
from kiosk.palette import Palette
from kiosk.ui.metrics import Metrics
from kiosk.ui.reader import ReadingScreen
from kiosk.ui.resting import RestingScreen
from kiosk.ui.style import window_qss
from kiosk.ui.welcome import WelcomeScreen
from kiosk.uitext import UiText


class KioskWindow(QWidget):
    """Owns the screens and moves between them. `first_painted` fires once, after the first frame."""

    first_painted = Signal()

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
        if not windowed:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.windowed = windowed
        self.library = library
        self.language = library.default_language
        self.setStyleSheet(window_qss(palette, metrics))

        self.stack = QStackedWidget()
        topics = "  ·  ".join(page.tab for page in library.pages_in(self.language))
        self.welcome = WelcomeScreen(library.pack.info.title, config.clinic_name, text.touch_to_start, topics,
                                     metrics)
        self.reader = ReadingScreen(library.pages_in(self.language), library.root, text, palette, metrics)
        self.resting = RestingScreen(text, metrics)
        for screen in (self.welcome, self.reader, self.resting):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.welcome.dismissed.connect(self.show_reader)
        self.reader.start_over.connect(self.show_welcome)
        self._painted = False
        self.installEventFilter(self)
        self.show_welcome()

    def show_kiosk(self) -> None:
        if self.windowed:
            self.show()
        else:
            self.showFullScreen()

    def show_welcome(self) -> None:
        """The start of every visit: welcome screen, first tab, every page at its top."""
        if self.library.is_empty:
            self.stack.setCurrentWidget(self.resting)
            return
        self.reader.reset()
        self.stack.setCurrentWidget(self.welcome)

    def show_reader(self) -> None:
        if self.library.is_empty:
            self.stack.setCurrentWidget(self.resting)
            return
        self.stack.setCurrentWidget(self.reader)

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

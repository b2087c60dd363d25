"""The frame of the kiosk's window: full screen on top of everything, a stack of screens, and its first frame.

KioskWindow (kiosk/ui/window.py) builds on it; start-up work the first screen does not need waits here until
that screen is painted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.override import override

AFTER_FIRST_FRAME_MS = 100  # slow start-up work waits until the first screen is up (then goes in short turns)


class WindowFrame(QWidget):
    """A frameless window on top of all others (or, `windowed`, an ordinary one for staff to preview) showing
    one of the screens in `stack`. Signals: `first_painted` once after the first frame."""

    first_painted = Signal()

    def __init__(self, title: str, *, windowed: bool) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        if not windowed:
            self.setWindowFlags(
                Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
        self.windowed = windowed
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The screen decides the window's size, never the content: a layout that needs more room than a small
        # screen has (Spanish labels, 200 % text) must squeeze, not push the window out of full screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(self.stack)
        self._painted = False
        self.installEventFilter(self)

    def show_kiosk(self) -> None:
        if self.windowed:
            self.show()
        else:
            self.showFullScreen()

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    @property
    def has_painted(self) -> bool:
        """Whether the window's first frame has been painted (`first_painted` was emitted)."""
        return self._painted

    def after_first_frame(self, work: Callable[[], None]) -> None:
        """Run `work` once the first frame is painted (at once, if it was): start-up work the first screen does
        not need."""
        if self._painted:
            work()
        else:
            self.first_painted.connect(work)

    def _after_first_frame(self) -> None:
        """What the window does AFTER_FIRST_FRAME_MS after its first frame: nothing here."""

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(AFTER_FIRST_FRAME_MS, self, self._after_first_frame)
        return super().eventFilter(watched, event)

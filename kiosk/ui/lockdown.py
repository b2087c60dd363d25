"""In-app lockdown: no key, gesture, menu, tooltip or drop can close, shrink or leave the kiosk window."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from kiosk.override import override

log = logging.getLogger(__name__)

# Events a patient could use to open something the kiosk did not draw, or to zoom or drop things.
SWALLOWED = frozenset({
    QEvent.Type.ContextMenu, QEvent.Type.ToolTip, QEvent.Type.WhatsThis, QEvent.Type.QueryWhatsThis,
    QEvent.Type.StatusTip, QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop,
    QEvent.Type.NativeGesture,  # touchpad and touch-screen pinch and rotate: zoom, not reading
})  # fmt: skip
# Not swallowed: Gesture events, which carry the page's kinetic finger scrolling (QScroller).
KEY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut}
)


class Lockdown(QObject):
    """App-wide event filter. No patient-facing control takes keyboard input, so every key is swallowed:
    Alt+F4, Escape, Ctrl+W/Q, F11, Alt+Space and the Meta key all arrive here and go no further."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.swallowed = 0

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in KEY_EVENTS:
            if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                log.debug("key swallowed: %s", event.key())
            return self._swallow(event)
        if kind in SWALLOWED:
            return self._swallow(event)
        # Ctrl+wheel (and a touchpad pinch sent as it) would zoom the page text.
        zoom = Qt.KeyboardModifier.ControlModifier
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent) and event.modifiers() & zoom:
            return self._swallow(event)
        return False

    def _swallow(self, event: QEvent) -> bool:
        self.swallowed += 1
        event.accept()
        return True


class WindowGuard(QObject):
    """Keeps a window full-screen, on top and focused; it takes them back whenever it loses them."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.enabled = True
        self.restores = 0
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(250)  # let the window manager finish what it was doing first
        self._pending.timeout.connect(self.restore)
        window.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or watched is not self._window:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close:
            event.ignore()
            log.info("close request ignored")
            return True
        if kind in (QEvent.Type.WindowStateChange, QEvent.Type.WindowDeactivate, QEvent.Type.Hide):
            self._pending.start()
        return False

    def is_in_place(self) -> bool:
        window = self._window
        return window.isVisible() and window.isFullScreen() and not window.isMinimized()

    def restore(self) -> None:
        if not self.enabled:
            return
        window = self._window
        if not self.is_in_place():
            self.restores += 1
            log.info("window was moved out of full screen; taking it back")
            window.setWindowState(Qt.WindowState.WindowFullScreen)
            window.showFullScreen()
        window.raise_()
        window.activateWindow()


def log_placement(window: QWidget) -> None:
    """Where the first frame went: a kiosk that is not full screen (a compositor that refused, a second screen)
    leaves the desktop reachable, so IT's log says so."""
    area = window.screen().geometry()
    log.info(
        "window %dx%d, %s, on screen %s %dx%d (platform %s)",
        window.width(),
        window.height(),
        "full screen" if window.isFullScreen() else "NOT full screen",
        window.screen().name() or "-",
        area.width(),
        area.height(),
        QGuiApplication.platformName(),
    )

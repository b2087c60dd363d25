"""Overlays: panels drawn by the app over the whole window (never an OS dialog)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.ui.widgets import named

T = TypeVar("T")


class Overlay(QWidget):
    """Covers its parent window, dims what is behind it, and holds a centred card."""

    def __init__(self, parent: QWidget, name: str, *, dim: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._dim, self.host = dim, parent
        self.card = named(QFrame(self), "Card")
        self.card_layout = QVBoxLayout(self.card)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        self.setGeometry(self.host.rect())
        self.show()
        self.raise_()
        self.fit_card()

    def fit_card(self) -> None:
        """Wrapped labels need the card's final width to know their height; grow the card to fit them."""
        layout = self.card_layout
        needed = layout.totalHeightForWidth(self.card.width()) if layout.hasHeightForWidth() else 0
        self.card.setMinimumHeight(max(needed, layout.totalSizeHint().height()))

    def close_overlay(self) -> None:
        self.hide()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.host.rect())
        return False

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        if self._dim:
            QPainter(self).fillRect(self.rect(), QColor(0, 0, 0, 150))


class LazyOverlays:
    """A window's overlays, each made the first time it is needed: most visits never see the staff panel, the
    idle prompt or a QR code, and those cost no memory until then. `drop()` when the words change."""

    def __init__(self, makers: Mapping[str, Callable[[], QWidget]]) -> None:
        self._makers = makers
        self._made: dict[str, QWidget] = {}

    def __getitem__(self, name: str) -> QWidget:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    @property
    def made(self) -> tuple[str, ...]:
        return tuple(self._made)

    def is_open(self, name: str) -> bool:
        overlay = self._made.get(name)
        return overlay is not None and overlay.isVisible()

    def close(self, *names: str) -> None:
        """Close these if they were ever made (never makes one just to close it)."""
        for overlay in (self._made[name] for name in names if name in self._made):
            if isinstance(overlay, Overlay):
                overlay.close_overlay()
            else:
                overlay.hide()

    def drop(self) -> None:
        for overlay in self._made.values():
            overlay.hide()
            overlay.deleteLater()
        self._made.clear()


class OverlaySlot(Generic[T]):
    """`staff = OverlaySlot[StaffOverlay]()` in a class with `overlays: LazyOverlays`: `window.staff` makes it."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, window: Any, owner: type | None = None) -> T:
        return cast(T, window.overlays[self._name])

"""Connects the window's events to the usage recorder, and draws the staff Statistics view."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

from kiosk.analytics import Recorder, Summary, summarize
from kiosk.palette import Palette
from kiosk.quiz import quiz_lines
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow

DAY_MS = 24 * 60 * 60 * 1000


def attach_statistics(window: KioskWindow, recorder: Recorder | None, palette: Palette) -> None:
    """Staff mode's Statistics button opens the view (made when first asked for); with statistics off it says
    so."""
    made: list[StatsOverlay] = []

    def show() -> None:
        if not made:
            made.append(StatsOverlay(window, palette, window.metrics, window.text.close))
        overlay = made[0]
        overlay.close_button.setText(window.text.close)  # the language of the moment, not of the first use
        library = window.library
        questions = quiz_lines(library.pack.quizzes, library.default_language)
        version = library.pack.info.version
        if recorder is None:
            overlay.open_with(Summary(), "Usage statistics are switched off ([analytics] enabled in kiosk.toml).")
        else:
            overlay.open_with(summarize(recorder.path), recorder.problem, version, questions)

    window.stats_requested.connect(show)


def record_usage(window: KioskWindow, recorder: Recorder) -> QTimer:
    """Every visit, page and reading aid goes to `recorder`; old records are purged once a day."""

    window.visit_started.connect(recorder.visit_started)
    window.visit_ended.connect(recorder.visit_ended)
    window.page_viewed.connect(recorder.page_shown)
    window.feature_used.connect(recorder.feature_used)
    window.quiz_answered.connect(recorder.quiz_answered)
    purge = QTimer(window, interval=DAY_MS)
    purge.timeout.connect(recorder.purge)
    purge.start()
    return purge


class VisitsChart(QWidget):
    """Visits per day as bars, drawn with QPainter: Qt Charts would add about 10 MB to the bundle."""

    def __init__(self, palette: Palette, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._palette, self._metrics = palette, metrics
        self.days: list[tuple[str, int]] = []
        self.setMinimumHeight(metrics.px(60))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_days(self, days: list[tuple[str, int]]) -> None:
        self.days = days
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        p, m = self._palette, self._metrics
        font = QFont(m.family)
        font.setPixelSize(max(14, round(m.ui_px() * 0.6)))
        painter.setFont(font)
        label_h = round(font.pixelSize() * 1.6)
        left = font.pixelSize() * 3
        area = QRectF(left, m.px(2), self.width() - left - m.px(2), self.height() - label_h - m.px(3))
        painter.setPen(QColor(p.border))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self.days:
            return
        peak = max(count for _, count in self.days) or 1
        slot = area.width() / len(self.days)
        painter.setPen(QColor(p.muted))
        tall = font.pixelSize() * 1.4
        painter.drawText(QRectF(0, area.top(), left - 8, tall), Qt.AlignmentFlag.AlignRight, str(peak))
        painter.drawText(QRectF(0, area.bottom() - tall, left - 8, tall), Qt.AlignmentFlag.AlignRight, "0")
        for index, (day, count) in enumerate(self.days):
            height = area.height() * count / peak
            bar = QRectF(area.left() + index * slot + slot * 0.15, area.bottom() - height, slot * 0.7, height)
            painter.fillRect(bar, QColor(p.accent))
            last = index == len(self.days) - 1
            if last or (index % 7 == 0 and len(self.days) - index > 4):  # a date a week keeps labels apart
                painter.setPen(QColor(p.muted))
                painter.drawText(
                    QRectF(bar.center().x() - left, area.bottom() + 4, 2 * left, label_h),
                    Qt.AlignmentFlag.AlignCenter,
                    day[5:],
                )


class StatsOverlay(Overlay):
    """Staff mode's Statistics: visits per day for 30 days, pages by views and time, reading aids used."""

    def __init__(self, parent: QWidget, palette: Palette, metrics: Metrics, close: str) -> None:
        super().__init__(parent, "Stats")
        self.title = plain_label("Statistics (last 30 days)")
        self.title.setFont(metrics.font(round(metrics.body_px() * 1.1), QFont.Weight.Bold))
        self.chart = VisitsChart(palette, metrics)
        self.details = plain_label()
        self.details.setFont(metrics.font(metrics.ui_px()))
        self.details.setWordWrap(True)
        self.close_button = TouchButton(close)
        self.close_button.clicked.connect(self.close_overlay)
        self.card.setMinimumWidth(metrics.px(220))
        self.card_layout.setContentsMargins(metrics.px(8), metrics.px(6), metrics.px(8), metrics.px(6))
        for widget in (self.title, self.chart, self.details):
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

    def open_with(
        self, summary: Summary, problem: str, version: str = "", questions: Mapping[int, str] | None = None
    ) -> None:
        self.chart.set_days(summary.visits_per_day)
        pages = (
            "\n".join(
                f"   {page}: {views} views, median {seconds:.0f} s" for page, views, seconds in summary.pages[:8]
            )
            or "   none yet"
        )
        features = ", ".join(f"{name} {count}" for name, count in summary.features) or "none yet"
        endings = ", ".join(f"{name} {count}" for name, count in summary.endings) or "none yet"
        lines = [
            f"Visits: {summary.visits}. How they ended: {endings}.",
            "Pages:",
            pages,
            f"Reading aids used: {features}.",
            *quiz_report(summary.quiz, version, questions or {}),
        ]
        if problem:
            lines.insert(0, problem)
        self.details.setText("\n".join(lines))
        self.open()


def quiz_report(
    rows: list[tuple[str, int, int, int]], version: str, questions: Mapping[int, str], width: int = 60
) -> list[str]:
    """Staff's lines for the quiz: the pack on show question by question (what patients misunderstand shows
    as a low share), earlier pack versions in one line each, since their questions may have differed."""
    if not rows:
        return []
    lines = [f"Quiz, answered right the first time (pack version {version or '-'}):"]
    current = [row for row in rows if row[0] == version]
    for _, question, answered, right in sorted(current, key=lambda row: row[1]):
        words = questions.get(question, "")
        words = words if len(words) <= width else words[: width - 1].rstrip() + "…"
        lines.append(f"   {question}. {words}  {right} of {answered} ({round(100 * right / answered)} %)")
    if not current:
        lines.append("   none yet")
    older: dict[str, int] = {}
    for row_version, _, answered, _ in rows:
        if row_version != version:
            older[row_version] = older.get(row_version, 0) + answered
    if older:
        earlier = ", ".join(f"{name or '-'}: {count} answers" for name, count in older.items())
        lines.append(f"   Earlier pack versions: {earlier} (kiosk stats --csv has them)")
    return lines

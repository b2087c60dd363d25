"""Connects the window's events to the usage recorder, and draws the staff Statistics view."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QSizePolicy, QWidget

from kiosk.analytics import Recorder
from kiosk.library import Library
from kiosk.override import override
from kiosk.palette import Palette
from kiosk.quiz import quiz_lines
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from kiosk.uitext import UiText

if TYPE_CHECKING:
    from kiosk.shelf import Shelf
    from kiosk.usagereport import Summary

DAY_MS = 24 * 60 * 60 * 1000
MAX_PAGES = 20  # pages listed by views; the rest are counted in one line (`kiosk stats --csv` has them all)


def counted(count: int, one: str, many: str) -> str:
    """'1 visit', '2 visits', '0 visits': `one` and `many` hold {count} (ui.toml's singular and plural)."""
    return (one if count == 1 else many).format(count=count)


def aid_name(text: UiText, key: str) -> str:
    """What staff read for a recorded reading aid (kiosk.analytics.FEATURES); an unknown key as it is."""
    return str(getattr(text, f"aid_{key}", key))


def ending_name(text: UiText, key: str) -> str:
    """What staff read for how a visit ended (kiosk.analytics.ENDINGS); an unknown key as it is."""
    return str(getattr(text, f"ending_{key}", key))


def attach_statistics(
    window: KioskWindow,
    recorder: Recorder | None,
    palette: Palette,
    current_topic: Callable[[], str] | None = None,
    shelf: Callable[[], Shelf] | None = None,
) -> None:
    """Staff mode's Statistics button opens the view (made when first asked for); with statistics off it says
    so. `current_topic`: in a library of topics, the one on screen; `shelf`: the library's topics now (every
    topic's pages are named, and each topic's pack version is the current one)."""
    made: list[StatsOverlay] = []

    def show() -> None:
        from kiosk.usagereport import Summary, summarize  # reading the file: only when staff ask

        if not made:
            made.append(StatsOverlay(window, palette, window.metrics, window.text.close))
        overlay = made[0]
        text = window.text  # the language of the moment, not of the first use
        overlay.close_button.setText(text.close)
        topics = shown_topics(window, current_topic, shelf)
        names = page_names(window.language, topics)
        current = {
            f"{topic} {library.pack.info.version}" if topic else library.pack.info.version: quiz_lines(
                library.pack.quizzes, library.default_language
            )
            for topic, _, library in topics
        }  # as kiosk.usagereport.QUIZ_VERSION names them
        if recorder is None:
            overlay.open_with(Summary(), text.stats_off, text=text)
        else:
            try:
                summary, problem = summarize(recorder.path), recorder.problem
            except sqlite3.Error as error:  # locked by another program, or damaged since the start
                summary, problem = Summary(), f"cannot read the usage statistics in {recorder.path}: {error}"
            overlay.open_with(summary, problem, current, names, text)

    window.stats_requested.connect(show)


def shown_topics(
    window: KioskWindow, current_topic: Callable[[], str] | None, shelf: Callable[[], Shelf] | None
) -> list[tuple[str, str, Library]]:
    """(topic id, its title, its pack) for every topic, the one on screen first; ("", "", the window's pack) for
    a single pack. Reads every topic not read yet: staff asked."""
    library = shelf() if shelf is not None else None
    if library is None or not library.is_library:
        topic = current_topic() if current_topic is not None else ""
        return [(topic, "", window.library)]
    on_screen = current_topic() if current_topic is not None else ""
    ordered = sorted(library.topics, key=lambda topic: topic.id != on_screen)
    return [(topic.id, topic.title_in(window.language), topic.library) for topic in ordered]


def page_names(language: str, topics: Sequence[tuple[str, str, Library]]) -> dict[str, str]:
    """A recorded page (its id, "topic/id" in a library) to what staff read: the page's title in `language`
    (else in its pack's default language); in a library, the topic's title and the page's tab."""
    names: dict[str, str] = {}
    for topic, title, library in topics:
        for code in (library.default_language, language):
            for page in library.pack.pages.get(code, ()):
                if topic:
                    names[f"{topic}/{page.id}"] = f"{title or topic} · {page.meta.tab}"
                else:
                    names[page.id] = page.meta.title
    return names


def record_usage(window: KioskWindow, recorder: Recorder, topic: Callable[[], str] | None = None) -> QTimer:
    """Every visit, page and reading aid goes to `recorder`, each with the topic on screen (`topic`, in a library
    of topics); old records are purged once a day."""
    if topic is not None:

        def follow(*_: object) -> None:
            recorder.topic = topic()

        follow()
        # Connected before the recorder's own: the window's visit names the topic before these are sent.
        window.page_viewed.connect(follow)
        window.feature_used.connect(follow)
        window.quiz_answered.connect(follow)

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
        # Fills what the panel leaves: readable from a step back, 30 bars at least a finger's width apart.
        self.setMinimumHeight(metrics.px(80))
        self.setMinimumWidth(metrics.px(200))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_days(self, days: list[tuple[str, int]]) -> None:
        self.days = days
        self.update()

    def axis_font(self) -> QFont:
        font = QFont(self._metrics.family)
        font.setPixelSize(max(16, round(self._metrics.ui_px() * 0.75)))  # labels read from arm's length
        return font

    @staticmethod
    def ticks(peak: int) -> list[int]:
        """Round numbers up the side: 0, the peak rounded up, and a middle line when there is room."""
        top = max(1, peak)
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if top / s <= 4)
        top = -(-top // step) * step
        return list(range(0, top + 1, step))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        p, m = self._palette, self._metrics
        font = self.axis_font()
        painter.setFont(font)
        label_h = round(font.pixelSize() * 1.6)
        left = font.pixelSize() * 3
        area = QRectF(left, label_h / 2, self.width() - left - m.px(2), self.height() - label_h * 2)
        ticks = self.ticks(max((count for _, count in self.days), default=0))
        top = ticks[-1]
        tall = font.pixelSize() * 1.4
        for tick in ticks:  # a faint line per round number, its value at the left
            y = area.bottom() - area.height() * tick / top
            painter.setPen(QColor(p.border))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(p.muted))
            label = QRectF(0, y - tall / 2, left - 8, tall)
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))
        if not self.days:
            return
        slot = area.width() / len(self.days)
        for index, (day, count) in enumerate(self.days):
            height = area.height() * count / top
            bar = QRectF(area.left() + index * slot + slot * 0.15, area.bottom() - height, slot * 0.7, height)
            painter.fillRect(bar, QColor(p.accent))
            last = index == len(self.days) - 1
            if last or (index % 7 == 0 and len(self.days) - index > 4):  # a date a week keeps labels apart
                painter.setPen(QColor(p.muted))
                painter.drawText(
                    QRectF(
                        min(bar.center().x() - left, self.width() - 2 * left), area.bottom() + 4, 2 * left, label_h
                    ),
                    Qt.AlignmentFlag.AlignCenter,
                    day[5:],
                )


class StatsOverlay(Overlay):
    """Staff mode's Statistics: visits per day for 30 days, pages by views and time, reading aids used."""

    def __init__(self, parent: QWidget, palette: Palette, metrics: Metrics, close: str) -> None:
        super().__init__(parent, "Stats")
        self.title = plain_label(UiText().stats_title)
        self.title.setFont(metrics.font(round(metrics.body_px() * 1.1), QFont.Weight.Bold))
        self.chart = VisitsChart(palette, metrics)
        self.details = plain_label()
        self.details.setFont(metrics.font(metrics.ui_px()))
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.close_button = TouchButton(close)
        self.close_button.clicked.connect(self.close_overlay)
        self.card.setMinimumWidth(metrics.px(260))
        self.card_layout.setContentsMargins(metrics.px(8), metrics.px(6), metrics.px(8), metrics.px(6))
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.chart, 1)  # the chart takes the height the words leave
        # At large text the words can outgrow the screen: they scroll by finger inside the card, the chart
        # keeping at least a third of its height. (Made once per kiosk, like the overlay: every gesture grab
        # costs Qt a gesture type for good.)
        self.details_area = QScrollArea()
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.details_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.card_layout.addWidget(self.details_area, 1)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

    def open_with(
        self,
        summary: Summary,
        problem: str,
        current: Mapping[str, Mapping[int, str]] | None = None,
        names: Mapping[str, str] | None = None,
        text: UiText | None = None,
    ) -> None:
        """`current`: the pack version(s) on show (one a topic in a library) and their quiz questions; `names`:
        page id → what staff read (a page no longer in the pack shows its id); `text`: the words in the language
        staff chose."""
        words = text or UiText()
        self.title.setText(words.stats_title)
        self.chart.set_days(summary.visits_per_day)
        lines = [
            f"{visits_line(summary, words)}. "
            + words.stats_endings.format(endings=named_counts(summary.endings, words, ending_name)),
            words.stats_pages,
            *page_report(summary.pages, names or {}, words),
            words.stats_aids.format(aids=named_counts(summary.features, words, aid_name)),
            *topic_report(summary.topics, words),
            *quiz_report(summary.quiz, current or {}, text=words),
        ]
        if problem:
            lines.insert(0, problem)
        self.details.setText("\n".join(lines))
        self._size_details()
        self.open()

    def _size_details(self) -> None:
        """As wide as the longest line and as tall as the words, within most of the screen: beyond that they
        scroll (large text, a long quiz report)."""
        screen = self.parentWidget() or self
        bar = self.details_area.verticalScrollBar().sizeHint().width()
        width = min(self.details.sizeHint().width() + bar, round(screen.width() * 0.85))
        self.details_area.setMinimumWidth(width)
        height = self.details.heightForWidth(width - bar)
        self.details_area.setMinimumHeight(min(height, round(screen.height() * 0.4)))


def visits_line(summary: Summary, words: UiText) -> str:
    return counted(summary.visits, words.stats_visits_one, words.stats_visits_many)


def named_counts(rows: list[tuple[str, int]], words: UiText, name: Callable[[UiText, str], str]) -> str:
    return ", ".join(f"{name(words, key)} {count}" for key, count in rows) or words.stats_none_yet


def page_report(rows: list[tuple[str, int, float]], names: Mapping[str, str], words: UiText) -> list[str]:
    """A line per page, most viewed first, named the same way whatever its topic; beyond MAX_PAGES, one line
    saying how many more."""
    lines = [
        f"   {names.get(page, page)}: {counted(views, words.stats_views_one, words.stats_views_many)}, "
        + words.stats_median.format(seconds=f"{seconds:.0f}")
        for page, views, seconds in sorted(rows, key=lambda row: (-row[1], names.get(row[0], row[0])))[:MAX_PAGES]
    ]
    if len(rows) > MAX_PAGES:
        lines.append("   " + words.stats_more_pages.format(count=len(rows) - MAX_PAGES))
    return lines or [f"   {words.stats_none_yet}"]


def topic_report(rows: list[tuple[str, int, int, int, int, int]], words: UiText) -> list[str]:
    """A library's figures per topic (nothing for a single pack's statistics)."""
    if not any(row[0] for row in rows):
        return []
    lines = [words.stats_topics]
    for topic, visits, views, matters, answered, right in rows:
        quiz = words.stats_right_of.format(right=right, answered=answered) if answered else words.stats_no_answers
        line = words.stats_topic.format(
            topic=topic or "-",
            visits=counted(visits, words.stats_visits_one, words.stats_visits_many),
            views=counted(views, words.stats_views_one, words.stats_views_many),
            matters=matters,
            quiz=quiz,
        )
        lines.append(f"   {line}")
    return lines


def quiz_report(
    rows: list[tuple[str, int, int, int]],
    current: Mapping[str, Mapping[int, str]],
    width: int = 60,
    text: UiText | None = None,
) -> list[str]:
    """Staff's lines for the quiz: each pack version on show (`current`: in a library, every topic's, named
    "topic version"; its questions by number) question by question, so what patients misunderstand shows as a
    low share; earlier pack versions in one line each, since their questions may have differed."""
    if not rows:
        return []
    words = text or UiText()
    answered = [version for version in dict.fromkeys(row[0] for row in rows) if version in current]
    lines: list[str] = []
    for version in answered or [next(iter(current), "")]:
        lines.append(words.stats_quiz.format(version=version or "-"))
        questions = current.get(version, {})
        for _, question, count, right in sorted((row for row in rows if row[0] == version), key=lambda r: r[1]):
            asked = questions.get(question, "")
            asked = asked if len(asked) <= width else asked[: width - 1].rstrip() + "…"
            share = words.stats_right_of.format(right=right, answered=count)
            lines.append(f"   {question}. {asked}  {share} ({round(100 * right / count)} %)")
        if not answered:
            lines.append(f"   {words.stats_none_yet}")
    older: dict[str, int] = {}
    for row_version, _, count, _ in rows:
        if row_version not in current:
            older[row_version] = older.get(row_version, 0) + count
    if older:
        earlier = ", ".join(
            f"{name or '-'}: {counted(count, words.stats_answers_one, words.stats_answers_many)}"
            for name, count in older.items()
        )
        lines.append("   " + words.stats_earlier.format(versions=earlier))
    return lines

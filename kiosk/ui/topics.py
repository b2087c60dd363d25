"""A library of topics in the kiosk window: the topic list as the welcome screen, opening a topic (from its card
or a `topic:` link on a page), "All topics", the reset back to the list, hot reload that keeps the last good
version of each topic on its own, and the switch between a single pack and a library while the kiosk runs."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout

from kiosk.errors import Issue
from kiosk.library import Library
from kiosk.links import topic_target
from kiosk.shelf import Shelf, Topic, load_shelf
from kiosk.ui.metrics import Metrics
from kiosk.ui.topic_bar import ScrollBack, TopicBar, scroll_share, short_name
from kiosk.ui.topic_list import CardInfo, TopicListScreen
from kiosk.ui.topic_log import TopicLog, log_problems, topic_lines
from kiosk.ui.window import KioskWindow
from kiosk.visit import Visit

if TYPE_CHECKING:
    from kiosk.ui.reader import ReadingScreen

log = logging.getLogger(__name__)


READ_AHEAD_MS = 1000  # after the first frame and the window's own work after it


class TopicReader(QObject):
    """Reads and checks every topic's pages and renders each topic's first page on a worker thread, one topic
    at a time, once the screen is up: opening a topic then only shows it, a topic with errors is reported
    (`found_errors(topic id)`, on the UI thread; it leaves the list if nothing of it can be shown), and every
    topic has a last good version in memory for hot reload to keep. Pauses between topics, so the screen stays
    smooth while it works."""

    found_errors = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, topics: tuple[Topic, ...]) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, args=(topics,), name="topic-reader", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self, topics: tuple[Topic, ...]) -> None:
        for topic in topics:
            if self._stopped.wait(0.02):  # also gives the screen's thread its turn between topics
                return
            try:
                library = topic.library
                pages = library.pages_in(topic.default_language)
                if pages and not topic.unavailable:
                    _ = pages[0].html
                if library.has_errors:
                    self.found_errors.emit(topic.id)
            except Exception:  # a bug in reading one topic must not stop the others, nor kill the thread
                log.exception("reading topic %s ahead failed", topic.id)


class TopicDesk(QObject):
    """Keeps the window showing `shelf`. With one topic it stays out of the way (the window opens that topic as
    it would a single pack); with several, the topic list is the window's home screen and the toolbar offers
    "All topics". A child of the window, so it lives exactly as long as the window does."""

    def __init__(self, window: KioskWindow, shelf: Shelf) -> None:
        super().__init__(window)
        self.window, self.shelf = window, shelf
        self.rejected: tuple[Issue, ...] = ()  # library.toml's errors of newer content not taken
        self.screen = TopicListScreen()
        window.stack.addWidget(self.screen)
        self.screen.chosen.connect(self.open_topic)
        self.screen.language_chosen.connect(self._language_chosen)
        window.on_reader(self._offer_all_topics)
        window.visit_changed.connect(self._visit_changed)
        window.session_reset.connect(self._after_reset)
        window.desk.shelf_problems = self.problems
        self.bar: TopicBar | None = None  # the reading screen's topic line, made with the reading screen
        self._scroll_back = ScrollBack(self)
        self._listed: tuple[str, float] = ("", 0.0)  # the language and text scale the list was drawn in
        self._reader = TopicReader(self)
        self._reading = False  # the reader was started (after the first frame)
        self._reader.found_errors.connect(self._found_errors)
        self._log = TopicLog(shelf)
        window.first_painted.connect(lambda: QTimer.singleShot(READ_AHEAD_MS, self, self._read_ahead))
        # A turn after the first frame's paint (first_painted comes as it starts): the grab took 30 ms before it.
        window.after_first_frame(lambda: QTimer.singleShot(0, self.screen, self.screen.grab_finger_scrolling))
        window.destroyed.connect(self._reader.stop)
        self._apply()

    def _read_ahead(self) -> None:
        self._reading = True
        if self.shelf.is_library:
            self._reader.start(self.shelf.topics)

    def _found_errors(self, topic_id: str) -> None:
        """A topic read ahead has errors: the log says which (staff mode lists them); if nothing of it can be
        shown, the list no longer offers it."""
        topic = self.shelf.topic(topic_id)
        if topic is None or not topic.loaded:
            return  # replaced by a reload meanwhile
        self._log.report(topic)
        if not topic.unavailable:
            return
        if not self.window.visit.topic:
            self.refresh_list()
        else:
            self._listed = ("", 0.0)  # drawn anew when the patient comes back to the list

    @property
    def several(self) -> bool:
        return sum(not topic.is_empty for topic in self.shelf.topics) > 1

    def current_topic(self) -> str:
        """The topic on screen (the only one, in a library of one; "" for a single pack)."""
        if not self.shelf.is_library:
            return ""
        return self.window.visit.topic or next(
            (topic.id for topic in self.shelf.topics if topic.loaded and topic.library is self.window.library), ""
        )

    def topics_of(self, language: str, wanted: Collection[str]) -> list[tuple[str, str, Library]]:
        """For the take-home sheet: the topics named, in the library's order, with their titles and pages."""
        return [
            (topic.id if self.shelf.is_library else "", topic.title_in(language), topic.library)
            for topic in self.shelf.topics
            if (topic.id if self.shelf.is_library else "") in wanted
        ]

    def problems(self) -> list[Issue]:
        from kiosk.topiclinks import topic_link_problems  # staff asked: every topic is read anyway

        return [*self.rejected, *self.shelf.problems(), *topic_link_problems(self.shelf)]

    # --- what patients do ---
    def open_topic(self, topic_id: str, page_id: str = "", *, scroll: float | None = None) -> None:
        """That topic at that page (its first for ""), in the visit's language, with the topic's own ticks and
        answers from earlier in the visit. `scroll`: a link on the page on show, that far down it, was followed
        (the topic line then offers the way back to it)."""
        visit = self.window.visit
        if scroll is not None and visit.topic and visit.topic != topic_id:
            self._show(topic_id, visit.follow_to_topic(topic_id, page_id, scroll))
        else:
            self._show(topic_id, visit.open_topic(topic_id, page_id))

    def go_back(self) -> None:
        """The way back from a followed link: its topic and page, scrolled as far down as the patient had read."""
        place = self.window.visit.came_from
        if place is None:
            return
        visit, scroll = self.window.visit.back_to_topic()
        if self._show(place.topic, visit):
            self._scroll_back.start(self.window.reader, place.page, scroll)

    def _show(self, topic_id: str, visit: Visit) -> bool:
        """`visit` on screen, in that topic; False if the topic cannot be shown."""
        topic = self.shelf.topic(topic_id)
        if topic is None or topic.is_empty:
            return False
        library = topic.library  # read and checked now if the reader has not got to it yet
        self._log.report(topic)
        if topic.unavailable and self.several:
            log.error("topic %s not opened: %s", topic_id, topic.why_unavailable())
            self.refresh_list()
            return False
        log.info("topic: %s%s", topic_id, f" at {visit.page}" if visit.page else "")
        leaving = self.window.library
        self.window.speaker.stop()
        self.window.show_topic(library, visit)
        self.window.stack.setCurrentWidget(self.window.reader)
        if leaving is not library:
            leaving.let_go()
        return True

    def follow_link(self, href: str) -> None:
        """A `topic:` link on a page was tapped. One that leads nowhere (a single pack, a topic or page the
        library lacks: `kiosk check` and staff mode list it) does nothing."""
        named = topic_target(href)
        topic = self.shelf.topic(named[0]) if named is not None and self.shelf.is_library else None
        if named is None or topic is None or topic.is_empty:
            log.warning("link %s leads to no topic of this content; nothing opened", href)
            return
        self.open_topic(*named, scroll=scroll_share(self.window.reader.current_view()))
        self.window.feature_used.emit("topic_link", named[0])

    def all_topics(self) -> None:
        self.window.speaker.stop()
        self.window.set_visit(self.window.visit.all_topics())  # the list follows the visit's language and size
        self.window.stack.setCurrentWidget(self.screen)
        self.window.library.let_go()  # its pages are made again if the patient comes back to it

    def _language_chosen(self, language: str) -> None:
        self.window.set_visit(self.window.visit.with_language(language, self.shelf.languages))
        self.window.feature_used.emit("language", language)

    def _visit_changed(self, visit: Visit) -> None:
        self._show_bar()
        if self.several and (visit.language, visit.text_scale) != self._listed and not visit.topic:
            self.refresh_list()

    def _after_reset(self) -> None:
        """The next patient finds the list at its top (it is drawn anew when the language or size changed)."""
        if (self.window.visit.language, self.window.visit.text_scale) != self._listed:
            self.refresh_list()
        self.screen.area.verticalScrollBar().setValue(0)

    # --- the list ---
    def refresh_list(self) -> None:
        if not self.several:
            return
        visit, shelf = self.window.visit, self.shelf
        language = visit.language
        text = shelf.text_for(language)
        sections = [
            (
                heading,
                [
                    CardInfo(
                        topic.id,
                        topic.title_in(language),
                        topic.summary_in(language),
                        text.shown_in_default if missing else "",
                        topic.root,
                        topic.cover_src(language),
                    )
                    for topic, missing in listed
                ],
            )
            for heading, listed in shelf.grouped_in(language)
        ]
        names = [(code, shelf.text_for(code).language_name) for code in shelf.languages]
        words = (self.window.config.clinic_name, shelf.title_in(language), text.choose_topic, text.more_topics)
        self.screen.show_topics(words, sections, names, language, self._chrome(visit))
        self._listed = (language, visit.text_scale)

    def _chrome(self, visit: Visit) -> Metrics:
        # As the window's toolbar and cards: half the page's growth, so 200 % text keeps two cards a row.
        return dataclasses.replace(self.window.metrics, scale=1 + (visit.text_scale - 1) / 2)

    # --- content ---
    def load_next(self, root: Path) -> Shelf:
        """Read the folder again (on the watcher's thread): unchanged topics are kept as loaded, and a topic
        whose new files have errors keeps its last good version."""
        shelf = load_shelf(root, previous=self.shelf)
        shown = self.window.library
        for topic in shelf.topics:  # every page was rendered to check it: only the first of each is kept
            if topic.loaded and topic.library is not shown:
                topic.library.let_go()
        return shelf

    def set_shelf(self, shelf: Shelf) -> None:
        """New content without errors in library.toml: show it, topic by topic. A single pack with errors is not
        taken (as the window does without a library) unless the kiosk is resting: then its pages that can be read
        are shown. A single pack becoming a library, or back, restarts the visit on the new home screen."""
        if not shelf.is_library and shelf.first.library.has_errors and not self.shelf.is_empty:
            self.rejected = tuple(shelf.first.library.issues)  # staff mode lists why, not the old content's
            errors = sum(issue.is_error for issue in self.rejected)
            log.warning("content in %s has %d error(s); keeping the last good content:", shelf.root, errors)
            log_problems(issue for issue in self.rejected if issue.is_problem)
            self.window.keep_library(shelf.first.library)
            return
        if shelf.is_library != self.shelf.is_library:
            self._reshape(shelf)
            return
        self._log.report_new(self.shelf, shelf)
        showing = self.current_topic()
        changed = [topic.id for topic in self.shelf.topics if shelf.topic(topic.id) is not topic]
        self.window.set_visit(self.window.visit.forget_topics(changed))  # row numbers may name other rows now
        self.shelf, self.rejected = shelf, ()
        topic = shelf.topic(showing) or shelf.first
        if topic.library is not self.window.library:
            self.window.set_library(topic.library)
        if (
            self.window.visit.topic and topic.id != showing
        ):  # the topic on screen is gone: the list, or the one left
            if self.several:
                self.all_topics()
            else:
                self.open_topic(topic.id)
        note = ""
        if shelf.kept:
            note = f"{self.window.text.reload_kept_old} ({', '.join(shelf.kept)})"
        self.window.desk.reloaded([], note)
        self._apply()
        if self._reading:
            self._read_ahead()  # topics new or changed since: checked ahead, as at start

    def _reshape(self, shelf: Shelf) -> None:
        """A single pack became a library of topics, or the other way: the window gets (or loses) its topic
        list, and a patient's visit starts again there (its row numbers and pages named the old content)."""
        log.info("the content is now %s", "a library of topics" if shelf.is_library else "a single pack")
        self._log.report_new(self.shelf, shelf)
        window = self.window
        self.shelf, self.rejected = shelf, ()
        window.set_library(shelf.first.library)
        self._apply()
        self._read_ahead()
        if window.visit.reading:
            window.reset_session("new_content")
        else:
            window.show_welcome()
        window.desk.reloaded([], "")

    def keep_shelf(self, rejected: Shelf) -> None:
        """library.toml itself has errors: every topic stays as it was. A resting kiosk has nothing to keep: it
        shows the topics that could be read, as it would have at start (the errors stay listed for staff)."""
        if self.shelf.is_empty and not rejected.is_empty:
            self.set_shelf(rejected)
            return
        self.rejected = rejected.issues
        self.window.desk.reloaded([], self.window.text.reload_kept_old, taken=False)

    def _offer_all_topics(self, reader: ReadingScreen, *, first: bool = True) -> None:
        """The toolbar's "All topics" button, there with several topics; when the reading screen was just made
        (`first`), its topic links and the take-home sheet's topics are wired to this desk too."""
        if first:
            reader.toolbar.all_topics.connect(self.all_topics)
            reader.topic_link.connect(self.follow_link)
            activities = self.window.activities
            activities.topics_of = self.topics_of
            activities.library_title = lambda language: self.shelf.title_in(language)
            self.bar = TopicBar()
            self.bar.hide()
            self.bar.back_requested.connect(self.go_back)
            cast(QBoxLayout, reader.layout()).insertWidget(0, self.bar)  # above the tabs
            self.bar.set_gap(reader.fit.metrics.gap)
        button = reader.toolbar.all_topics_button
        if button.isHidden() == self.several:
            button.setVisible(self.several)
            reader.toolbar.reflow()
        self._show_bar()

    def _show_bar(self) -> None:
        """The topic line: with several topics, the topic's name in the visit's language and the way back to the
        topic a link was followed from, if one was."""
        if self.bar is None:
            return
        visit, shown = self.window.visit, self.several
        topic = self.shelf.topic(self.current_topic())
        came = self.shelf.topic(visit.came_from.topic) if visit.came_from is not None else None
        back = short_name(came.title_in(visit.language)) if came is not None else ""
        name = topic.title_in(visit.language) if topic is not None else ""
        self.bar.show_topic(name, self.window.text.back_to_topic.format(topic=back) if back else "")
        if self.bar.isHidden() == shown:
            self.bar.setVisible(shown)
        self.window.reader.fit.fit()  # the line may take another line, or give one back

    def _apply(self) -> None:
        window = self.window
        window.home = self.screen if self.several else window.welcome
        if window.reader_built:
            self._offer_all_topics(window.reader, first=False)
        window.desk.topics_note = self.topics_note
        window.desk.heading = self.heading if self.shelf.is_library else None
        window.desk.refresh()
        self.refresh_list()
        if window.current_screen() in (window.welcome, self.screen) and not window.visit.reading:
            window.show_welcome()

    def topics_note(self) -> str:
        """Staff mode's line per topic (reading every topic not read yet: staff asked); none for a single pack."""
        return "\n".join(topic_lines(self.shelf, self.window.language)) if self.shelf.is_library else ""

    def heading(self) -> tuple[str, str]:
        """Staff mode's heading for a library: its title in the language on screen, and its version."""
        return self.shelf.title_in(self.window.language), self.shelf.info.version

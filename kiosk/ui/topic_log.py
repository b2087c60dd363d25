"""What the log says of a library's topics that are held back or left out: each problem once, as `kiosk check`
prints it (path:line: severity: message), so IT can act from the log alone; and staff mode's line per topic."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from kiosk.errors import Issue
from kiosk.shelf import Shelf, Topic

log = logging.getLogger("kiosk.ui.topics")  # the desk's own log: these lines are about its topics

State = tuple[str, tuple[Issue, ...]]  # why the topic is not offered, or "kept" (or ""), and its problems


def log_problems(problems: Iterable[Issue]) -> None:
    """Each problem on a line of its own, as `kiosk check` prints it."""
    for issue in problems:
        log.log(logging.ERROR if issue.is_error else logging.WARNING, "%s", issue)


def state_of(topic: Topic) -> State:
    """Why a topic read is not offered ("" if it is) and its problems, each naming it, when it has errors."""
    library = topic.library
    problems = tuple(issue for issue in topic.named(library.issues) if issue.is_problem)
    return (topic.why_unavailable(), problems) if library.has_errors else ("", ())


class TopicLog:
    """Remembers what the log last said of each topic, so the same problems are not logged on every reload or
    opening, and new ones (or the same ones again after a fix) are."""

    def __init__(self, shelf: Shelf) -> None:
        # Topics read before the desk was made were logged by whoever read them (kiosk.ui.app.load_and_report).
        self._logged: dict[str, State] = {topic.id: state_of(topic) for topic in shelf.topics if topic.loaded}

    def report(self, topic: Topic) -> None:
        """A topic was read: if some of it, or all of it, is left out, say why."""
        state = state_of(topic)
        if self._logged.get(topic.id, ("", ())) == state:
            return
        self._logged[topic.id] = state
        why, problems = state
        if not problems:
            return
        if why:
            log.error("topic %s is not offered: %s (staff mode lists its problems):", topic.id, why)
        else:
            log.error("topic %s has errors; what they name is left out, the rest is offered:", topic.id)
        log_problems(problems)

    def report_new(self, before: Shelf, shelf: Shelf) -> None:
        """New content about to be shown instead of `before`: what of it is left out, and which topics kept their
        last good version and why. A single pack taken with errors (the kiosk was resting) is logged whole."""
        if not shelf.is_library:
            if shelf.first.library.has_errors:
                shown = (
                    "nothing can be shown" if shelf.is_empty else "what they name is left out, the rest is shown"
                )
                log.error("content in %s has errors; %s:", shelf.root, shown)
                log_problems(issue for issue in shelf.first.library.issues if issue.is_problem)
            return
        for topic in shelf.topics:
            if topic.loaded and topic.id not in shelf.kept and before.topic(topic.id) is not topic:
                self.report(topic)
        for topic_id, issues in shelf.held_back:
            state = ("kept", tuple(issue for issue in issues if issue.is_problem))
            if self._logged.get(topic_id) == state:
                continue
            self._logged[topic_id] = state
            log.warning("kept the last good content of %s; its new files have errors:", topic_id)
            log_problems(state[1])


def topic_lines(shelf: Shelf, language: str) -> list[str]:
    """Staff mode's lines on a library's topics (under the library's title and version): each topic's title in
    `language`, folder, version, oldest review date and problems."""
    lines = [f"{len(shelf.topics)} topic(s):"]
    for topic in shelf.topics:
        library = topic.library
        reviewed = [page.meta.reviewed for pages in library.pack.pages.values() for page in pages]
        oldest = min((day for day in reviewed if day is not None), default=None)
        problems = sum(issue.is_problem for issue in topic.problems())
        lines.append(
            f"  {topic.title_in(language)} ({topic.id}): version {library.pack.info.version or '?'},"
            f" oldest review {oldest.isoformat() if oldest else 'none'}, {problems} problem(s)"
            + (" (last good version kept)" if topic.id in shelf.kept else "")
            + (f" (not offered: {why})" if (why := topic.why_unavailable()) else "")
        )
    return lines

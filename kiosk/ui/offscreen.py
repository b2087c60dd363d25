"""The off-screen verbs: `kiosk snapshot` (PNGs of every screen and page) and `kiosk self-test` (draw every page
of every topic; 0 only if all of it worked). Both build the window as `kiosk` does, on Qt's offscreen platform."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, attach_topics, build_window, create_application, load_and_report
from kiosk.ui.window import KioskWindow


def snapshot(
    settings: Settings, out: Path, size: tuple[int, int], options: WindowOptions, variants: list[tuple[str, float]]
) -> int:
    """PNGs of the welcome screen (a library's topic list) and every page, per language, for each (theme, text
    scale) asked for; a library's pages go into one folder per topic.

    One variant goes straight into `out`; several go into `out/<theme>-<percent>/`.
    """
    app = create_application(["kiosk"], offscreen=True)
    shelf = load_and_report(settings)
    window = build_window(settings, shelf.first.library, WindowOptions(True, options.dpi, speech=False))
    topics = attach_topics(window, shelf)
    window.resize(*size)
    window.show()
    written: list[Path] = []
    for theme, scale in variants:
        folder = out if len(variants) == 1 else out / f"{theme}-{round(scale * 100)}"
        folder.mkdir(parents=True, exist_ok=True)
        for language in shelf.languages:
            window.reset_session()
            window.set_visit(window.visit.with_language(language, shelf.languages))
            window.set_high_contrast(theme == "contrast")
            window.set_text_scale(scale)
            _restyled(app, window)
            written.append(_save(window, folder / f"welcome-{language}.png"))
            for topic, _ in shelf.listed_in(language):
                if topics is not None and topics.several:
                    topics.open_topic(topic.id)
                else:
                    window.show_reader()
                pages_folder = folder / topic.id if shelf.is_library else folder
                pages_folder.mkdir(exist_ok=True)
                for index, page in enumerate(window.library.pages_in(language)):
                    window.reader.show_index(index)
                    _finish(app, window)
                    written.append(_save(window, pages_folder / f"{language}-{index + 1:02d}-{page.id}.png"))
                if topics is not None and topics.several:
                    topics.all_topics()
    window.close()
    for path in written:
        print(path)
    return 0 if written else 1


def self_test(settings: Settings) -> int:
    """Load config and content and draw every page of every topic off screen; 0 only if all of it worked."""
    app = create_application(["kiosk"], offscreen=True)
    shelf = load_and_report(settings)
    problems = [str(issue) for issue in [*settings.issues, *shelf.problems()] if issue.is_error]
    window = build_window(settings, shelf.first.library, WindowOptions(True, speech=False))
    window.resize(1280, 1024)
    window.show()
    window.show_reader()
    drawn = pictures = 0
    for topic in shelf.topics:
        library = topic.library
        window.show_topic(library, window.visit)
        named = f"{topic.id}/" if shelf.is_library else ""
        for language in library.languages:
            window.reader.set_pages(library.pages_in(language))
            for index, page in enumerate(library.pages_in(language)):
                window.reader.show_index(index)
                _finish(app, window)
                view = window.reader.current_view()
                image = window.grab().toImage()
                if view is None or view.document().isEmpty() or image.isNull() or window.reader.renderer.waiting:
                    problems.append(f"{named}{language}/{page.id}: page did not render")
                    continue
                drawn += 1
                shown, refused = view.picture_counts()  # a frozen build missing the SVG plug-in shows up here
                pictures += shown
                problems += [f"{named}{language}/{page.id}: picture {src} could not be shown" for src in refused]
    print(f"self-test: {pictures} picture(s) shown")
    window.close()
    if shelf.is_empty:
        problems.append("no pages could be loaded")
    for problem in problems:
        print(f"self-test: {problem}")
    topics = f" of {len(shelf.topics)} topic(s)" if shelf.is_library else ""
    print(
        f"self-test: {drawn} page(s){topics} drawn in {len(shelf.languages)} language(s); "
        f"{'FAILED' if problems else 'OK'}"
    )
    return 1 if problems else 0


def _finish(app: QApplication, window: KioskWindow, timeout_s: float = 10.0) -> None:
    """Let the page on screen be drawn whole: a page not rendered yet (a library lets go of a topic's pages
    when the patient leaves it) is rendered on a worker thread and swapped in when done."""
    deadline = time.monotonic() + timeout_s
    app.processEvents()
    while window.reader.renderer.waiting and time.monotonic() < deadline:
        time.sleep(0.005)
        app.processEvents()
    app.processEvents()


def _restyled(app: QApplication, window: KioskWindow, timeout_s: float = 10.0) -> None:
    """Let a new look reach the whole window: its style sheet follows in turns, with painting held till then
    (a picture taken sooner showed what was on screen before)."""
    deadline = time.monotonic() + timeout_s
    app.processEvents()
    while window.restyling and time.monotonic() < deadline:
        time.sleep(0.002)
        app.processEvents()
    app.processEvents()


def _save(window: KioskWindow, path: Path) -> Path:
    window.grab().save(str(path))
    return path

#!/usr/bin/env python3
"""The floor for start-up: a bare PySide6 window with five QTextBrowser tabs and nothing of the kiosk.

`benchmarks/run.py` launches it exactly as it launches the kiosk: it prints "first frame painted N ms after
start" on its first painted frame and, with --exit-after-first-paint, quits there. Whatever the kiosk takes
beyond this script is ours to explain.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

STARTED = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402 -- the clock starts before Qt is imported
from PySide6.QtWidgets import QApplication, QTabWidget, QTextBrowser  # noqa: E402

if TYPE_CHECKING:  # nothing beyond Qt at run time (the kiosk's kiosk/override.py does the same)
    from typing_extensions import override
else:

    def override(method: object) -> object:
        return method


PAGE = "<h1>Page {n}</h1>" + "<p>Some plain words about the joint, as a patient-education page has.</p>" * 12


class FirstPaint(QObject):
    def __init__(self, quit_after: bool) -> None:
        super().__init__()
        self.quit_after, self.done = quit_after, False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        elapsed, cpu = (time.perf_counter() - STARTED) * 1000, time.process_time() * 1000
        print(f"first frame painted {elapsed:.0f} ms after start; CPU {cpu:.0f} ms", flush=True)
        if self.quit_after:
            QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    tabs = QTabWidget()
    for n in range(1, 6):
        page = QTextBrowser()
        page.setHtml(PAGE.format(n=n))
        tabs.addTab(page, f"Tab {n}")
    watcher = FirstPaint("--exit-after-first-paint" in sys.argv)
    tabs.currentWidget().installEventFilter(watcher)
    tabs.resize(1920, 1080)
    tabs.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

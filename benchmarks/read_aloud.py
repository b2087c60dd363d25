"""Listen on speech-dispatcher (espeak-ng), for real: reads a whole page and prints how long each sentence's
mark took to follow the engine's "this sentence is sounding" signal, and whether the marks went through the
page in order.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen python benchmarks/read_aloud.py [--page risks] [--rate 0]

It starts its own PulseAudio with a null sink (a machine without a sound card still plays in real time) and
its own speech-dispatcher on a private socket, so nothing of the machine's own speech is touched; both are
stopped at the end. Needs `speech-dispatcher espeak-ng pulseaudio libpulse0` (apt).

Measured, per sentence, on the kiosk's only thread:
- signal → marked: from the engine's state change to Speaking (speech-dispatcher's BEGIN event, sent when
  the module starts playing the sentence) reaching the Speaker, to the page having the sentence marked and
  scrolled into view;
- signal → painted: to the page's next paint starting (what the patient sees, at the next frame).
The time libspeechd's thread takes to hand the event to the Qt thread is not visible from here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_audio(folder: Path) -> list[subprocess.Popen[bytes]]:
    """A PulseAudio with a null sink and a speech-dispatcher speaking through it, both private to `folder`."""
    for program in ("pulseaudio", "speech-dispatcher"):
        if shutil.which(program) is None:
            raise SystemExit(f"{program} is missing: apt-get install -y speech-dispatcher espeak-ng pulseaudio")
    env = {**os.environ, "HOME": str(folder), "XDG_RUNTIME_DIR": str(folder), "PULSE_SERVER": f"unix:{folder}/p"}
    log = (folder / "daemons.log").open("wb")
    pulse = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes", "--use-pid-file=no",
         "-L", "module-null-sink sink_name=null",
         "-L", f"module-native-protocol-unix socket={folder}/p auth-anonymous=1"],
        env=env, stdout=log, stderr=log,
    )  # fmt: skip
    wait_for(folder / "p")
    speechd = subprocess.Popen(
        ["speech-dispatcher", "-s", "-c", "unix_socket", "-S", f"{folder}/s", "-t", "0", "-P", f"{folder}/pid",
         "-L", str(folder)],
        env=env, stdout=log, stderr=log,
    )  # fmt: skip
    wait_for(folder / "s")
    os.environ["SPEECHD_ADDRESS"] = f"unix_socket:{folder}/s"
    os.environ["PULSE_SERVER"] = f"unix:{folder}/p"
    return [speechd, pulse]


def wait_for(path: Path, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} did not appear in {timeout_s:g} s")
        time.sleep(0.05)


def measure(page: str, rate: float, timeout_s: float) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from typing_extensions import override

    import kiosk.ui  # noqa: F401  -- sets PySide6 up as the kiosk does
    from kiosk.config import Config, SpeechConfig
    from kiosk.library import load_library
    from kiosk.palette import CALM
    from kiosk.ui.metrics import Metrics
    from kiosk.ui.speech import Speech
    from kiosk.ui.window import KioskWindow

    app = QApplication.instance() or QApplication([])
    config = Config(speech=SpeechConfig(engine="speechd"))
    window = KioskWindow(load_library(ROOT / "content"), config, Metrics(96, 6.0, 20.0, 1.0), CALM, windowed=True)
    window.resize(1920, 1080)
    window.show_kiosk()
    window.show_reader()
    window.reader.show_page(page)
    view = window.reader.current_view()
    assert view is not None
    started = time.perf_counter()
    window.speaker.start()
    start_s = time.perf_counter() - started
    tts = window.speaker._tts
    if tts is None:
        raise SystemExit(f"speech did not start: {window.speaker.problem}")
    window.speaker.set_rate(rate)
    from PySide6.QtTextToSpeech import QTextToSpeech

    signalled: list[float] = []
    ended: list[float] = []
    marked: list[tuple[int, float, int, int]] = []
    painted: list[float] = []
    waiting_for_paint = [False]

    def engine_state(state: QTextToSpeech.State) -> None:
        if state == QTextToSpeech.State.Speaking:
            signalled.append(time.perf_counter())
        elif state == QTextToSpeech.State.Ready:
            ended.append(time.perf_counter())

    # Ours first, then the Speaker's: the clock starts when the signal arrives, before the kiosk handles it.
    tts.stateChanged.disconnect(window.speaker._engine_state)
    tts.stateChanged.connect(engine_state)
    tts.stateChanged.connect(window.speaker._engine_state)

    def utterance(_reading: int, index: int) -> None:  # after ReadAloud's own slot: the mark is on the page
        marks = view.extraSelections()
        cursor = marks[0].cursor if marks else None
        where = (cursor.selectionStart(), cursor.selectionEnd()) if cursor is not None else (-1, -1)
        marked.append((index, time.perf_counter(), *where))
        waiting_for_paint[0] = True

    window.speaker.utterance.connect(utterance)

    class PaintWatch(QObject):
        @override
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and waiting_for_paint[0]:
                waiting_for_paint[0] = False
                painted.append(time.perf_counter())
            return False

    watch = PaintWatch()
    view.viewport().installEventFilter(watch)
    sentences = view.sentences("en", (window.text.ticked, window.text.not_ticked))
    began = time.perf_counter()
    window.listen()
    finished = [False]

    def check() -> None:
        if window.speaker.state is Speech.IDLE and marked:
            finished[0] = True
            app.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(100)
    QTimer.singleShot(round(timeout_s * 1000), app.quit)
    app.exec()
    poll.stop()
    took = time.perf_counter() - began
    window.speaker.stop()
    window.close()
    in_order = [index for index, *_ in marked] == list(range(len(marked)))
    # A mark across a table row's cells is a cell selection to Qt: it ends at the last cell's start.
    covered = all(
        start == sentences[index].start and start < end <= sentences[index].end for index, _, start, end in marked
    )
    lags = [(at - signalled[n]) * 1000 for n, (_, at, _, _) in enumerate(marked) if n < len(signalled)]
    # From one sentence's end to the next one sounding: the cost of saying one sentence at a time.
    gaps = [(signalled[n + 1] - ended[n]) * 1000 for n in range(min(len(ended), len(signalled) - 1))]
    paint_lags = [(at - signalled[n]) * 1000 for n, at in enumerate(painted) if n < len(signalled)]
    return {
        "page": page,
        "engine_start_s": start_s,
        "sentences": len(sentences),
        "marked": len(marked),
        "finished": finished[0],
        "in_order": in_order,
        "marks_cover_their_sentences": covered,
        "gap_ms": gaps,
        "seconds": took,
        "lag_ms": lags,
        "paint_lag_ms": paint_lags,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--page", default="risks")
    parser.add_argument("--rate", type=float, default=0.0, help="-1..1; 0 is the voice's own speed")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the page to be read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-speech-") as folder:
        daemons = start_audio(Path(folder))
        try:
            result = measure(args.page, args.rate, args.timeout)
        finally:
            for daemon in daemons:
                daemon.terminate()
                daemon.wait(10)
    lags, paint = result["lag_ms"], result["paint_lag_ms"]
    print(f"page {result['page']}: {result['sentences']} sentences, {result['marked']} marked in "
          f"{result['seconds']:.0f} s (engine start {result['engine_start_s']:.2f} s); read to the end: "
          f"{result['finished']}; in order: {result['in_order']}; marks cover their sentences: "
          f"{result['marks_cover_their_sentences']}")  # fmt: skip
    if lags:
        print(f"signal -> marked:  median {statistics.median(lags):.2f} ms, max {max(lags):.2f} ms")
    if paint:
        print(f"signal -> painted: median {statistics.median(paint):.2f} ms, max {max(paint):.2f} ms")
    if result["gap_ms"]:
        gaps = result["gap_ms"]
        print(f"silence between sentences (end -> next sounding): median {statistics.median(gaps):.0f} ms, "
              f"max {max(gaps):.0f} ms")  # fmt: skip
    ok = result["finished"] and result["in_order"] and result["marks_cover_their_sentences"]
    ok = ok and result["marked"] == result["sentences"]
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

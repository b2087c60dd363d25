"""The command line: run the kiosk, or check, snapshot and self-test a content pack."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from kiosk import paths, version
from kiosk.config import TEXT_SCALES
from kiosk.display import display_problem
from kiosk.errors import Issue, has_errors
from kiosk.heartbeat import process_age_s
from kiosk.log import StartUpStops, setup_logging
from kiosk.override import override
from kiosk.shelf import Shelf, load_shelf
from kiosk.startup import Settings, load_settings


class _PrintVersion(argparse.Action):
    """argparse's own version action wants the text up front: that would read it on every start."""

    @override
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        print(f"kiosk {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    # The global options are read before the verb and after it. After it, their default is SUPPRESS: a verb's
    # own None would otherwise overwrite the value given before the verb (`kiosk --config F check`).
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="kiosk", description="Patient-education kiosk about SI joint fusion.")
    _global_options(parser, None)
    parser.add_argument("--version", action=_PrintVersion, nargs=0, help="show the version and exit")
    parser.add_argument("--windowed", action="store_true", help="a normal window, for staff to preview")
    parser.add_argument(
        "--exit-after-first-paint",
        action="store_true",
        help="quit as soon as the first frame is painted (to measure start-up)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", parents=[common], help="validate a content pack")
    check.add_argument("dir", nargs="?", type=Path, help="pack folder (default: the configured one)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")

    shot = commands.add_parser("snapshot", parents=[common], help="render every page to PNG for proofing")
    shot.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files (made if missing)"
    )
    shot.add_argument(
        "--size",
        type=_size,
        default=(1920, 1080),
        metavar="WxH",
        help="window size in pixels (default: 1920x1080)",
    )
    shot.add_argument("--dpi", type=float, default=0.0, help="screen DPI to assume (default: config, else 96)")
    shot.add_argument("--themes", default="calm", help="comma-separated: calm, contrast (default: calm)")
    shot.add_argument("--scales", default="1", help="comma-separated text sizes from 1 to 2 (default: 1)")
    shot.add_argument("--all", action="store_true", help="every theme at 100 %% and 200 %% text")

    commands.add_parser("self-test", parents=[common], help="load config and content and render every page")
    preview = commands.add_parser(
        "preview", parents=[common], help="a window showing a pack as patients see it, with its problems"
    )
    preview.add_argument("dir", nargs="?", type=Path, help="pack folder (default: the configured one)")
    preview.add_argument("--scale", type=float, default=1.0, choices=TEXT_SCALES, help="text size, 1 to 2")
    preview.add_argument("--theme", default="calm", choices=("calm", "contrast"), help="colours (default: calm)")
    stats = commands.add_parser("stats", parents=[common], help="usage report from the local statistics file")
    stats.add_argument("--since", type=_date, help="first day to include, YYYY-MM-DD (default: 30 days ago)")
    stats.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="write one row per visit, page view and quiz answer to FILE (CSV), instead of the summary",
    )
    pack = commands.add_parser("pack", help="publish a pack for many kiosks: a zip and its manifest.json")
    pack.add_argument("dir", type=Path, help="the checked content pack folder")
    pack.add_argument("--out", type=Path, required=True, metavar="FOLDER", help="where the zip and manifest go")
    signed = pack.add_mutually_exclusive_group(required=True)
    signed.add_argument(
        "--key", type=Path, metavar="FILE", help="the private key from 'kiosk keygen' to sign with"
    )
    signed.add_argument("--unsigned", action="store_true", help="publish unsigned (only for kiosks without keys)")
    pack.add_argument(
        "--sequence", type=_sequence, metavar="N", help="the manifest's sequence (default: the published one + 1)"
    )
    keygen = commands.add_parser("keygen", help="make a publisher's key pair for signing packs")
    keygen.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the key files go")
    commands.add_parser("hash-pin", help="make the staff PIN line for kiosk.toml (reads the PIN, prints the line)")
    handout = commands.add_parser("import", help="make a topic pack from a Word (.docx) or Markdown handout")
    handout.add_argument("file", type=Path, help="the handout: FILE.docx or FILE.md")
    handout.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new folder for the topic pack")
    handout.add_argument("--language", default="en", help="the handout's language code (default: en)")
    return parser


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        default=default,
        help="kiosk.toml to use (else $KIOSK_CONFIG, else the machine-wide config folder, else built-in defaults)",
    )
    parser.add_argument(
        "--content", type=Path, metavar="DIR", default=default, help="content pack folder (overrides the config)"
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date looks like 2026-11-01, not '{text}'") from None


def _sequence(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 2**53:
        raise argparse.ArgumentTypeError(f"a sequence is a whole number above 0, not '{text}'")
    return int(text)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1920x1080, not '{text}'") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise argparse.ArgumentTypeError(f"size {text} is out of range")
    return width, height


def _variants(args: argparse.Namespace) -> list[tuple[str, float]]:
    if args.all:
        return [(theme, scale) for theme in ("calm", "contrast") for scale in (1.0, 2.0)]
    themes = [t.strip() for t in args.themes.split(",") if t.strip()]
    try:
        scales = [float(s) for s in args.scales.split(",") if s.strip()]
    except ValueError:
        raise SystemExit(f"kiosk snapshot: --scales must be numbers like 1,1.5,2, not '{args.scales}'") from None
    bad = [t for t in themes if t not in ("calm", "contrast")] + [str(s) for s in scales if s not in TEXT_SCALES]
    if bad:
        raise SystemExit(
            f"kiosk snapshot: unknown theme or text size: {', '.join(bad)} "
            f"(themes: calm, contrast; sizes: {', '.join(f'{s:g}' for s in TEXT_SCALES)})"
        )
    return [(theme, scale) for theme in themes for scale in scales]


def main(argv: list[str] | None = None) -> int:
    age = process_age_s()  # the start-up figure counts from the launch, not from here
    started = time.perf_counter() - (age or 0.0)
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    if command == "check":
        return check(args.dir or args.content, args.config, strict=args.strict)
    if command in ("hash-pin", "import", "pack", "keygen", "stats"):
        from kiosk import staff_commands  # staff's desk tools: not on the kiosk's start-up path

        return staff_commands.run(command, args)
    if command == "preview":
        return preview_command(args.dir or args.content, args.config, scale=args.scale, theme=args.theme)
    settings = load_settings(args.config, args.content, running=command == "run")
    config = settings.config
    log_dir = (config.log_dir() or paths.default_log_dir()) if command == "run" else None
    setup_logging(config.log.level, log_dir)
    start_up = StartUpStops() if command == "run" else None
    if start_up is not None:
        logging.getLogger("kiosk").info(
            "kiosk %s starting (process %d); config: %s; content: %s",
            version(),
            os.getpid(),
            config.source or "none, built-in defaults",
            settings.content_dir,
        )
        if problem := display_problem():  # before Qt, whose own abort explains nothing
            logging.getLogger("kiosk").error("%s", problem)  # to the terminal (stderr) and to kiosk.log
            start_up.restore()
            return 2

    from kiosk.ui import app  # Qt is imported only by the commands that draw

    if command in ("snapshot", "self-test"):
        from kiosk.ui import offscreen

        if command == "snapshot":
            options = app.WindowOptions(True, args.dpi or config.display.dpi or 96.0)
            leave_now(offscreen.snapshot(settings, args.out, args.size, options, _variants(args)))
        leave_now(offscreen.self_test(settings))
    leave_now(
        app.run(
            settings,
            app.WindowOptions(args.windowed),
            exit_after_first_paint=args.exit_after_first_paint,
            started=started,
            log_dir=log_dir,
            start_up=start_up,
        )
    )


def leave_now(code: int) -> NoReturn:
    """End the process once a Qt command is done. Everything worth keeping (statistics, heartbeat, start
    records, the log) was saved before; tearing down Qt's objects one by one would only add about 0.3 s to
    every stop, which a restart, a shutdown or a start-up measurement would wait for."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    logging.shutdown()
    os._exit(code)


def check(folder: Path | None, config_file: Path | None, *, strict: bool = False) -> int:
    """Print every problem as `path:line: severity: message`; exit 1 on errors (or warnings if strict)."""
    settings: Settings = load_settings(config_file, folder)
    shelf = load_shelf(settings.content_dir)
    content_issues = authoring_problems(shelf)
    issues: list[Issue] = [*settings.issues, *content_issues]
    for issue in issues:
        print(issue)
    errors = sum(issue.is_error for issue in content_issues)
    warnings = sum(issue.is_problem for issue in content_issues) - errors
    if settings.issues:  # the settings' own count: the content summary below is about the content alone
        setting_errors = sum(issue.is_error for issue in settings.issues)
        setting_warnings = sum(issue.is_problem for issue in settings.issues) - setting_errors
        where = settings.config.source or "settings"
        print(f"{where}: {setting_errors} error(s), {setting_warnings} warning(s)", file=sys.stderr)
    for topic in shelf.topics if shelf.is_library else ():
        library = topic.library
        print(
            f"  topic {topic.id}: {library.page_count} page(s) in {len(library.languages)} language(s)",
            file=sys.stderr,
        )
    pages = sum(topic.library.page_count for topic in shelf.topics)
    print(
        f"{settings.content_dir}: {_topics(shelf)}{pages} page(s) in {len(shelf.languages)} language(s); "
        f"{errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    failed = has_errors(issues) or (strict and any(issue.is_problem for issue in issues))
    return 1 if failed else 0


def authoring_problems(shelf: Shelf) -> list[Issue]:
    """`kiosk check`'s findings: every loading and rendering problem and the authoring checks, for each topic
    (each named in a library)."""
    from kiosk.authoring import check_pack  # authoring checks: not on the kiosk's start-up path
    from kiosk.sync import link_problems
    from kiosk.topiclinks import topic_link_problems

    links = link_problems(shelf.root)
    if not shelf.is_library:
        return [*shelf.problems(), *check_pack(shelf.first.library.pack), *topic_link_problems(shelf), *links]
    found = [*shelf.issues, *topic_link_problems(shelf), *links]
    for topic in shelf.topics:
        found += [*topic.problems(), *topic.named(check_pack(topic.library.pack))]
    return found


def _topics(shelf: Shelf) -> str:
    return f"{len(shelf.topics)} topic(s), " if shelf.is_library else ""


def preview_command(folder: Path | None, config_file: Path | None, *, scale: float, theme: str) -> int:
    """Staff's preview window: the pack as patients see it, its problems beside it, reloaded on every save."""
    settings = load_settings(config_file, folder)
    setup_logging(settings.config.log.level, None)
    if problem := display_problem():
        print(f"kiosk preview: {problem}", file=sys.stderr)
        return 2
    shelf = load_shelf(settings.content_dir, lazy=True)
    if shelf.is_library:  # the preview shows one pack: a library's first topic, unless a topic folder is given
        print(
            f"kiosk preview: {settings.content_dir} is a library; showing its topic {shelf.first.root}",
            file=sys.stderr,
        )
        settings = dataclasses.replace(settings, content_dir=shelf.first.root)
    from kiosk.ui import preview  # Qt, and the authoring checks: only this command needs them

    return preview.run(settings, scale=scale, theme=theme)

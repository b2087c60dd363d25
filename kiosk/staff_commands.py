"""Staff's command-line tools besides running and checking the kiosk: hash-pin, stats, import, pack, keygen."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import sys
from pathlib import Path

from kiosk import paths
from kiosk.config import Config
from kiosk.pagenames import NO_LONGER_SHOWN, ContentNames, read_content_names
from kiosk.shelf import load_shelf
from kiosk.startup import load_settings


def run(command: str, args: argparse.Namespace) -> int:
    """Run one of these commands with the arguments kiosk/cli.py parsed."""
    if command == "hash-pin":
        return hash_pin_command()
    if command == "import":
        return import_command(args.file, args.out, args.language)
    if command == "pack":
        return pack_command(args.dir, args.out, args.key, args.sequence)
    if command == "keygen":
        return keygen_command(args.out)
    assert command == "stats", command
    settings = load_settings(args.config, None)
    return stats_command(settings.config, args.since, args.csv, settings.content_dir)


def hash_pin_command() -> int:
    """Ask for the PIN twice (or read it from standard input) and print the line for kiosk.toml."""
    import getpass

    from kiosk.pin import PIN_PATTERN, hash_pin

    if sys.stdin is None:  # the windowed Windows build has no standard input unless one is piped in
        print("Pipe the PIN in: echo 123456 | kiosk hash-pin", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN (4 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("The two PINs differ; nothing was made.", file=sys.stderr)
            return 1
    else:
        pin = sys.stdin.readline().strip()
    if not PIN_PATTERN.match(pin):
        print("A PIN is 4 to 12 digits; nothing was made.", file=sys.stderr)
        return 1
    print("# Put this line under [staff] in kiosk.toml:", file=sys.stderr)
    print(f'pin_hash = "{hash_pin(pin)}"')
    return 0


def stats_command(
    config: Config, since: dt.date | None, csv_file: Path | None, content_dir: Path | None = None
) -> int:
    """Print the usage summary staff see in staff mode; optionally write the raw rows as CSV. Pages are named
    by their titles in the content at `content_dir` (by id, as no longer shown, when it lacks them)."""
    import sqlite3

    from kiosk import analytics

    names, why = read_content_names(content_dir) if content_dir is not None else (ContentNames(), "")
    if why:
        print(why, file=sys.stderr)

    path = (config.analytics_dir() or paths.default_data_dir()) / analytics.FILE_NAME
    if not path.exists():  # a new kiosk: nothing recorded yet is a report of nothing, not a failure
        print(f"no usage statistics recorded yet ({path} does not exist)", file=sys.stderr)
    elif path.stat().st_size == 0:  # a start on a full disk leaves this behind
        print(f"no usage statistics recorded yet ({path} is empty)", file=sys.stderr)
    try:
        return _print_stats(path, since, csv_file, names)
    except sqlite3.DatabaseError as error:  # damaged, not ours, or locked: say so instead of a traceback
        why = (
            "The file is damaged or not a kiosk statistics file"
            if analytics.is_corrupt(error)
            else "Another program is using it or the disk is full; try again later"
        )
        print(f"cannot read the usage statistics in {path}: {error}. {why}; nothing was changed.", file=sys.stderr)
        return 1


def _print_stats(path: Path, since: dt.date | None, csv_file: Path | None, names: ContentNames) -> int:
    from kiosk import usagereport

    if csv_file is not None:  # for a spreadsheet or a nightly export: where it went, not the report besides
        rows = usagereport.export_csv(path, csv_file, since, names)
        print(f"wrote {rows} row(s) to {csv_file}")
        return 0
    summary = usagereport.summarize(path, since=since, today=dt.date.today())
    print(f"{summary.visits} {'visit' if summary.visits == 1 else 'visits'} since {summary.visits_per_day[0][0]}")
    for line in day_lines(summary.visits_per_day):
        print(line)
    print("Pages (views, median seconds on the page):" if summary.pages else "Pages: no page views yet")
    for line in page_lines(summary.pages, names):
        print(line)
    print("How visits ended: " + (", ".join(f"{name} {count}" for name, count in summary.endings) or "none"))
    print("Reading aids used: " + (", ".join(f"{name} {count}" for name, count in summary.features) or "none"))
    if summary.quiz:
        print("Quiz, right the first time (pack version, question: right / answered):")
        for version, question, answered, right in summary.quiz:
            share = round(100 * right / answered)
            print(f"  {version or '-':12} {question:3d}: {right:4d} / {answered:<4d} {share:3d} %")
    if any(row[0] for row in summary.topics):
        print("Topics (visits, page views, 'what matters' opened, quiz: right first time / answered):")
        for topic, visits, views, matters, answered, right in summary.topics:
            print(f"  {topic or '-':30} {visits:6d} {views:6d} {matters:6d} {right:6d} / {answered:<4d}")
    return 0


def page_lines(pages: list[tuple[str, int, float]], names: ContentNames) -> list[str]:
    """A line per page, most viewed first: its figures (in columns whatever the titles' lengths), then its topic's
    and its own title; a page the content no longer has (renamed or deleted since) by the id it was recorded
    under, marked so."""
    return [
        f"  {views:6d} {seconds:8.0f}  "
        + (title.shown if (title := names.page(page)) else f"{page} ({NO_LONGER_SHOWN})")
        for page, views, seconds in pages
    ]


def day_lines(visits_per_day: list[tuple[str, int]]) -> list[str]:
    """A line a day with its visits, but a run of days without one as a single line: `--since` a year ago
    shows the days that had visits, not hundreds of zeros."""
    lines: list[str] = []
    for visited, run in itertools.groupby(visits_per_day, key=lambda day: day[1] > 0):
        days = list(run)
        if visited or len(days) == 1:
            lines += [f"  {day}  {count:4d}  {'#' * min(count, 60)}".rstrip() for day, count in days]
        else:
            lines.append(f"  {days[0][0]} to {days[-1][0]}: no visits")
    return lines


def import_command(handout: Path, out: Path, language: str) -> int:
    try:  # authoring tools: staff run them from source with the authoring extra, never on the kiosk
        from kiosk.handout import write_topic
        from kiosk.handout_files import HandoutError, read_handout
    except ImportError as error:
        print(
            "kiosk import needs the authoring tools: run it from the project's source folder after "
            f'`python3 tasks.py test` (or `pip install -e ".[authoring]"` there) ({error})',
            file=sys.stderr,
        )
        return 2
    if not re.fullmatch(r"[a-z]{2,3}", language):
        print(f"kiosk import: --language {language!r} is not a language code such as en or es", file=sys.stderr)
        return 2
    try:
        pages, todo = write_topic(read_handout(handout), out, language, handout.stem.replace("_", " "))
    except (HandoutError, FileExistsError, ValueError, OSError) as error:
        print(f"kiosk import: {error}", file=sys.stderr)
        return 1
    print(f"Made the topic pack {out} from {handout.name}: {len(pages)} page(s) in {language}/.")
    print("Still to do before patients see it:")
    for number, step in enumerate(todo, 1):
        print(f"  {number}. {step}")
    print(f"Then check it: kiosk check {out}")
    return 0


def pack_command(folder: Path, out: Path, key: Path | None, sequence: int | None) -> int:
    from kiosk import signing, sync
    from kiosk.cli import authoring_problems

    try:
        seed = signing.read_private_key(key) if key is not None else None
    except signing.SigningError as error:
        print(f"kiosk pack: {error}; nothing was published", file=sys.stderr)
        return 1
    # Publishing is for packs that pass `kiosk check --strict`: a staff note, or an empty clinic phone number
    # that a page uses, is a warning while drafting and must never reach a patient's screen.
    problems = [issue for issue in authoring_problems(load_shelf(folder)) if issue.is_problem]
    if problems:
        for issue in problems:
            print(issue, file=sys.stderr)
        print(
            f"kiosk pack: {folder} does not pass 'kiosk check --strict' ({len(problems)} problem(s) above); "
            "nothing was published",
            file=sys.stderr,
        )
        return 1
    try:
        archive, manifest = sync.make_pack_archive(folder, out, seed, sequence)
    except sync.SyncError as error:
        print(f"kiosk pack: {error}; nothing was published", file=sys.stderr)
        return 1
    print(f"{archive}\n{manifest}")
    if seed is None:
        print("kiosk pack: the manifest is NOT signed; kiosks with public_keys will refuse it", file=sys.stderr)
    print(f'Point kiosks at the manifest: [content] source = "{manifest.resolve()}" (or its https:// address)')
    return 0


def keygen_command(out: Path) -> int:
    """Make a publisher's key pair; print the line kiosks need."""
    from kiosk import signing

    try:
        private, public, line = signing.make_key_pair(out)
    except (signing.SigningError, OSError) as error:
        print(f"kiosk keygen: {error}; no key was made", file=sys.stderr)
        return 1
    print(f"Private key: {private} (sign with 'kiosk pack --key {private}'; keep it secret, never on a kiosk)",
          file=sys.stderr)  # fmt: skip
    print(f"Public key: {public}", file=sys.stderr)
    print("# Put this line under [content] in every kiosk's kiosk.toml:", file=sys.stderr)
    print(f'public_keys = ["{line}"]')
    return 0

"""Command line: ``ipcompare targets|list|taxonomy|outcomes|attainment|ambition|validate|build``.

Decisions (what the module promises)
    Argument parsing and dispatch only: each command calls the library (table output and the
    build's tables in :mod:`ipcompare.site.tables`, the report site in
    :mod:`ipcompare.site.build`). The data commands import pandas and the corpus when they
    run, so ``ipcompare build`` with nothing to do starts fast. Library errors
    (:class:`~ipcompare.errors.IpcompareError`, unknown ids, unreadable files) print one line
    and exit 1; Ctrl-C exits 130 without a traceback. Limits that 0 would disable (``--jobs``,
    ``--timeout``) must be at least 1, and a ``--config`` that does not exist is an error:
    ``--tables-only`` says so explicitly.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import IpcompareError
from .site.tables import FORMATS, review_line, write_table, write_tables

if TYPE_CHECKING:
    from .site.plan import Result


def cmd_targets(args: argparse.Namespace) -> int:
    """Print the targets table."""
    from dataclasses import replace

    from .corpus.documents import distinct_ids
    from .corpus.registry import document_from_file, registered_documents
    from .corpus.tables import build_targets, corpus_targets
    from .errors import DocumentError
    from .extract.dating import parse_date, parse_period

    if (args.date or args.period) and not args.file:
        raise DocumentError("--date and --period apply to a text given with --file")
    if args.file:
        docs = [document_from_file(p) for p in args.file]
        given: dict = {}
        if args.period:
            given["period_start"], given["period_end"] = parse_period(args.period)
        if args.date:
            given["date"] = parse_date(args.date)
        docs = [replace(d, meta={**(d.meta or {}), **given}) for d in docs]
        if args.jurisdiction:
            docs = [d for d in docs if d.jurisdiction in set(args.jurisdiction)]
        docs = distinct_ids(docs)
        result = build_targets(docs, supplementary=True)
        found = set(result.table["document"])
        for d in docs:
            if d.document not in found:
                print(f"ipcompare: warning: no target found in {d.path}: is it a plan text in "
                      "Chinese (UTF-8 or GB18030/GBK)?", file=sys.stderr)
    else:
        if args.jurisdiction:
            registered_documents(args.jurisdiction)  # validates the ids
        result = corpus_targets()
    df = result.table
    if args.jurisdiction:
        df = df[df["jurisdiction"].isin(args.jurisdiction)]
    if args.distinct:
        df = df[df["status"] != "restated"]
    write_table(df.reset_index(drop=True), args.format, args.output)
    print(f"{len(df)} targets; {review_line(result.review)}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """Print the registry."""
    from .corpus.registry import jurisdictions

    cols = ["jurisdiction", "document", "name_zh", "name_en", "level", "period_start",
            "period_end", "issued", "population_10k"]
    write_table(jurisdictions()[cols], args.format, None)
    return 0


def cmd_taxonomy(args: argparse.Namespace) -> int:
    """Print the taxonomy's indicators."""
    from .vocab.taxonomy import taxonomy

    write_table(taxonomy(), args.format, None)
    return 0


def cmd_outcomes(args: argparse.Namespace) -> int:
    """Print the published outcomes, the attainment of targets due at plan end, or the ambition."""
    from . import api

    fn = {"outcomes": api.outcomes, "attainment": api.attainment, "ambition": api.ambition}
    write_table(fn[args.command](args.jurisdiction), args.format, args.output)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the data files, re-extract every document, check schema and quotes; exit 1 on any failure."""
    from .corpus.registry import registered_documents
    from .corpus.tables import build_targets
    from .corpus.validation import data_problems, stale_problems

    t0 = time.perf_counter()
    problems = data_problems()
    for line in problems:
        print(f"ipcompare: error: {line}", file=sys.stderr)
    if problems:
        return 1
    result = build_targets(registered_documents())  # raises on schema or quote failures
    t = result.table
    print(f"ok: {len(registered_documents())} documents, {len(t)} rows "
          f"({(t['status'] == 'supplementary').sum()} supplementary), every quote == text[start:end], "
          f"schema valid; {review_line(result.review)}; {time.perf_counter() - t0:.2f}s")
    for line in stale_problems(result.review.stale):
        print(f"ipcompare: error: {line}", file=sys.stderr)
    return 1 if result.review.stale else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the reports: the notebook report site, then the targets table (CSV, Excel).

    Parameters are checked first: a bad parameter set writes nothing, not even the tables.
    """
    out_dir = Path(args.out)
    if args.tables_only:
        from .corpus.validation import check_data

        check_data()
        if not args.dry_run:
            write_tables(out_dir)
            print("only the tables were written (--tables-only)")
        return 0
    config = Path(args.config)
    if not config.is_file():
        raise IpcompareError(f"no report configuration at {config} (--config); "
                             "use --tables-only to write only the tables")
    from .site.build import build

    def progress(r: Result, done: int, total: int) -> None:
        mark = {"ok": "built", "failed": "FAILED", "interrupted": "STOPPED"}.get(r.status, r.status)
        extra = f" — {_first_line(r.error)}" if r.status == "failed" and r.error else ""
        print(f"[{done}/{total}] {mark:6s} {r.id} ({r.seconds:.1f}s){extra}", flush=True)

    executor, client = None, None
    if args.scheduler:
        executor, client = _dask_executor(args.scheduler)
    try:
        summary = build(config, out_dir, only=args.only, jobs=args.jobs, force=args.force,
                        timeout=args.timeout, progress=progress, dry_run=args.dry_run,
                        executor=executor)
    finally:
        if client is not None:
            client.close()
    if args.dry_run:
        todo = [r for r in summary.results if r.status == "would_build"]
        for r in todo:
            print(f"would build {r.id}: {r.error}")
        print(f"dry run: {len(todo)} to build, {summary.count('cached')} up to date")
        return 0
    if summary.interrupted:
        print(f"{summary.line()}; interrupted: the index says which reports did not finish; "
              f"index: {out_dir / 'index.html'}", file=sys.stderr)
        return 130
    write_tables(out_dir)  # they have their own up-to-date check
    if summary.count("cached") == len(summary.results):
        print("nothing to do: every report is up to date (no kernel started)")
    print(f"{summary.line()}; index: {out_dir / 'index.html'}")
    return 0 if summary.ok else 1


#: seconds to wait for a ``--scheduler`` to answer
SCHEDULER_TIMEOUT = 30


def _dask_executor(address: str) -> tuple[Any, Any]:
    """A concurrent.futures executor on a Dask distributed cluster (``pip install ipcompare[distributed]``)."""
    try:
        from distributed import Client
    except ImportError:
        raise IpcompareError(
            "--scheduler needs Dask distributed: pip install 'ipcompare[distributed]'"
        ) from None
    try:
        client = Client(address, timeout=SCHEDULER_TIMEOUT)
    except OSError as exc:
        raise IpcompareError(f"cannot reach the Dask scheduler at {address} within "
                             f"{SCHEDULER_TIMEOUT} s ({exc}); nothing was built") from None
    return client.get_executor(pure=False), client


def positive_int(text: str) -> int:
    """An argparse type: an integer of at least 1 (0 or less would disable a limit)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    p = argparse.ArgumentParser(
        prog="ipcompare", description="Compare Chinese local IP policy plans on one footing."
    )
    p.add_argument("--version", action="version", version=f"ipcompare {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    t = sub.add_parser("targets", help="print every target (one row per number committed to)")
    t.add_argument("--jurisdiction", "-j", action="append", metavar="ID",
                   help="only this jurisdiction (repeatable; ids: `ipcompare list`)")
    t.add_argument("--file", "-f", action="append", metavar="PATH", type=Path,
                   help="extract from this plan text (UTF-8 or GB18030/GBK; repeatable)")
    t.add_argument("--format", choices=FORMATS, default="csv", help="output format (default csv)")
    t.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")
    t.add_argument("--distinct", action="store_true", help="drop restatements")
    t.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the text's own date (past and future are read against it; else read from the text)")
    t.add_argument("--period", metavar="YYYY-YYYY",
                   help="the plan period of the --file text (else read from its title or due dates)")
    t.set_defaults(func=cmd_targets)

    for name, func, text in (("list", cmd_list, "print the jurisdiction/document registry"),
                             ("taxonomy", cmd_taxonomy, "print the taxonomy's indicators")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--format", choices=("csv", "json"), default="csv")
        s.set_defaults(func=func)

    for name, text in (("outcomes", "print the published outcomes (data/outcomes.csv)"),
                       ("attainment", "print each target due at plan end beside its outcome"),
                       ("ambition", "print the yearly growth targets asked for and reached")):
        s = sub.add_parser(name, help=text)
        s.add_argument("--jurisdiction", "-j", action="append", metavar="ID",
                       help="only this jurisdiction (repeatable; ids: `ipcompare list`)")
        s.add_argument("--format", choices=FORMATS, default="csv", help="output format (default csv)")
        s.add_argument("--output", "-o", type=Path, help="write to this file instead of stdout")
        s.set_defaults(func=cmd_outcomes)

    v = sub.add_parser("validate", help="re-extract and check every row against its source")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="build the reports under reports/ (tables and HTML site)")
    b.add_argument("--out", default="reports", help="output directory (default reports)")
    b.add_argument("--config", default="notebooks/reports.yaml",
                   help="report set configuration (default notebooks/reports.yaml)")
    b.add_argument("--only", action="append", metavar="ID",
                   help="only reports matching this id or pattern (repeatable), e.g. "
                        "jurisdiction_profile:wuhan:zh, indicator:*:en, data_audit")
    b.add_argument("--jobs", "-j", type=positive_int, default=1,
                   help="reports to run in parallel (at least 1)")
    b.add_argument("--force", action="store_true", help="rebuild even up-to-date reports")
    b.add_argument("--timeout", type=positive_int, default=600,
                   help="seconds a notebook cell may run (more than 0)")
    b.add_argument("--tables-only", action="store_true",
                   help="write only the targets tables (CSV, Excel), no report site")
    b.add_argument("--dry-run", action="store_true", help="list what would be built and why")
    b.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run the reports on a Dask distributed cluster")
    b.set_defaults(func=cmd_build)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except (IpcompareError, KeyError) as exc:
        print(f"ipcompare: error: {exc}", file=sys.stderr)
        return 1
    except (OSError, UnicodeError) as exc:  # unreadable or undecodable file: name it, no traceback
        print(f"ipcompare: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ipcompare: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())


def _first_line(error: str) -> str:
    """The first line of an error that says something (an empty 'ValueError: ' is passed over)."""
    lines = [ln.strip() for ln in error.splitlines() if ln.strip()]
    named = [ln for ln in lines if re.match(r"^[\w.]*(?:Error|Exception|Interrupt)\b\S*:\s*\S", ln)]
    return (named or lines or [""])[0]

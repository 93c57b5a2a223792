"""``pingan collect`` and ``pingan results``: their arguments and what they print."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

COLLECT_EPILOG = """examples:
  pingan collect received/                      every file under received/ (recursively)
  pingan collect town-a.json town-b.pdf town-c.xlsx
  pingan collect --db /secure/results.sqlite received/
  pingan collect --history "某某镇"               every submission for one unit, current or superseded

Each file is accepted, unchanged (already in the store) or rejected with its reasons.
Exit status: 0 every file accepted or unchanged, 1 a file was rejected, 2 usage error."""

RESULTS_EPILOG = """examples:
  pingan results                                the ranking of every card and period, as text
  pingan results --card town --period 2026 --format json
  pingan results -o report/                     HTML report (zh, en), XLSX, CSV and JSON per card and period
  pingan results --card town --period 2026 --publish   add this ranking (通报) to the site

Without --publish nothing from the store reaches the site."""


def _db(args, root: Path) -> Path:
    from .store import DEFAULT

    return Path(args.db) if args.db else root / DEFAULT


def _open(args, root: Path, create: bool = True):
    from .store import Store, StoreError

    path = _db(args, root)
    if not create and not path.is_file():
        print(f"pingan: no results store at {path} (collect filled cards first: pingan collect FILES, "
              f"or name the store with --db PATH)", file=sys.stderr)
        raise SystemExit(1)
    try:
        return Store(path)
    except StoreError as e:
        print(f"pingan: {e}", file=sys.stderr)
        raise SystemExit(1)


def _progress():
    start, last = time.monotonic(), [0.0]

    def show(i: int, n: int, outcome) -> None:
        t = time.monotonic()
        if i == 1 or i == n or t - last[0] >= 1.0:
            last[0] = t
            print(f"collect: {i}/{n} files read ({t - start:.1f} s)", file=sys.stderr, flush=True)
    return show


def cmd_collect(args, load, root_of) -> int:
    from .collect import describe, run

    root = root_of(args)
    store = _open(args, root, create=not args.history)
    if args.history:
        return _history(store, args.history)
    if not args.files:
        print("pingan collect: name the files or folders to collect (or --history UNIT)", file=sys.stderr)
        return 2
    import sqlite3

    standards = load(args).standards
    try:
        outcomes = run(args.files, standards, store, progress=_progress(), jobs=args.jobs)
    except KeyboardInterrupt:
        print(f"pingan collect: interrupted; nothing from this run was stored in {store.path}", file=sys.stderr)
        return 130
    except sqlite3.OperationalError as e:
        print(f"pingan collect: the store {store.path} cannot be written ({e}); nothing from this run was "
              f"stored", file=sys.stderr)
        return 1
    for o in outcomes:
        sys.stdout.write(describe(o))
    n = {s: sum(o.status == s for o in outcomes) for s in ("accepted", "unchanged", "rejected", "skipped")}
    c = store.counts()
    skipped = f", {n['skipped']} skipped" if n["skipped"] else ""
    print(f"{len(outcomes) - n['skipped']} files: {n['accepted']} accepted, {n['unchanged']} unchanged, "
          f"{n['rejected']} rejected{skipped}; store {store.path}: {c['submissions']} submissions")
    store.close()
    return 1 if n["rejected"] or len(outcomes) == n["skipped"] else 0


def _history(store, unit: str) -> int:
    from ..cardfile.untrusted import clean, quoted, shown

    rows = store.history(clean(unit))
    if not rows:
        print(f"no submission for unit “{shown(clean(unit))}” in {store.path}")
        return 0
    for r in rows:
        cols = ", ".join(f"{shown(c)} {t:g}" + (" (superseded)" if c in r["superseded"] else "")
                         for c, t in r["columns"].items())
        print(f"#{r['id']} {r['imported_at']} {shown(r['card'])} edition {shown(r['edition'])} period "
              f"“{shown(r['period'])}”: {cols} — {quoted(r['file'])} ({shown(r['format'])}, sha256 {r['sha256'][:12]})")
    return 0


def cmd_results(args, load, root_of) -> int:
    from ..cardfile.untrusted import shown
    from .export import print_results, write_outputs
    from .ranking import build

    root = root_of(args)
    store = _open(args, root, create=False)
    standards = load(args).standards
    reports, notes = build(store, standards, card=args.card, period=args.period)
    for n in notes:
        print(f"pingan results: {shown(n)}", file=sys.stderr)
    if not reports:
        print("pingan results: nothing to rank (collect filled cards first: pingan collect FILES)", file=sys.stderr)
        return 1
    if args.output:
        try:
            for p in write_outputs(reports, Path(args.output)):
                print(f"wrote {p}", file=sys.stderr)
        except OSError as e:
            print(f"pingan results: cannot write to {args.output}: {e.strerror or e}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(print_results(reports, args.format))
    if args.publish:
        from .publish import publish

        for p in publish(reports, root):
            print(f"published {p} (rebuild the site: pingan build)", file=sys.stderr)
    return 0


def add_commands(sub, load, root_of) -> None:
    c = sub.add_parser("collect", help="collect filled scorecards into the results store",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=COLLECT_EPILOG,
                       description="Read filled scorecards (form JSON/CSV export, XLSX, PDF), identify card, "
                                   "edition, unit, period and filled score columns, check every field with the "
                                   "scoring engine and keep the good ones in the store (results/results.sqlite). "
                                   "A revised file supersedes the earlier one for its unit, period and columns; "
                                   "an identical file changes nothing. One transaction per run.")
    c.add_argument("files", nargs="*", metavar="FILE|DIR", help="filled cards, or folders holding them")
    c.add_argument("--db", metavar="PATH", help="the store (default: results/results.sqlite in the project)")
    c.add_argument("--history", metavar="UNIT", help="list every submission for this unit and stop")
    c.add_argument("-j", "--jobs", metavar="N", type=int, default=min(os.cpu_count() or 1, 4),
                   help="processes reading and scoring files (default: the CPUs, at most 4; 1: none)")
    c.set_defaults(func=lambda a: cmd_collect(a, load, root_of))

    r = sub.add_parser("results", help="rank units per card and period; HTML/XLSX/CSV/JSON report",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=RESULTS_EPILOG,
                       description="From the store: per card and period each unit's totals per score column, "
                                   "final score (the last review column filled), grade, vetoes, rank (ties by the "
                                   "card's ranking rule), the review gap and the change from the previous period.")
    r.add_argument("--period", metavar="P", help="only this period")
    r.add_argument("--card", metavar="C", help="only this card")
    r.add_argument("-o", "--output", metavar="DIR", help="write <card>-<period>.zh.html and .en.html (the report in each "
                   "language), .xlsx, .csv and .json per card and period")
    r.add_argument("--format", choices=["text", "json"], default="text", help="standard output format (default: text)")
    r.add_argument("--publish", action="store_true", help="add the ranking (通报) to the site, both languages")
    r.add_argument("--db", metavar="PATH", help="the store (default: results/results.sqlite in the project)")
    r.set_defaults(func=lambda a: cmd_results(a, load, root_of))

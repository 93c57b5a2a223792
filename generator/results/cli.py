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
  pingan collect --history "某某镇"               every version of one unit's scores: counts, superseded, conflict
  pingan collect --accept received/城关镇-县审核.json   this file settles its conflict (collected if new)

Each file is accepted, unchanged (already in the store) or rejected with its reasons.
Exit status: 0 every file accepted or unchanged, 1 a file was rejected, 2 usage error."""

RESULTS_EPILOG = """examples:
  pingan results                                the ranking of every card and period, as text
  pingan results --card town --period 2026 --format json
  pingan results --card village --period 2026 --roster villages.txt   and who has not submitted
  pingan results --card village --period 2026 --provisional           rank on the latest stage (marked)
  pingan results --card town --period 2026 --finalize                 sign off: freeze the ranking
  pingan results --card town --period 2026 --reopen --reason "县审核更正"
  pingan results --history "城关镇"              every version of one unit's scores
  pingan results -o report/                     HTML report (zh, en), XLSX, CSV and JSON per card and period
  pingan results --card town --period 2026 --publish   add this ranking (通报) to the site

Only units whose final score column (the card's final_column, else its last) counts are ranked; the
others are listed apart, awaiting review, with their self-assessment. Without --publish nothing from the
store reaches the site."""


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
        raise SystemExit(1) from None


def _making():
    """What ``results -o`` is making, at most once a second (and its first step), with the time so far."""
    from ..cardfile.untrusted import shown

    start, last = time.monotonic(), [-1.0]

    def show(what: str, step: bool = False) -> None:
        """``step``: a new stage of the work, always said; the rest at most once a second."""
        t = time.monotonic()
        if step or t - last[0] >= 1.0:
            last[0] = t
            print(f"results: {shown(what)} ({t - start:.1f} s)", file=sys.stderr, flush=True)
    return show


def _write(args, store, standards, pairs: list[tuple[str, str]], periods: dict, roster) -> int:
    """``results -o``: every card and period's files (:mod:`.report_files`), a line each, the feedback sheets
    in one line; 1 if it cannot write or nothing can be ranked."""
    from ..cardfile.untrusted import shown
    from .report_files import Job, Pair, write_all

    sizes, criteria = store.sizes(), {c.id: len(c.criteria) for c in standards.scorecards}
    todo = [Pair(c, p, periods[c], roster(c, p), sizes.get((c, p), 0) * (criteria.get(c, 0) + 10))
            for c, p in pairs]
    out = Path(args.output)
    try:
        done = write_all(Job(store.path, standards, args.provisional, out), todo, _making(), args.jobs)
    except OSError as e:
        print(f"pingan results: cannot write to {out}: {e.strerror or e}", file=sys.stderr)
        return 1
    if not done:
        print("pingan results: nothing to rank (collect filled cards first: pingan collect FILES)", file=sys.stderr)
        return 1
    for note in (d.note for d in done if d.note):
        print(f"pingan results: {shown(note)}", file=sys.stderr)
    sheets = out / "feedback"
    written = [p for d in done for p in d.written]
    for p in written:
        if p.parent != sheets:
            print(f"wrote {p}", file=sys.stderr)
    if count := sum(p.parent == sheets for p in written):
        print(f"wrote {count} feedback files to {sheets} (a sheet per ranked unit: HTML and DOCX, Chinese and "
              f"English)", file=sys.stderr)
    return 0


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
        return _history(store, args.history, load(args).standards)
    if not args.files and not args.accept:
        print("pingan collect: name the files or folders to collect (or --history UNIT)", file=sys.stderr)
        return 2
    import sqlite3

    standards = load(args).standards
    try:
        outcomes = run([*args.files, *args.accept], standards, store, progress=_progress(), jobs=args.jobs)
    except KeyboardInterrupt:
        print(f"pingan collect: interrupted; nothing from this run was stored in {store.path}", file=sys.stderr)
        return 130
    except sqlite3.OperationalError as e:
        print(f"pingan collect: the store {store.path} cannot be written ({e}); nothing from this run was "
              f"stored", file=sys.stderr)
        return 1
    for o in outcomes:
        sys.stdout.write(describe(o))
    _accept(store, outcomes[len(outcomes) - len(args.accept):] if args.accept else [])
    n = {s: sum(o.status == s for o in outcomes) for s in ("accepted", "unchanged", "rejected", "skipped")}
    c = store.counts()
    skipped = f", {n['skipped']} skipped" if n["skipped"] else ""
    print(f"{len(outcomes) - n['skipped']} files: {n['accepted']} accepted, {n['unchanged']} unchanged, "
          f"{n['rejected']} rejected{skipped}; store {store.path}: {c['submissions']} submissions")
    store.close()
    return 1 if n["rejected"] or len(outcomes) == n["skipped"] else 0


def _accept(store, outcomes) -> None:
    """``--accept FILE``: each collected (or already stored) file settles the conflicts it is part of."""
    from ..cardfile.untrusted import quoted

    with store.transaction():
        for o in outcomes:
            sid = o.submission or (o.same_as or {}).get("id")
            if o.status in ("accepted", "unchanged") and sid:
                store.accept(sid)
                print(f"settled    {quoted(o.file)}: #{sid} counts for {', '.join(o.columns)} over the versions of "
                      f"its revision collected so far")


def _history(store, unit: str, standards) -> int:
    from ..cardfile.untrusted import clean, shown
    from .history import lines

    out = lines(store, standards, clean(unit))
    if not out:
        print(f"no submission for unit “{shown(clean(unit))}” in {store.path}")
        return 0
    print("\n".join(out))
    return 0


def _roster(args, root: Path):
    """roster(card, period) → the units expected, from --roster or the project's rosters; None without."""
    from .roster import RosterError, kept, read

    if args.roster:
        try:
            names = read(Path(args.roster))
        except RosterError as e:
            print(f"pingan results: {e}", file=sys.stderr)
            raise SystemExit(1) from None
        return lambda card, period: names

    def from_project(card: str, period: str):
        p = kept(root, card, period)
        try:
            return read(p) if p else None
        except RosterError as e:
            print(f"pingan results: {e}", file=sys.stderr)
            raise SystemExit(1) from None
    return from_project


def _sign(args, store, reports) -> int:
    """--finalize / --reopen: exactly one card and period."""
    from .signoff import SignOffError, finalize, reopen

    if not args.card or not args.period or len(reports) != 1:
        print("pingan results: --finalize and --reopen need one card and period (--card C --period P)",
              file=sys.stderr)
        return 2
    r = reports[0]
    try:
        if args.finalize:
            at, sum_ = finalize(store, r)
            print(f"signed off {r['card']} {r['period']} at {at}: {len(r['ranking'])} units ranked, "
                  f"{len(r['awaiting_review'])} awaiting review; checksum {sum_}")
        else:
            at = reopen(store, r["card"], r["period"], args.reason or "")
            print(f"reopened {r['card']} {r['period']} at {at}: collect takes its files again")
    except SignOffError as e:
        print(f"pingan results: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_results(args, load, root_of) -> int:
    from ..cardfile.untrusted import shown
    from .export import print_results
    from .ranking import reports_of, wanted

    root = root_of(args)
    store = _open(args, root, create=False)
    standards = load(args).standards
    if args.history:
        return _history(store, args.history, standards)
    if args.finalize and (args.reopen or args.provisional):
        print("pingan results: --finalize goes alone (not with --reopen or --provisional)", file=sys.stderr)
        return 2
    roster = _roster(args, root)
    pairs, periods, notes = wanted(store, standards, args.card, args.period)
    for n in notes:
        print(f"pingan results: {shown(n)}", file=sys.stderr)
    if args.output and pairs and not (args.finalize or args.reopen):
        rc = _write(args, store, standards, pairs, periods, roster)
        if rc or not args.publish:
            return rc
    reports = reports_of(store, standards, pairs, periods, args.provisional, roster)
    if not reports:
        print("pingan results: nothing to rank (collect filled cards first: pingan collect FILES)", file=sys.stderr)
        return 1
    if args.finalize or args.reopen:
        return _sign(args, store, reports)
    if not args.output:
        from .signoff import verify

        for changed in filter(None, (verify(store, r) for r in reports)):
            print(f"pingan results: {shown(changed)}", file=sys.stderr)
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
                                   "Versions of a unit, period and column are ordered by the file's revision and "
                                   "date (header); two versions of one revision with different scores are a "
                                   "conflict until --accept. A review deduction needs its reason. A signed-off "
                                   "period takes no file. An identical file changes nothing. One transaction per run.")
    c.add_argument("files", nargs="*", metavar="FILE|DIR", help="filled cards, or folders holding them")
    c.add_argument("--db", metavar="PATH", help="the store (default: results/results.sqlite in the project)")
    c.add_argument("--history", metavar="UNIT", help="list every version of this unit's scores and stop")
    c.add_argument("--accept", metavar="FILE", action="append", default=[],
                   help="collect FILE (if new) and let it settle the conflict it is part of (repeatable)")
    c.add_argument("-j", "--jobs", metavar="N", type=int, default=min(os.cpu_count() or 1, 4),
                   help="processes reading and scoring files (default: the CPUs, at most 4; 1: none)")
    c.set_defaults(func=lambda a: cmd_collect(a, load, root_of))

    r = sub.add_parser("results", help="rank units per card and period; HTML/XLSX/CSV/JSON report",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=RESULTS_EPILOG,
                       description="From the store: per card and period each unit's status (self-assessed, "
                                   "reviewed, final, conflict; missing with a roster), totals per score column, final "
                                   "score (the card's final column: its final_column, else the last), grade, vetoes, "
                                   "rank (ties by the card's ranking rule), the units awaiting review apart, the "
                                   "conflicts, the review gap and the change from the previous period.")
    r.add_argument("--period", metavar="P", help="only this period")
    r.add_argument("--card", metavar="C", help="only this card")
    r.add_argument("-o", "--output", metavar="DIR", help="write <card>-<period>.zh.html and .en.html "
                   "(the report in each language), .xlsx, .csv and .json per card and period, "
                   "and feedback/: each ranked unit's feedback sheet (HTML and DOCX, per language)")
    r.add_argument("-j", "--jobs", metavar="N", type=int, default=min(os.cpu_count() or 1, 4),
                   help="with -o: processes writing a card and period's files each (default: the CPUs, at most 4; "
                        "1: none)")
    r.add_argument("--format", choices=["text", "json"], default="text", help="standard output format (default: text)")
    r.add_argument("--publish", action="store_true", help="add the ranking (通报) to the site, both languages")
    r.add_argument("--provisional", action="store_true", help="rank every unit on its latest stage present; each "
                   "row not ranked on the final column is marked provisional")
    r.add_argument("--roster", metavar="FILE", help="the units expected (text: one a line; CSV/XLSX: a unit column); "
                   "default: standards/rosters/<card>-<period>.txt or <card>.txt when the project keeps one")
    r.add_argument("--finalize", action="store_true", help="sign off --card C --period P: freeze its ranking, values "
                   "and evidence hashes (checksum, time); collect then refuses its files")
    r.add_argument("--reopen", action="store_true", help="reopen a signed-off --card C --period P (needs --reason)")
    r.add_argument("--reason", metavar="TEXT", help="why the period is reopened (kept in the audit trail)")
    r.add_argument("--history", metavar="UNIT", help="list every version of this unit's scores and stop")
    r.add_argument("--db", metavar="PATH", help="the store (default: results/results.sqlite in the project)")
    r.set_defaults(func=lambda a: cmd_results(a, load, root_of))

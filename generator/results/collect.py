"""``pingan collect``: read filled scorecards, check and score each, keep the good ones in the store.

Each file is read by :func:`generator.cardfile.inputs.read_bytes` and checked by
:func:`generator.cardfile.score.score` (card, edition, known fields, values the inputs accept); on top
of that a submission must name the unit assessed and the period, and fill at least one score column.
A file is accepted whole or rejected whole, with every reason (file and field); an unexpected error
while reading or scoring one file rejects that file (``internal error: …``) and the run goes on.
Every folder entry gets a line, the skipped ones too (:mod:`.files`). All files of one run are
written in one transaction. Nothing from a file reaches the terminal able to act on it: names are
quoted, control characters escaped (:mod:`generator.cardfile.untrusted`).
"""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..cardfile.cycle import Stamp
from ..cardfile.inputs import Filled, read_bytes, read_limited
from ..cardfile.score import Scored, internal, score
from ..cardfile.untrusted import clean, quoted, shown
from ..scoring.plan import plan_of
from .files import Entry, expand
from .intake import closed, cycle_checks, placement
from .names import submission_name

__all__ = ["Outcome", "clean", "describe", "expand", "run"]


@dataclass
class Outcome:
    file: str
    status: str = "rejected"  # accepted | unchanged | rejected | skipped
    format: str = "?"
    card: str = ""
    edition: str = ""
    unit: str = ""
    period: str = ""
    columns: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    submission: int | None = None
    placed: list[str] = field(default_factory=list)  # per column: superseded, older, in conflict (.intake)
    stamp: Stamp | None = None  # filler, date, revision
    evidence: int = 0  # evidence files kept with it (a bundle)
    same_as: dict | None = None  # the submission an unchanged file is identical to
    encoding: str = ""  # a text file's encoding (UTF-8, UTF-16, GB18030)


def load(path: Path) -> tuple[bytes | None, Filled | None, str]:
    """A file's bytes and content hash, or (None, why it cannot be read, hash or '')."""
    data, refused = read_limited(path)
    return (None, refused, "") if data is None else (data, None, hashlib.sha256(data).hexdigest())


def parse(name: str, data: bytes) -> Filled:
    """The filled card in a file's bytes; whatever goes wrong is a problem of the file."""
    if not data.strip():
        return Filled(name, "?", problems=[("", "the file is empty")])
    try:
        return read_bytes(name, data)
    except Exception as e:  # a reader choking on a malformed file: the file is rejected, the run goes on
        return Filled(name, "?", problems=[("", f"cannot be read as a scorecard ({e.__class__.__name__}: {e})")])


def check(scored: Scored) -> list[tuple[str, str]]:
    """Every reason the file cannot be a submission: the scoring checks and the header's."""
    problems = list(scored.problems)
    if scored.result is None:
        return problems
    h = scored.filled.header
    if not clean(h.get("unit", "")):
        problems.append(("header--unit", "the unit assessed is missing (单位 / Unit in the card's header)"))
    if not clean(h.get("period", "")):
        problems.append(("header--period", "the period assessed is missing (考核期 / Period in the card's header)"))
    if not scored.filled_columns:
        problems.append(("", "no score column is filled in"))
    return problems


def outcome(path: str, filled: Filled, sha: str, standards) -> tuple[Outcome, dict | None]:
    """Check one filled card: its outcome so far and, when usable, the submission to store."""
    scored = score(filled, standards)
    o = Outcome(path, format=filled.format, card=filled.card, edition=filled.edition,
                unit=clean(filled.header.get("unit", "")), period=clean(filled.header.get("period", "")),
                columns=scored.filled_columns, encoding=filled.encoding)
    o.problems = check(scored)
    card = next((c for c in standards.scorecards if c.id == filled.card), None) if scored.result else None
    o.stamp, more = cycle_checks(scored, card)
    o.problems += more
    if scored.draft:  # one line, first: the card is not open for submissions yet
        o.problems.insert(0, ("", f"card {filled.card} is a draft: its submissions are collected once `draft: true` "
                                  f"is removed from the card (it is still being reviewed and translated)"))
    if o.problems:
        return o, None
    assert scored.result is not None  # a card that cannot be scored always has problems (check() keeps them)
    cols = scored.result["columns"]
    sub = {"sha256": sha, "file_name": Path(path).name, "format": filled.format, "card": filled.card,
           "edition": filled.edition, "lang": filled.lang, "unit": o.unit, "period": o.period,
           "header": filled.header, "stamp": o.stamp, "values": filled.values,
           "results": {c: cols[c] for c in o.columns}}
    return o, sub


_STANDARDS = None  # the project's standards in worker processes (inherited when they are forked)
_KNOWN: frozenset[str] = frozenset()  # in workers: the content hashes in the store when the run began


@dataclass(frozen=True)
class Known:
    """A file whose content the store held when the run began (a worker's answer): its hash."""
    sha: str


def failed(path: str, e: BaseException) -> tuple[Outcome, None]:
    """The outcome of a file whose reading or scoring failed unexpectedly: rejected, with the error."""
    return Outcome(path, problems=internal(path, "?", e).problems), None


def examine(path: str, data: bytes, sha: str, standards=None) -> tuple[Outcome, dict | None]:
    """Parse and check one file's bytes (in a worker process, or inline); nothing it raises ends the run."""
    try:
        return outcome(path, parse(path, data), sha, standards or _STANDARDS)
    except (Exception, RecursionError, MemoryError) as e:
        return failed(path, e)


def examine_path(path: str) -> tuple[Outcome, dict | None] | Known:
    """In a worker: read and hash one file and, unless the store already had it, parse and check it — so
    the files' bytes never pass between processes."""
    try:
        data, bad, sha = load(Path(path))
        if data is None:
            assert bad is not None  # load() says why whenever it gives no bytes
            return outcome(path, bad, sha, _STANDARDS)
        return Known(sha) if sha in _KNOWN else examine(path, data, sha)
    except (Exception, RecursionError, MemoryError) as e:
        return failed(path, e)


def unchanged(path: Path, same: dict) -> Outcome:
    return Outcome(str(path), "unchanged", same["format"], same["card"], same["edition"], same["unit"],
                   same["period"], same["columns"], same_as=same)


def _die_with(parent: int) -> None:
    """In a worker: end when ``collect`` ends, even killed (forked workers would otherwise wait forever
    on a queue they hold both ends of). Linux: the kernel's parent-death signal; elsewhere a watchdog."""
    import os
    import signal
    import threading

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == parent:
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _worker(parent: int, standards, known: frozenset[str]) -> None:
    """A worker's start: the standards and the store's hashes kept (inherited by the fork, not pickled)."""
    global _STANDARDS, _KNOWN
    _STANDARDS, _KNOWN = standards, known
    _die_with(parent)


def _pool(jobs: int, n: int, standards, store):
    """Worker processes for reading, parsing and scoring, when there is enough to share and fork is available."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    if jobs < 2 or n < 16 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker, initargs=(os.getpid(), standards, store.hashes()))


class Run:
    """One collect run: files are read and hashed in order, new ones parsed and scored (by workers, a few
    files ahead), and every outcome is written to the store in file order, in one transaction."""

    def __init__(self, standards, store, progress, total: int):
        self.store, self.progress, self.total = store, progress, total
        self.cards = {c.id: c for c in standards.scorecards}
        self.standards, self.run_id = standards, None
        self.outcomes: list[Outcome] = []
        self.evidence: dict[str, list] = {}  # bundle path → its evidence files

    def start(self, entry: Entry, pool):
        path = entry.path
        if entry.skip:
            return Outcome(str(path), "skipped", problems=[("", entry.skip)]), None
        if pool is not None and not entry.bundle:  # the worker reads it
            future = pool.submit(examine_path, str(path))
            future.path = str(path)
            return future
        data, bad, sha = self.bundled(entry) if entry.bundle else load(path)
        if data is None:
            assert bad is not None  # load() and bundled() say why whenever they give no bytes
            return outcome(str(path), bad, sha, self.standards)
        same = self.store.by_hash(sha)
        if same:
            return unchanged(path, same), None
        if pool is None:
            return examine(str(path), data, sha, self.standards)
        future = pool.submit(examine, str(path), data, sha)
        future.path = str(path)
        return future

    def bundled(self, entry: Entry) -> tuple[bytes | None, Filled | None, str]:
        """A bundle's card (its evidence kept for :meth:`keep`), or why it cannot be read."""
        from .bundle import load as load_bundle

        b = load_bundle(entry.path, entry.bundle)
        if b.problem:
            return None, Filled(str(entry.path), entry.bundle, problems=[("", b.problem)]), ""
        assert b.card is not None  # a bundle without a problem has its card read
        self.evidence[str(entry.path)] = b.evidence
        return b.card, None, hashlib.sha256(b.card).hexdigest()

    def finish(self, item) -> None:
        try:
            got = item if isinstance(item, tuple) else item.result()
        except Exception as e:  # a worker that died (killed, out of memory): that file is rejected
            got = failed(item.path, e)
        if isinstance(got, Known):
            same = self.store.by_hash(got.sha)
            assert same is not None  # the store only grows: what it had when the run began, it has
            got = unchanged(Path(item.path), same), None
        o, sub = got
        if sub is not None:
            try:
                o = self.keep(o, sub)
            except (sqlite3.OperationalError, KeyboardInterrupt):
                raise  # the store itself cannot be written (busy, read-only, full): the run stops, nothing kept
            except Exception as e:  # this file's values cannot be stored: that file is rejected
                o, _ = failed(o.file, e)
        self.outcomes.append(o)
        if self.progress:
            self.progress(len(self.outcomes), self.total, o)


    def keep(self, o: Outcome, sub: dict) -> Outcome:
        """Store one submission (in a savepoint of the run's transaction: all of it or nothing)."""
        same = self.store.by_hash(sub["sha256"])  # the same content twice in this run
        if same:
            return unchanged(Path(o.file), same)
        shut = closed(self.store, o.card, o.period)
        if shut:
            o.problems = [shut]
            return o
        self.run_id = self.run_id or self.store.start_run(self.total)
        with self.store.savepoint():
            self.store.keep_plan(o.card, o.edition, plan_of(self.cards[o.card]))
            o.submission, o.status = self.store.add(self.run_id, sub), "accepted"
            for ev in self.evidence.pop(o.file, []):
                self.store.add_evidence(o.submission, ev.name, ev.data, ev.sha256)
                o.evidence += 1
            o.placed = placement(self.store, o.card, o.unit, o.period, o.columns, o.submission,
                                 [c.id for c in self.cards[o.card].columns])
        return o


def run(paths: list[str], standards, store, progress=None, jobs: int = 1) -> list[Outcome]:
    """Collect every file into ``store`` in one transaction; the outcome of each file, in order."""
    from collections import deque

    files = expand(paths)
    r = Run(standards, store, progress, len(files))
    pool = _pool(jobs, len(files), standards, store)
    try:
        with store.transaction():
            ahead: deque = deque()
            for entry in files:
                ahead.append(r.start(entry, pool))
                if len(ahead) > 4 * jobs:
                    r.finish(ahead.popleft())
            while ahead:
                r.finish(ahead.popleft())
            if r.run_id:
                store.end_run(r.run_id, sum(o.status == "accepted" for o in r.outcomes),
                              sum(o.status == "rejected" for o in r.outcomes))
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return r.outcomes


def describe(o: Outcome) -> str:
    """The lines ``pingan collect`` prints for one file: one per reason for a rejected file; an accepted or
    unchanged one leads with the name the form's export gives it (:mod:`.names`)."""
    name = quoted(o.file)
    if o.status in ("rejected", "skipped"):
        how = f" (read as {o.encoding})" if o.encoding and o.encoding != "UTF-8" else ""
        return "".join(f"{o.status:<10} {name}: {shown(f) + ': ' if f else ''}{shown(m)}{how}\n"
                       for f, m in o.problems or [("", "?")])
    what = (f"{submission_name(o.card, o.unit, o.period, o.columns)} — card {shown(o.card)} edition "
            f"{shown(o.edition)}, unit “{shown(o.unit)}”, period “{shown(o.period)}”, "
            f"columns {', '.join(map(shown, o.columns))}")
    fmt = f"{o.format}, {o.encoding}" if o.encoding else o.format
    if o.status == "unchanged":
        assert o.same_as is not None  # unchanged() always records the identical submission
        return (f"unchanged  {name}: {what} — identical to submission #{o.same_as['id']} "
                f"({quoted(o.same_as['file_name'])})\n")
    st = o.stamp or Stamp()
    stamp = f", revision {st.revision}" + (f", {st.date}" if st.date else "") + (f", by “{shown(st.filler)}”"
                                                                                 if st.filler else "")
    sup = "".join(f"; {shown(p)}" for p in o.placed) + (f"; evidence: {o.evidence} file(s) kept" if o.evidence else "")
    return f"accepted   {name}: #{o.submission} {what} ({fmt}){stamp}{sup}\n"

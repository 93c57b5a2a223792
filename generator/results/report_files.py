"""``pingan results -o DIR``: every card and period's files, each built and written by one process.

A card and period is one :class:`Pair`. Each is built (:func:`.ranking.report`), checked against its
sign-off (:func:`.signoff.verify`) and written (:func:`.export.write_report`) by the same process, with
its own connection to the store: with ``jobs`` > 1 and several pairs, forked workers do all of it, the
biggest pair first, so nothing but listing the pairs runs before the writing starts. The parent says what
is being made and, once every pair is done, what was written, in the pairs' order.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import write_report


@dataclass(frozen=True)
class Job:
    """What every pair shares: the store's path, the project's standards, the options, the folder."""
    db: Path
    standards: Any
    provisional: bool
    out: Path


@dataclass(frozen=True)
class Pair:
    """One card and period to report on."""
    card: str
    period: str
    periods: list[str]  # every period of the card in the store (year on year)
    roster: list[str] | None  # the units expected (None: no roster)
    size: float = 0.0  # the work it is, roughly: the biggest are handed out first


@dataclass
class Done:
    """A pair's report written: its units, its files and, when the store no longer matches its sign-off,
    the note that says so."""
    card: str
    period: str
    units: int
    written: list[Path] = field(default_factory=list)
    note: str | None = None


def make(job: Job, pair: Pair, which: str, progress: Callable[..., None] = lambda *_: None) -> Done | None:
    """Build, verify and write one pair (None: the store has no score column for it)."""
    from .ranking import report
    from .signoff import verify
    from .store import Store

    store = Store(job.db)
    try:
        r = report(store, job.standards, pair.card, pair.period, pair.periods, job.provisional, pair.roster)
        if r is None:
            return None
        note = verify(store, r)
        return Done(pair.card, pair.period, len(r["ranking"]), write_report(r, job.out, which, progress), note)
    finally:
        store.close()


_JOB: Job | None = None  # in forked workers: the job, inherited (the standards are not pickled)


def _worker(job: Job) -> None:
    """A worker's start: the job kept (handed over by the fork, not pickled)."""
    global _JOB
    _JOB = job


def _in_worker(pair: Pair, which: str) -> Done | None:
    assert _JOB is not None  # set by _worker as the worker starts
    return make(_JOB, pair, which)


def write_all(job: Job, pairs: list[Pair], progress: Callable[..., None] = lambda *_: None,
              jobs: int = 1) -> list[Done]:
    """Every pair's files into ``job.out``; what was done, in the pairs' order (pairs with nothing to rank
    left out). With ``jobs`` > 1 and several pairs, that many forked processes build and write a pair each."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    job.out.mkdir(parents=True, exist_ok=True)
    n = len(pairs)
    if jobs < 2 or n < 2 or "fork" not in multiprocessing.get_all_start_methods():
        done = [make(job, p, f"{i}/{n}", progress) for i, p in enumerate(pairs, 1)]
        return [d for d in done if d]
    progress(f"{n} reports in {min(jobs, n)} processes", True)
    with ProcessPoolExecutor(max_workers=min(jobs, n), mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker, initargs=(job,)) as pool:
        by_size = sorted(range(n), key=lambda i: -pairs[i].size)
        futures = {pool.submit(_in_worker, pairs[i], f"{i + 1}/{n}"): i for i in by_size}
        for count, f in enumerate(as_completed(futures), 1):
            d, p = f.result(), pairs[futures[f]]
            units = f", {d.units} units" if d else ", nothing to rank"
            progress(f"{p.card} {p.period}: done{units} ({count}/{n} reports)", True)
        done = [f.result() for f in sorted(futures, key=futures.__getitem__)]
    return [d for d in done if d]

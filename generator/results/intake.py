"""What ``pingan collect`` checks of a file's place in the review cycle, and says about it once stored.

- :func:`cycle_checks` — the file's stamp (filler, date, revision) must be readable, and every criterion
  that lost points in a review or re-check column needs its reason (:mod:`generator.cardfile.cycle`);
- :func:`closed` — a card and period that is signed off takes no more files;
- :func:`placement` — what a stored file did: superseded an earlier version, is older than the one that
  counts, or is in conflict with another version of its revision.
"""
from __future__ import annotations

from ..cardfile.cycle import Stamp, missing_reasons, stamp
from ..cardfile.untrusted import quoted
from ..model.kinds import ColumnRole
from ..scoring.plan import plan_of
from .stages import settle


def cycle_checks(scored, card) -> tuple[Stamp, list[tuple[str, str]]]:
    """The file's stamp and the problems of its cycle fields."""
    st, problems = stamp(scored.filled.header)
    if card is None or scored.result is None:
        return st, problems
    roles = card.roles
    reviews = {c: scored.result["columns"][c] for c in scored.filled_columns
               if roles.get(c) in (ColumnRole.REVIEW, ColumnRole.RE_CHECK)}
    numbers = {c.id: c.number for c in card.criteria}
    return st, problems + missing_reasons(plan_of(card), reviews, scored.filled.values, numbers)


def closed(store, card: str, period: str) -> tuple[str, str] | None:
    """(field, message) when the card and period is signed off."""
    so = store.signed_off(card, period)
    if so is None:
        return None
    return ("header--period", f"period signed off on {so.at} (checksum {so.checksum[:12]}): the ranking is frozen; "
                              f"to change it: pingan results --card {card} --period {period} --reopen --reason TEXT")


def placement(store, card: str, unit: str, period: str, columns: list[str], sid: int) -> list[str]:
    """One note per column the new submission ``sid`` fills: what it changed."""
    every = store.unit_versions(card, unit, period)
    accepted = store.acceptances()
    notes = []
    for col in columns:
        mine = [v for v in every if v.column == col]
        before = settle([v for v in mine if v.submission != sid], accepted) if len(mine) > 1 else None
        after = settle(mine, accepted)
        if after.current is None:
            others = ", ".join(f"#{v.submission} ({quoted(v.file)}, revision {v.revision}"
                               f"{', ' + v.filler if v.filler else ''})" for v in after.conflict if v.submission != sid)
            notes.append(f"conflict for {col} with {others}: neither counts until one is accepted "
                         f"(pingan collect --accept FILE) or a higher revision arrives")
        elif after.current.submission != sid:
            notes.append(f"older than #{after.current.submission} for {col} (revision {after.current.revision}, "
                         f"{after.current.date or 'undated'}): kept in the history")
        elif before is not None and before.current is not None:
            notes.append(f"supersedes #{before.current.submission} for {col}")
        elif before is not None:
            notes.append(f"settles the conflict for {col}")
    return notes

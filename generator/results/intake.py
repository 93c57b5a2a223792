"""What ``pingan collect`` checks of a file's place in the review cycle, and says about it once stored.

- :func:`cycle_checks` — the file's stamp (filler, date, revision) must be readable, and every criterion
  that lost points in a review or re-check column needs its reason (:mod:`generator.cardfile.cycle`);
- :func:`closed` — a card and period that is signed off takes no more files;
- :func:`placement` — what a stored file did: superseded an earlier version, is older than the one that
  counts, is in conflict with another version of its revision, or carries a copy of another stage's
  column (the same as the one that counts, or altered: not counted).
"""
from __future__ import annotations

from ..cardfile.cycle import Stamp, missing_reasons, stamp
from ..cardfile.untrusted import quoted
from ..model.kinds import ColumnRole
from ..scoring.plan import plan_of
from .stages import slots


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


def placement(store, card: str, unit: str, period: str, columns: list[str], sid: int, order: list[str]) -> list[str]:
    """One note per column the new submission ``sid`` fills: what it changed (``order``: the card's columns,
    which tell the file's own column from the copies it carries, :mod:`.stages`)."""
    every = store.unit_versions(card, unit, period)
    accepted = store.acceptances()
    after = slots(every, accepted, order).get(unit, {})
    before = slots([v for v in every if v.submission != sid], accepted, order).get(unit, {})
    notes = []
    for col in columns:
        a, b = after[col], before.get(col)
        if sid in {v.submission for v in a.copies}:
            notes.append(_copy_note(col, a, sid))
        elif a.current is None:
            others = ", ".join(f"#{v.submission} ({quoted(v.file)}, revision {v.revision}"
                               f"{', ' + v.filler if v.filler else ''})" for v in a.conflict if v.submission != sid)
            notes.append(f"conflict for {col} with {others}: neither counts until one is accepted "
                         f"(pingan collect --accept FILE) or a higher revision arrives")
        elif a.current.submission != sid:
            notes.append(f"older than #{a.current.submission} for {col} (revision {a.current.revision}, "
                         f"{a.current.date or 'undated'}): kept in the history")
        elif b is not None and b.current is not None and b.current.submission in {v.submission for v in a.copies}:
            same = " (the same scores)" if b.current.same_scores(a.current) else ""
            notes.append(f"supersedes the copy #{b.current.submission} carried for {col}{same}")
        elif b is not None and b.current is not None:
            notes.append(f"supersedes #{b.current.submission} for {col}")
        elif b is not None:
            notes.append(f"settles the conflict for {col}")
    return notes


def _copy_note(col: str, slot, sid: int) -> str:
    """What a copy of another stage's column said: the same as the version that counts, or altered."""
    heads = [slot.current] if slot.current else slot.conflict
    ref = ", ".join(f"#{v.submission}" + (f" ({v.filler})" if v.filler else "") for v in heads)
    if sid not in {v.submission for v in slot.altered}:
        return f"{col} as in {ref}: a copy, not a new version"
    return (f"ALTERED {col}: this file carries another {col} than {ref}, which counts — a file speaks for its last "
            f"column only, so this copy is not counted (send it from the {col} stage, with a higher revision, "
            f"to change {col})")

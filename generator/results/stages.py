"""Which version of a unit's score column counts, and where each unit stands in the review cycle.

Versions of one card, unit, period and column are ordered by the file's own revision and date
(:attr:`.rows.Version.order`), never by import order or file name: a correction imported before its
original stays current. The highest revision counts; two versions of that revision with different
scores (two fillers' reviews, or a file corrected without raising its revision) are a **conflict**:
neither counts until ``pingan collect --accept FILE`` accepts one, or a higher revision arrives. A
version of the accepted revision imported after the acceptance with other scores is a new conflict.

A file speaks for its **own** column, the last of the card's columns it fills (its stage); the earlier
columns it fills are **copies** it carries — a town that imports the village's file into the form, fills
its review and exports again sends the village's self-assessment along, under the town's name and
perhaps a raised revision. A copy never competes with a column's own versions: while a column has own
versions, its copies neither supersede nor conflict with them — one with the same scores is the same
version, one with other scores is **altered** (shown by ``collect``, ``--history`` and the results, never
counted). Only a column nobody sent as its own (a single file with every column) is settled among the
copies. ``--accept FILE`` therefore settles the accepted file's own column; its copies count only where
no own version exists.

A unit's status: ``conflict`` (a column in conflict), ``final`` (its period is signed off and the unit
was ranked then), ``reviewed`` (a review or re-check column counts: by the latest such), ``self-assessed``
(only its self-assessment), ``missing`` (on the roster, nothing received).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.kinds import ColumnRole
from .rows import Version


@dataclass
class Slot:
    """One unit's one column: the version that counts (None in a conflict), the rivals of a conflict and
    every version, oldest first (by :attr:`Version.order`)."""
    current: Version | None
    conflict: list[Version] = field(default_factory=list)
    history: list[Version] = field(default_factory=list)
    copies: list[Version] = field(default_factory=list)  # other files' copies, set aside: own versions exist
    altered: list[Version] = field(default_factory=list)  # those of them whose scores differ from every own one


def settle(versions: list[Version], accepted: dict[int, tuple[int, int]],
           carried: frozenset[int] | set[int] = frozenset()) -> Slot:
    """The slot of one unit and column from all its versions and the store's acceptances; ``carried``:
    the submissions whose version of this column is a copy (they fill a later column)."""
    own = [v for v in versions if v.submission not in carried]
    slot = _settle(own or versions, accepted)
    if own and len(own) < len(versions):
        slot.history = sorted(versions, key=lambda v: v.order)
        slot.copies = sorted((v for v in versions if v.submission in carried), key=lambda v: v.order)
        heads = [slot.current] if slot.current else slot.conflict
        slot.altered = [v for v in slot.copies if not any(v.same_scores(h) for h in heads)]
    return slot


def carried_by(versions: list[Version], order: list[str]) -> dict[str, set[int]]:
    """column → the submissions whose version of it is a copy: they fill a column later in ``order``."""
    last: dict[int, int] = {}
    for v in versions:
        last[v.submission] = max(last.get(v.submission, -1), order.index(v.column) if v.column in order else -1)
    return {c: {v.submission for v in versions if c in order and last[v.submission] > order.index(c)}
            for c in {v.column for v in versions}}


def _settle(versions: list[Version], accepted: dict[int, tuple[int, int]]) -> Slot:
    vs = sorted(versions, key=lambda v: v.order)
    top = [v for v in vs if v.revision == vs[-1].revision]
    acc = max((v for v in top if v.submission in accepted), key=lambda v: accepted[v.submission][0], default=None)
    if acc is not None:
        after = accepted[acc.submission][1]
        rivals = [v for v in top if v.submission > after and not v.same_scores(acc)]
        return Slot(None, [acc, *rivals], vs) if rivals else Slot(acc, history=vs)
    distinct: list[Version] = []
    for v in top:
        if not any(v.same_scores(d) for d in distinct):
            distinct.append(v)
    if len(distinct) > 1:
        return Slot(None, top, vs)
    return Slot(top[-1], history=vs)


def slots(versions: list[Version], accepted: dict[int, tuple[int, int]],
          order: list[str] | None = None) -> dict[str, dict[str, Slot]]:
    """unit → column → its slot, for every version of one card and period (``order``: the card's columns,
    which tells a file's own column from its copies)."""
    by: dict[tuple[str, str], list[Version]] = {}
    for v in versions:
        by.setdefault((v.unit, v.column), []).append(v)
    units: dict[str, list[Version]] = {}
    for v in versions:
        units.setdefault(v.unit, []).append(v)
    carried = {u: carried_by(vs, order or []) for u, vs in units.items()}
    out: dict[str, dict[str, Slot]] = {}
    for (unit, col), vs in sorted(by.items()):
        out.setdefault(unit, {})[col] = settle(vs, accepted, carried[unit].get(col, set()))
    return out


def status(cols: dict[str, Slot], order: list[str], roles: dict[str, ColumnRole]) -> tuple[str, str | None]:
    """A unit's status and, when reviewed, the column it was reviewed by (its latest review present)."""
    if any(s.current is None for s in cols.values()):
        return "conflict", None
    reviewed = [c for c in order if c in cols and roles.get(c) not in (ColumnRole.SELF_ASSESSMENT, None)]
    if reviewed:
        return "reviewed", reviewed[-1]
    return "self-assessed", None

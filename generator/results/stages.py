"""Which version of a unit's score column counts, and where each unit stands in the review cycle.

Versions of one card, unit, period and column are ordered by the file's own revision and date
(:attr:`.rows.Version.order`), never by import order or file name: a correction imported before its
original stays current. The highest revision counts; two versions of that revision with different
scores (two fillers' reviews, or a file corrected without raising its revision) are a **conflict**:
neither counts until ``pingan collect --accept FILE`` accepts one, or a higher revision arrives. A
version of the accepted revision imported after the acceptance with other scores is a new conflict.

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


def settle(versions: list[Version], accepted: dict[int, tuple[int, int]]) -> Slot:
    """The slot of one unit and column from all its versions and the store's acceptances."""
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


def slots(versions: list[Version], accepted: dict[int, tuple[int, int]]) -> dict[str, dict[str, Slot]]:
    """unit → column → its slot, for every version of one card and period."""
    by: dict[tuple[str, str], list[Version]] = {}
    for v in versions:
        by.setdefault((v.unit, v.column), []).append(v)
    out: dict[str, dict[str, Slot]] = {}
    for (unit, col), vs in sorted(by.items()):
        out.setdefault(unit, {})[col] = settle(vs, accepted)
    return out


def status(cols: dict[str, Slot], order: list[str], roles: dict[str, ColumnRole]) -> tuple[str, str | None]:
    """A unit's status and, when reviewed, the column it was reviewed by (its latest review present)."""
    if any(s.current is None for s in cols.values()):
        return "conflict", None
    reviewed = [c for c in order if c in cols and roles.get(c) not in (ColumnRole.SELF_ASSESSMENT, None)]
    if reviewed:
        return "reviewed", reviewed[-1]
    return "self-assessed", None

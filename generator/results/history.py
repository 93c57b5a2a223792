"""``--history UNIT``: every version of a unit's score columns, per card and period, oldest first (by the
file's revision and date), each with its stage, filler, date, revision, whether it counts, is
superseded or is in conflict, its file and its content hash."""
from __future__ import annotations

from ..cardfile.untrusted import quoted, shown
from .rows import unit_versions
from .stages import slots
from .standing import stages_of


def lines(store, standards, unit: str) -> list[str]:
    every = unit_versions(store.db, unit)
    accepted = store.acceptances()
    cards = {c.id: c for c in standards.scorecards} if standards else {}
    out = []
    for card, period in sorted({(v.card, v.period) for v in every}):
        mine = [v for v in every if v.card == card and v.period == period]
        plan = store.plan(card, mine[-1].edition)
        order, roles, final = stages_of(cards.get(card),
                                        list(plan["columns"]) if plan else sorted({v.column for v in mine}))
        so = store.signed_off(card, period)
        out.append(f"{shown(card)} period “{shown(period)}”" + (f" (signed off {so.at})" if so else "") + ":")
        table = slots(mine, accepted, order).get(unit, {})
        for col, slot in sorted(table.items(), key=lambda x: (x[0] not in order, order.index(x[0]) if x[0] in order
                                                               else 0, x[0])):
            keep = {slot.current.submission} if slot.current else {v.submission for v in slot.conflict}
            copies, altered = {v.submission for v in slot.copies}, {v.submission for v in slot.altered}
            for v in slot.history:
                state = ("counts" if slot.current and v.submission in keep else "CONFLICT" if v.submission in keep
                         else "ALTERED copy, not counted" if v.submission in altered
                         else "copy" if v.submission in copies else "superseded")
                stage = str(roles.get(col, "?")) + (", final column" if col == final else "")
                out.append(f"  #{v.submission} {shown(col)} {v.total:g} [{stage}] {state}: revision {v.revision}, "
                           f"{v.date or 'undated'}, filled by “{shown(v.filler)}”, imported {v.imported_at} — "
                           f"{quoted(v.file)} ({shown(v.format)}, edition {shown(v.edition)}, sha256 {v.sha256[:12]})")
    return out

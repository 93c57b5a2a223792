"""Where every unit of a card and period stands: ranked (its final column counts), awaiting review (only
earlier stages count), in conflict, or missing (on the roster, nothing received) — from the store's
versions settled by :mod:`.stages`.

By default only units whose final column (the card's ``final_column``, else its last) counts are ranked;
``provisional`` ranks every unit not in conflict on the latest stage present, each such row marked
``provisional`` when that is not the final column.
"""
from __future__ import annotations

from ..cardfile.cycle import evidence_names
from ..model.kinds import ColumnRole
from .rows import Version
from .stages import slots, status


def stages_of(sc, plan_columns: list[str]) -> tuple[list[str], dict, str]:
    """The card's column order, roles and final column; for a card no longer in the project, the store's
    plan's columns with the default roles (first self-assessment, the others review)."""
    if sc is not None:
        return [c.id for c in sc.columns], sc.roles, sc.final
    roles = {c: ColumnRole.SELF_ASSESSMENT if i == 0 else ColumnRole.REVIEW for i, c in enumerate(plan_columns)}
    return list(plan_columns), roles, plan_columns[-1]


def _as_result(v: Version) -> dict:
    return {"total": v.total, "grade": v.grade, "vetoes": list(v.vetoes), "items": v.items,
            "submission": v.submission, "file": v.file, "edition": v.edition, "filler": v.filler,
            "date": v.date, "revision": v.revision}


def evidence_of(store, cols: dict[str, dict]) -> dict:
    """Per criterion the evidence the unit's counting files list (each with the stored file's size and
    SHA-256 when it came with the submission), and every stored evidence file."""
    sids = sorted({c["submission"] for c in cols.values()})
    files = {e.name: e for sid, es in store.evidence(sids).items() for e in es}
    criteria: dict[str, list[dict]] = {}
    for sid in sids:
        vals = store.values(sid, ("--evidence",))
        for fld in sorted(vals):
            crit = fld[: -len("--evidence")]
            for name in evidence_names(vals, crit):
                f = files.get(name)
                entry = {"name": name, "size": f.size if f else None, "sha256": f.sha256 if f else None}
                if entry not in criteria.setdefault(crit, []):
                    criteria[crit].append(entry)
    return {"criteria": criteria,
            "files": [{"name": e.name, "size": e.size, "sha256": e.sha256} for e in sorted(files.values(),
                                                                                          key=lambda e: e.name)]}


def standing(store, card: str, period: str, order: list[str], roles: dict, final: str,
             provisional: bool = False) -> dict:
    """``ranked`` (unit, cols, final column, status, reviewed_by), ``awaiting``, ``conflicts``, ``units``."""
    table = slots(store.versions(card, period), store.acceptances(), order)
    ranked, awaiting, conflicts, altered = [], [], [], []
    for unit, cs in table.items():
        st, by = status(cs, order, roles)
        cols = {c: _as_result(s.current) for c, s in cs.items() if s.current is not None}
        for c in sorted(cs, key=lambda c: order.index(c) if c in order else len(order)):
            s = cs[c]
            if s.current is None:
                conflicts.append({"unit": unit, "column": c, "versions": [v.brief() for v in s.conflict]})
            if s.altered:
                altered.append({"unit": unit, "column": c, "counts": s.current.brief() if s.current else None,
                                "copies": [v.brief() for v in s.altered]})
        take = _ranked_on(cs, order, final, provisional)
        entry = {"unit": unit, "status": st, "reviewed_by": by, "cols": cols, "slots": cs}
        if take is not None:
            ranked.append({**entry, "final_column": take, "provisional": take != final})
        else:
            awaiting.append(entry)
    return {"ranked": ranked, "awaiting": awaiting, "conflicts": conflicts, "altered": altered,
            "units": sorted(table)}


def _ranked_on(cs: dict, order: list[str], final: str, provisional: bool) -> str | None:
    """The column a unit is ranked on: its final column once that counts — a conflict in an earlier column
    (two self-assessments) does not hold back a score the final stage settled; the conflict is still
    listed and the unit's status is ``conflict`` — or, ``provisional``, its latest stage present unless
    that stage is in conflict. None: not ranked."""
    present = [c for c in order if c in cs]
    take = final if final in cs else (present[-1] if provisional and present else None)
    return take if take is not None and cs[take].current is not None else None


def self_column(order: list[str], roles: dict) -> str:
    return next((c for c in order if roles.get(c) is ColumnRole.SELF_ASSESSMENT), order[0])


def self_column_of(r: dict) -> str:
    """The self-assessment column of a report (its columns carry their roles)."""
    return next((c["id"] for c in r["columns"] if c["role"] == str(ColumnRole.SELF_ASSESSMENT)), r["columns"][0]["id"])

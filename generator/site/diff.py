"""Semantic diff of two versions of the standards, keyed by stable ids.

Reports criteria, tasks, domains, scorecards and units that were added, removed, moved (to another
task / domain), whose text changed (zh and en side by side), whose points changed (with the effect
on the task, domain and card totals) or whose responsible units changed. Totals of tasks, domains
and cards are never reported on their own: they follow from criteria, so they appear as the
*effects* of the criterion-level change that caused them.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from ..checks.project import load
from ..model.objects import Standards, Text
from .gitref import exported


@dataclass
class Change:
    change: str  # added | removed | moved | text | points | units | renamed
    kind: str  # criterion | task | domain | scorecard | unit
    id: str
    old: object = None
    new: object = None
    where: str = ""  # card / task context
    effects: list[dict] = field(default_factory=list)  # total changes this causes

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "", [])}


def _t(t: Text | None) -> dict | None:
    return {"zh": t.zh, "en": t.en} if t else None


def _index(s: Standards) -> dict[str, dict]:
    """id → facts about every criterion, task, domain and card."""
    out: dict[str, dict] = {}
    for card in s.scorecards:
        out[card.id] = {"kind": "scorecard", "text": card.title, "points": card.total_points, "parent": None,
                        "card": card.id}
        for d in card.domains:
            out[d.id] = {"kind": "domain", "text": d.title, "points": d.points, "parent": card.id, "card": card.id}
        for t in card.tasks:
            out[t.id] = {"kind": "task", "text": t.title, "points": t.points, "parent": t.domain or card.id,
                         "card": card.id, "units": t.units, "domain": t.domain or ""}
            for c in t.criteria:
                out[c.id] = {"kind": "criterion", "text": c.text, "points": c.points, "parent": t.id,
                             "card": card.id, "units": c.units, "own_units": c.own_units, "domain": t.domain or ""}
    return out


def _chain(idx: dict, id_: str) -> list[str]:
    chain, cur = [], idx[id_]["parent"]
    while cur:
        chain.append(cur)
        cur = idx[cur]["parent"]
    return chain


def diff(old: Standards, new: Standards) -> list[Change]:
    a, b = _index(old), _index(new)
    changes: list[Change] = []

    def effects(ids: list[str]) -> list[dict]:
        out = []
        for i in dict.fromkeys(ids):
            po, pn = a.get(i, {}).get("points"), b.get(i, {}).get("points")
            if po != pn:
                out.append({"id": i, "kind": (b.get(i) or a[i])["kind"], "old": po, "new": pn})
        return out

    for i, o in a.items():
        if i not in b and o["kind"] in ("criterion", "task", "domain", "scorecard"):
            # a removed task/domain is reported once, at the highest level that went away
            if o["parent"] in a and o["parent"] not in b:
                continue
            changes.append(Change("removed", o["kind"], i, old=_t(o["text"]), where=o["parent"] or "",
                                  effects=effects(_chain(a, i))))
    for i, n in b.items():
        if i not in a:
            if n["parent"] in b and n["parent"] not in a:
                continue
            changes.append(Change("added", n["kind"], i, new=_t(n["text"]), where=n["parent"] or "",
                                  effects=effects(_chain(b, i))))
            continue
        o = a[i]
        if n["kind"] in ("criterion", "task") and o["parent"] != n["parent"]:
            changes.append(Change("moved", n["kind"], i, old=o["parent"], new=n["parent"],
                                  effects=effects(_chain(a, i) + _chain(b, i))))
        if o["text"] != n["text"]:
            changes.append(Change("text", n["kind"], i, old=_t(o["text"]), new=_t(n["text"]), where=n["parent"] or ""))
        if n["kind"] == "criterion" and o["points"] != n["points"]:
            changes.append(Change("points", "criterion", i, old=o["points"], new=n["points"], where=n["parent"],
                                  effects=effects(_chain(b, i))))
        # a criterion without units of its own follows its task: the task's change (or the move) says it
        inherited = n["kind"] == "criterion" and not (o.get("own_units") or n.get("own_units"))
        if "units" in n and set(o.get("units", ())) != set(n["units"]) and not inherited:
            changes.append(Change("units", n["kind"], i, old=list(o["units"]), new=list(n["units"]),
                                  where=n["parent"] or ""))
    ua, ub = {u.id: u for u in old.units}, {u.id: u for u in new.units}
    for i in ua.keys() - ub.keys():
        changes.append(Change("removed", "unit", i, old=_t(ua[i].name)))
    for i in ub.keys() - ua.keys():
        changes.append(Change("added", "unit", i, new=_t(ub[i].name)))
    for i in ua.keys() & ub.keys():
        if ua[i].name != ub[i].name:
            changes.append(Change("renamed", "unit", i, old=_t(ua[i].name), new=_t(ub[i].name)))
    order = {"scorecard": 0, "domain": 1, "task": 2, "criterion": 3, "unit": 4}
    return sorted(changes, key=lambda c: (order[c.kind], c.id, c.change))


def load_version(spec: str, repo: Path) -> Standards:
    """A directory with standards/, or a git ref (tag, branch, commit) of the repository at ``repo``."""
    p = Path(spec)
    if p.is_dir():
        return load(p).standards
    with exported(repo, spec) as tmp:
        return load(tmp).standards


def to_text(changes: list[Change]) -> str:
    if not changes:
        return "no changes\n"
    lines = []
    for c in changes:
        old, new = cast(Any, c.old), cast(Any, c.new)  # their shape depends on the change
        head = f"{c.change:8} {c.kind:9} {c.id}"
        if c.change in ("added", "removed"):
            t = new or old
            lines.append(f"{head}  “{t['zh']}” / “{t['en']}”" + (f"  (in {c.where})" if c.where else ""))
        elif c.change in ("text", "renamed"):
            lines.append(head)
            for lang in ("zh", "en"):
                if old[lang] != new[lang]:
                    lines.append(f"    {lang} − {old[lang]}")
                    lines.append(f"    {lang} + {new[lang]}")
        elif c.change == "moved":
            lines.append(f"{head}  {old} → {new}")
        elif c.change == "points":
            lines.append(f"{head}  {old:g} → {new:g} points")
        elif c.change == "units":
            lines.append(f"{head}  {', '.join(old)} → {', '.join(new)}")
        for e in c.effects:
            o = "—" if e["old"] is None else f"{e['old']:g}"
            n = "—" if e["new"] is None else f"{e['new']:g}"
            lines.append(f"    total of {e['kind']} {e['id']}: {o} → {n}")
    return "\n".join(lines) + f"\n{len(changes)} change{'s' if len(changes) != 1 else ''}\n"


def to_json(changes: list[Change]) -> str:
    return json.dumps({"format": "pingan-diff/1", "changes": [c.as_dict() for c in changes]},
                      ensure_ascii=False, indent=2) + "\n"

"""The ranking per card and period, the review gap and year on year — from the store's current results.

Every number is the engine's, computed when the file was collected (:mod:`.collect`): a unit's total
in a column is the total of the current submission for that column. The *final* score is the last
score column of the card that is filled (a review, or a re-check, over the self-assessment); grade
and vetoes are that column's. Ties are ranked by the card's ``ranking`` rule (``equal`` by default,
or ``by-domain``: the higher score of a named domain first).
"""
from __future__ import annotations

from .store import Store

GAP_TOP = 5  # criteria listed per unit in the review gap
LOST_TOP = 10  # criteria listed across units


def texts(card) -> dict[str, dict]:
    """id → {"zh", "en"} for the card, its domains, tasks, criteria and vetoes."""
    out = {card.id: card.title}
    out.update({d.id: d.title for d in card.domains})
    for t in card.tasks:
        out[t.id] = t.title
        out.update({c.id: c.text for c in t.criteria})
    out.update({v.id: v.text for v in card.vetoes})
    return {k: {"zh": v.zh, "en": v.en} for k, v in out.items()}


def numbers(card) -> dict[str, str]:
    """id → the number a person reads: domain "1", task "5", criterion "5.3"."""
    out = {d.id: str(d.number) for d in card.domains}
    for t in card.tasks:
        out[t.id] = t.number
        out.update({c.id: c.number for c in t.criteria})
    return out


def groups(plan: dict) -> list[dict]:
    """The heat map's columns: the card's domains, or its tasks when it has none."""
    level = "domain" if any(n["level"] == "domain" for n in plan["nodes"]) else "task"
    return [{"id": n["id"], "points": n["points"], "level": level} for n in plan["nodes"] if n["level"] == level]


def _row(unit: str, cols: dict, order: list[str], names: dict, plan: dict) -> dict:
    final_col = [c for c in order if c in cols][-1]
    f = cols[final_col]
    return {"unit": unit, "final": f["total"], "final_column": final_col, "reviewed": final_col != order[0],
            "grade": f["grade"], "vetoed": bool(f["vetoes"]),
            "vetoes": [{"id": v, "text": names.get(v, {"zh": v, "en": v})} for v in f["vetoes"]],
            "rank": 0, "columns": {c: cols[c]["total"] for c in order if c in cols},
            "shares": {g["id"]: round(f["items"].get(g["id"], 0.0) / g["points"], 4) for g in groups(plan)},
            "files": {c: cols[c]["file"] for c in order if c in cols}, "edition": f["edition"],
            "items": {c: cols[c]["items"] for c in order if c in cols}}


def rank(rows: list[dict], rule: dict) -> list[dict]:
    """Sort by final score and give ranks; equal keys share a rank (1, 2, 2, 4)."""
    dom = rule.get("domain") if rule.get("ties") == "by-domain" else None

    def key(r):
        return (-r["final"], -(r["items"][r["final_column"]].get(dom, 0.0) if dom else 0.0))
    rows.sort(key=lambda r: (key(r), r["unit"]))
    for i, r in enumerate(rows):
        r["rank"] = rows[i - 1]["rank"] if i and key(rows[i - 1]) == key(r) else i + 1
    return rows


def gap(rows: list[dict], plan: dict, self_col: str) -> dict:
    """Per unit the criteria where the self-assessment and the final review differ most; across units
    the criteria lost most often in the final column (count of units, points lost)."""
    per_unit = {}
    for r in rows:
        if not r["reviewed"] or self_col not in r["items"]:
            continue
        a, b = r["items"][self_col], r["items"][r["final_column"]]
        diffs = [{"id": c["id"], "self": a.get(c["id"], 0.0), "review": b.get(c["id"], 0.0),
                  "diff": round(b.get(c["id"], 0.0) - a.get(c["id"], 0.0), 6)} for c in plan["criteria"]]
        diffs = [d for d in diffs if d["diff"]]
        per_unit[r["unit"]] = sorted(diffs, key=lambda d: (-abs(d["diff"]), d["id"]))[:GAP_TOP]
    lost = []
    for c in plan["criteria"]:
        cut = [c["points"] - r["items"][r["final_column"]].get(c["id"], 0.0) for r in rows]
        cut = [x for x in cut if x > 1e-9]
        if cut:
            lost.append({"id": c["id"], "points": c["points"], "units": len(cut), "lost": round(sum(cut), 6)})
    lost.sort(key=lambda x: (-x["units"], -x["lost"], x["id"]))
    return {"units": per_unit, "lost": lost[:LOST_TOP]}


def plan_changes(old: dict, new: dict) -> list[dict]:
    """Criteria, tasks and domains removed, added, re-pointed or moved between two editions' plans
    (keyed by stable ids, as ``pingan diff``)."""
    def index(plan):
        out = {n["id"]: (n["points"], n["parent"]) for n in plan["nodes"] if n["level"] != "card"}
        out.update({c["id"]: (c["points"], c["parent"]) for c in plan["criteria"]})
        return out
    a, b = index(old), index(new)
    out = [{"id": i, "change": "removed", "old": a[i][0]} for i in a if i not in b]
    out += [{"id": i, "change": "added", "new": b[i][0]} for i in b if i not in a]
    for i in a.keys() & b.keys():
        if a[i][0] != b[i][0]:
            out.append({"id": i, "change": "re-pointed", "old": a[i][0], "new": b[i][0]})
        if a[i][1] != b[i][1]:
            out.append({"id": i, "change": "moved", "old": a[i][1], "new": b[i][1]})
    return sorted(out, key=lambda c: (c["change"], c["id"]))


def year_on_year(store: Store, card: str, period: str, rows: list[dict], periods: list[str]) -> dict | None:
    before = [p for p in periods if p < period]
    if not before:
        return None
    prev = before[-1]
    old = {r["unit"]: r for r in (_rows(store, card, prev) or [])}
    units = [{"unit": r["unit"], "before": old[r["unit"]]["final"], "after": r["final"],
              "change": round(r["final"] - old[r["unit"]]["final"], 6)} for r in rows if r["unit"] in old]
    eds = ({r["edition"] for r in old.values()}, {r["edition"] for r in rows})
    changes = []
    if eds[0] != eds[1] and len(eds[0]) == 1 and len(eds[1]) == 1:
        pa, pb = store.plan(card, next(iter(eds[0]))), store.plan(card, next(iter(eds[1])))
        changes = plan_changes(pa, pb) if pa and pb else []
    return {"previous": prev, "editions": [sorted(eds[0]), sorted(eds[1])], "units": units, "changes": changes,
            "new_units": [r["unit"] for r in rows if r["unit"] not in old],
            "gone_units": sorted(u for u in old if u not in {r["unit"] for r in rows})}


def _rows(store: Store, card: str, period: str, standards=None) -> list[dict]:
    cur = store.current(card, period)
    if not cur:
        return []
    order, names = _columns(store, card, cur, standards)
    rows = []
    for unit, cols in cur.items():
        plan = store.plan(card, cols[[c for c in order if c in cols][-1]]["edition"])
        row = _row(unit, cols, order, names, plan)
        row["notes"] = store.notes(cols[row["final_column"]]["submission"])
        rows.append(row)
    return rows


def _columns(store: Store, card: str, cur: dict, standards) -> tuple[list[str], dict]:
    sc = next((c for c in standards.scorecards if c.id == card), None) if standards else None
    if sc:
        return [c.id for c in sc.columns], texts(sc)
    eds = {c["edition"] for cols in cur.values() for c in cols.values()}
    plan = store.plan(card, max(eds))
    return list(plan["columns"]), {}


def report(store: Store, standards, card: str, period: str, periods: list[str]) -> dict | None:
    """Everything the outputs show for one card and period."""
    rows = _rows(store, card, period, standards)
    if not rows:
        return None
    sc = next((c for c in standards.scorecards if c.id == card), None)
    ed = max({r["edition"] for r in rows}, key=lambda e: sum(r["edition"] == e for r in rows))
    plan = store.plan(card, ed)
    order, names = _columns(store, card, store.current(card, period), standards)
    rule = dict(sc.ranking) if sc and sc.ranking else {"ties": "equal"}
    rank(rows, rule)
    titles = {c.id: {"zh": c.title.zh, "en": c.title.en} for c in sc.columns} if sc else {}
    return {"card": card, "period": period, "edition": ed, "title": names.get(card, {"zh": card, "en": card}),
            "columns": [{"id": c, "title": titles.get(c, {"zh": c, "en": c})} for c in order],
            "grades": [{"id": g["id"], "min": g["min"], "title": g["title"]} for g in plan["grades"]],
            "total": plan["total"], "ties": rule, "names": names, "numbers": numbers(sc) if sc else {},
            "groups": [{**g, "title": names.get(g["id"], {"zh": g["id"], "en": g["id"]})} for g in groups(plan)],
            "ranking": rows, "gap": gap(rows, plan, order[0]),
            "yoy": year_on_year(store, card, period, rows, periods)}


def build(store: Store, standards, card: str | None = None, period: str | None = None) -> tuple[list[dict], list[str]]:
    """The reports of every card and period in the store (or only those asked for), and notes."""
    from .collect import clean

    pairs = store.cards_periods()
    notes = []
    known = {c.id for c in standards.scorecards}
    for c in sorted({c for c, _ in pairs} - known):
        notes.append(f"card {c} is in the store but not in this project: its texts and ranking rule are unknown")
    wanted = [(c, p) for c, p in pairs if (card is None or c == card) and (period is None or p == clean(period))]
    if not wanted and pairs:
        have = "; ".join(f"{c} {p}" for c, p in pairs)
        notes.append(f"no submission for card {card or 'any'}, period {period or 'any'} (the store has: {have})")
    periods = {c: sorted(p for cc, p in pairs if cc == c) for c, _ in pairs}
    reports = [report(store, standards, c, p, periods[c]) for c, p in wanted]
    return [r for r in reports if r], notes

"""The ranking per card and period, the review gap and year on year — from the store's current results.

Every number is the engine's, computed when the file was collected (:mod:`.collect`): a unit's total
in a column is the total of the version that counts for that column (:mod:`.stages`). The *final* score
is the card's final column's (``final_column``, else the last: a review or re-check); grade and vetoes
are that column's. Units whose final column does not count yet are *awaiting review*, apart, unless
``provisional`` (then ranked on their latest stage, marked). Ties are ranked by the card's ``ranking``
rule (``equal`` by default, or ``by-domain``: the higher score of a named domain first).
"""
from __future__ import annotations

from .feedback import lost_points
from .standing import evidence_of, self_column, stages_of, standing
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


def _row(unit: str, cols: dict, order: list[str], names: dict, plan: dict, final_col: str, self_col: str) -> dict:
    f = cols[final_col]
    return {"unit": unit, "final": f["total"], "final_column": final_col, "reviewed": final_col != self_col,
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
    old = {r["unit"]: r for r in _rows(store, card, prev)[0]}
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


def _card(standards, card: str):
    return next((c for c in standards.scorecards if c.id == card), None) if standards else None


def _stages(store: Store, card: str, period: str, sc) -> tuple[list[str], dict, str]:
    eds = {v.edition for v in store.versions(card, period)}
    plan = store.plan(card, max(eds)) if eds else None
    return stages_of(sc, list(plan["columns"]) if plan else [])


def _rows(store: Store, card: str, period: str, standards=None, provisional: bool = False) -> tuple[list[dict], dict]:
    """The ranked rows (unranked yet) of a card and period, and its standing (:mod:`.standing`)."""
    sc = _card(standards, card)
    order, roles, final = _stages(store, card, period, sc)
    if not order:
        return [], {}
    names = texts(sc) if sc else {}
    st = standing(store, card, period, order, roles, final, provisional)
    rows: list[dict] = []
    plans: dict[str, dict | None] = {}  # by edition: read once, not once a unit
    for x in st["ranked"]:
        cols = x["cols"]
        ed = cols[x["final_column"]]["edition"]
        plan = plans[ed] if ed in plans else plans.setdefault(ed, store.plan(card, ed))
        assert plan is not None  # collect keeps the plan of every edition it stores a submission of
        row = _row(x["unit"], cols, order, names, plan, x["final_column"], self_column(order, roles))
        row.update(status=x["status"], reviewed_by=x["reviewed_by"], provisional=x["provisional"],
                   notes=store.values(cols[x["final_column"]]["submission"], ("--notes", "--reason")),
                   evidence=evidence_of(store, cols))
        rows.append(row)
    return rows, {**st, "order": order, "roles": roles, "final": final}


def _awaiting(store: Store, st: dict) -> list[dict]:
    self_col = self_column(st["order"], st["roles"])
    return [{"unit": x["unit"], "status": x["status"], "reviewed_by": x["reviewed_by"],
             "self": x["cols"].get(self_col, {}).get("total"),
             "columns": {c: x["cols"][c]["total"] for c in st["order"] if c in x["cols"]},
             "files": {c: x["cols"][c]["file"] for c in st["order"] if c in x["cols"]},
             "evidence": evidence_of(store, x["cols"])} for x in st["awaiting"]]


def _edition(store: Store, card: str, period: str, rows: list[dict]) -> str:
    eds = [r["edition"] for r in rows] or [v.edition for v in store.versions(card, period)]
    return max(set(eds), key=lambda e: (eds.count(e), e))


def report(store: Store, standards, card: str, period: str, periods: list[str], provisional: bool = False,
           roster: list[str] | None = None) -> dict | None:
    """Everything the outputs show for one card and period."""
    rows, st = _rows(store, card, period, standards, provisional)
    if not st:
        return None
    sc = _card(standards, card)
    ed = _edition(store, card, period, rows)
    plan = store.plan(card, ed)
    assert plan is not None  # collect keeps the plan of every edition it stores a submission of
    order, names = st["order"], texts(sc) if sc else {}
    rule = dict(sc.ranking) if sc and sc.ranking else {"ties": "equal"}
    rank(rows, rule)
    sign = store.signed_off(card, period)
    if sign:
        frozen = {x["unit"] for x in sign.snapshot.get("ranking", [])}
        for r in rows:
            r["status"] = "final" if r["unit"] in frozen else r["status"]
    titles = {c.id: {"zh": c.title.zh, "en": c.title.en} for c in sc.columns} if sc else {}
    roles = {c: str(st["roles"][c]) for c in order}
    out = {"card": card, "period": period, "edition": ed, "title": names.get(card, {"zh": card, "en": card}),
            "columns": [{"id": c, "title": titles.get(c, {"zh": c, "en": c}), "role": roles[c]} for c in order],
            "final_column": st["final"], "provisional": provisional,
            "grades": [{"id": g["id"], "min": g["min"], "title": g["title"]} for g in plan["grades"]],
            "total": plan["total"], "points": {c["id"]: c["points"] for c in plan["criteria"]}, "ties": rule,
            "names": names, "numbers": numbers(sc) if sc else {},
            "groups": [{**g, "title": names.get(g["id"], {"zh": g["id"], "en": g["id"]})} for g in groups(plan)],
            "ranking": rows, "awaiting_review": _awaiting(store, st), "conflicts": st["conflicts"],
            "altered": st["altered"],
            "missing": None if roster is None else [u for u in roster if u not in st["units"]],
            "not_on_roster": None if roster is None else [u for u in st["units"] if u not in roster],
            "signed_off": {"at": sign.at, "checksum": sign.checksum} if sign else None,
            "audit": audit(store, card, period),
            "gap": gap(rows, plan, self_column(order, st["roles"])),
            "yoy": year_on_year(store, card, period, rows, periods)}
    for x in rows:  # the feedback sheet, the HTML and the XLSX report all list them
        x["lost"] = lost_points(out, x)
    return out


def audit(store: Store, card: str, period: str) -> list[dict]:
    """Every sign-off and reopening of a card and period, oldest first."""
    from .rows import signoffs

    return [{"action": x.action, "at": x.at, "checksum": x.checksum, "reason": x.reason}
            for x in signoffs(store.db, card, period)]


def wanted(store: Store, standards, card: str | None = None,
           period: str | None = None) -> tuple[list[tuple[str, str]], dict[str, list[str]], list[str]]:
    """The (card, period) pairs in the store that are asked for, each card's periods, and notes."""
    from .collect import clean

    pairs = store.cards_periods()
    notes = []
    known = {c.id for c in standards.scorecards}
    for c in sorted({c for c, _ in pairs} - known):
        notes.append(f"card {c} is in the store but not in this project: its texts and ranking rule are unknown")
    chosen = [(c, p) for c, p in pairs if (card is None or c == card) and (period is None or p == clean(period))]
    if not chosen and pairs:
        have = "; ".join(f"{c} {p}" for c, p in pairs)
        notes.append(f"no submission for card {card or 'any'}, period {period or 'any'} (the store has: {have})")
    periods = {c: sorted(p for cc, p in pairs if cc == c) for c, _ in pairs}
    return chosen, periods, notes


def build(store: Store, standards, card: str | None = None, period: str | None = None, provisional: bool = False,
          roster=None) -> tuple[list[dict], list[str]]:
    """The reports of every card and period in the store (or only those asked for), and notes;
    ``roster(card, period)`` gives the units expected (None: no roster)."""
    pairs, periods, notes = wanted(store, standards, card, period)
    return reports_of(store, standards, pairs, periods, provisional, roster), notes


def reports_of(store: Store, standards, pairs: list[tuple[str, str]], periods: dict[str, list[str]],
               provisional: bool = False, roster=None) -> list[dict]:
    """The report of each (card, period) of ``pairs`` that has anything to rank (:func:`wanted` lists them)."""
    reports = [report(store, standards, c, p, periods[c], provisional, roster and roster(c, p)) for c, p in pairs]
    return [r for r in reports if r]

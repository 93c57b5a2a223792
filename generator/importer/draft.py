"""The draft an import writes: the original copied byte for byte into ``standards/sources/originals/``
with its line in ``SHA256SUMS``; a ``sources:`` entry with the document's text as blocks (paragraphs,
and one block per table row); ``scorecards:`` with every domain, task and criterion, its points and the
rules read from its text, each with its source locator; the units proposed. Ids are made from the card's
id; English is left empty (never invented) and ``draft: true`` marks the card and the source."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cards as C
from .doc import Document, Paragraph, Table
from .numbers import points as _n
from .ruletext import Reading
from .units import Units


@dataclass
class Options:
    id: str
    level: str
    place: str
    edition: str
    source_id: str


def _zh(s: str) -> dict:
    return {"zh": s, "en": ""}


def copy_original(root: Path, data: bytes, id_: str, suffix: str) -> tuple[str, str, bool]:
    """(path relative to standards/, sha256, whether it was copied now) of the original's copy."""
    digest = hashlib.sha256(data).hexdigest()
    folder = root / "standards" / "sources" / "originals"
    folder.mkdir(parents=True, exist_ok=True)
    sums = folder / "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines() if sums.is_file() else []
    known = {name: d for d, name in (line.split("  ", 1) for line in lines if "  " in line)}  # name → sha256
    same = next((name for name, d in known.items() if d == digest and (folder / name).is_file()), None)
    if same:
        return f"sources/originals/{same}", digest, False
    name = f"{id_}_{digest[:16]}{suffix.lower()}"
    (folder / name).write_bytes(data)
    with sums.open("a", encoding="utf-8", newline="\n") as f:
        f.write(f"{digest}  {name}\n")
    return f"sources/originals/{name}", digest, True


def row_block(src: str, table: Table, row: int) -> str:
    return f"{src}-t{table.number}-r{row + 1}"


def blocks(doc: Document, src: str) -> list[dict]:
    """The document's text: each paragraph, and each table row (its cells' texts, a merged cell once)."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.append({"id": f"{src}-p{b.number}", "type": "heading" if b.level else "para",
                        **({"level": min(b.level, 4)} if b.level else {}), "text": _zh(b.text)})
            continue
        by_row: dict[int, list[str]] = {}
        for c in b.cells:
            if c.text.strip():
                by_row.setdefault(c.row, []).append(" ".join(c.text.split()))
        for r in sorted(by_row):
            out.append({"id": row_block(src, b, r), "type": "para", "text": _zh(" ｜ ".join(by_row[r]))})
    return out


def source_entry(o: Options, doc: Document, file: str, title: str) -> dict:
    entry = {"id": o.source_id, "draft": True, "title": _zh(title or o.id), "issuer": _zh("未注明"),
             "place": o.place or _zh("未注明"), "date": None, "kind": "work-guide", "edition": o.edition, "file": file,
             "notes": [_zh(f"由 pingan import 从原件（{doc.kind}）读入的草稿：发文机关、日期与英文待补。")],
             "blocks": blocks(doc, o.source_id)}
    return entry


def _loc(o: Options, at: str) -> dict:
    """表1第3行第4列 → {doc, at, block: <src>-t1-r3}; 第5段 → {doc, at, block: <src>-p5}."""
    m = re.match(r"表(\d+)(?:（[^）]*）)?第(\d+)行", at)
    loc = {"doc": o.source_id, "at": at}
    if m:
        loc["block"] = f"{o.source_id}-t{m.group(1)}-r{m.group(2)}"
    elif m := re.match(r"第(\d+)段", at):
        loc["block"] = f"{o.source_id}-p{m.group(1)}"
    return loc


def _rules(r: Reading, cid: str) -> dict:
    out: dict = {}
    rules = [{"per": _zh(d.per.zh), "amount": _n(d.amount), **({"cap": _n(d.cap)} if d.cap is not None else {})}
             for d in r.deductions]
    if len(rules) == 1:
        out["deduction"] = rules[0]
    elif rules:
        out["deductions"] = [{"id": f"{cid}-d{i}", **x} for i, x in enumerate(rules, 1)]
    if r.deduction_cap is not None:
        out["deduction_cap"] = _n(r.deduction_cap)
    if p := r.proportional:
        out["proportional"] = {"figure": _zh(p.figure.zh), "unit": p.unit, "threshold": p.threshold,
                               "direction": str(p.direction), "per": _n(p.per), "amount": _n(p.amount),
                               **({"cap": _n(p.cap)} if p.cap is not None else {}), "rounding": str(p.rounding)}
    if r.not_applicable:
        out["not_applicable"] = True
    if r.bonus:
        out["bonus"] = {"max_points": _n(r.bonus.cap), "items": [
            {"id": f"{cid}-b{i}", "text": _zh(b.text.zh), "points": _n(b.points)}
            for i, b in enumerate(r.bonus.items, 1)]}
    return out


def criterion(c: C.Criterion, cid: str, o: Options, units: Units, task_units: list[str]) -> dict:
    r = c.reading
    entry = {"id": cid, "text": _zh(c.text), "points": None if c.points is None else _n(c.points),
             "kind": str(r.kind), **_rules(r, cid), "source": _loc(o, c.at)}
    if c.units:
        own = units.ids(c.units)
        if own != task_units:
            entry["units"] = own
    return entry


def task(t: C.Task, tid: str, o: Options, units: Units) -> dict:
    ids = units.ids(t.units)
    entry: dict[str, Any] = {"id": tid, "number": t.number, "title": _zh(t.title),
             "points": None if t.points is None else _n(t.points), "units": ids}
    if t.related:
        entry["related_units"] = True
    entry["source"] = _loc(o, t.at)
    if t.assessor:
        entry["note"] = _zh(f"考核部门：{t.assessor}")
    entry["criteria"] = [criterion(c, f"{tid}-c{i}", o, units, ids) for i, c in enumerate(t.criteria, 1)]
    return entry


COLUMN_IDS = [("self", "自评"), ("recheck", "复核"), ("review", "审核"), ("review", "考核"), ("review", "核查")]


def columns(titles: list[str]) -> list[dict]:
    """The score columns: 自评 → self, 审核 → review, 复核 → recheck; a card without any gets one (得分)."""
    out, seen = [], set()
    for i, t in enumerate(titles, 1):
        cid = next((c for c, word in COLUMN_IDS if word in t), f"col{i}")
        cid = cid if cid not in seen else f"{cid}{i}"
        seen.add(cid)
        out.append({"id": cid, "title": _zh(t)})
    return out or [{"id": "score", "title": _zh("得分")}]


def step(values: list[float]) -> float:
    """The coarsest score step every point value is a multiple of (1, 0.5, 0.25, 0.1, 0.05, 0.01)."""
    for s in (1, 0.5, 0.25, 0.1, 0.05, 0.01):
        if all(abs(v / s - round(v / s)) < 1e-9 for v in values):
            return s
    return 0.01


def _bonus(items: list[C.Item], cid: str, o: Options) -> list[dict]:
    """The card's 加分项: one item per 加X分 its text states (the row's points when it states none)."""
    out = []
    for x in items:
        found = x.reading.bonus.items if x.reading.bonus else ()
        pairs: list[tuple[str, float | None]] = [(x.text if len(found) == 1 else b.text.zh, b.points)
                                                 for b in found] or [(x.text, x.points)]
        out += [{"text": _zh(t), "points": None if p is None else _n(p)} for t, p in pairs]  # (no source: the
        # format has none for a bonus item; the report says where each came from)
    return [{"id": f"{cid}-bonus{i}", **e} for i, e in enumerate(out, 1)]


def card(c: C.Card, o: Options, units: Units) -> dict:
    total = c.stated_total or c.sum
    entry: dict[str, Any] = {"id": o.id, "draft": True, "title": _zh(c.title or o.id), "level": o.level,
                             "edition": o.edition, "source": {"doc": o.source_id, "at": c.at},
                             "total_points": None if total is None else _n(total)}
    values = [x.points for t in c.all_tasks for x in t.criteria if x.points]
    if step(values) < 0.5:  # finer than the project's default (0.5), which a card without score_step takes
        entry["score_step"] = step(values)
    entry["score_columns"] = columns(c.columns)
    if c.vetoes:
        vetoes = (v for it in c.vetoes for v in _veto(it, o))
        entry["vetoes"] = [{"id": f"{o.id}-veto{i}", **v} for i, v in enumerate(vetoes, 1)]
    if c.bonus:
        items = _bonus(c.bonus, o.id, o)
        entry["bonus"] = {"max_points": _n(c.bonus_cap or sum(i["points"] or 0 for i in items)), "items": items}
    if c.penalties:
        entry["penalties"] = [{"id": f"{o.id}-pen{i}", **p}
                              for i, p in enumerate((x for it in c.penalties for x in _penalty(it, o)), 1)]
    n = 0
    if c.domains:
        entry["domains"] = []
        for d_i, d in enumerate(c.domains, 1):
            tasks = []
            for t in d.tasks:
                n += 1
                tasks.append(task(t, f"{o.id}-t{n}", o, units))
            entry["domains"].append({"id": f"{o.id}-d{d_i}", "title": _zh(d.title),
                                     "points": None if d.points is None else _n(d.points),
                                     "tasks": tasks})  # (a domain has no source in the format: the report has it)
    else:
        entry["tasks"] = [task(t, f"{o.id}-t{i}", o, units) for i, t in enumerate(c.tasks, 1)]
    return entry


def _veto(it: C.Item, o: Options) -> list[dict]:
    """One veto per 一票否决 (不得评为…, 评为不合格) its text states; a row in the 一票否决 section that
    states none voids the card (the section says so)."""
    out = []
    for v in it.reading.vetoes or (None,):
        said = it.text if len(it.reading.vetoes) <= 1 or v is None else v.text.zh
        entry: dict[str, Any] = {"text": _zh(said), "source": _loc(o, it.at)}
        if v is not None and str(v.effect) != "zero":
            entry["effect"] = str(v.effect)
            if v.amount is not None:
                entry["amount"] = _n(v.amount)
        out.append(entry)
    return out


def _penalty(it: C.Item, o: Options) -> list[dict]:
    """One penalty per deduction its text states (the row's points when it states none)."""
    rules = it.reading.deductions
    pairs: list[tuple[str, float | None, float | None]] = \
        [(it.text if len(rules) == 1 else d.per.zh, d.amount, d.cap) for d in rules] or [(it.text, it.points, None)]
    return [{"text": _zh(t), "amount": None if a is None else _n(a), **({"cap": _n(c)} if c is not None else {}),
             "source": _loc(o, it.at)} for t, a, c in pairs]

"""The open-data export: JSON (the whole model) and CSV (one row per scored criterion).

The JSON is the model written back in the format of the standards files (:func:`card_data` for a
card, :func:`_clean` for everything else): every key is the key of the YAML, so the published JSON
Schema (``standards/schema.json``) describes the export, and a card of the export read back by
:class:`generator.model.assemble.Reader` is the card of the model, every scoring rule included. The same
:func:`card_data` is what a card's PDF, XLSX, DOCX and offline form are keyed by in the cache
(:mod:`generator.render.outputs`).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from typing import Any

from .. import __version__
from ..model.indicators import CreationStandard
from ..model.objects import Block, Criterion, Domain, Figure, Locator, Scorecard, Source, Standards, Task, Text, Veto
from ..model.rules import Bonus, DeductionRule, Penalty, Proportional

EXPORT_FORMAT = "pingan-standards/2"  # 2: the scoring rules, criteria's `threshold`, the standards files' keys


def _text(t: Text | None) -> dict | None:
    return {"zh": t.zh, "en": t.en} if t else None


def _clean(x: Any) -> Any:
    """An object of the model as the standards files write it (what is not written is left out)."""
    if isinstance(x, Text):
        return _text(x)
    if isinstance(x, Veto):
        return _veto(x)
    if isinstance(x, Locator):
        return _loc(x)
    if dataclasses.is_dataclass(x):
        out = {f.name: _clean(getattr(x, f.name)) for f in dataclasses.fields(x)
               if f.name not in ("index", "origin") and getattr(x, f.name) not in (None, (), "")
               and not (f.name == "draft" and not getattr(x, f.name))}  # written only where it is true
        if isinstance(x, Source):
            out["date"] = x.date  # required, null when the document is undated
        if isinstance(x, Block) and not x.level:
            out.pop("level")  # only headings have a level
        if isinstance(x, CreationStandard):
            for v in out.get("vetoes", ()):
                v.pop("effect")  # a creation standard's veto has no effect on a score
        return out
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def _some(**kv) -> dict:
    """The keys whose value is given (False and 0 are values)."""
    return {k: v for k, v in kv.items() if v is not None and not (isinstance(v, (list, tuple, dict, str)) and not v)}


def _notes(x) -> dict:
    return _some(note=_text(x.note), notes=[_text(n) for n in x.notes])


def _loc(loc: Locator | None) -> dict | None:
    return _some(doc=loc.doc, at=loc.at, block=loc.block) if loc else None


def _figure(f: Figure) -> dict:
    return _some(value=f.value, unit=f.unit, comparator=f.comparator, of=_text(f.of))


def _bonus(b: Bonus | None) -> dict | None:
    return {"max_points": b.cap, "items": [{"id": i.id, "text": _text(i.text), "points": i.points, **_notes(i)}
                                           for i in b.items], **_notes(b)} if b else None


def _penalties(items: tuple[Penalty, ...]) -> list[dict]:
    return [{"id": p.id, "text": _text(p.text), "amount": p.amount, **_some(cap=p.cap, source=_loc(p.source)),
             **_notes(p)} for p in items]


def _deduction(r: DeductionRule | None) -> dict | None:
    return {**_some(id=r.id), "per": _text(r.per), "amount": r.amount, **_some(cap=r.cap), **_notes(r)} if r else None


def _proportional(p: Proportional | None) -> dict | None:
    return {"figure": _text(p.figure), **_some(unit=p.unit), "threshold": p.threshold, "direction": p.direction,
            "per": p.per, "amount": p.amount, **_some(cap=p.cap), "rounding": p.rounding, **_notes(p)} if p else None


def _veto(v: Veto) -> dict:
    return {"id": v.id, "text": _text(v.text), **_some(source=_loc(v.source)), "effect": v.effect,
            **_some(amount=v.amount, grade=v.grade, raised_by=v.raised_by), **_notes(v)}


def _criterion(c: Criterion) -> dict:
    return {"id": c.id, "text": _text(c.text), "points": c.points, "kind": c.kind,
            **_some(units=list(c.units) if c.own_units else None,
                    conditions=[{"id": x.id, "text": _text(x.text), **_notes(x)} for x in c.conditions],
                    threshold=[_figure(f) for f in c.thresholds], deduction=_deduction(c.deduction),
                    deductions=[_deduction(r) for r in c.deductions], deduction_cap=c.deduction_cap,
                    proportional=_proportional(c.proportional), not_applicable=c.not_applicable or None,
                    bonus=_bonus(c.bonus), source=_loc(c.source)), **_notes(c)}


def _task(t: Task) -> dict:
    return {"id": t.id, "number": t.number, "title": _text(t.title), "points": t.points, "units": list(t.units),
            "related_units": t.related_units, **_some(source=_loc(t.source), bonus=_bonus(t.bonus),
                                                      penalties=_penalties(t.penalties)),
            "criteria": [_criterion(c) for c in t.criteria], **_notes(t)}


def _domain(d: Domain) -> dict:
    return {"id": d.id, "title": _text(d.title), "points": d.points,
            **_some(bonus=_bonus(d.bonus), penalties=_penalties(d.penalties)), "tasks": [_task(t) for t in d.tasks],
            **_notes(d)}


def card_data(c: Scorecard) -> dict:
    """A card with every rule, as its standards file writes it: the export's card, and what its files
    are keyed by in the cache."""
    r = c.rounding
    return {
        "id": c.id, **({"draft": True} if c.draft else {}), "title": _text(c.title), "level": c.level,
        "edition": c.edition, **_some(annex=c.annex),
        "source": _loc(c.source), "total_points": c.total_points, "score_step": c.score_step,
        "not_applicable": c.na_rule, "below_zero": c.below_zero,
        **_some(rounding=r and {"digits": r.digits, **_some(mode=r.mode)}, ranking=dict(c.ranking),
                final_column=c.final_column),
        "score_columns": [{"id": col.id, "title": _text(col.title), **_some(role=col.role), **_notes(col)}
                          for col in c.columns],
        **_some(grades=[{"id": g.id, "title": _text(g.title), "min": g.min, **_some(below=g.below), **_notes(g)}
                        for g in c.grades],
                vetoes=[_veto(v) for v in c.vetoes], bonus=_bonus(c.bonus), penalties=_penalties(c.penalties)),
        **({"domains": [_domain(d) for d in c.domains]} if c.domains else {"tasks": [_task(t) for t in c.tasks]}),
        **_notes(c),
    }


def to_data(s: Standards) -> dict:
    return {
        "format": EXPORT_FORMAT,
        "generator": f"pingan-standards {__version__}",
        "scorecards": [card_data(c) for c in s.scorecards],
        "units": [{"id": u.id, "name": _text(u.name), "level": u.level, "kind": u.kind,
                   "aliases": list(u.aliases), **_notes(u),
                   **({"place": u.place} if u.place else {}), **({"role": u.role} if u.role else {}),
                   **({"draft": True} if u.draft else {})}
                  for u in s.units],
        "places": _clean(s.places),
        "sources": _clean(s.sources),
        "mechanisms": _clean(s.mechanisms),
        "targets": _clean(s.targets),
        "creation_standards": _clean(s.creation_standards),
        "work_points": _clean(s.work_points),
        "duties": _clean(s.duties),
        "glossary": _clean(s.glossary),
    }


def to_json(s: Standards) -> str:
    return json.dumps(to_data(s), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ["scorecard", "edition", "domain_id", "domain_zh", "domain_en", "task_id", "task_number", "task_zh",
               "task_en", "criterion_id", "criterion_zh", "criterion_en", "points", "kind", "units",
               "task_points", "domain_points", "card_total", "source"]


def to_csv(s: Standards) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for card in s.scorecards:
        domains = {d.id: d for d in card.domains}
        for t in card.tasks:
            d = domains.get(t.domain) if t.domain is not None else None
            for c in t.criteria:
                src = c.source or t.source
                w.writerow([card.id, card.edition, t.domain or "", d.title.zh if d else "", d.title.en if d else "",
                            t.id, t.number, t.title.zh, t.title.en, c.id, c.text.zh, c.text.en,
                            f"{c.points:g}", c.kind, " ".join(c.units), f"{t.points:g}",
                            f"{d.points if d else card.total_points:g}", f"{card.total_points:g}",
                            f"{src.doc} {src.at}".strip() if src else ""])
    # A UTF-8 BOM so that Excel and WPS open the Chinese text correctly.
    return "\ufeff" + buf.getvalue()


def file_info(content: bytes) -> dict:
    """Size and SHA-256 of a downloadable file (shown on the downloads page)."""
    return {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}

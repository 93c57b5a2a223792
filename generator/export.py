"""The open-data export: JSON (the whole model) and CSV (one row per scored criterion)."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from typing import Any

from . import __version__
from .model import Scorecard, Standards, Task, Text

EXPORT_FORMAT = "pingan-standards/1"


def _text(t: Text | None) -> dict | None:
    return {"zh": t.zh, "en": t.en} if t else None


def _clean(x: Any) -> Any:
    if isinstance(x, Text):
        return _text(x)
    if dataclasses.is_dataclass(x):
        return {f.name: _clean(getattr(x, f.name)) for f in dataclasses.fields(x)
                if f.name not in ("index", "origin") and getattr(x, f.name) not in (None, (), "")}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


def _task(t: Task) -> dict:
    return {
        "id": t.id, "number": t.number, "title": _text(t.title), "points": t.points, "units": list(t.units),
        "related_units": t.related_units,
        "source": _clean(t.source), **({"note": _text(t.note)} if t.note else {}),
        "criteria": [{
            "id": c.id, "text": _text(c.text), "points": c.points, "kind": c.kind,
            **({"units": list(c.units)} if c.own_units else {}),
            **({"conditions": [{"id": x.id, "text": _text(x.text)} for x in c.conditions]} if c.conditions else {}),
            **({"deduction": _clean(c.deduction)} if c.deduction else {}),
            **({"thresholds": _clean(c.thresholds)} if c.thresholds else {}),
            "source": _clean(c.source),
        } for c in t.criteria],
    }


def card_data(c: Scorecard) -> dict:
    d = {
        "id": c.id, "title": _text(c.title), "level": c.level, "edition": c.edition, "source": _clean(c.source),
        "total_points": c.total_points, "score_step": c.score_step,
        "score_columns": [{"id": col.id, "title": _text(col.title)} for col in c.columns],
    }
    if c.domains:
        d["domains"] = [{"id": dm.id, "title": _text(dm.title), "points": dm.points,
                         "tasks": [_task(t) for t in dm.tasks]} for dm in c.domains]
    else:
        d["tasks"] = [_task(t) for t in c.tasks]
    if c.vetoes:
        d["vetoes"] = _clean(c.vetoes)
    if c.bonus:
        d["bonus"] = {"max_points": c.bonus.cap, "items": _clean(c.bonus.items)}
    if c.annex:
        d["annex"] = c.annex
    return d


def to_data(s: Standards) -> dict:
    return {
        "format": EXPORT_FORMAT,
        "generator": f"pingan-standards {__version__}",
        "scorecards": [card_data(c) for c in s.scorecards],
        "units": [{"id": u.id, "name": _text(u.name), "level": u.level, "kind": u.kind,
                   "aliases": list(u.aliases), **({"note": _text(u.note)} if u.note else {}),
                   **({"place": u.place} if u.place else {}), **({"role": u.role} if u.role else {})}
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
            d = domains.get(t.domain)
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

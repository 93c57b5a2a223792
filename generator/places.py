"""Places (jurisdictions) and the structured figures of rules, targets and criteria.

Every source document belongs to a place (``standards/places.yaml``) and so does every unit. An
item's place is its source document's: ``governs`` joins items of one place only, ``related``
points at items of another place. :func:`problems` adds these checks to ``pingan check``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import Level, PeriodUnit


@dataclass(frozen=True)
class Place:
    id: str
    name: Any  # Text
    level: Level
    parent: Any = None  # Text | None
    note: Any = None


@dataclass(frozen=True)
class Period:
    n: float
    unit: PeriodUnit


@dataclass(frozen=True)
class Benchmark:
    comparator: str
    reference: Any  # Text


def period(d: Any) -> Period | None:
    return Period(d["n"], PeriodUnit(d["unit"])) if isinstance(d, dict) else None


def benchmark(d: Any, text) -> Benchmark | None:
    return Benchmark(d["comparator"], text(d["reference"])) if isinstance(d, dict) else None


def figures(d: Any, fig) -> tuple:
    """A criterion's ``threshold``: one figure or a list of them, as a tuple."""
    if isinstance(d, dict):
        return (fig(d),)
    return tuple(fig(x) for x in d) if isinstance(d, list) else ()


def build_places(items: list, text) -> tuple[Place, ...]:
    return tuple(Place(p["id"], text(p["name"]), Level(p["level"]), text(p.get("parent")), text(p.get("note")))
                 for p in items)


# -- which place an item belongs to ----------------------------------------------------------------

def _doc_of_top(kind: str, item: dict) -> str | None:
    if kind == "sources":
        return item.get("id")
    src = item.get("source")
    return src.get("doc") if isinstance(src, dict) else None


def _ids_below(x: Any):
    if isinstance(x, dict):
        if isinstance(x.get("id"), str):
            yield x["id"]
        for k, v in x.items():
            if k not in ("source", "blocks"):
                yield from _ids_below(v)
    elif isinstance(x, list):
        for v in x:
            yield from _ids_below(v)


def place_index(merged: dict[str, list]) -> dict[str, str]:
    """id → place id, for every item of a source document (and its nested items) and every unit."""
    doc_place = {s.get("id"): s.get("place") for s in merged.get("sources", []) if isinstance(s, dict)}
    out: dict[str, str] = {}
    for kind, items in merged.items():
        if kind in ("units", "places", "glossary", "sources"):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            place = doc_place.get(_doc_of_top(kind, item))
            if isinstance(place, str):
                for i in _ids_below(item):
                    out[i] = place
    for u in merged.get("units", []):
        if isinstance(u, dict) and isinstance(u.get("place"), str):
            out[u.get("id")] = u["place"]
    return out


# -- checks (run by validate.Checker) --------------------------------------------------------------

def problems(checker) -> None:
    """Places exist; units, sources and items agree on places; governs stays inside one place."""
    places = {n.value.get("id") for n in checker.items("places")}
    if not places:
        return
    merged: dict[str, list] = {}
    for f in checker.files:
        if isinstance(f.data, dict):
            for kind, items in f.data.items():
                if isinstance(items, list):
                    merged.setdefault(kind, []).extend(items)
    where = {i: p for i, p in place_index(merged).items() if p in places}  # an unknown place: reported once
    for n in checker.items("sources") + checker.items("units"):
        p = n.value.get("place")
        if p is None and n.path[0] == "units":
            checker.add(n, f"unit '{n.value.get('id')}' has no place (one of: {', '.join(sorted(places))})",
                        "id")
        elif isinstance(p, str) and p not in places:
            checker.add(n, f"unknown place '{p}' (places: {', '.join(sorted(places))})", "place")
        elif isinstance(p, dict):
            checker.add(n, "place: give the id of a place in places.yaml, not its name", "place")
    for n in checker.nodes:
        _check_links(checker, n, where)


def _check_links(checker, n, where: dict[str, str]) -> None:
    v = n.value
    own = where.get(v.get("id")) if isinstance(v.get("id"), str) else None
    if own is None:
        return
    for j, g in enumerate(v.get("governs") or []):
        other = where.get(g) if isinstance(g, str) else None
        if other and other != own:
            checker.add(n, f"governs '{g}' crosses places ({own} → {other}): a rule of one place does not "
                           f"govern another's; move it to related", "governs", j)
    for j, g in enumerate(v.get("related") or []):
        other = where.get(g) if isinstance(g, str) else None
        if isinstance(g, str) and g not in checker.ids and checker.complete:
            checker.add(n, f"unknown related item '{g}'", "related", j)
        elif other == own:
            checker.add(n, f"related '{g}' is of the same place ({own}): use governs", "related", j)
    units = v.get("units") if isinstance(v.get("units"), list) else []
    if isinstance(v.get("unit"), str) and "id" in v:
        units = [v["unit"]]
    for j, u in enumerate(units):
        other = where.get(u) if isinstance(u, str) else None
        if other and other != own:
            rest = ("units", j) if "units" in v else ("unit",)
            checker.add(n, f"unit '{u}' belongs to {other}, but this item is of {own}: link the unit of "
                           f"{own} (add it to units.yaml if missing)", *rest)

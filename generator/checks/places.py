"""Checks of places, on the typed model: places exist, units and sources name one, and ``governs`` stays
inside one place (``related`` points at another's). An item's place is its source document's, and
every item inside it shares it; a unit's is its own ``place``."""
from __future__ import annotations

from ..model.indicators import CreationStandard, WorkPoints
from ..model.objects import Duty, Mechanism, Scorecard, Source, Standards, Target, Text, Unit
from ..model.origin import Origin


def place_of_items(s: Standards, places: set[str], items: list) -> dict[str, str]:
    """id → place id, for every item of a source document (and its nested items: ``items`` below it)
    and every unit."""
    doc_place = {src.id: src.place for src in s.sources if isinstance(src.place, str)}
    located: tuple[Scorecard | Mechanism | Target | CreationStandard | WorkPoints | Duty, ...] = (
        *s.scorecards, *s.mechanisms, *s.targets, *s.creation_standards, *s.work_points, *s.duties)
    top_place = {item.origin: doc_place.get(item.source.doc) for item in located if item.source}
    out: dict[str, str] = {}
    for x in items:
        i, at = getattr(x, "id", None), x.origin
        if not isinstance(i, str):
            continue
        place = top_place.get(Origin(at.file, at.path[:2]))
        if place in places:
            out[i] = place
    out.update({u.id: u.place for u in s.units if u.place in places})
    return out


def check_homes(ctx, s: Standards, places: set[str]) -> None:
    """Every source and unit names a known place."""
    names = ", ".join(sorted(places))
    homed: tuple[Source | Unit, ...] = (*s.sources, *s.units)
    for x in homed:
        p = x.place
        if isinstance(x, Unit) and not p:
            ctx.lacking(x.file_origin.at("id"), f"unit '{x.id}' has no place (one of: {names})")
        elif isinstance(p, Text):
            ctx.lacking(x.file_origin.at("place"), "place: give the id of a place in places.yaml, not its name")
        elif isinstance(p, str) and p not in places:
            ctx.report(x.file_origin.at("place"), f"unknown place '{p}' (places: {names})")


def check_links(ctx, x, own: str, where: dict[str, str]) -> None:
    """``governs`` and units stay in the item's own place; ``related`` names another place's item."""
    at = x.origin
    for j, g in enumerate(getattr(x, "governs", ())):
        other = where.get(g)
        if other and other != own:
            ctx.report(at.at("governs", j), f"governs '{g}' crosses places ({own} → {other}): a rule of one place "
                                            f"does not govern another's; move it to related")
    for j, g in enumerate(getattr(x, "related", ())):
        if isinstance(g, str) and g not in ctx.ids and ctx.complete:
            ctx.report(at.at("related", j), f"unknown related item '{g}'")
        elif where.get(g) == own:
            ctx.report(at.at("related", j), f"related '{g}' is of the same place ({own}): use governs")
    own_units = getattr(x, "own_units", True)
    units = [(x.unit, at.at("unit"))] if isinstance(x, Duty) else \
        [(u, at.at("units", j)) for j, u in enumerate(getattr(x, "units", ()) if own_units else ())]
    for u, uat in units:
        other = where.get(u)
        if other and other != own:
            ctx.report(uat, f"unit '{u}' belongs to {other}, but this item is of {own}: link the unit of {own} "
                            f"(add it to units.yaml if missing)")


def run(ctx, s: Standards, items: list) -> None:
    places = {p.id for p in s.places}
    if not places:
        return
    check_homes(ctx, s, places)
    where = place_of_items(s, places, items)
    for x in items:
        own = where.get(x.id) if hasattr(x, "id") and not isinstance(x, (Source, Unit)) else None
        if own:
            check_links(ctx, x, own, where)

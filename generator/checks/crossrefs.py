"""Checks across files, on the typed model: unique ids, references (units, sources and their blocks,
``governs``), point sums (criteria → task → domain → card) and the original documents.

Every check reports ``(origin, message)`` through ``ctx.report``; :mod:`generator.checks.validate` turns the
origin into ``file:line:col``. With ``ctx.complete`` false (some file, or some item with an id, could
not be read), a reference to an unknown id is not reported: the id may be in what could not be read.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from ..model.indicators import (
    CreationCategory,
    CreationCriterion,
    CreationStandard,
    WorkPoint,
    WorkPointGroup,
    WorkPoints,
)
from ..model.objects import (
    Column,
    Criterion,
    Domain,
    Duty,
    GlossaryEntry,
    Locator,
    Mechanism,
    Rule,
    Scorecard,
    Source,
    Standards,
    Target,
    Task,
    Unit,
)
from ..model.origin import Origin
from ..model.places import Place
from ..model.rules import DEFAULT_STEP

KIND_NAMES = {  # what an item is called in messages
    Source: "source", Unit: "unit", Scorecard: "scorecard", Domain: "domain", Task: "task", Criterion: "criterion",
    Mechanism: "mechanism", Rule: "rule", Target: "target", CreationStandard: "creation standard",
    CreationCategory: "category", CreationCriterion: "criterion", WorkPoints: "work points", WorkPointGroup: "group",
    WorkPoint: "work point", Duty: "duty", GlossaryEntry: "glossary entry", Place: "place",
}
INDICATORS = (Task, Criterion, Domain, Scorecard, Target, CreationCategory, CreationCriterion, WorkPoint,
              WorkPointGroup, Mechanism, CreationStandard, WorkPoints)
NOT_BELOW = {"origin", "ranking", "index", "governed_by", "related_by"}


def written(obj) -> Iterator:
    """Every object below ``obj`` (the model at first) that was written in a file, once each (texts
    inside figures and periods included)."""
    seen: set[int] = set()

    def below(o):
        for f in fields(o):
            if f.name in NOT_BELOW:
                continue
            v = getattr(o, f.name)
            for x in v if isinstance(v, tuple) else (v,):
                if is_dataclass(x) and id(x) not in seen:
                    seen.add(id(x))  # a domain's tasks are also the card's; a criterion may show its task's source
                    if getattr(x, "origin", None) is not None:
                        yield x
                    yield from below(x)

    yield from below(obj)


def num(x) -> float | None:
    return x if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def named(obj) -> str:
    return next((n for k, n in KIND_NAMES.items() if isinstance(obj, k)), type(obj).__name__.lower())


def check_ids(ctx, items: list) -> dict[str, Any]:
    """Ids are unique across every file (score columns: within their card); returns id → item."""
    first: dict[str, Any] = {}
    for x in items:
        i = getattr(x, "id", None)
        if not isinstance(i, str) or isinstance(x, Column):
            continue
        if i in first:
            ctx.report(x.origin.at("id"), f"duplicate id '{i}' (first used at {ctx.where(first[i].origin.at('id'))})")
        else:
            first[i] = x
    for card in (x for x in items if isinstance(x, Scorecard)):
        seen: set = set()
        for col in card.columns:
            if col.id in seen:
                ctx.report(col.file_origin.at("id"), f"duplicate score column id '{col.id}'")
            seen.add(col.id)
    return first


class References:
    """Every reference names an item of the right kind."""

    def __init__(self, ctx, ids: dict[str, object]):
        self.ctx, self.ids = ctx, ids
        self.blocks = {b.id for s in ids.values() if isinstance(s, Source) for b in s.blocks}

    def expect(self, at: Origin, i, kinds: tuple, what: str) -> None:
        if not isinstance(i, str):
            return
        x = self.ids.get(i)
        if x is None:
            if self.ctx.complete:
                self.ctx.report(at, f"unknown {what} '{i}'")
        elif not isinstance(x, kinds):
            self.ctx.report(at, f"'{i}' is a {named(x)}, not a {what}")

    def item(self, x) -> None:
        at = x.origin
        units = () if isinstance(x, Criterion) and not x.own_units else getattr(x, "units", ())
        for j, u in enumerate(units):
            self.expect(at.at("units", j), u, (Unit,), "unit")
        if isinstance(x, Duty):
            self.expect(at.at("unit"), x.unit, (Unit,), "unit")
        for j, g in enumerate(getattr(x, "governs", ())):
            self.expect(at.at("governs", j), g, INDICATORS, "indicator")
        if isinstance(x, GlossaryEntry):
            for j, s in enumerate(x.sources):
                self.expect(at.at("sources", j), s, (Source,), "source")
        block = getattr(x, "block", None)
        if isinstance(block, str) and block not in self.blocks and self.ctx.complete:
            self.ctx.report(at.at("block"), f"unknown source block '{block}'")

    def locator(self, loc: Locator) -> None:
        self.expect(loc.file_origin.at("doc"), loc.doc, (Source,), "source document")
        src = self.ids.get(loc.doc)
        if isinstance(loc.block, str) and isinstance(src, Source) and loc.block not in {b.id for b in src.blocks}:
            self.ctx.report(loc.file_origin.at("block"), f"source {loc.doc} has no block '{loc.block}'")


def check_references(ctx, items: list, ids: dict) -> None:
    refs = References(ctx, ids)
    for x in items:
        if isinstance(x, Locator):
            refs.locator(x)
        elif isinstance(x, (Task, Criterion, Mechanism, Target, Rule, Duty, GlossaryEntry, CreationCategory,
                            CreationCriterion, WorkPointGroup, WorkPoint)):
            refs.item(x)


def _sum(parts, total, message: str) -> str | None:
    """``message`` (with {s} and {total}) when the parts' points do not add up to ``total``."""
    vals = [num(p.points) for p in parts]
    known = [v for v in vals if v is not None]
    if not parts or len(known) < len(vals) or num(total) is None or abs(sum(known) - total) <= 1e-9:
        return None
    return message.format(s=f"{sum(known):g}", total=f"{total:g}")


def check_points(ctx, cards: list[Scorecard]) -> None:
    """Criteria add up to their task, tasks to their domain, domains (or tasks) to the card; criterion
    points are multiples of the card's score step. Levels that lost a part to the schema are skipped."""
    for card in cards:
        step = num(card.score_step) or DEFAULT_STEP
        sums: list[tuple[Scorecard | Domain | Task, tuple[Domain | Task | Criterion, ...], str]]
        sums = [(t, t.criteria, f"task {t.id}: criteria add up to {{s}}, task says {{total}}") for t in card.tasks]
        sums += [(d, d.tasks, f"domain {d.id}: tasks add up to {{s}}, domain says {{total}}") for d in card.domains]
        sums.append((card, card.domains or card.tasks, f"scorecard {card.id}: {'domains' if card.domains else 'tasks'}"
                                                       f" add up to {{s}}, total_points says {{total}}"))
        for c in card.criteria:
            p = num(c.points)
            if p is not None and abs(p / step - round(p / step)) > 1e-9:
                ctx.report(c.file_origin.at("points"), f"criterion points {p} are not a multiple of the card's score "
                                                       f"step {step}")
        for level, parts, message in sums:
            total = level.total_points if isinstance(level, Scorecard) else level.points
            m = None if level.origin in ctx.partial else _sum(parts, total, message)
            if m:
                ctx.report(level.file_origin.at("total_points" if level is card else "points"), m)


def check_originals(ctx, sources: list[Source]) -> None:
    """Each source's ``file:`` is its original document, kept under standards/."""
    for src in sources if ctx.root is not None else ():
        if isinstance(src.file, str) and not (ctx.root / "standards" / src.file).is_file():
            ctx.report(src.file_origin.at("file"), f"the original document 'standards/{src.file}' is not in the "
                                                   f"project (put the file there, path relative to standards/)")


def run(ctx, s: Standards, items: list) -> None:
    """Ids (kept in ``ctx.ids`` for the later checks), references, points, original documents."""
    ctx.ids = check_ids(ctx, items)
    check_references(ctx, items, ctx.ids)
    check_points(ctx, list(s.scorecards))
    check_originals(ctx, list(s.sources))

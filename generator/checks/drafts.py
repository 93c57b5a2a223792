"""Drafts (``draft: true``, written by ``pingan import``) in ``pingan check``: what a draft may lack —
English text, units linked to the place's known units, a place for its source — is a warning inside a
draft card, source, proposed unit or place, not an error; everything else (points that do not add up,
unknown references, the scoring rules) stays an error. Each draft also gets one warning saying it is a
draft, so ``pingan check --strict`` (warnings are errors) fails until every ``draft`` is removed.

A warning is a problem whose message starts with ``warning: `` (:func:`is_warning`)."""
from __future__ import annotations

from ..model.objects import Standards
from ..model.origin import Origin

WARNING = "warning: "


def is_warning(problem) -> bool:
    return problem.message.startswith(WARNING)


def regions(s: Standards) -> list[Origin]:
    """Where every draft item was written (everything inside it is part of the draft)."""
    return [x.origin for x in (*s.scorecards, *s.sources, *s.units, *s.places)
            if getattr(x, "draft", False) and x.origin is not None]


def inside(at: Origin, drafts: list[Origin]) -> bool:
    return any(d.file == at.file and at.path[:len(d.path)] == d.path for d in drafts)


def run(ctx, s: Standards) -> None:
    """The one warning per draft: what it means and what publishing it takes."""
    for card in s.scorecards:
        if card.draft:
            ctx.report(card.file_origin.at("draft"), f"{WARNING}scorecard {card.id} is a draft: it builds with a "
                                                     f"“translation pending” note and `pingan collect` refuses its "
                                                     f"submissions until `draft: true` is removed")
    for src in s.sources:
        if src.draft:
            ctx.report(src.file_origin.at("draft"), f"{WARNING}source {src.id} is a draft: check its issuer, date and "
                                                    f"place, translate it, then remove `draft: true`")
    for u in s.units:
        if u.draft:
            ctx.report(u.file_origin.at("draft"), f"{WARNING}unit {u.id} ({u.name.zh if u.name else '?'}) was "
                                                  f"proposed by an import: give it a lasting id and its role, or "
                                                  f"replace it by a known unit of the place, then remove `draft: true`")
    for p in s.places:
        if p.draft:
            ctx.report(p.file_origin.at("draft"), f"{WARNING}place {p.id} was proposed by an import: check its name "
                                                  f"and level, then remove `draft: true`")

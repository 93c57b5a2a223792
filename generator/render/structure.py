"""Template helpers for places, enum labels and structured figures (mixed into the site renderer).

Enum values are never printed raw: :meth:`StructureHelpers.enum` looks up ``<field>_<value>`` in
the labels and fails the build when a label is missing.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..model.objects import Standards, Text
from .escape import md

SAME_ROLE_SHOWN = 6  # same-role units of other places a unit page names
COMPARATORS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


class MissingLabel(KeyError):
    pass


class StructureHelpers:
    """Needs ``self.s`` (Standards), ``self.labels``, ``self.lang``, ``self.t`` and ``self.link``."""
    s: Standards
    labels: dict[str, Any]
    lang: str
    t: Callable[[Text | None], Markup]

    def enum(self, field: str, value: str) -> str:
        key = f"{field}_{value}"
        if key not in self.labels:
            raise MissingLabel(f"site_templates/labels.yaml: no {self.lang} label '{key}' for the value "
                               f"'{value}' of {field}")
        return self.labels[key]

    # -- places ------------------------------------------------------------------------------------
    def place_name(self, place) -> Markup:
        """A source's or unit's place: the place's name, or the text a project without places gives."""
        p = self.s.place_of(place)
        if p is not None:
            return self.t(p.name)
        return self.t(place) if hasattr(place, "zh") else md(place or "")

    @cached_property
    def doc_place(self) -> dict[str, str]:
        return {src.id: src.place for src in self.s.sources if isinstance(src.place, str)}

    def item_place(self, item) -> Markup:
        """The place of an item with a source locator (mechanism, target, scorecard)."""
        loc = getattr(item, "source", None)
        return self.place_name(self.doc_place.get(loc.doc)) if loc else Markup("")

    @cached_property
    def _by_role(self) -> dict[str, list]:
        out: dict[str, list] = {}
        for u in self.s.units:
            if u.role:
                out.setdefault(u.role, []).append(u)
        return out

    def same_role(self, unit) -> tuple[list, int]:
        """Units of other places sharing this unit's role: the first ``SAME_ROLE_SHOWN`` of them (in
        the order of units.yaml) and how many more there are. A unit page of a province's site (a
        hundred places) names a few, not every county's, and counts the others."""
        others = [u for u in self._by_role.get(unit.role, ()) if u.place != unit.place] if unit.role else []
        return others[:SAME_ROLE_SHOWN], max(0, len(others) - SAME_ROLE_SHOWN)

    def units_by_place(self) -> list[tuple]:
        """(place, units) in the order of places.yaml; units without a known place last."""
        known = {p.id for p in self.s.places}
        groups = [(p, [u for u in self.s.units if u.place == p.id]) for p in self.s.places]
        rest = [u for u in self.s.units if u.place not in known]
        return [g for g in groups if g[1]] + ([(None, rest)] if rest else [])

    # -- figures -----------------------------------------------------------------------------------
    def figure(self, fig) -> Markup:
        if fig is None:
            return Markup("")
        out = md(f"{COMPARATORS.get(fig.comparator, fig.comparator)} {fig.value:g}{fig.unit}")
        return Markup(f"{out} ({self.t(fig.of)})") if fig.of else out

    def benchmark(self, b) -> Markup:
        if b is None:
            return Markup("")
        return Markup(f"{md(COMPARATORS.get(b.comparator, b.comparator))} {self.t(b.reference)}")

    def period(self, p, which: str) -> Markup:
        unit = self.enum("period_unit", p.unit)
        if which == "every" and p.n == 1:
            return md(self.labels["every_one_fmt"].format(unit=unit))
        return md(self.labels[f"{which}_fmt"].format(n=f"{p.n:g}", unit=unit))

    def rule_figures(self, rule) -> Markup:
        """每月 · 4小时内 · 连续3年 — the structured figures of a rule, in words."""
        parts = [self.period(p, k) for k, p in (("every", rule.every), ("within", rule.within),
                                                ("duration", rule.duration)) if p]
        if rule.years:
            parts.append(md(self.labels["years_fmt"].format(n=rule.years)))
        return Markup(" · ").join(parts)

"""One URL scheme: where every page, anchor and file of the site lives, as a path from the root of one
language's site (the generated Markdown's names; mkdocs turns ``x.md`` into ``x.html``). Renderers,
the nav, the scorecard files and the templates (as ``url``) all ask here; anchors are the stable ids.
"""
from __future__ import annotations

from ..model.indicators import (
    CreationCategory,
    CreationCriterion,
    CreationStandard,
    WorkPoint,
    WorkPointGroup,
    WorkPoints,
)
from ..model.objects import Mechanism, Target, Task, Veto

HOME, SCORECARDS, UNITS, SOURCES = "index.md", "scorecards/index.md", "units/index.md", "sources/index.md"
MATRIX, MECHANISMS, TARGETS = "matrix.md", "mechanisms.md", "targets.md"
CREATION, WORK_POINTS, GLOSSARY = "creation-standards.md", "work-points.md", "glossary.md"
DOWNLOADS, CHANGES = "downloads.md", "changes.md"

# the page that lists every item of a kind (the item's id is its anchor there)
PAGE_OF_KIND = {Mechanism: MECHANISMS, Target: TARGETS, CreationStandard: CREATION, CreationCategory: CREATION,
                CreationCriterion: CREATION, Veto: CREATION, WorkPoints: WORK_POINTS, WorkPointGroup: WORK_POINTS,
                WorkPoint: WORK_POINTS}


def page_of(obj) -> str | None:
    return PAGE_OF_KIND.get(type(obj))


def card(card_id: str) -> str:
    return f"scorecards/{card_id}/index.md"


def task(t: Task) -> str:
    return f"scorecards/{t.card}/{t.id}.md"


def form(card_id: str) -> str:
    return f"scorecards/{card_id}/form.md"


def unit(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def source(doc: str) -> str:
    return f"sources/{doc}.md"


def edition(name: str, lang: str) -> str:
    """An earlier edition's home page (``editions/<name>/<lang>/``, beside the two languages' sites)."""
    return f"../editions/{name}/{lang}/index.html"


def card_file(card_id: str, lang: str, kind: str) -> str:
    """A card's PDF, XLSX, DOCX or offline HTML form."""
    return f"scorecards/{card_id}/{card_id}.{lang}.{kind}"


def pack_file(unit_id: str, card_id: str, lang: str, kind: str) -> str:
    """A unit's pack of one card: only the criteria that unit answers for."""
    return f"units/{unit_id}.{card_id}.{lang}.{kind}"


def source_file(source_id: str, lang: str, kind: str = "docx") -> str:
    return f"sources/{source_id}.{lang}.{kind}"


# the page registry: every page that is one of a kind, in nav order, with its template and the label
# of its nav entry; the page list and the nav read it (the cards' and sources' pages come in their
# sections: see render.site)
PAGES = [(HOME, "home.md.j2", "home"), (SCORECARDS, "scorecards.md.j2", "scorecards"),
         (UNITS, "units.md.j2", "units"), (MATRIX, "matrix.md.j2", "matrix"),
         (MECHANISMS, "mechanisms.md.j2", "mechanisms"), (TARGETS, "targets.md.j2", "targets"),
         (CREATION, "creation.md.j2", "creation_standards"), (WORK_POINTS, "workpoints.md.j2", "work_points"),
         (SOURCES, "sources.md.j2", "sources"), (GLOSSARY, "glossary.md.j2", "glossary"),
         (CHANGES, "changes.md.j2", "changes"), (DOWNLOADS, "downloads.md.j2", "downloads")]

# the registry's other half: the pages made once per item, by kind, each kind with the pages of all
# its items (render.site makes them; tests open one page of every kind)
ITEM_PAGES = {
    "scorecard": lambda s: [card(c.id) for c in s.scorecards],
    "form": lambda s: [form(c.id) for c in s.scorecards],
    "task": lambda s: [task(t) for c in s.scorecards for t in c.tasks],
    "unit": lambda s: [unit(u.id) for u in s.units],
    "source": lambda s: [source(x.id) for x in s.sources],
}

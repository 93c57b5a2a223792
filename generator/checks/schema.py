"""The JSON Schema of a standards file (published as ``standards/schema.json``).

Written as Python so that shared pieces (bilingual text, ids, source locators) are defined once.
``pingan schema`` prints it; a test keeps the published copy in sync.
"""
from __future__ import annotations

import json
from typing import Any

from ..model.kinds import (
    CARD_LEVELS,
    BlockType,
    Category,
    Comparator,
    CriterionKind,
    Level,
    RuleKind,
    SourceKind,
    UnitKind,
    values,
)
from .schema_ranking import extend as _extend_ranking
from .schema_scoring import extend as _extend_scoring
from .schema_structure import extend as _extend_structure

ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
      "description": "Stable id: lowercase ASCII letters, digits and hyphens, quoted."}
IDS = {"type": "array", "items": {"$ref": "#/$defs/id"}}
LABEL = {"type": "string", "minLength": 1, "description": "A label such as a number or year: a quoted string."}


def obj(required: list[str], props: dict, **extra) -> dict:
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": props, **extra}


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def array(item: dict, **extra) -> dict:
    return {"type": "array", "items": item, **extra}


TEXT = obj(["zh", "en"], {"zh": {"type": "string", "minLength": 1}, "en": {"type": "string"}},
           description="Bilingual text: Chinese (authoritative, verbatim) and English.")
SOURCE = obj(["doc"], {"doc": ref("id"), "at": {"type": "string"}, "block": ref("id")},
             description="Where an item came from: source id, place in the original, paragraph id.")
FIGURE = obj(["value"], {"value": {"type": "number"}, "unit": {"type": "string"},
                         "comparator": {"enum": values(Comparator)}})
COMMON = {"note": ref("text"), "notes": array(ref("text"))}
DRAFT = {"draft": {"type": "boolean", "description": (
    "Written by `pingan import`: not yet reviewed. What a draft may lack (English, units linked to the place's "
    "known units) is a warning of `pingan check`, not an error; the site shows a note, `pingan collect` refuses "
    "its submissions. Remove it to publish.")}}

CRITERION = obj(["id", "text", "points", "kind"], {
    "id": ref("id"), "text": ref("text"),
    "points": {"type": "number", "exclusiveMinimum": 0},
    "kind": {"enum": values(CriterionKind),
             "description": "requirement: scored 0..points; outcome: met (full points) or not met (0); "
                            "figure: a measured figure with a proportional deduction."},
    "units": IDS,
    "conditions": array(obj(["id", "text"], {"id": ref("id"), "text": ref("text")})),
    "deduction": obj(["per", "amount"], {"per": ref("text"), "amount": {"type": "number", "exclusiveMinimum": 0},
                                         "cap": {"type": "number", "exclusiveMinimum": 0}}),
    "source": ref("source"), **COMMON})
TASK = obj(["id", "number", "title", "points", "units", "criteria"], {
    "id": ref("id"), "number": ref("label"), "title": ref("text"),
    "points": {"type": "number", "exclusiveMinimum": 0},
    "units": IDS, "related_units": {"type": "boolean"},
    "source": ref("source"), "criteria": array(ref("criterion"), minItems=1), **COMMON})
DOMAIN = obj(["id", "title", "points", "tasks"], {
    "id": ref("id"), "title": ref("text"), "points": {"type": "number", "exclusiveMinimum": 0},
    "tasks": array(ref("task"), minItems=1), **COMMON})
SCORECARD = obj(["id", "title", "level", "edition", "source", "total_points", "score_columns"], {
    "id": ref("id"), "title": ref("text"), "level": {"enum": values(CARD_LEVELS)},
    "edition": ref("label"), "source": ref("source"),
    "annex": {"type": "string", "pattern": "^[0-9A-Za-z-]{1,8}$",
              "description": "The card's number as an attachment of a notice (printed \"附件2\" top-left): "
                             "a quoted label."},
    "total_points": {"type": "number", "exclusiveMinimum": 0},
    "score_step": {"type": "number", "exclusiveMinimum": 0},
    "score_columns": array(obj(["id", "title"], {"id": ref("id"), "title": ref("text")}), minItems=1),
    "vetoes": array(obj(["id", "text"], {"id": ref("id"), "text": ref("text"), "source": ref("source")})),
    "bonus": obj(["max_points", "items"], {
        "max_points": {"type": "number", "exclusiveMinimum": 0},
        "items": array(obj(["id", "text", "points"], {"id": ref("id"), "text": ref("text"),
                                                      "points": {"type": "number", "exclusiveMinimum": 0}}))}),
    "domains": array(ref("domain"), minItems=1), "tasks": array(ref("task"), minItems=1), **DRAFT, **COMMON},
    oneOf=[{"required": ["domains"]}, {"required": ["tasks"]}])
SOURCE_DOC = obj(["id", "title", "issuer", "place", "date", "kind", "edition", "file"], {
    "id": ref("id"), "title": ref("text"), "issuer": ref("text"), "place": ref("text"),
    "date": {"type": ["string", "null"]}, "kind": {"enum": values(SourceKind)},
    "edition": ref("label"), "file": {"type": "string"},
    "blocks": array(obj(["id", "type", "text"], {
        "id": ref("id"), "type": {"enum": values(BlockType)},
        "level": {"type": "integer", "minimum": 1, "maximum": 4}, "text": ref("text"), **COMMON})),
    **DRAFT, **COMMON})
UNIT = obj(["id", "name", "level", "kind"], {
    "id": ref("id"), "name": ref("text"),
    "level": {"enum": values(Level)},
    "kind": {"enum": values(UnitKind)},
    "aliases": array({"type": "string", "minLength": 1}), **DRAFT, **COMMON})
RULE = obj(["id", "kind", "text"], {
    "id": ref("id"), "text": ref("text"),
    "kind": {"enum": values(RuleKind)}, **COMMON})
MECHANISM = obj(["id", "name", "category", "text", "source"], {
    "id": ref("id"), "name": ref("text"), "category": {"enum": values(Category)},
    "text": ref("text"), "source": ref("source"), "rules": array(ref("rule")),
    "units": IDS, "governs": IDS, **COMMON})
TARGET = obj(["id", "title", "text", "source"], {
    "id": ref("id"), "title": ref("text"), "text": ref("text"), "figure": ref("figure"),
    "deadline": ref("label"), "source": ref("source"), "governs": IDS, "units": IDS, **COMMON})
CREATION = obj(["id", "title", "source", "categories"], {
    "id": ref("id"), "title": ref("text"), "source": ref("source"),
    "categories": array(obj(["id", "number", "title", "criteria"], {
        "id": ref("id"), "number": ref("label"), "title": ref("text"),
        "criteria": array(obj(["id", "number", "text"], {
            "id": ref("id"), "number": ref("label"), "text": ref("text"), "threshold": ref("figure"),
            "block": ref("id"), **COMMON}), minItems=1), "block": ref("id"), **COMMON}), minItems=1),
    "vetoes": array(obj(["id", "text"], {"id": ref("id"), "text": ref("text"), "source": ref("source"),
                                         **COMMON})), **COMMON})
WORK_POINTS = obj(["id", "title", "source", "groups"], {
    "id": ref("id"), "title": ref("text"), "source": ref("source"),
    "groups": array(obj(["id", "number", "title", "points"], {
        "id": ref("id"), "number": ref("label"), "title": ref("text"), "block": ref("id"),
        "points": array(obj(["id", "number", "text"], {
            "id": ref("id"), "number": ref("label"), "title": ref("text"), "text": ref("text"),
            "block": ref("id"), **COMMON}), minItems=1), **COMMON}), minItems=1), **COMMON})
DUTY = obj(["id", "unit", "text", "source"], {
    "id": ref("id"), "unit": ref("id"), "text": ref("text"), "source": ref("source"), **COMMON})
GLOSSARY = obj(["id", "term", "note"], {
    "id": ref("id"), "term": ref("text"), "variants": array({"type": "string", "minLength": 1}),
    "note": ref("text"), "sources": IDS})

KINDS = {
    "sources": "source_doc", "units": "unit", "scorecards": "scorecard", "mechanisms": "mechanism",
    "targets": "target", "creation_standards": "creation_standard", "work_points": "work_points",
    "duties": "duty", "glossary": "glossary_entry",
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://pingan-standards.invalid/schema.json",
    "title": "pingan-standards file",
    "description": "A file under standards/: a mapping of kinds, each a list of items (see standards/FORMAT.md). "
                   "The open-data export (pingan-standards.json) is such a file too, with its format and generator.",
    "type": "object",
    "additionalProperties": False,
    "properties": {kind: array(ref(d)) for kind, d in KINDS.items()} | {
        "format": {"type": "string", "pattern": "^pingan-standards/[0-9]+$",
                   "description": "Written by `pingan export`: the version of the export's format."},
        "generator": {"type": "string", "description": "Written by `pingan export`: the program that wrote it."}},
    "$defs": {
        "id": ID, "label": LABEL, "text": TEXT, "source": SOURCE, "figure": FIGURE,
        "criterion": CRITERION, "task": TASK, "domain": DOMAIN, "scorecard": SCORECARD,
        "source_doc": SOURCE_DOC, "unit": UNIT, "rule": RULE, "mechanism": MECHANISM, "target": TARGET,
        "creation_standard": CREATION, "work_points": WORK_POINTS, "duty": DUTY, "glossary_entry": GLOSSARY,
    },
}


_extend_scoring(SCHEMA["$defs"])
_extend_structure(SCHEMA)
_extend_ranking(SCHEMA["$defs"])


def schema_json() -> str:
    return json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n"

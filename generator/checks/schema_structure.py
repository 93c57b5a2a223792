"""JSON Schema pieces of places, unit roles, links and structured figures (issue 10);
:mod:`generator.checks.schema` adds them to its definitions, as it does the scoring rules' keys.

``ENUMS`` lists the values of every enum the site prints (:data:`generator.model.kinds.LABELLED`): each
needs a label in both languages in ``site_templates/labels.yaml`` under the key ``<field>_<value>``.
"""
from __future__ import annotations

from typing import Any

from ..model import kinds
from ..model.kinds import values

ID = {"$ref": "#/$defs/id"}
IDS = {"type": "array", "items": ID}
TEXT = {"$ref": "#/$defs/text"}
FIGURE = {"$ref": "#/$defs/figure"}

PLACE_LEVELS = values(kinds.PLACE_LEVELS)
PERIOD_UNITS = values(kinds.PeriodUnit)

PLACE: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["id", "name", "level"],
    "description": "A jurisdiction a source document belongs to; every unit belongs to one.",
    "properties": {"id": ID, "name": TEXT, "level": {"enum": PLACE_LEVELS},
                   "parent": {"$ref": "#/$defs/text", "description": "where it lies, as far as the source says"},
                   "note": TEXT},
}
PERIOD = {
    "type": "object", "additionalProperties": False, "required": ["n", "unit"],
    "properties": {"n": {"type": "number", "exclusiveMinimum": 0}, "unit": {"enum": PERIOD_UNITS}},
}
BENCHMARK = {
    "type": "object", "additionalProperties": False, "required": ["comparator", "reference"],
    "description": "A relative aim without a number: better (or worse) than a named reference.",
    "properties": {"comparator": {"enum": values(kinds.Comparator)}, "reference": TEXT},
}
THRESHOLDS = {"oneOf": [FIGURE, {"type": "array", "minItems": 1, "items": FIGURE}],
              "description": "a numeric threshold the criterion names (a figure, or a list of them)"}
RULE = {
    "units": {**IDS, "description": "who acts under this rule (ranks, issues the yellow card, applies the veto)"},
    "every": {**PERIOD, "description": "how often: 每月 → {n: 1, unit: month}"},
    "within": {**PERIOD, "description": "time limit: 4小时内 → {n: 4, unit: hour}"},
    "duration": {**PERIOD, "description": "how long it lasts or covers: 24小时街面巡逻 → {n: 24, unit: hour}"},
    "years": {"type": "integer", "minimum": 1, "description": "duration in years: 连续三年 → 3"},
}
RELATED = {**IDS, "description": "items of another place that bear on this one (shown apart from governs)"}

# label key prefix → the values the site may print (checked against labels.yaml by a test)
ENUMS = {field: values(enum) for field, enum in kinds.LABELLED.items()}


def schema_draft(defs: dict) -> dict:
    """The ``draft`` key a unit has (and a place proposed by an import takes too)."""
    return {"draft": defs["unit"]["properties"]["draft"]}


def extend(schema: dict) -> None:
    """Add places and the new keys to the schema (its ``properties`` and ``$defs``)."""
    defs = schema["$defs"]
    defs["place"] = {**PLACE, "properties": {**PLACE["properties"], **schema_draft(defs)}}
    defs["period"] = PERIOD
    schema["properties"]["places"] = {"type": "array", "items": {"$ref": "#/$defs/place"}}
    defs["source_doc"]["properties"]["place"] = {
        "oneOf": [ID, TEXT], "description": "the id of the document's place (standards/places.yaml); "
                                            "a project without places may give its name as text"}
    defs["unit"]["properties"].update({
        "place": {**ID, "description": "the place (jurisdiction) whose document names the body"},
        "role": {**ID, "description": "shared by the same kind of body in different places"}})
    defs["rule"]["properties"].update(RULE)
    defs["mechanism"]["properties"]["related"] = RELATED
    defs["target"]["properties"].update({"related": RELATED, "benchmark": BENCHMARK})
    defs["criterion"]["properties"]["threshold"] = THRESHOLDS
    defs["figure"]["properties"]["of"] = {**TEXT, "description": "what is measured, where a text has several figures"}

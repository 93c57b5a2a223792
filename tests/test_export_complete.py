"""The open-data JSON carries every card whole: every scoring rule, the grades, rounding, the N/A
rule, ranking ties and score columns. It is written in the format of the standards files, so the
published JSON Schema (standards/schema.json) validates it, and a card read back from the export
alone is the card of the model, with the same plan."""
from __future__ import annotations

import json

import jsonschema
import pytest

import resultset
from conftest import FIXTURES, ROOT
from generator.checks.project import load
from generator.model.assemble import KINDS, Reader, build
from generator.model.objects import Standards
from generator.render.opendata import to_json
from generator.scoring.plan import plan_of


def read_export(data: dict) -> Standards:
    """The model from an exported JSON alone: it is read as a standards file is."""
    return build([Reader("pingan-standards.json").items(data)])


@pytest.fixture(scope="module", params=["mini", "scoring", "standards"])
def exported(request, tmp_path_factory) -> tuple[Standards, dict]:
    """The model and its export (as a consumer parses it) of the mini fixture, the scoring fixture
    (with ranking ties by domain) and the repository's standards."""
    root = {"mini": FIXTURES / "mini", "standards": ROOT}.get(request.param) or \
        resultset.rules_project(tmp_path_factory.mktemp("export") / "scoring")
    s = load(root).standards
    return s, json.loads(to_json(s))


def test_the_published_schema_validates_the_export(exported):
    schema = json.loads((ROOT / "standards" / "schema.json").read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(exported[1])]
    assert not errors, f"{len(errors)} errors, e.g.\n" + "\n".join(errors[:10])


def test_every_card_and_its_plan_read_back_from_the_export_alone(exported):
    s, data = exported
    back = read_export(data)
    assert [c.id for c in back.scorecards] == [c.id for c in s.scorecards]
    for card, again in zip(s.scorecards, back.scorecards, strict=True):
        assert json.dumps(plan_of(again), sort_keys=True) == json.dumps(plan_of(card), sort_keys=True), card.id
        assert again == card, f"{card.id}: the typed card read back differs"
        assert again.ranking == card.ranking, card.id  # not part of the card's equality


def test_everything_else_reads_back_too(exported):
    s, data = exported
    back = read_export(data)
    for kind in KINDS:
        assert getattr(back, kind) == getattr(s, kind), kind


def test_the_export_spells_out_every_rule_of_the_scoring_fixture(tmp_path):
    s = load(resultset.rules_project(tmp_path / "scoring")).standards
    cards = {c["id"]: c for c in json.loads(to_json(s))["scorecards"]}
    rules, flat = cards["rules"], cards["flat"]
    assert (rules["not_applicable"], rules["below_zero"], flat["not_applicable"], flat["below_zero"]) == \
        ("rescale", False, "full", True)
    assert rules["rounding"] == {"digits": 1, "mode": "half-up"} and "rounding" not in flat
    assert rules["ranking"] == {"ties": "by-domain", "domain": "rules-d2"}
    assert [(g["id"], g["min"], g.get("below")) for g in rules["grades"]] == \
        [("fail", 0, 60), ("pass", 60, 80), ("good", 80, 90), ("excellent", 90, None)]
    assert [c["id"] for c in rules["score_columns"]] == ["self", "review"]
    assert [(v["effect"], v.get("amount"), v.get("grade"), v.get("raised_by")) for v in rules["vetoes"]] == \
        [("zero", None, None, None), ("deduct", 30, None, None), ("grade-cap", None, "pass", "rules-t3-c1")]
    assert rules["bonus"]["max_points"] == 3 and rules["penalties"][0] == {
        "id": "rules-pen-card", "text": {"zh": "被市级通报批评的，每次扣2分，最高扣6分",
                                          "en": "Criticised in a city notice: 2 points each time, at most 6"},
        "amount": 2, "cap": 6}
    d1, d2 = rules["domains"]
    assert d2["penalties"][0]["amount"] == 5 and d1["tasks"][0]["penalties"][0]["cap"] == 4
    assert d1["tasks"][0]["bonus"]["items"][0]["id"] == "rules-t1-bonus"
    c = {c["id"]: c for t in d1["tasks"] + d2["tasks"] for c in t["criteria"]}
    assert [(r["id"], r["amount"], r.get("cap")) for r in c["rules-t1-c2"]["deductions"]] == \
        [("rules-t1-c2-missed", 1, None), ("rules-t1-c2-minutes", 0.5, 2)]
    assert c["rules-t1-c3"]["deduction"]["cap"] == 3 and c["rules-t1-c4"]["not_applicable"] is True
    assert c["rules-t2-c2"]["proportional"] == {
        "figure": {"zh": "刑事案件发案率", "en": "Criminal case rate"}, "unit": "‰", "threshold": 3,
        "direction": "above", "per": 0.5, "amount": 1, "cap": 6, "rounding": "full"}
    assert c["rules-t3-c3"]["bonus"]["max_points"] == 1

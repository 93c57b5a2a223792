"""The one scoring engine: every rule type computed by hand on the fixture cards, the located checks of
bad rules, and scoring.js (the form's and the PDF's engine) equal to the Python engine on random fills."""
from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from conftest import FIXTURES, ROOT, run_pingan
from fills import random_fill
from generator.checks.project import load
from generator.scoring.engine import evaluate
from generator.scoring.plan import plan_of

SCORING = FIXTURES / "scoring"


@pytest.fixture(scope="module")
def cards():
    s = load(SCORING).standards
    return {c.id: c for c in s.scorecards}


def test_seed_cards_unchanged(standards):
    assert [(c.id, c.total_points) for c in standards.scorecards] == [("county", 600), ("town", 150), ("village", 25)]
    for c in standards.scorecards:
        assert evaluate(plan_of(c), {})["columns"][plan_of(c)["columns"][0]]["total"] == 0


FILL = {"rules-t1-c1--self": "6", "rules-t1-c2-missed--self": "1", "rules-t1-c2-minutes--self": "5",
        "rules-t1-c3--self": "2", "rules-t1-c4--self": "不适用", "rules-t2-c1--self": "93.4",
        "rules-t2-c2--self": "4.2", "rules-t2-c3--self": "96.5", "rules-t3-c1--self": "达到",
        "rules-t3-c2--self": "na", "rules-t3-c3--self": "9", "rules-t3-c3-bonus--self": "1",
        "rules-t4-c1--self": "12.5", "rules-t4-c2--self": "10", "rules-t1-pen--self": "2",
        "rules-pen-card--self": "1", "rules-bonus-card1--self": "2"}


def test_every_rule_type_by_hand(cards):
    r = evaluate(plan_of(cards["rules"]), FILL)
    assert r["problems"] == []
    it = r["columns"]["self"]["items"]
    assert it["rules-t1-c2"] == 1        # 4 − 1×1 (missed) − min(2, 5×0.5) (minutes, capped)
    assert it["rules-t1-c3"] == 4        # the single deduction rule: 5 − 2×0.5
    assert it["rules-t2-c1"] == 9        # 95 − 93.4 = 1.6 started points → 2 × 0.5
    assert it["rules-t2-c2"] == 8        # 4.2 − 3 = 1.2 = 2 full halves → 2 × 1
    assert it["rules-t2-c3"] == 8.8      # exact: 1.5 × 0.8
    assert it["rules-t3-c3"] == 10       # 9 + the criterion's bonus item 1
    assert it["rules-t1"] == 9           # 6 + 1 + 4 + 0 (n/a) − penalty 2×1
    assert it["rules-d2"] == 37.5
    # 72.3 of the 85 applicable points, re-scaled to 100 (85.0588…), + card bonus 2 − card penalty 2, 1 digit
    assert r["columns"]["self"]["total"] == 85.1
    assert r["columns"]["self"]["grade"] == "good"


def test_vetoes_and_grades(cards):
    plan = plan_of(cards["rules"])
    full = {k: v for k, v in FILL.items()}
    deduct = evaluate(plan, {**full, "rules-veto-deduct--self": "yes"})["columns"]["self"]
    assert deduct["total"] == 55.1 and deduct["vetoes"] == ["rules-veto-deduct"] and deduct["grade"] == "fail"
    zero = evaluate(plan, {**full, "rules-veto-zero--self": "✓"})["columns"]["self"]
    assert zero["total"] == 0 and zero["grade"] == "fail"
    raised = evaluate(plan, {**full, "rules-t3-c1--self": "未达到", "rules-t3-c2--self": "met"})["columns"]["self"]
    assert raised["vetoes"] == ["rules-veto-cap"] and raised["grade"] == "pass"   # capped: 81.4 is 良好 otherwise
    assert raised["total"] == 81.4     # 77.3 of 95 applicable points, re-scaled
    flat = plan_of(cards["flat"])
    r = evaluate(flat, {"flat-t1-c1--self": "4.75", "flat-t1-c2--self": "na", "flat-t1-pen--self": "5",
                        "flat-veto--self": "是"})["columns"]["self"]
    assert r["total"] == -5 and r["grade"] == "flat-fail"      # below_zero; n/a counts full (5.25)


@pytest.mark.parametrize("value, code", [("11", "range"), ("5.3", "step"), ("abc", "number"), ("-1", "number")])
def test_bad_inputs_are_problems(cards, value, code):
    r = evaluate(plan_of(cards["rules"]), {"rules-t1-c1--self": value, "rules-t1-c3--self": "1.5",
                                       "rules-t3-c1--self": "maybe", "rules-veto-zero--self": "perhaps"})
    got = {(p.field, p.code) for p in r["problems"]}
    assert got == {("rules-t1-c1--self", code), ("rules-t1-c3--self", "count"), ("rules-t3-c1--self", "outcome"),
                   ("rules-veto-zero--self", "veto")}


def test_bad_rules_are_located(tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(SCORING, proj)
    f = proj / "standards" / "rules.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace("amount: 0.5, cap: 3}", "amount: 0.5, cap: 7}")             # cap above 5 points
    text = text.replace('unit: "‰", ', "")                                          # proportional without unit
    text = text.replace("min: 60, below: 80}", "min: 60, below: 75}")              # gap 75–80
    text = text.replace('raised_by: "rules-t3-c1"', 'raised_by: "rules-t3-c3"')     # not an outcome
    f.write_text(text, encoding="utf-8")
    proc = run_pingan("-p", str(proj), "check")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    for needle in ("deduction cap 7 is above", "proportional rule without its unit", "gap: no grade for scores from 75",
                   "raised_by 'rules-t3-c3' is not an outcome criterion"):
        hit = [ln for ln in lines if needle in ln]
        assert hit and hit[0].startswith("standards/rules.yaml:"), (needle, proc.stderr)


def _node(jobs: list[dict]) -> list[dict]:
    node = shutil.which("node")
    assert node, "node is needed (scripts/system-deps installs nodejs)"
    proc = subprocess.run([node, str(ROOT / "tests" / "js" / "evaluate.js")], input=json.dumps(jobs),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_scoring_js_equals_the_engine(cards, standards):
    """scoring.js is what the HTML form and the PDF run: 200 random fills per card, bad values included."""
    jobs, expected = [], []
    for card in [*cards.values(), *standards.scorecards]:
        rng = random.Random(card.id)
        for i in range(200):
            values = random_fill(plan_of(card), rng, localised=rng.choice([None, "zh", "en"]))
            if i % 10 == 0 and values:
                values[rng.choice(sorted(values))] = rng.choice(["abc", "-1", "99999", "1.3", "是", "na", " "])
            jobs.append({"plan": plan_of(card), "values": values})
            r = evaluate(plan_of(card), values)
            r["problems"] = [{"field": p.field, "code": p.code} for p in r["problems"]]
            expected.append(r)
    got = _node(jobs)
    assert len(got) == len(expected) == 1000
    for job, e, g in zip(jobs, expected, got, strict=True):
        assert g == e, json.dumps(job["values"], ensure_ascii=False)

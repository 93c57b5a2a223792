"""Issue 10: places kept apart, every named body linked, figures as data, every enum labelled."""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, run_pingan
from generator.checks.schema_structure import ENUMS
from generator.model.objects import Standards


def named_units(standards: Standards, zh: str, place: str) -> list[str]:
    """Units of ``place`` whose name or an alias occurs in ``zh``; an occurrence inside a longer
    name's occurrence (县委 inside 县委政法委) counts for the longer name only."""
    names = sorted(((n, u.id) for u in standards.units if u.place == place for n in {u.name.zh, *u.aliases}),
                   key=lambda x: -len(x[0]))
    taken = [False] * len(zh)
    found = []
    for name, uid in names:
        for m in re.finditer(re.escape(name), zh):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append(uid)
    return list(dict.fromkeys(found))


def place_of_doc(standards: Standards) -> dict[str, str]:
    return {s.id: s.place for s in standards.sources}


def item_zh(item) -> str:
    title = getattr(item, "title", None) or getattr(item, "name", None)
    return "\n".join([title.zh, item.text.zh, *(r.text.zh for r in getattr(item, "rules", ()))])


def test_every_source_and_unit_has_a_known_place(standards: Standards):
    places = {p.id for p in standards.places}
    assert places == {"zezhou", "city001", "changgang", "luoyang", "county004"}
    assert all(s.place in places for s in standards.sources)
    assert all(u.place in places and u.role for u in standards.units)


def test_every_named_body_is_linked(standards: Standards):
    """Each target and mechanism whose Chinese names a body of its place (name or alias) links it."""
    where = place_of_doc(standards)
    missing = []
    for item in (*standards.targets, *standards.mechanisms):
        for uid in named_units(standards, item_zh(item), where[item.source.doc]):
            if uid not in item.units:
                missing.append(f"{item.id}: {uid}")
    assert not missing, f"{len(missing)} named bodies not linked, e.g. {missing[:8]}"


def test_rules_link_who_ranks_warns_and_vetoes(standards: Standards):
    """001's city comprehensive governance commission ranks, issues the yellow card and applies the veto."""
    rules = {r.id: r for m in standards.mechanisms for r in m.rules}
    for rid in ("s001-m-assessment-reward-r4", "s001-m-assessment-reward-r8", "s001-m-assessment-reward-r10"):
        assert "city001-cgc" in rules[rid].units, rid


def test_no_governs_crosses_places(standards: Standards):
    where = place_of_doc(standards)
    place = {}
    for card in standards.scorecards:
        for i in [card.id, *(d.id for d in card.domains), *(t.id for t in card.tasks),
                  *(c.id for c in card.criteria)]:
            place[i] = where[card.source.doc]
    for kind in (standards.targets, standards.mechanisms, standards.creation_standards, standards.work_points):
        for x in kind:
            place[x.id] = where[x.source.doc]
    for cs in standards.creation_standards:
        for cat in cs.categories:
            place.update({cat.id: place[cs.id], **{c.id: place[cs.id] for c in cat.criteria}})
    crossing = [(m.id, g) for m in (*standards.targets, *standards.mechanisms) for g in m.governs
                if place.get(g, place[m.id]) != place[m.id]]
    assert not crossing
    assert sum(len(m.related) for m in (*standards.targets, *standards.mechanisms)) >= 80
    assert all(place.get(g) != place[m.id] for m in (*standards.targets, *standards.mechanisms) for g in m.related)


def test_check_reports_a_cross_place_governs(tmp_path):
    import shutil

    proj = tmp_path / "p"
    shutil.copytree(ROOT / "standards", proj / "standards")
    f = proj / "standards" / "s004-indicators.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("    governs: ["))
    lines[line - 1] = lines[line - 1].replace("governs: [", 'governs: ["county-t3", ', 1)
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    units = proj / "standards" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace('    place: "zezhou"\n', "", 1), encoding="utf-8")
    s001 = proj / "standards" / "sources" / "s001.yaml"
    s001.write_text(s001.read_text(encoding="utf-8").replace('place: "city001"', 'place: "nowhere"'), encoding="utf-8")
    proc = run_pingan("--project", str(proj), "check")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"standards/s004-indicators.yaml:{line}:15: governs 'county-t3' crosses places" in proc.stderr
    assert "standards/units.yaml:4:9: unit 'county-party-committee' has no place" in proc.stderr
    assert "standards/sources/s001.yaml:6:12: unknown place 'nowhere'" in proc.stderr
    assert "3 problems found" in proc.stderr  # the unknown place once, not once per item of s001


def test_the_four_minimums_are_at_least(standards: Standards):
    targets = {t.id: t for t in standards.targets}
    for tid, value in (("s004-t-y2-towns", 40), ("s004-t-y2-communities-villages-units", 50),
                       ("s004-t-y3-towns-communities-villages", 70), ("s004-t-y3-units", 80)):
        assert (targets[tid].figure.value, targets[tid].figure.comparator) == (value, ">="), tid


def test_slogans_are_not_figures_and_003_has_its_deadline(standards: Standards):
    targets = {t.id: t for t in standards.targets}
    for tid in ("s003-t-five-ones", "s003-t-six-non-occurrences", "s003-t-ten-nos", "s003-t-one-file-per-person"):
        assert targets[tid].figure is None, tid
    assert all(t.deadline == "2022" for t in standards.targets if t.source.doc == "s003")


def test_rule_figures_are_structured(standards: Standards):
    rules = [r for m in standards.mechanisms for r in m.rules]
    for r in rules:
        zh = r.text.zh
        if re.search(r"每(月|季度|年|周|天|日)", zh):
            assert r.every, r.id
        if re.search(r"\d+\s*(小时|日|天)内", zh):
            assert r.within, r.id
        if re.search(r"连续(两|三|二|\d)年", zh):
            assert r.years, r.id
    assert not [r.id for r in rules if r.kind == "other"]


def test_county_criteria_carry_their_thresholds(standards: Standards):
    with_pct = [c for card in standards.scorecards for c in card.criteria
                if re.search(r"\d+(\.\d+)?%", c.text.zh)]
    assert with_pct and all(c.thresholds for c in with_pct), [c.id for c in with_pct if not c.thresholds]
    assert sum(1 for card in standards.scorecards for c in card.criteria if c.thresholds) >= 25


def test_every_enum_value_has_both_labels():
    from generator.render.common import load_labels

    labels = load_labels()
    missing = [f"{lang}: {field}_{v}" for field, values in ENUMS.items() for v in values for lang in ("zh", "en")
               if not str(labels[lang].get(f"{field}_{v}") or "").strip()]
    assert not missing, missing


# where the schema (what `pingan schema` prints) lists values the site shows by their labels
# (`<field>_<value>` in site_templates/labels.yaml), and where it lists values shown as they are
LABELLED_IN_SCHEMA = {
    "place/level": "level", "unit/level": "level", "scorecard/level": "level", "unit/kind": "unit_kind",
    "rule/kind": "rule_kind", "criterion/kind": "criterion_kind", "mechanism/category": "category",
    "source_doc/kind": "source_kind", "period/unit": "period_unit", "scorecard/score_columns/role": "column_role", "rule/every/unit": "period_unit",
    "rule/within/unit": "period_unit", "rule/duration/unit": "period_unit"}
NOT_LABELLED_IN_SCHEMA = {
    "figure/comparator", "target/benchmark/comparator", "criterion/proportional/direction",
    "criterion/proportional/rounding", "scorecard/vetoes/effect", "scorecard/rounding/mode",
    "scorecard/not_applicable", "scorecard/ranking/ties", "source_doc/blocks/type"}


def schema_enums(node, path=()) -> dict[str, list]:
    """Every enum of a JSON Schema by where it is: "unit/kind" → its values."""
    out = {}
    if isinstance(node, dict):
        if "enum" in node:
            out["/".join(p for p in path if p not in ("$defs", "properties", "items"))] = node["enum"]
        for k, v in node.items():
            out.update(schema_enums(v, (*path, k)))
    elif isinstance(node, list):
        for v in node:
            out.update(schema_enums(v, path))
    return out


def test_every_schema_enum_is_registered():
    """Each enum of the schema `pingan schema` prints is labelled or known not to be; the values of a
    labelled field are exactly those of its kind (generator/model/kinds.py) and exactly those with a label
    in labels.yaml, in both languages: a value missing from one of the three fails."""
    from generator.model.kinds import LABELLED, values
    from generator.render.common import load_labels

    enums = schema_enums(json.loads(run_pingan("schema", check=True).stdout))
    assert set(enums) == set(LABELLED_IN_SCHEMA) | NOT_LABELLED_IN_SCHEMA, "an enum new to the schema: labelled?"
    in_schema: dict[str, set] = {}
    for where, field in LABELLED_IN_SCHEMA.items():
        in_schema.setdefault(field, set()).update(enums[where])
    assert set(in_schema) == set(LABELLED)
    labels = load_labels()
    for field, schema_values in in_schema.items():
        assert schema_values == set(values(LABELLED[field])), f"{field}: the schema and generator/model/kinds.py differ"
        for lang in ("zh", "en"):
            labelled = {k[len(field) + 1:] for k, v in labels[lang].items()
                        if k.startswith(field + "_") and str(v or "").strip()}
            assert labelled == schema_values, f"{lang} labels of {field}: {sorted(labelled ^ schema_values)}"


def test_export_carries_places_units_and_figures(tmp_path):
    out = tmp_path / "x.json"
    run_pingan("export", "-o", str(out), check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {p["id"] for p in data["places"]} == {"zezhou", "city001", "changgang", "luoyang", "county004"}
    assert all(isinstance(s["place"], str) for s in data["sources"])
    assert all(u["place"] and u["role"] for u in data["units"])
    assert sum(1 for t in data["targets"] if t.get("units")) >= 20
    rules = [r for m in data["mechanisms"] for r in m.get("rules", [])]
    assert any("every" in r for r in rules) and any("years" in r for r in rules)
    assert any("related" in m for m in data["mechanisms"])
    crits = [c for card in data["scorecards"] for d in card.get("domains", []) for t in d["tasks"]
             for c in t["criteria"]] + [c for card in data["scorecards"] for t in card.get("tasks", [])
                                        for c in t["criteria"]]
    assert any(c.get("threshold") for c in crits)


_KINDS = "|".join(map(re.escape, ENUMS["rule_kind"]))
RAW_KIND_WORDS = re.compile(rf"<strong>({_KINDS})</strong>|\*\*({_KINDS})\*\*")


@pytest.mark.slow
def test_chinese_site_has_no_raw_kind_words(built_site):
    pages = list((built_site / "zh").rglob("*.html"))
    assert pages
    hits = [str(p.relative_to(built_site)) for p in pages if RAW_KIND_WORDS.search(p.read_text(encoding="utf-8"))]
    assert not hits, hits[:5]
    mech = (built_site / "zh" / "mechanisms.html").read_text(encoding="utf-8")
    assert "一票否决" in mech and "相关规定（其他地方）" in mech

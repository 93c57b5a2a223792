"""The repository's own standards: clean, complete, adding up."""
from __future__ import annotations

import csv
import io
import json

from conftest import ROOT, run_pingan
from generator.checks.schema import schema_json


def test_check_passes_with_summary():
    proc = run_pingan("check")
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout.strip()
    assert len(out.splitlines()) == 1
    assert "county 600 pts/44 tasks/106 criteria" in out
    assert "town 150 pts/8 tasks/57 criteria" in out
    assert "village 25 pts/6 tasks/16 criteria" in out


def test_counts(standards):
    cards = {c.id: c for c in standards.scorecards}
    county, town, village = cards["county"], cards["town"], cards["village"]
    assert len(county.domains) == 7 and len(county.tasks) == 44 and len(county.criteria) == 106
    assert [len(c.columns) for c in (county, town, village)] == [2, 2, 3]
    t24 = next(t for t in county.tasks if t.number == "24")
    assert t24.points == 23 and len(t24.criteria) == 4
    assert {c.units for c in t24.criteria[:2]} != {c.units for c in t24.criteria[2:]}
    ten = next(c for c in village.criteria if c.conditions)
    assert ten.points == 10 and len(ten.conditions) == 10
    assert len(village.criteria) == 16 and sum(1 for c in village.criteria if not c.conditions) == 15
    std = standards.creation_standards[0]
    assert len(std.categories) == 7 and sum(len(c.criteria) for c in std.categories) == 32
    assert sum(len(g.points) for w in standards.work_points for g in w.groups) == 15
    assert len(standards.glossary) >= 80
    assert all(g.note.zh and g.note.en for g in standards.glossary)


def test_points_add_up_everywhere(standards):
    for card in standards.scorecards:
        assert sum(x.points for x in card.domains or card.tasks) == card.total_points
        for d in card.domains:
            assert sum(t.points for t in d.tasks) == d.points
        for t in card.tasks:
            assert sum(c.points for c in t.criteria) == t.points, t.id


def test_every_text_has_english(standards):
    from generator.render.opendata import to_data

    def walk(x):
        if isinstance(x, dict):
            if set(x) == {"zh", "en"}:
                assert x["en"].strip(), x
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(to_data(standards))


def test_export_json_shape(tmp_path):
    out = tmp_path / "standards.json"
    run_pingan("export", "--format", "json", "-o", str(out), check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("scorecards", "units", "sources", "mechanisms", "targets", "glossary", "creation_standards",
                "work_points", "duties"):
        assert data[key], key
    county = next(c for c in data["scorecards"] if c["id"] == "county")
    assert county["total_points"] == 600 and county["title"]["zh"] == "平安县城建设工作指引"
    assert [c["id"] for c in county["score_columns"]] == ["self", "county-review"]
    task = county["domains"][0]["tasks"][0]
    assert {"id", "number", "title", "points", "units", "criteria"} <= set(task)
    crit = task["criteria"][0]
    assert {"id", "text", "points"} <= set(crit) and set(crit["text"]) == {"zh", "en"}
    village = next(c for c in data["scorecards"] if c["id"] == "village")
    assert "tasks" in village and len(village["score_columns"]) == 3
    unit_ids = {u["id"] for u in data["units"]}
    assert all({"id", "name", "aliases"} <= set(u) for u in data["units"])
    for card in data["scorecards"]:
        for t in [t for d in card.get("domains", []) for t in d["tasks"]] + card.get("tasks", []):
            assert set(t["units"]) <= unit_ids


def test_export_csv_one_row_per_criterion(standards):
    proc = run_pingan("export", "--format", "csv", check=True)
    assert proc.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.lstrip("\ufeff"))))
    assert len(rows) == sum(len(c.criteria) for c in standards.scorecards) == 106 + 57 + 16
    r = next(r for r in rows if r["criterion_id"] == "county-t24-c3")
    assert r["task_number"] == "24" and r["points"] == "3" and "county-public-security-bureau" in r["units"]
    assert r["domain_zh"] == "维护社会安全稳定体系健全"


def test_published_schema_is_current():
    assert (ROOT / "standards" / "schema.json").read_text(encoding="utf-8") == schema_json(), \
        "run: pingan schema -o standards/schema.json"


def test_help_lists_commands():
    proc = run_pingan("--help", check=True)
    for cmd in ("check", "export", "schema"):
        assert cmd in proc.stdout

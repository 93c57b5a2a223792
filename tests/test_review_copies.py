"""A file speaks for its last column (issue 22): the town that imports the village's export into the form,
fills its review and exports again carries the village's self-assessment along, under the town's name —
that copy is the same version, not a rival; a copy with other scores is shown and never counted. And a
conflict before the final column: the unit is ranked on its settled final score, the conflict listed until
``--accept`` settles exactly that column. Files as the form's JSON export writes them (the same files made
in Chromium, with XLSX, PDF and CSV: test_cycle_files.py)."""
from __future__ import annotations

import pytest

import resultset
from cyclefiles import collect, lines_of, pingan, results, write
from generator.scoring.plan import plan_of


@pytest.fixture(scope="module")
def village(standards):
    return standards.get("village")


def _stages(village) -> tuple[dict, dict, dict]:
    """The village's self-assessment (24.5), the town's review (23.5) and the county's re-check (23.5)."""
    full = resultset.full_fill(plan_of(village))
    own = {**resultset.only(full, ["self"]), "village-t1-c1--self": "0.5"}
    town = {**own, **resultset.only(full, ["town-review"]), "village-t1-c1--town-review": "0.5",
            "village-t2-c1--town-review": "0", "village-t2-c1--town-review--reason": "台账未建立",
            "village-t1-c1--notes": "例会记录不全"}
    county = {**town, **resultset.only(full, ["county-recheck"]), "village-t1-c1--county-recheck": "0.5",
              "village-t2-c1--county-recheck": "0", "village-t2-c1--county-recheck--reason": "台账仍未建立"}
    return own, town, county


@pytest.mark.parametrize("revision", ["1", "2"])
def test_the_towns_re_export_carries_the_villages_self_assessment_unchanged(village, tmp_path, revision):
    own, town, county = _stages(village)
    db = tmp_path / "r.sqlite"
    mine = write(tmp_path, "东村-self.json", village, own, unit="东村", date="2026-03-01", **{"filled-by": "东村村委"})
    # the form keeps the imported date and revision; a browser that exported this card before raises it
    theirs = write(tmp_path, "东村-town.json", village, town, unit="东村", date="2026-03-01", revision=revision,
                   **{"filled-by": "城关镇"})
    last = write(tmp_path, "东村-county.json", village, county, unit="东村", date="2026-03-20", revision=revision,
                 **{"filled-by": "县考核办"})
    out = collect(db, mine, theirs, last, check=True).stdout
    assert "self as in #1 (东村村委): a copy, not a new version" in lines_of(out, theirs)[0]
    assert "conflict" not in out and "ALTERED" not in out
    [row] = results(db)["ranking"]
    assert (row["unit"], row["status"], row["final"]) == ("东村", "reviewed", 23.5)
    assert row["columns"] == {"self": 24.5, "town-review": 23.5, "county-recheck": 23.5}
    assert row["files"] == {"self": "东村-self.json", "town-review": "东村-town.json",
                            "county-recheck": "东村-county.json"}  # each stage's own file, whoever carried it
    doc = results(db)
    assert doc["conflicts"] == [] and doc["altered"] == []
    hist = pingan("results", "--db", str(db), "--history", "东村", check=True).stdout.splitlines()
    selfs = [x for x in hist if " self " in x]
    assert [x.split(":")[0].split()[-1] for x in selfs] == ["counts", "copy", "copy"]
    assert "东村村委" in selfs[0]


def test_a_reviewer_who_changes_the_self_column_does_not_replace_it(village, tmp_path):
    own, town, _ = _stages(village)
    db = tmp_path / "r.sqlite"
    mine = write(tmp_path, "东村-self.json", village, own, unit="东村", **{"filled-by": "东村村委"})
    changed = {**town, "village-t1-c1--self": "1"}  # the town "corrects" the village's own score: 25
    theirs = write(tmp_path, "东村-town.json", village, changed, unit="东村", revision="2", **{"filled-by": "城关镇"})
    line = lines_of(collect(db, mine, theirs, check=True).stdout, theirs)[0]
    assert line.startswith("accepted") and "ALTERED self: this file carries another self than #1 (东村村委)" in line
    doc = results(db, "--provisional")
    [row] = doc["ranking"]
    assert row["columns"] == {"self": 24.5, "town-review": 23.5}  # the village's self-assessment still counts
    assert row["files"]["self"] == "东村-self.json" and doc["conflicts"] == []
    [alt] = doc["altered"]
    assert (alt["unit"], alt["column"], alt["counts"]["file"], alt["counts"]["total"]) == \
        ("东村", "self", "东村-self.json", 24.5)
    assert [(v["file"], v["total"], v["filler"]) for v in alt["copies"]] == [("东村-town.json", 25, "城关镇")]
    text = pingan("results", "--db", str(db), check=True).stdout
    assert "altered copy, not counted: 东村 self: #2 东村-town.json 25 (城关镇)" in text
    hist = pingan("results", "--db", str(db), "--history", "东村", check=True).stdout
    assert "ALTERED copy, not counted" in hist
    report = tmp_path / "report"
    pingan("results", "--db", str(db), "--provisional", "-o", str(report), check=True)
    html = next(report.glob("*.zh.html")).read_text(encoding="utf-8")
    section = html[html.index('<ul class="altered">'):]
    assert "被改动的副本（未计入）" in html and "东村" in section and "24.5 (东村-self.json, 东村村委) ≠ 25 (东村-town.json, 城关镇)" in section
    assert "Altered copy, not counted: 东村 self: 25 (东村-town.json, 城关镇)" in sheet_text(next(report.glob("*.xlsx")))
    fix = write(tmp_path, "东村-self-r2.json", village, {**own, "village-t1-c1--self": "1"}, unit="东村", revision="2",
                **{"filled-by": "东村村委"})  # the village's own correction does change it
    assert "supersedes #1 for self" in collect(db, fix, check=True).stdout
    doc = results(db, "--provisional")
    assert doc["ranking"][0]["columns"]["self"] == 25 and doc["altered"] == []


def test_a_conflict_before_the_final_column_keeps_the_final_score_ranked(village, tmp_path):
    """Two self-assessments of one unit disagree, the county's re-check is settled: the unit is ranked on
    its re-check (the score the county stands behind), its status says conflict, both self versions are
    listed, sign-off waits — and ``--accept`` settles the self column only."""
    own, town, county = _stages(village)
    db = tmp_path / "r.sqlite"
    a = write(tmp_path, "西村-张三.json", village, own, unit="西村", **{"filled-by": "张三"})
    b = write(tmp_path, "西村-李四.json", village, {**own, "village-t2-c2--self": "0"}, unit="西村",
              **{"filled-by": "李四"})
    c = write(tmp_path, "西村-county.json", village, resultset.only(county, ["county-recheck"]) | {
        "village-t1-c1--notes": "例会记录不全", "village-t2-c1--notes": "台账未建立"}, unit="西村",
        **{"filled-by": "县考核办"})
    collect(db, a, b, c, check=True)
    doc = results(db)
    [row] = doc["ranking"]
    assert (row["unit"], row["rank"], row["final"], row["status"]) == ("西村", 1, 23.5, "conflict")
    assert "self" not in row["columns"] and doc["awaiting_review"] == []
    [conflict] = doc["conflicts"]
    assert conflict["column"] == "self" and {v["filler"] for v in conflict["versions"]} == {"张三", "李四"}
    text = pingan("results", "--db", str(db), check=True).stdout
    assert "conflict: 西村 self:" in text
    report = tmp_path / "report"
    pingan("results", "--db", str(db), "-o", str(report), check=True)
    html = next(report.glob("*.zh.html")).read_text(encoding="utf-8")
    ranking = html[html.index('<table class="ranking">'):html.index("</table>", html.index('<table class="ranking">'))]
    assert "西村" in ranking and "有冲突" in html[html.index('<table class="units">'):]
    conflicts = html[html.index('<ul class="conflicts">'):]
    assert "西村-张三.json, 张三" in conflicts and "西村-李四.json, 李四" in conflicts
    hist = [x for x in pingan("results", "--db", str(db), "--history", "西村", check=True).stdout.splitlines()
            if x.startswith("  #")]
    assert [(x.split()[1], "CONFLICT" in x, " counts:" in x) for x in hist] == [
        ("self", True, False), ("self", True, False), ("county-recheck", False, True)]
    refused = pingan("results", "--db", str(db), "--card", "village", "--period", "2026", "--finalize")
    assert refused.returncode == 1 and "1 conflicts (西村)" in refused.stderr
    collect(db, args=("--accept", str(b)), check=True)
    doc = results(db)
    [row] = doc["ranking"]
    assert (row["status"], row["final"], row["columns"]["self"]) == ("reviewed", 23.5, own_total(village, b))
    assert doc["conflicts"] == []


def sheet_text(path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)


def own_total(village, path) -> float:
    import json

    from generator.scoring.engine import evaluate

    values = json.loads(path.read_text(encoding="utf-8"))["values"]
    return evaluate(plan_of(village), {k: v for k, v in values.items() if not k.startswith("header--")}
                    )["columns"]["self"]["total"]


def test_accept_settles_the_accepted_files_own_column_only(village, tmp_path):
    """Two towns' reviews disagree; accepting one settles the review — the self copy it carries, altered,
    does not replace the village's self-assessment."""
    own, town, _ = _stages(village)
    db = tmp_path / "r.sqlite"
    mine = write(tmp_path, "南村-self.json", village, own, unit="南村", **{"filled-by": "南村"})
    a = write(tmp_path, "南村-张三.json", village, {**town, "village-t1-c1--self": "1"}, unit="南村",
              **{"filled-by": "张三"})
    b = write(tmp_path, "南村-李四.json", village, {**town, "village-t1-c1--town-review": "1"}, unit="南村",
              **{"filled-by": "李四"})
    out = collect(db, mine, a, b, check=True).stdout
    assert "conflict for town-review with #2" in lines_of(out, b)[0]
    doc = results(db, "--provisional")  # its latest stage is in conflict: not ranked, even provisionally
    assert [c["column"] for c in doc["conflicts"]] == ["town-review"] and doc["ranking"] == []
    assert [(x["unit"], x["status"]) for x in doc["awaiting_review"]] == [("南村", "conflict")]
    collect(db, args=("--accept", str(a)), check=True)
    doc = results(db, "--provisional")
    [row] = doc["ranking"]
    assert row["columns"] == {"self": 24.5, "town-review": 23.5} and row["files"]["town-review"] == "南村-张三.json"
    assert doc["conflicts"] == [] and [x["copies"][0]["file"] for x in doc["altered"]] == ["南村-张三.json"]

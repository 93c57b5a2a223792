"""The review cycle (issue 22): stages from the card, ranking on reviewed scores, versions ordered by the
file's own revision and date, conflicts until ``--accept``, reasons for review deductions, evidence with
hashes, the roster, sign-off and reopening — with hand-made JSON, CSV and XLSX files (the form's own
revisions, reasons and evidence: test_form_cycle_browser.py)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import zipfile

import pytest

import resultset
from conftest import ROOT, run_pingan
from cyclefiles import collect, lines_of, pingan, results, write
from generator.scoring.plan import plan_of


@pytest.fixture(scope="module")
def village(standards):
    return standards.get("village")


@pytest.fixture(scope="module")
def town(standards):
    return standards.get("town")


def test_the_cards_name_their_stages(standards):
    assert {c.id: dict(c.roles) for c in standards.scorecards} == {
        "county": {"self": "self-assessment", "county-review": "review"},
        "town": {"self": "self-assessment", "county-review": "review"},
        "village": {"self": "self-assessment", "town-review": "review", "county-recheck": "re-check"}}
    assert [c.final for c in standards.scorecards] == ["county-review", "county-review", "county-recheck"]


def test_a_self_only_unit_is_not_ranked_above_reviewed_ones(village, tmp_path):
    full = resultset.full_fill(plan_of(village))
    east = resultset.only({**full, "village-t1-c1--self": "0.5"}, ["self"])  # 24.5, self only
    west = {**full, "village-t1-c1--town-review": "0", "village-t1-c1--county-recheck": "0",
            "village-t1-c1--notes": "例会记录缺失"}  # 25 / 24 / 24
    south = {**resultset.only(full, ["self", "town-review"]), "village-t2-c1--town-review": "0",
             "village-t2-c1--town-review--reason": "台账未建立"}  # reviewed by the town, not re-checked
    files = [write(tmp_path / "in", "东村.json", village, east, unit="东村"),
             write(tmp_path / "in", "西村.csv", village, west, unit="西村"),
             write(tmp_path / "in", "南社区.json", village, south, unit="南社区")]
    db = tmp_path / "r.sqlite"
    collect(db, *files, check=True)
    doc = results(db)
    assert [(x["unit"], x["rank"], x["final"], x["final_column"], x["status"]) for x in doc["ranking"]] == [
        ("西村", 1, 24, "county-recheck", "reviewed")]
    assert doc["ranking"][0]["columns"] == {"self": 25, "town-review": 24, "county-recheck": 24}
    waiting = {x["unit"]: x for x in doc["awaiting_review"]}
    assert waiting["东村"]["status"] == "self-assessed" and waiting["东村"]["columns"] == {"self": 24.5}
    assert waiting["南社区"]["status"] == "reviewed" and waiting["南社区"]["reviewed_by"] == "town-review"
    assert doc["conflicts"] == [] and doc["signed_off"] is None and "missing" not in doc

    text = pingan("results", "--db", str(db), check=True).stdout
    ranked, _, rest = text.partition("awaiting review")
    assert "西村" in ranked and "东村" not in ranked and "东村" in rest and "24.5" in rest

    prov = results(db, "--provisional")
    rows = {x["unit"]: x for x in prov["ranking"]}
    assert rows["东村"]["rank"] == 1 and rows["东村"]["provisional"] and rows["东村"]["final_column"] == "self"
    assert not rows["西村"]["provisional"] and rows["南社区"]["provisional"] and prov["awaiting_review"] == []
    text = pingan("results", "--db", str(db), "--provisional", check=True).stdout
    assert [("PROVISIONAL" in x) for x in text.splitlines()[2:5]] == [True, True, False]
    out = tmp_path / "out"
    pingan("results", "--db", str(db), "--provisional", "-o", str(out), check=True)
    table = list(csv.DictReader(io.StringIO(next(out.glob("*.csv")).read_text(encoding="utf-8-sig"))))
    assert {r["unit"]: r["provisional"] for r in table} == {"东村": "provisional", "南社区": "provisional", "西村": ""}


def test_help_says_what_the_final_score_is():
    out = run_pingan("results", "--help", check=True).stdout
    assert "the last review column filled" not in out and "final_column" in out and "--provisional" in out


def test_a_correction_imported_before_its_original_stays_current(town, tmp_path):
    full = resultset.full_fill(plan_of(town))
    original = {**full, "town-t1-c1--county-review": "0", "town-t1-c1--notes": "未按季度召开"}  # 145
    correction = write(tmp_path, "城关镇-2026-更正.csv", town, full, unit="城关镇", date="2026-04-02",
                       revision="2", **{"filled-by": "县考核办"})  # 150
    first = write(tmp_path, "城关镇-2026.json", town, original, unit="城关镇", date="2026-03-20",
                  **{"filled-by": "县考核办"})
    db = tmp_path / "r.sqlite"
    collect(db, correction, check=True)
    late = collect(db, first, check=True).stdout
    assert "older than #1 for county-review (revision 2, 2026-04-02): kept in the history" in late
    row = results(db)["ranking"][0]
    assert row["final"] == 150 and row["files"]["county-review"] == "城关镇-2026-更正.csv"
    hist = pingan("results", "--db", str(db), "--history", "城关镇", check=True).stdout.splitlines()
    review = [x for x in hist if " county-review " in x]
    assert "revision 1, 2026-03-20" in review[0] and " superseded" in review[0]
    assert "revision 2, 2026-04-02" in review[1] and " counts" in review[1] and "“县考核办”" in review[1]
    assert "[review, final column]" in review[1]


def test_two_fillers_reviews_of_one_unit_are_a_conflict_until_accepted(town, tmp_path):
    from generator.checks.project import load
    from generator.render.outputs import Job, render_job

    full = resultset.full_fill(plan_of(town))
    one = {**resultset.only(full, ["county-review"]), "town-t1-c1--county-review": "3",
           "town-t1-c1--notes": "会议记录不全"}  # 148
    two = {**resultset.only(full, ["county-review"]), "town-t1-c1--county-review": "1",
           "town-t1-c1--notes": "仅召开1次"}  # 146
    own = write(tmp_path, "河口镇-self.json", town, resultset.only(full, ["self"]), unit="河口镇")
    a = write(tmp_path, "河口镇-张三.json", town, one, unit="河口镇", date="2026-03-10", **{"filled-by": "张三"})
    book = render_job(load(ROOT).standards, Job("", "xlsx", "town", "zh"))
    b = resultset.fill_xlsx(book, {**two, "header--unit": "河口镇", "header--period": "2026",
                                   "header--filled-by": "李四", "header--date": "2026-03-11"}, tmp_path / "河口镇-李四.xlsx")
    db = tmp_path / "r.sqlite"
    out = collect(db, own, a, b, check=True).stdout
    assert "conflict for county-review with #2 (河口镇-张三.json, revision 1, 张三)" in lines_of(out, b)[0]
    doc = results(db)
    assert doc["ranking"] == [] and [x["status"] for x in doc["awaiting_review"]] == ["conflict"]
    (c,) = doc["conflicts"]
    assert (c["unit"], c["column"]) == ("河口镇", "county-review")
    assert {(v["filler"], v["total"], v["revision"]) for v in c["versions"]} == {("张三", 148, 1), ("李四", 146, 1)}
    text = pingan("results", "--db", str(db), check=True).stdout
    assert "conflict: 河口镇 county-review" in text and "--accept" in text

    settle = collect(db, args=("--accept", str(b)), check=True).stdout
    assert settle.splitlines()[0].startswith("unchanged") and "settled" in settle
    doc = results(db)
    assert [(x["unit"], x["final"], x["status"]) for x in doc["ranking"]] == [("河口镇", 146, "reviewed")]
    assert doc["conflicts"] == [] and doc["awaiting_review"] == []
    newer = write(tmp_path, "河口镇-张三-r2.json", town, one, unit="河口镇", revision="2", **{"filled-by": "张三"})
    assert "supersedes #3 for county-review" in collect(db, newer, check=True).stdout  # a higher revision wins
    assert results(db)["ranking"][0]["final"] == 148


def test_a_review_deduction_needs_its_reason(town, tmp_path):
    full = resultset.full_fill(plan_of(town))
    bad = {**full, "town-t1-c1--county-review": "2", "town-t1-c3--county-review": "4", "town-t1-c2--self": "1"}
    f = write(tmp_path, "新桥镇.json", town, bad, unit="新桥镇")
    db = tmp_path / "r.sqlite"
    proc = run_pingan("collect", "--db", str(db), str(f))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = lines_of(proc.stdout, f)
    assert len(lines) == 2 and all(x.startswith("rejected") for x in lines)
    assert "town-t1-c1--county-review--reason: criterion 1.1 (town-t1-c1) lost 3 of 5 points in county-review" in lines[0]
    assert "criterion 1.3 (town-t1-c3) lost 1 of 5 points" in lines[1]  # the self deduction needs none
    fixed = {**bad, "town-t1-c1--county-review--reason": "少开3次例会", "town-t1-c3--notes": "方案未备案"}
    ok = write(tmp_path, "新桥镇-改.csv", town, fixed, unit="新桥镇")
    assert collect(db, ok).returncode == 0
    notes = results(db)["ranking"][0]
    assert notes["final"] == 146


def test_an_unreadable_date_or_revision_is_a_reason(town, tmp_path):
    full = resultset.full_fill(plan_of(town))
    f = write(tmp_path, "x.json", town, full, unit="山前乡", date="上周三", revision="二")
    lines = lines_of(collect(tmp_path / "r.sqlite", f).stdout, f)
    assert any("header--date: '上周三' is not a date" in x for x in lines)
    assert any("header--revision: '二' is not a revision" in x for x in lines)


def test_evidence_is_kept_with_its_hash_and_listed_per_criterion(town, tmp_path):
    full = {**resultset.full_fill(plan_of(town)), "town-t1-c1--evidence": "会议记录.pdf；签到表.jpg"}
    card = write(tmp_path / "src", "城关镇.json", town, full, unit="城关镇")
    minutes = b"%PDF-1.4 minutes of four meetings"
    bundle = tmp_path / "in" / "城关镇-2026.zip"
    bundle.parent.mkdir()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("城关镇.json", card.read_bytes())
        z.writestr("台账/会议记录.pdf", minutes)
        z.writestr("台账/" + "../" * 3 + "escape.txt", b"a name, never a path")
    folder = tmp_path / "in" / "河口镇"
    (folder / "evidence").mkdir(parents=True)
    write(folder, "河口镇.json", town, resultset.full_fill(plan_of(town)), unit="河口镇")
    (folder / "evidence" / "photo.jpg").write_bytes(b"\xff\xd8 jpeg")
    db = tmp_path / "store" / "r.sqlite"
    out = collect(db, tmp_path / "in", check=True).stdout
    assert "evidence: 2 file(s) kept" in lines_of(out, bundle)[0] and "evidence: 1 file(s) kept" in out
    rows = {x["unit"]: x for x in results(db)["ranking"]}
    sha = hashlib.sha256(minutes).hexdigest()
    assert rows["城关镇"]["evidence"]["criteria"]["town-t1-c1"] == [
        {"name": "会议记录.pdf", "size": len(minutes), "sha256": sha}, {"name": "签到表.jpg", "size": None, "sha256": None}]
    assert {f["name"] for f in rows["城关镇"]["evidence"]["files"]} == {"会议记录.pdf", "escape.txt"}
    assert rows["河口镇"]["evidence"]["files"][0]["name"] == "photo.jpg"
    assert (db.parent / "evidence" / sha[:2] / sha).read_bytes() == minutes
    assert not (tmp_path / "escape.txt").exists() and not list(tmp_path.glob("**/escape.txt"))


def test_a_bundle_with_two_cards_or_too_many_files_is_rejected(town, tmp_path):
    from generator.results import bundle

    card = resultset.export_json(town, resultset.full_fill(plan_of(town)), {"unit": "甲", "period": "2026"})
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a.json", card)
        z.writestr("b.json", card)
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as z:
        z.writestr("a.json", card)
        for i in range(bundle.MAX_FILES + 1):
            z.writestr(f"evidence/{i}.txt", b"x")
    out = collect(tmp_path / "r.sqlite", two, many).stdout
    assert "found 2 cards (a.json, b.json)" in lines_of(out, two)[0]
    assert f"more than {bundle.MAX_FILES} evidence files" in lines_of(out, many)[0]


def test_the_roster_lists_who_is_missing(town, tmp_path):
    full = resultset.full_fill(plan_of(town))
    db = tmp_path / "r.sqlite"
    collect(db, write(tmp_path, "a.json", town, full, unit="城关镇"), check=True)
    (tmp_path / "roster.txt").write_text("# 2026 年度\n城关镇\n河口镇\n\n 山前乡 \n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text("序号,单位\n1,城关镇\n2,河口镇\n", encoding="utf-8-sig")
    assert results(db, "--roster", str(tmp_path / "roster.txt"))["missing"] == ["河口镇", "山前乡"]
    assert results(db, "--roster", str(tmp_path / "roster.csv"))["missing"] == ["河口镇"]
    text = pingan("results", "--db", str(db), "--roster", str(tmp_path / "roster.txt"), check=True).stdout
    assert "missing (on the roster, nothing received): 河口镇, 山前乡" in text
    bad = run_pingan("results", "--db", str(db), "--roster", str(tmp_path / "nope.txt"))
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "cannot read the roster" in bad.stderr


def test_finalize_freezes_the_period_and_reopen_is_recorded(town, tmp_path):
    full = resultset.full_fill(plan_of(town))
    db = tmp_path / "r.sqlite"
    a = write(tmp_path, "a.json", town, full, unit="城关镇")
    b = write(tmp_path, "b.json", town, {**full, "town-t1-c1--county-review": "4", "town-t1-c1--notes": "缺1次"},
              unit="河口镇")
    collect(db, a, b, check=True)
    before = results(db, "--card", "town", "--period", "2026")
    signed = pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--finalize", check=True)
    assert signed.stdout.startswith("signed off town 2026 at ")
    after = results(db)
    assert after["signed_off"]["checksum"] in signed.stdout and after["signed_off"]["at"] in signed.stdout
    assert [x["status"] for x in after["ranking"]] == ["final", "final"]
    changed = write(tmp_path, "a2.json", town, {**full, "town-t2-c1--county-review": "0", "town-t2-c1--notes": "无"},
                    unit="城关镇", revision="2")
    proc = collect(db, changed)
    assert proc.returncode == 1 and "rejected" in lines_of(proc.stdout, changed)[0]
    assert f"period signed off on {after['signed_off']['at']}" in proc.stdout
    assert [(x["unit"], x["rank"], x["final"]) for x in results(db)["ranking"]] == \
        [(x["unit"], x["rank"], x["final"]) for x in before["ranking"]]
    again = pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--finalize")
    assert again.returncode == 1 and "already signed off" in again.stderr
    no_reason = pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--reopen")
    assert no_reason.returncode == 1 and "--reason" in no_reason.stderr
    pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--reopen", "--reason", "县审核更正",
               check=True)
    doc = results(db)
    assert doc["signed_off"] is None
    assert [(x["action"], x["reason"]) for x in doc["audit"]] == [("finalize", ""), ("reopen", "县审核更正")]
    assert collect(db, changed).returncode == 0
    assert results(db)["ranking"][0]["final"] != before["ranking"][0]["final"]


def test_the_published_ranking_shows_its_sign_off(standards, town, tmp_path):
    """The 通报 page: the sign-off time and checksum once signed off, "not signed off" before; a
    provisional row says so."""
    from generator.results.publish import _e, page, snapshot
    from generator.results.ranking import build
    from generator.results.store import Store

    full = resultset.full_fill(plan_of(town))
    db = tmp_path / "r.sqlite"
    collect(db, write(tmp_path, "a.json", town, full, unit="城关镇"),
            write(tmp_path, "b.json", town, resultset.only(full, ["self"]), unit="河口镇"), check=True)

    def published(**how) -> dict:
        store = Store(db)
        try:
            return snapshot(build(store, standards, card="town", period="2026", **how)[0][0])
        finally:
            store.close()
    zh = page(published(provisional=True), "zh")
    assert "未签发" in zh and zh.count("(暂定)") == 1 and "尚未完成最终一轮审核" in zh
    pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--finalize", check=True)
    so = results(db)["signed_off"]
    en = page(published(), "en")
    assert f"Signed off: {_e(so['at'])}" in en and so["checksum"] in en and "provisional" not in en


def test_a_version_2_store_gets_the_stamp_of_its_files(tmp_path):
    from generator.results.store import MIGRATIONS, Store

    db = tmp_path / "old.sqlite"
    con = sqlite3.connect(db)
    con.create_function("pingan_clean", 1, lambda x: x)
    for m in MIGRATIONS[:2]:
        for stmt in filter(str.strip, m.split(";")):
            con.execute(stmt)
    con.execute("PRAGMA user_version = 2")
    con.execute("INSERT INTO runs VALUES (1, '2026-01-01', 1, 1, 0)")
    con.execute("INSERT INTO submissions VALUES (1, 1, 'sha', 'f.json', 'json', '2026', 'town', '1', 'zh', '城关镇', "
                "'2026', ?)", (json.dumps({"filled-by": " 王五 ", "date": "2026年3月5日"}, ensure_ascii=False),))
    con.commit()
    con.close()
    store = Store(db)
    assert store.db.execute("SELECT filler, doc_date, revision FROM submissions").fetchone() == ("王五", "2026-03-05", 1)
    store.close()


@pytest.mark.slow  # Chromium
def test_the_report_shows_the_cycle_at_desktop_and_phone_width(village, tmp_path, page, test_output):
    """The HTML report: a status per ranked unit, provisional rows marked with the note saying why, the
    units awaiting review, the conflict with both versions and who is missing — readable at 390 px (the
    wide tables scroll inside themselves, the page does not)."""
    full = resultset.full_fill(plan_of(village))
    files = [write(tmp_path / "in", "东村.json", village, resultset.only({**full, "village-t1-c1--self": "0.5"}, ["self"]),
                   unit="东村"),
             write(tmp_path / "in", "西村.json", village, {**full, "village-t1-c1--county-recheck": "0",
                                                           "village-t1-c1--notes": "例会记录缺失"}, unit="西村"),
             write(tmp_path / "in", "中村-a.json", village, resultset.only(full, ["county-recheck"]), unit="中村",
                   **{"filled-by": "张三"}),
             write(tmp_path / "in", "中村-b.json", village, {**resultset.only({**full, "village-t2-c1--county-recheck": "0"},
                                                                            ["county-recheck"]),
                                                             "village-t2-c1--notes": "台账缺失"}, unit="中村",
                   **{"filled-by": "李四"})]
    db = tmp_path / "r.sqlite"
    pingan("collect", "--db", str(db), *map(str, files), check=True)
    (tmp_path / "roster.txt").write_text("东村\n西村\n中村\n上村\n", encoding="utf-8")
    out = tmp_path / "out"
    pingan("results", "--db", str(db), "--provisional", "--roster", str(tmp_path / "roster.txt"), "-o", str(out),
           check=True)
    html = next(out.glob("*.zh.html"))
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(html.as_uri())
        page.screenshot(path=str(test_output / f"review-cycle-report-{width}.png"), full_page=True)
        rows = page.locator("table.ranking tbody tr")
        assert rows.count() == 2
        assert "暂定" in rows.nth(0).inner_text() and "仅自评" in rows.nth(0).inner_text()
        assert "暂定" not in rows.nth(1).inner_text() and "已审核" in rows.nth(1).inner_text()
        assert "尚无县复核得分" in page.locator("p.provisional").inner_text()
        assert page.locator("table.awaiting tbody tr").inner_text().split()[:2] == ["中村", "有冲突"]
        conflict = page.locator("ul.conflicts").inner_text()
        assert "张三" in conflict and "李四" in conflict and "25" in conflict and "24" in conflict
        assert page.locator("p.missing").inner_text() == "上村"
        assert page.evaluate("document.documentElement.scrollWidth") <= width

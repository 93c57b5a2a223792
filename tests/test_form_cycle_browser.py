"""The form's part in the review cycle (issue 22), in Chromium: the date and revision it writes on export,
the reasons it requires below full points in review and re-check columns, the evidence per criterion —
and ``pingan collect`` of what it exported."""
from __future__ import annotations

import json
import re

import pytest

import resultset
from cyclefiles import collect, pingan, results
from generator.scoring.plan import plan_of

pytestmark = pytest.mark.slow
VILLAGE = "en/scorecards/village/form.html"


def give_reasons(page, action: str, text: str = "台账不全") -> None:
    """Click an export that is refused for missing reasons, then type a reason into every box it shows."""
    page.click(f'[data-action="{action}"]')
    assert page.locator(".pingan-message").is_visible()
    boxes = page.locator(".pingan-reason:not([hidden]) textarea")
    assert boxes.count() > 0
    for box in boxes.all():
        box.fill(text)


def _export(page, tmp_path, name: str, fmt: str = "json"):
    with page.expect_download() as dl:
        page.click(f'[data-action="export-{fmt}"]')
    path = tmp_path / name
    dl.value.save_as(path)
    return path


def _import(page, values: dict, card) -> None:
    doc = resultset.export_json(card, values, {}).decode("utf-8")
    assert page.evaluate("t => document.getElementById('pingan-scorecard').pinganImport(t, 'in.json')", doc)
    page.click('[data-action="import-apply"]')


def test_export_writes_date_and_raises_the_revision_of_a_changed_card(page, site_url, tmp_path):
    page.goto(site_url + VILLAGE)
    page.fill('[name="header--unit"]', "东村")
    page.fill('[name="header--period"]', "2026")
    page.fill('[name="village-t1-c1--self"]', "1")
    first = _export(page, tmp_path, "first.json")
    values = json.loads(first.read_text(encoding="utf-8"))["values"]
    assert values["header--revision"] == "1" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["header--date"])
    assert page.input_value('[name="header--revision"]') == "1"  # the form shows what it wrote
    again = _export(page, tmp_path, "again.json")  # nothing changed: the same revision
    assert json.loads(again.read_text(encoding="utf-8"))["values"]["header--revision"] == "1"
    page.fill('[name="village-t1-c1--self"]', "0.5")
    second = _export(page, tmp_path, "second.csv", "csv")
    assert "header--revision,2" in second.read_text(encoding="utf-8-sig").splitlines()
    assert page.input_value('[name="header--revision"]') == "2"
    page.reload()  # kept in the browser: a changed value after a reload raises it again
    assert page.input_value('[name="header--revision"]') == "2"
    page.fill('[name="village-t1-c1--self"]', "0")
    third = _export(page, tmp_path, "third.json")
    assert json.loads(third.read_text(encoding="utf-8"))["values"]["header--revision"] == "3"
    for order in ((first, second), (second, first)):
        db = tmp_path / f"{order[0].stem}.sqlite"
        for f in order:
            assert collect(db, f).returncode == 0
        doc = results(db)
        assert doc["conflicts"] == []
        [unit] = doc["awaiting_review"]
        assert unit["unit"] == "东村" and unit["columns"]["self"] == 0.5  # the second counts, whatever the order


def test_a_review_deduction_needs_its_reason_before_export(page, site_url, tmp_path, standards):
    village = standards.get("village")
    page.goto(site_url + VILLAGE)
    _import(page, resultset.only(resultset.full_fill(plan_of(village)), ["self", "town-review"]), village)
    page.fill('[name="header--unit"]', "西村")
    page.fill('[name="header--period"]', "2026")
    reason = page.locator('[name="village-t1-c1--town-review--reason"]')
    assert not reason.is_visible()  # full points: no reason asked
    page.fill('[name="village-t1-c1--town-review"]', "0.5")
    assert reason.is_visible() and reason.get_attribute("aria-invalid") == "true"
    assert not page.locator('[name="village-t1-c1--self--reason"]').count()  # self-assessment: no box
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click('[data-action="export-json"]')
    message = page.locator(".pingan-message")
    assert "give the reason" in message.inner_text()
    assert message.locator("li").all_inner_texts() == [
        "1.1 A task force for safety building quality… — Town review score"]
    assert page.evaluate("() => document.activeElement.name") == "village-t1-c1--town-review--reason"
    reason.fill("未见会议记录")
    page.fill('[name="village-t1-c1--evidence"]', "领导小组文件；会议记录")
    path = _export(page, tmp_path, "西村.json")
    assert downloads and len(downloads) == 1  # the refused click downloaded nothing
    values = json.loads(path.read_text(encoding="utf-8"))["values"]
    assert values["village-t1-c1--town-review--reason"] == "未见会议记录"
    db = tmp_path / "r.sqlite"
    out = collect(db, path)
    assert out.returncode == 0 and "1 accepted, 0 unchanged, 0 rejected" in out.stdout, out.stdout
    [unit] = results(db)["awaiting_review"]
    assert unit["columns"]["town-review"] == village.total_points - 0.5
    assert [e["name"] for e in unit["evidence"]["criteria"]["village-t1-c1"]] == ["领导小组文件", "会议记录"]
    history = pingan("results", "--db", str(db), "--history", "西村", check=True).stdout
    assert "revision 1" in history

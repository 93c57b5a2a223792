"""What a county sees of thirty filled cards: each named <card>-<unit>-<period>-<stage> (the form's
export names its files so; ``pingan collect`` shows that name for every file, however the file was
renamed on the way), and ``pingan score`` says a column nobody filled in is blank instead of printing
its zeros. The browser side (the form's Export buttons): test_form_browser."""
from __future__ import annotations

import resultset
from conftest import run_pingan
from generator.results.names import safe_part, submission_name
from generator.scoring.plan import plan_of


def test_the_name_keeps_chinese_and_makes_the_rest_safe():
    assert submission_name("village", "城关镇", "2026年度", ["self"]) == "village-城关镇-2026年度-self"
    assert submission_name("village", " 城关镇　东街村 ", "2026/上半年", ["self", "town-review"]) == \
        "village-城关镇_东街村-2026_上半年-town-review", "full-width space folded, the last column filled"
    assert submission_name("town", "", "", []) == "town", "parts nobody typed are left out"
    assert safe_part("../secret") == "secret" and safe_part("a<b>:c*?") == "a_b_c" and safe_part("x/../y") == "x_.._y"
    assert safe_part("ＡＢＣ１２３") == "ABC123" and len(safe_part("镇" * 80)) == 40


def test_collect_shows_each_files_name(standards, tmp_path):
    village = standards.get("village")
    files = []
    for i, (unit, cols) in enumerate([("东街村", ["self"]), ("西街村", ["self", "town-review"])]):
        values = resultset.only(resultset.full_fill(plan_of(village)), cols)
        path = tmp_path / f"village-{i}.json"  # every village's download, renamed by the mail client
        path.write_bytes(resultset.export_json(village, values, {"unit": unit, "period": "2026"}))
        files.append(path)
    out = run_pingan("collect", "--db", str(tmp_path / "r.sqlite"), *map(str, files), check=True).stdout
    assert f"{files[0]}: #1 village-东街村-2026-self — card village" in out
    assert f"{files[1]}: #2 village-西街村-2026-town-review — card village" in out


def test_score_text_says_blank_for_a_column_nobody_filled(standards, tmp_path):
    town = standards.get("town")
    path = tmp_path / "self.json"
    values = resultset.only(resultset.full_fill(plan_of(town)), ["self"])
    path.write_bytes(resultset.export_json(town, values, {"unit": "城关镇", "period": "2026"}))
    out = run_pingan("score", str(path), check=True).stdout
    assert f"  [self] 镇自评得分: total {town.total_points:g}" in out
    assert "  [county-review] 县审核得分: blank (not filled in)" in out
    review = out[out.index("[county-review]"):]
    assert "town-t1-c1" not in review, "no item lines of zeros under the blank column"


def test_the_forms_rule_is_the_same_as_collects():
    """The form (scorecard-transfer.js) names the export with its own copy of the rule: both give the same name
    for tricky units
    (full-width letters, invisible characters, a BOM, separators of other scripts, slashes)."""
    import json
    import re
    import subprocess

    from conftest import ROOT

    js = (ROOT / "site_templates" / "assets" / "scorecard-transfer.js").read_text(encoding="utf-8")
    fn = re.search(r"function safePart\(s\) \{.*?\n  \}", js, re.S)[0]
    texts = [" 城关镇　东街村/一组 ", "城\u200b关镇", "a\ufeffb", "x\u0085y\u2028z", "ＡＢＣ１２３", "../secret",
             "2026 上半年", "e\u0301t\u00e9", "tab\there", "<b>镇</b>", "镇" * 50, "___.", "Ǆ\u1680ǅ"]
    out = subprocess.run(["node", "-e", f"{fn}\nconsole.log(JSON.stringify({json.dumps(texts)}.map(safePart)))"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [safe_part(t) for t in texts]

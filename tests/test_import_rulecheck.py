"""`pingan check` compares each item's Chinese rule text with the rules encoded: a difference is a
located warning (exit 0), an error with --strict (exit 1)."""
from __future__ import annotations

import shutil

from conftest import FIXTURES, ROOT, run_pingan


def test_the_repository_has_one_warning_a_veto_described_in_a_criterion():
    proc = run_pingan("check")
    assert proc.returncode == 0 and proc.stdout.startswith("ok:")
    lines = proc.stderr.strip().splitlines()
    text = (ROOT / "standards" / "scorecards" / "county.yaml").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[1] == "1 warning: rule text and encoded rules differ"
    path, line, col, message = lines[0].split(":", 3)
    assert path == "standards/scorecards/county.yaml" and message.startswith(" warning: text says 一票否决")
    assert "按照有关规定一票否决" in text[int(line) - 1] and '"county-t5-c2"' in text[int(line) - 2]


def test_differences_are_warnings_and_errors_with_strict(tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(FIXTURES / "scoring", proj)
    f = proj / "standards" / "rules.yaml"
    text = f.read_text(encoding="utf-8").replace("每迟报一次扣0.5分，最多扣3分", "每迟报一次扣0.25分，最多扣3分")
    f.write_text(text, encoding="utf-8")
    proc = run_pingan("check", cwd=proj)
    assert proc.returncode == 0
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "每迟报一次扣0.25分" in x)
    assert proc.stderr.splitlines() == [
        "standards/rules.yaml:54:23: warning: text says no cap for “会议无记录的，每次扣0.5分”, the deduction is "
        "encoded with cap 2",
        f"standards/rules.yaml:{line}:23: warning: a deduction of 0.5 (每迟报一次) is encoded, the text states none",
        f"standards/rules.yaml:{line}:23: warning: text says “每迟报一次扣0.25分”, no deduction of 0.25 is encoded",
        "3 warnings: rule text and encoded rules differ"]
    strict = run_pingan("check", "--strict", cwd=proj)
    assert strict.returncode == 1 and strict.stdout == ""
    assert strict.stderr.splitlines()[-1] == "3 warnings: rule text and encoded rules differ (--strict: errors)"


def test_a_note_that_names_the_veto_says_why(tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(ROOT / "standards", proj / "standards")
    f = proj / "standards" / "scorecards" / "county.yaml"
    text = f.read_text(encoding="utf-8")
    anchor = '              - id: "county-t5-c2"\n'
    note = ('                note: {zh: "此处的一票否决指有关规定，不是本表的计分规则。", '
            'en: "The one-vote veto here refers to the relevant provisions; it is not a scoring rule of this card."}\n')
    at = text.index(anchor) + len(anchor)
    f.write_text(text[:at] + note + text[at:], encoding="utf-8")
    proc = run_pingan("check", "--strict", cwd=proj)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr

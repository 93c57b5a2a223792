"""`pingan check` compares each item's Chinese rule text with the rules encoded: a difference is a
located warning (exit 0), an error with --strict (exit 1)."""
from __future__ import annotations

import shutil

from conftest import FIXTURES, ROOT, run_pingan


def test_the_repository_checks_clean_with_strict():
    proc = run_pingan("check", "--strict")
    assert proc.returncode == 0 and proc.stdout.startswith("ok:") and proc.stderr == "", proc.stderr


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


def test_without_its_note_the_veto_described_in_a_criterion_is_a_warning(tmp_path):
    """county-t5-c2 describes a 一票否决 mechanism that the card does not score; its note says why.
    Without the note, check points at the criterion's text."""
    proj = tmp_path / "p"
    shutil.copytree(ROOT / "standards", proj / "standards")
    f = proj / "standards" / "scorecards" / "county.yaml"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, x in enumerate(lines) if '"county-t5-c2"' in x)
    note = next(n for n in range(at, at + 6) if lines[n].lstrip().startswith("note:"))
    f.write_text("".join(lines[:note] + lines[note + 1:]), encoding="utf-8")
    proc = run_pingan("check", cwd=proj)
    assert proc.returncode == 0 and proc.stdout.startswith("ok:")
    out = proc.stderr.strip().splitlines()
    assert len(out) == 2 and out[1] == "1 warning: rule text and encoded rules differ"
    path, line, col, message = out[0].split(":", 3)
    assert path == "standards/scorecards/county.yaml" and message.startswith(" warning: text says 一票否决")
    assert int(line) == at + 2 and "按照有关规定一票否决" in lines[at + 1]
    assert run_pingan("check", "--strict", cwd=proj).returncode == 1

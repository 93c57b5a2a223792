"""Broken YAML: every hazard is reported as path:line:col, all at once, never as a traceback."""
from __future__ import annotations

import re

from conftest import run_pingan

LINE_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def problems(proc) -> list[tuple[str, int, int, str]]:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    out = []
    for line in proc.stderr.splitlines():
        m = LINE_RE.match(line)
        if m:
            out.append((m["path"], int(m["line"]), int(m["col"]), m["msg"]))
    assert out, proc.stderr
    return out


def write(mini, name, text):
    (mini / "standards" / name).write_text(text, encoding="utf-8")


def test_clean_fixture_passes(mini):
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok:")


def test_duplicate_keys_all_reported(mini):
    write(mini, "bad.yaml", 'units:\n  - id: "u-x"\n    id: "u-y"\n    name: {zh: "甲", en: "A"}\n'
                            '    name: {zh: "乙", en: "B"}\n    level: county\n    kind: party\n')
    got = problems(run_pingan("check", cwd=mini))
    dups = [p for p in got if "duplicate key" in p[3]]
    assert [(p[0], p[1], p[2]) for p in dups] == [("standards/bad.yaml", 3, 5), ("standards/bad.yaml", 5, 5)]
    assert "first at line 2" in dups[0][3]


def test_alias_rejected_with_position(mini):
    write(mini, "bad.yaml", 'glossary:\n  - &g {id: "g-a", term: {zh: "甲", en: "a"}, note: {zh: "甲", en: "a"}}\n'
                            '  - *g\n')
    got = problems(run_pingan("check", cwd=mini))
    assert ("standards/bad.yaml", 3, 5) in [(p[0], p[1], p[2]) for p in got if "alias" in p[3]]


def test_alias_bomb_is_fast_and_reported(mini):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    write(mini, "bomb.yaml", "\n".join(lines) + "\n")
    got = problems(run_pingan("check", cwd=mini))
    assert any("alias" in p[3] for p in got)


def test_python_tag_rejected(mini):
    write(mini, "bad.yaml", 'units:\n  - id: !!python/object:os.system "u-x"\n    name: {zh: "甲", en: "A"}\n'
                            '    level: county\n    kind: party\n')
    got = problems(run_pingan("check", cwd=mini))
    assert any(p[1:3] == (2, 9) and "tag:yaml.org,2002:python/object:os.system" in p[3] for p in got), got


def test_unquoted_date_and_float(mini):
    src = (mini / "standards" / "card.yaml").read_text(encoding="utf-8")
    src = src.replace('edition: "2025"', "edition: 2025-01-05").replace('number: "2"', "number: 1.10")
    write(mini, "card.yaml", src)
    got = problems(run_pingan("check", cwd=mini))
    msgs = {p[1]: p[3] for p in got}
    assert "as a date" in msgs[5] and "quoted string" in msgs[5]
    line = next(i for i, ln in enumerate(src.splitlines(), 1) if "number: 1.10" in ln)
    assert "as a number" in msgs[line] and '"1.1"' in msgs[line]


def test_deep_nesting_no_traceback(mini):
    write(mini, "deep.yaml", "units: " + "[" * 5000 + "]" * 5000 + "\n")
    got = problems(run_pingan("check", cwd=mini))
    assert any("nesting deeper" in p[3] and p[0] == "standards/deep.yaml" for p in got)


def test_syntax_error_position(mini):
    write(mini, "bad.yaml", 'units:\n  - id: "u-x\n    name: x\n')
    got = problems(run_pingan("check", cwd=mini))
    assert got[0][0] == "standards/bad.yaml" and "syntax" in got[0][3]


def test_many_problems_in_one_file_all_reported(mini):
    """Schema, reference, point-sum, translation and glossary problems in one file, one run."""
    src = (mini / "standards" / "card.yaml").read_text(encoding="utf-8")
    src = (src.replace('units: ["u-plac"]\n', 'units: ["u-nobody"]\n', 1)           # unknown unit
              .replace("points: 5\n                kind: outcome", "points: 4\n                kind: outcome")  # sum
              .replace('en: "Meetings"', 'en: ""')                                  # missing English
              .replace('level: county', 'level: province', 1)                       # bad enum
              .replace('en: "Sample County Safety Building Scorecard"', 'en: "Sample County Scorecard"'))  # glossary
    write(mini, "card.yaml", src)
    got = problems(run_pingan("check", cwd=mini))
    text = "\n".join(p[3] for p in got)
    assert "unknown unit 'u-nobody'" in text
    assert "criteria add up to 9, task says 10" in text
    assert "English text missing" in text
    assert "'province' must be one of county, town, village" in text
    assert "glossary: the Chinese has “平安建设” but the English lacks “safety building”" in text
    assert len({p[1] for p in got}) >= 5  # distinct lines, each pointing at its own problem
    assert all(p[0] == "standards/card.yaml" for p in got)


def test_duplicate_id_across_files(mini):
    write(mini, "more.yaml", 'units:\n  - id: "u-plac"\n    name: {zh: "甲", en: "A"}\n    level: county\n'
                             '    kind: party\n')
    got = problems(run_pingan("check", cwd=mini))
    # files are read in name order: more.yaml comes first, so the later sources.yaml one is reported
    assert any(p[:3] == ("standards/sources.yaml", 14, 9) and "duplicate id 'u-plac'" in p[3]
               and "first used at standards/more.yaml:2" in p[3] for p in got), got


def test_unknown_key_and_non_mapping_file(mini):
    write(mini, "a.yaml", 'units:\n  - id: "u-z"\n    nmae: {zh: "甲", en: "A"}\n')
    write(mini, "b.yaml", '- just a list\n')
    got = problems(run_pingan("check", cwd=mini))
    assert any(p[:3] == ("standards/a.yaml", 3, 5) and "unknown key 'nmae'" in p[3] for p in got), got
    assert any(p[0] == "standards/b.yaml" and "mapping of kinds" in p[3] for p in got)


def test_missing_project_is_a_usage_error(tmp_path):
    proc = run_pingan("check", cwd=tmp_path)
    assert proc.returncode == 2 and "no standards/ folder" in proc.stderr and "Traceback" not in proc.stderr

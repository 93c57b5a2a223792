"""Bad input never crashes: hazard files and a property-based fuzz of the loader and checker, in process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FIXTURES, ROOT, run_pingan
from generator.checks.validate import check
from generator.model.load import load_file

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FIXTURE_FILES = sorted((FIXTURES / "mini" / "standards").glob("*.yaml"))


def check_bytes(tmp: Path, raw: bytes) -> list:
    """Load ``raw`` as one standards file next to the fixture's own files; every problem, located."""
    p = tmp / "fuzz.yaml"
    p.write_bytes(raw)
    files = [load_file(f, f"standards/{f.name}") for f in FIXTURE_FILES] + [load_file(p, "standards/fuzz.yaml")]
    problems = check(files)
    for pr in problems:
        assert pr.path.startswith("standards/") and pr.line >= 1 and pr.col >= 1 and pr.message, pr
        assert str(pr).startswith(f"{pr.path}:{pr.line}:{pr.col}: ")
    return problems


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path, raw):
    check_bytes(tmp_path, raw)


SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
                   st.text(max_size=8), st.sampled_from(["u-plac", "card-t1", "src-a", "county", "ok", ""]))
KEYS = st.sampled_from(["units", "scorecards", "sources", "id", "name", "zh", "en", "points", "tasks",
                        "criteria", "kind", "level", "governs", "text", "glossary", "domains", "x"])
DOC = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)


@FUZZ
@given(st.dictionaries(KEYS, DOC, max_size=4))
def test_random_yaml_documents(tmp_path, doc):
    check_bytes(tmp_path, yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


@FUZZ
@given(st.data())
def test_mutated_fixture_files(tmp_path, data):
    """A real file with a line dropped, duplicated or cut short, or junk inserted."""
    src = data.draw(st.sampled_from(FIXTURE_FILES)).read_bytes()
    lines = src.split(b"\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    op = data.draw(st.sampled_from(["drop", "dup", "cut", "junk"]))
    if op == "drop":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "cut":
        lines[i] = lines[i][:data.draw(st.integers(0, max(0, len(lines[i]) - 1)))]
    else:
        lines.insert(i, data.draw(st.sampled_from([b"  - &a x", b"*a", b"{", b"]", b"\t", b"!!python/x 1",
                                                   b"key: [", b"  : ", b"\xd6\xd0\xce\xc4", b"---"])))
    check_bytes(tmp_path, b"\n".join(lines))


HAZARDS = {
    "empty": (b"", 0),
    "whitespace": (b"  \n\n   \n", 0),
    "tab": (b"units:\n\t- x\n", 1),
    "comment only": (b"# nothing here yet\n", 0),
    "document marker only": (b"---\n", 0),
    "BOM and CRLF": (("\ufeffglossary:\r\n  - id: \"g-x\"\r\n    term: {zh: \"甲乙\", en: \"ab\"}\r\n"
                     "    note: {zh: \"甲\", en: \"a\"}\r\n").encode("utf-8"), 0),
    "null kind": (b"units:\n", 1),
    "GBK": ("units:\n  - id: \"u-x\"\n    name: {zh: \"县委\", en: \"x\"}\n".encode("gbk"), 1),
    "deep nesting": (("units: " + "[" * 10000 + "]" * 10000 + "\n").encode(), 1),
}


@pytest.mark.parametrize("name", HAZARDS)
def test_hazard_files(mini, name):
    raw, code = HAZARDS[name]
    (mini / "standards" / "hazard.yaml").write_bytes(raw)
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    if code:
        first = proc.stderr.splitlines()[0]
        assert first.startswith("standards/hazard.yaml:"), proc.stderr
        assert first.split(":")[1].isdigit() and first.split(":")[2].isdigit()
    if name == "GBK":
        assert "not UTF-8" in proc.stderr and "GBK" in proc.stderr and "save the file as UTF-8" in proc.stderr
    if name == "tab":
        assert "standards/hazard.yaml:2:1: YAML syntax error: a tab character" in proc.stderr
    if name == "null kind":
        assert "units: has no value" in proc.stderr


def test_a_big_string_is_read_and_a_file_over_five_megabytes_refused(mini):
    """A 4.5 MB text is a standards file like any other; a file over 5 MB (the largest real one is about
    0.1 MB) is refused unread, in one located line, within seconds and a little memory."""
    def unit(n: int) -> str:
        return (f'units:\n  - id: "u-big"\n    name: {{zh: "{"甲" * n}", en: "Big"}}\n    level: county\n'
                f'    kind: party\n')
    (mini / "standards" / "big.yaml").write_text(unit(1_500_000), encoding="utf-8")
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == 0 and "3 units" in proc.stdout, proc.stderr
    (mini / "standards" / "big.yaml").write_text(unit(3_500_000), encoding="utf-8")
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == ("standards/big.yaml:1:1: the file is 10.0 MB: over the 5 MB a standards "
                                           "file may have (refused unread; split it into several files)")


def test_a_file_of_too_many_values_is_refused_where_they_pass_the_limit(mini):
    """A small file of a hundred thousand values would take minutes to locate its problems in: refused."""
    (mini / "standards" / "many.yaml").write_text("units: [" + ",".join(["1"] * 100_000) + "]\n", encoding="utf-8")
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith("standards/many.yaml:1:") and "more than 50,000 YAML values in one file" in first


def test_unreadable_file_is_reported_once_without_cascade(mini):
    """The units live in sources.yaml; when it is unreadable, the cards' references to them are not errors."""
    p = mini / "standards" / "sources.yaml"
    p.write_bytes(p.read_text(encoding="utf-8").encode("gb18030"))
    proc = run_pingan("check", cwd=mini)
    lines = [line for line in proc.stderr.splitlines() if line.startswith("standards/")]
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("standards/sources.yaml:") and "not UTF-8" in lines[0]


def test_missing_original_document(mini):
    (mini / "standards" / "sources" / "originals" / "sample.txt").unlink()
    proc = run_pingan("check", cwd=mini)
    assert proc.returncode == 1 and "standards/sources.yaml:9:" in proc.stderr
    assert "original document 'standards/sources/originals/sample.txt' is not in the project" in proc.stderr


def test_no_tracked_file_refers_outside_the_repository():
    """A clone has no sibling folders: nothing tracked may point at a sibling folder or any path above the repo."""
    import re
    import subprocess

    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    bad = re.compile(rb"[.][.]/shared|shared[/]seeds|[/]work[/]|[.][.]/[.][.]/|[.][.]/[.]library")
    hits = []
    for name in files.decode().split("\0"):
        p = ROOT / name
        if name and p.is_file() and not name.endswith(".txt"):
            for n, line in enumerate(p.read_bytes().split(b"\n"), 1):
                if bad.search(line):
                    hits.append(f"{name}:{n}: {line.decode(errors='replace').strip()[:100]}")
    assert not hits, "\n".join(hits)


def test_originals_are_unchanged():
    """The originals are kept byte for byte: their SHA-256 sums were recorded when they were added."""
    import hashlib

    folder = ROOT / "standards" / "sources" / "originals"
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert len(sums) == 5
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_fixture_copy_is_independent(tmp_path):
    shutil.copytree(FIXTURES / "mini", tmp_path / "m")
    assert run_pingan("check", cwd=tmp_path / "m").returncode == 0

"""A project's checked standards are kept on disk between commands (``generator/checks/kept.py``), and
what a command then sees is always what the files say now: an edit, a source document removed, a broken
file are seen at once; a project with problems is never kept; a damaged kept file is loaded around."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_pingan
from generator.checks.project import load
from generator.model.problems import StandardsError


def kept_files(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "standards").glob("*.pickle"))


def title(root: Path) -> str:
    return load(root).standards.scorecards[0].title.zh


def test_the_key_holds_the_yaml_and_schema_libraries_versions():
    from generator.checks.kept import installed

    assert [n.split("-")[0].lower().replace(".", "_") for n in installed()] == ["pyyaml", "ruamel_yaml", "jsonschema"]


def test_a_second_command_reads_what_the_first_kept(mini):
    shutil.rmtree(mini / ".cache", ignore_errors=True)  # the fixture's own, if the suite made one there
    assert run_pingan("check", cwd=mini).returncode == 0
    [first] = kept_files(mini)
    first.write_bytes(first.read_bytes())  # the same content: the next load must take it, not write anew
    before = first.stat().st_mtime_ns
    assert title(mini) == "示例县平安建设考核表"
    assert kept_files(mini) == [first] and first.stat().st_mtime_ns == before


def test_an_edit_is_seen_at_once(mini):
    assert title(mini) == "示例县平安建设考核表"
    card = mini / "standards" / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("示例县平安建设考核表", "示例县平安建设考核表（修订）"),
                    encoding="utf-8")
    assert title(mini) == "示例县平安建设考核表（修订）"
    assert len(kept_files(mini)) == 1  # the old one is dropped


def test_a_removed_source_document_and_a_broken_file_are_reported_every_time(mini):
    assert run_pingan("check", cwd=mini).returncode == 0
    (mini / "standards" / "sources" / "originals" / "sample.txt").unlink()
    for _ in range(2):
        proc = run_pingan("check", cwd=mini)
        assert proc.returncode == 1 and "sources/originals/sample.txt" in proc.stderr, proc.stderr
    (mini / "standards" / "broken.yaml").write_text("units: [\n", encoding="utf-8")
    with pytest.raises(StandardsError):
        load(mini)


def test_a_damaged_kept_file_is_loaded_around(mini):
    assert title(mini)
    [kept] = kept_files(mini)
    kept.write_bytes(b"not a pickle")
    assert title(mini) == "示例县平安建设考核表"
    assert kept.read_bytes() != b"not a pickle"  # kept again, whole

"""The province benchmark's content (bench/multiply.py): the seed multiplied as two places is a
project that ``pingan check`` accepts, with every item twice and every county's copy named apart."""
from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, run_pingan

sys.path.insert(0, str(ROOT / "bench"))

from multiply import synthetic  # noqa: E402


def test_the_seed_multiplied_as_two_places_passes_check(tmp_path: Path, standards):
    synthetic(tmp_path, 2)
    proc = run_pingan("check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("ok:")

    from generator.checks.project import load

    s = load(tmp_path).standards
    assert len(s.places) == 2 * len(standards.places)
    assert len(s.units) == 2 * len(standards.units)
    assert len(s.sources) == 2 * len(standards.sources)
    assert len(s.scorecards) == 2 * len(standards.scorecards)
    assert len(s.glossary) == len(standards.glossary)  # the project's own, not a place's
    # the seed is unchanged; each copy names its county and links only inside it
    assert {p.id: p.name.zh for p in s.places if p.id in {q.id for q in standards.places}} == \
        {p.id: p.name.zh for p in standards.places}
    copy = s.unit("county-justice-bureau-k02")
    assert copy.name.zh == "县司法局（第2县）" and copy.name.en.endswith("(County 2)")
    assert copy.place == "zezhou-k02"
    task = s.get("county-t24-k02")
    assert task.title.zh == s.get("county-t24").title.zh
    assert all(u.endswith("-k02") for u in task.units)
    assert len({p.name.zh for p in s.places}) == len(s.places)

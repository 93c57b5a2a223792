"""The province benchmark's content (bench/multiply.py): the seed multiplied as two places is a
project that ``pingan check`` accepts, with every item twice and every county's copy named apart."""
from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, run_pingan

sys.path.insert(0, str(ROOT / "bench"))

import pytest  # noqa: E402

from multiply import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def two_places(tmp_path_factory) -> Path:
    """The seed multiplied as two places (read only)."""
    dest = tmp_path_factory.mktemp("x2")
    synthetic(dest, 2)
    return dest


def test_the_seed_multiplied_as_two_places_passes_check(two_places: Path, standards):
    tmp_path = two_places
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


def test_a_unit_page_names_a_few_same_role_units_of_other_places_and_counts_the_rest(two_places: Path):
    """At province scale a unit page does not list every county's body of its kind: it names
    SAME_ROLE_SHOWN of them with their places and says how many more the units' index lists."""
    from generator.checks.project import load
    from generator.render.site import SiteRenderer
    from generator.render.structure import SAME_ROLE_SHOWN

    s = load(two_places).standards
    unit = s.unit("county-public-security-bureau")
    others = [u for u in s.units if u.role == unit.role and u.place != unit.place]
    assert len(others) > SAME_ROLE_SHOWN  # 4 public-security bodies a copy, 2 copies
    more = len(others) - SAME_ROLE_SHOWN
    for lang, line_start, tail in (("zh", "其他地方的同类单位: ", f"，另有 {more} 个，见[各地方的责任单位](index.md)"),
                                   ("en", "The same kind of body in other places: ",
                                    f"; {more} more in [the units of every place](index.md)")):
        r = SiteRenderer(s, lang, with_files=False)
        md = r.render("unit.md.j2", "units/county-public-security-bureau.md", unit=unit,
                      resp=s.indexes.responsibilities[unit.id], duties=s.indexes.duties_of[unit.id],
                      mechanisms=s.indexes.named_in[unit.id])
        line = next(x for x in md.splitlines() if x.startswith(line_start))
        shown = [u for u in others if f"]({u.id}.md)" in line]
        assert len(shown) == SAME_ROLE_SHOWN, line
        assert all(r.place_name(u.place) in line for u in shown)
        assert line.endswith(tail), line
        assert ("、" in line) == (lang == "zh") and (", [" in line) == (lang == "en")


def test_the_nav_of_a_province_lists_no_document_but_their_index(two_places: Path, standards, monkeypatch):
    """Every page carries the nav: with more source documents than NAV_MAX_SOURCES it links their
    index only (a province's hundred documents would be listed on every page); with few, each."""
    import generator.render.site as site
    from generator.checks.project import load
    from generator.render import urls

    def sources_section(s) -> list:
        [entry] = [e for e in site.nav(s, "zh") if urls.SOURCES in str(e)]
        return next(iter(entry.values()))

    assert len(sources_section(standards)) == 1 + len(standards.sources)  # the seed: the index and each
    monkeypatch.setattr(site, "NAV_MAX_SOURCES", len(standards.sources))  # two places: more than that
    s = load(two_places).standards
    assert sources_section(s) == [{site.load_labels()["zh"]["sources"]: urls.SOURCES}]

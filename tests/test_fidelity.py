"""The YAML carries every sentence of the five source documents (Chinese, verbatim)."""
from __future__ import annotations

import re

import pytest

from generator.model.objects import Standards
from seedtext import seed_path, split_points, table_rows

BOILERPLATE = {"004": ["首页 > 文章中心 > 正文", "前言:本站为你精心整理了"]}


def sentences(text: str) -> list[str]:
    parts = re.split(r"[。！？；\n]", text)
    return [p.strip() for p in parts if p.strip()]


def test_every_scorecard_cell_is_carried(standards: Standards):
    """Each guideline cell of 000 splits at its point annotations into criteria, verbatim, in order."""
    cards = {c.id: c for c in standards.scorecards}
    for sec, card_id in (("一", "county"), ("二", "town"), ("三", "village")):
        crit = [c for c in cards[card_id].criteria]
        expected = []
        for row in table_rows()[sec]:
            guide = row[3] if sec == "一" else row[2]
            expected += split_points(guide)
        assert [c.text.zh for c in crit] == [t for t, _ in expected]
        for c, (_, pts) in zip(crit, expected, strict=True):
            if pts is not None:
                assert c.points == pts, c.id


def test_task_titles_and_units_are_carried(standards: Standards):
    """Task titles verbatim; each body named in a 责任主体 cell is a task unit (by name or alias), in order."""
    cards = {c.id: c for c in standards.scorecards}
    names = {u.id: {u.name.zh, *u.aliases} for u in standards.units}
    for sec, card_id in (("一", "county"), ("二", "town"), ("三", "village")):
        tasks = {t.number: t for t in cards[card_id].tasks}
        for row in table_rows()[sec]:
            no = row[0]
            tcell = row[2] if sec == "一" else row[1]
            ucell = row[4] if sec == "一" else row[3]
            if not no:
                continue
            task = tasks[no]
            assert re.sub(r"[（(]\d+分[）)]$", "", tcell) == task.title.zh
            if not ucell:  # merged cell: same units as the task above
                continue
            assert task.related_units == ucell.endswith("及有关职能单位")
            cell = ucell.removesuffix("及有关职能单位")
            parts = [cell] if cell == "镇党委、政府" else re.split(r"、|(?<=县政府)(?=县委)", cell)
            assert len(parts) == len(task.units), (no, parts, task.units)
            for part, unit in zip(parts, task.units, strict=True):
                assert part in names[unit], (no, part, unit)


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_every_sentence_of_the_documents_is_carried(standards: Standards, prefix: str):
    src = next(s for s in standards.sources if s.id == f"s{prefix}")
    body = re.sub(r"\s+", "", "".join(b.text.zh for b in src.blocks))
    text = seed_path(prefix).read_text(encoding="utf-8")
    missing = []
    for sentence in sentences(text):
        if any(sentence.startswith(b) for b in BOILERPLATE.get(prefix, [])):
            continue
        if re.sub(r"\s+", "", sentence) not in body:
            missing.append(sentence)
    assert not missing, f"{len(missing)} sentences of {prefix} are not in the YAML, e.g. {missing[:3]}"


def test_boilerplate_is_not_carried(standards: Standards):
    src = next(s for s in standards.sources if s.id == "s004")
    assert not any("本站" in b.text.zh or "文章中心" in b.text.zh for b in src.blocks)


def test_each_source_points_at_its_original_byte_for_byte(standards: Standards):
    """Every source's ``file:`` is a document kept in the repository (the originals, unchanged)."""
    from conftest import ROOT

    for src in standards.sources:
        path = ROOT / "standards" / src.file
        assert path.is_file() and path.parent.name == "originals", src.file
        assert path.read_bytes().decode("utf-8").strip(), src.file

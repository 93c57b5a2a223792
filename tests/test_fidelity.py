"""The YAML carries every sentence of the five source documents (Chinese, verbatim)."""
from __future__ import annotations

import re

import pytest
from seedtext import seed_path, split_points, table_rows

from generator.model import Standards

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
        for c, (_, pts) in zip(crit, expected):
            if pts is not None:
                assert c.points == pts, c.id


def test_task_titles_and_units_are_carried(standards: Standards):
    cards = {c.id: c for c in standards.scorecards}
    for sec, card_id in (("一", "county"), ("二", "town"), ("三", "village")):
        titles = {t.number: t.title.zh for t in cards[card_id].tasks}
        names = {u.id: u.name.zh for u in standards.units}
        for row in table_rows()[sec]:
            no = row[0]
            tcell = row[2] if sec == "一" else row[1]
            if no:
                assert re.sub(r"[（(]\d+分[）)]$", "", tcell) == titles[no]
            ucell = row[4] if sec == "一" else row[3]
            if no and ucell:
                task = next(t for t in cards[card_id].tasks if t.number == no)
                named = "".join(names[u] for u in task.units)
                assert named == re.sub(r"[、]|及有关职能单位$", "", ucell).replace("镇党委政府", "镇党委、政府")


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

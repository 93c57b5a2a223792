"""``pingan import NEW --edition-of ID``: the draft becomes a new edition of card ID. Its domains, tasks
and criteria take the ids of the old edition's where they are the same item (a domain or task by its
title and number, a criterion by its text, or the closest text of its task), so `pingan diff` keyed by
ids says what changed; an unchanged Chinese text keeps its English (the existing translation of the
same words, not an invented one). New items get fresh ids."""
from __future__ import annotations

import difflib
import re

SIMILAR = 0.6  # a criterion re-worded this little is the same criterion


def _fresh(prefix: str, used: set[str]) -> str:
    n = 1 + max((int(m.group(1)) for u in used if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", u))), default=0)
    out = f"{prefix}{n}"
    used.add(out)
    return out


def _carry(new_text: dict, old_text) -> None:
    if old_text is not None and new_text["zh"] == old_text.zh and not new_text["en"]:
        new_text["en"] = old_text.en


def _criteria(task: dict, old_task, used: set[str]) -> None:
    olds = list(old_task.criteria) if old_task else []
    for c in task["criteria"]:
        same = next((o for o in olds if o.text.zh == c["text"]["zh"]), None)
        if same is None and olds:
            ratio, best = max(((difflib.SequenceMatcher(None, o.text.zh, c["text"]["zh"]).ratio(), o) for o in olds),
                              key=lambda x: x[0])
            same = best if ratio >= SIMILAR else None
        if same is not None:
            olds.remove(same)
            c["id"] = same.id
            _carry(c["text"], same.text)
        else:
            c["id"] = _fresh(f"{task['id']}-c", used)
        for key, short in (("deductions", "d"),):
            for i, d in enumerate(c.get(key, ()), 1):
                d["id"] = f"{c['id']}-{short}{i}"
        for i, b in enumerate(c.get("bonus", {}).get("items", ()), 1):
            b["id"] = f"{c['id']}-b{i}"


def _tasks(tasks: list[dict], old_card, used: set[str]) -> None:
    olds = list(old_card.tasks)
    for t in tasks:
        same = (next((o for o in olds if (o.number, o.title.zh) == (t["number"], t["title"]["zh"])), None)
                or next((o for o in olds if o.title.zh == t["title"]["zh"]), None))
        if same is not None:
            olds.remove(same)
            t["id"] = same.id
            _carry(t["title"], same.title)
        else:
            t["id"] = _fresh(f"{old_card.id}-t", used)
        _criteria(t, same, used)


def adopt(entry: dict, old_card, standards) -> dict:
    """The draft card ``entry`` (YAML data) with the old edition's ids and, where the Chinese is the
    same, its English."""
    used = {x.id for x in (*old_card.domains, *old_card.tasks, *old_card.criteria)}
    used |= set(standards.index)
    entry["id"] = old_card.id
    _carry(entry["title"], old_card.title)
    for col in entry["score_columns"]:
        _carry(col["title"], next((c.title for c in old_card.columns if c.title.zh == col["title"]["zh"]), None))
    for key, olds in (("vetoes", old_card.vetoes), ("penalties", old_card.penalties)):
        for i, x in enumerate(entry.get(key, ()), 1):
            x["id"] = f"{old_card.id}-{'veto' if key == 'vetoes' else 'pen'}{i}"
            _carry(x["text"], next((o.text for o in olds if o.text.zh == x["text"]["zh"]), None))
    for i, b in enumerate(entry.get("bonus", {}).get("items", ()), 1):
        b["id"] = f"{old_card.id}-bonus{i}"
        olds = old_card.bonus.items if old_card.bonus else ()
        _carry(b["text"], next((o.text for o in olds if o.text.zh == b["text"]["zh"]), None))
    if "domains" in entry:
        olds = list(old_card.domains)
        for d in entry["domains"]:
            same = next((o for o in olds if o.title.zh == d["title"]["zh"]), None)
            d["id"] = same.id if same else _fresh(f"{old_card.id}-d", used)
            if same:
                olds.remove(same)
                _carry(d["title"], same.title)
        _tasks([t for d in entry["domains"] for t in d["tasks"]], old_card, used)
    else:
        _tasks(entry["tasks"], old_card, used)
    return entry


def diff_text(standards, data: dict, card_id: str) -> str:
    """`pingan diff` between the project's standards and the same with card ``card_id`` replaced by the
    draft's (and its proposed units added)."""
    from ..model.assemble import KINDS, Reader
    from ..model.objects import Standards
    from ..site.diff import diff, to_text

    items = Reader("draft").items(data)
    kinds = {k: getattr(standards, k) for k in KINDS}
    kinds["scorecards"] = tuple(items["scorecards"][0] if c.id == card_id else c for c in standards.scorecards)
    kinds["units"] = standards.units + items["units"]
    return to_text(diff(standards, Standards(**kinds)))

"""Score a filled card against the project's cards: the checks ``pingan score`` and ``collect`` share.

A file is usable when it names a card of the project, in the project's edition of that card, and
every field is one of the card's fields holding a value its input accepts. Problems are collected
per file and field; the scores are the engine's (:func:`.engine.evaluate`), nothing else.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..model.objects import Scorecard
from ..scoring.engine import Scores, evaluate
from ..scoring.plan import graph_for, plan_of
from .contract import CardFields, parse
from .cycle import cycle_fields
from .inputs import Filled, read_file
from .untrusted import clip, quoted, shown


@dataclass
class Scored:
    filled: Filled
    result: Scores | None = None  # the engine's scores when the card was found
    problems: list[tuple[str, str]] = field(default_factory=list)
    draft: bool = False  # the card is a draft (draft: true): scored, but not collected

    @property
    def ok(self) -> bool:
        return self.result is not None and not self.problems

    @property
    def filled_columns(self) -> list[str]:
        """Score columns with at least one value (the others were not filled in)."""
        if not self.result:
            return []
        return [c for c in self.result["columns"] if any(parse(k)[1] == c for k in self.filled.values)]


DRAFT = ("card {card} is a draft (draft: true, not yet reviewed and translated): its rules may still change, "
         "and `pingan collect` refuses its submissions until the flag is removed")


def _card(standards, card_id: str):
    card = standards.get(card_id)
    return card if isinstance(card, Scorecard) else None


def score(filled: Filled, standards) -> Scored:
    """Check and score one filled card."""
    out = Scored(filled, problems=list(filled.problems))
    if not filled.card:
        if not out.problems:
            out.problems.append(("", "the file does not say which card it is"))
        return out
    card = _card(standards, filled.card)
    if card is None:
        ids = ", ".join(c.id for c in standards.scorecards)
        out.problems.append(("card", f"'{clip(filled.card)}' is not a card of this project (cards: {ids})"))
        return out
    out.draft = card.draft
    if filled.edition != str(card.edition):
        out.problems.append(("edition", f"the file is edition '{clip(filled.edition)}' of card {card.id}; this "
                                        f"project's card is edition '{card.edition}'"))
        return out
    known = CardFields.of(card).known()
    for name in sorted(filled.values):
        if name not in known and name not in cycle_fields(plan_of(card)):  # reasons, evidence: .cycle
            out.problems.append((clip(name), "is not a field of this card"))
    result = evaluate(plan_of(card), {k: v for k, v in filled.values.items() if k in known}, graph_for(card))
    out.problems.extend((p.field, p.message) for p in result["problems"])
    out.result = {"card": result["card"], "edition": result["edition"], "columns": result["columns"]}
    return out


def internal(name: str, fmt: str, e: BaseException) -> Scored:
    """A file whose reading or scoring failed unexpectedly: rejected with the error, the others go on."""
    what = f"{type(e).__name__}: {clip(e, 200)}" if str(e) else type(e).__name__
    return Scored(Filled(name, fmt), problems=[("", f"internal error: {what} (please report it with the file)")])


def score_file(path: Path, standards) -> Scored:
    """Read and score one file; whatever goes wrong is a problem of that file."""
    try:
        return score(read_file(path), standards)
    except (Exception, RecursionError, MemoryError) as e:
        return internal(str(path), "?", e)


def to_json(s: Scored) -> dict:
    """``{"card", "edition", "columns": {col: {"total", "grade", "vetoed", "vetoes", "items"}}}``."""
    columns = s.result["columns"] if s.result is not None and s.ok else {}
    return {"file": s.filled.file, "format": s.filled.format, "card": s.filled.card, "edition": s.filled.edition,
            **({"draft": True} if s.draft else {}), "header": s.filled.header,
            "columns": columns, "filled_columns": s.filled_columns,
            "problems": [{"field": f, "message": m} for f, m in s.problems]}


def to_text(s: Scored, standards) -> str:
    """Per score column its total, grade, vetoes and every item's points; a column nobody filled in is
    said to be blank (its engine totals would be 0, which is not what the file says)."""
    f = s.filled
    how = f"{f.format}, {f.encoding}" if f.encoding else f.format
    lines = [f"{quoted(f.file)}: card {shown(f.card) or '?'}, edition {shown(f.edition) or '?'} ({how})"]
    lines += [f"  {k}: {shown(v)}" for k, v in f.header.items() if v]
    if s.draft:
        lines.append(f"  draft: {DRAFT.format(card=shown(f.card))}")
    if s.ok and s.result is not None:
        card = _card(standards, s.filled.card)
        names = {c.id: c.title.zh for c in card.columns}
        for col, r in s.result["columns"].items():
            if col not in s.filled_columns:
                lines.append(f"  [{col}] {names.get(col, col)}: blank (not filled in)")
                continue
            veto = f", vetoes: {', '.join(r['vetoes'])}" if r["vetoed"] else ""
            lines.append(f"  [{col}] {names.get(col, col)}: total {r['total']:g}"
                         f"{', grade ' + r['grade'] if r['grade'] else ''}{veto}")
            lines += [f"    {i}: {v:g}" for i, v in r["items"].items()]
    return "\n".join(lines) + "\n"


def problem_lines(s: Scored) -> str:
    """One line per problem, ``file: field: message``, nothing in it able to act on a terminal."""
    return "".join(f"{quoted(s.filled.file)}: {shown(f) + ': ' if f else ''}{shown(m)}\n" for f, m in s.problems)


def dumps(items: list[Scored]) -> str:
    docs = [to_json(s) for s in items]
    return json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2) + "\n"

"""The scorecard's keys for ``pingan results``: ``ranking`` (how units with equal final scores rank), each
score column's ``role`` in the review cycle and ``final_column`` (the column whose score ranks)."""
from __future__ import annotations

from ..model.kinds import ColumnRole, Ties, values

RANKING = {
    "type": "object", "additionalProperties": False, "required": ["ties"],
    "description": "How units with the same final score are ranked by `pingan results`.",
    "properties": {
        "ties": {"enum": values(Ties),
                 "description": "equal: the same rank (1, 2, 2, 4); by-domain: the higher final score of the "
                                "domain (or task) named by `domain` ranks first, equal if that is equal too."},
        "domain": {"$ref": "#/$defs/id"},
    },
    "if": {"properties": {"ties": {"const": "by-domain"}}},
    "then": {"required": ["domain"]},
}


ROLE = {"enum": values(ColumnRole),
        "description": "The stage this column records: self-assessment (自评), review (审核), re-check (复核). "
                       "Default: the first column self-assessment, the others review."}
FINAL = {"$ref": "#/$defs/id", "description": "The score column whose score ranks (default: the last one)."}


def extend(defs: dict) -> None:
    card = defs["scorecard"]["properties"]
    card["ranking"] = RANKING
    card["final_column"] = FINAL
    card["score_columns"]["items"]["properties"]["role"] = ROLE


def check_stages(add, card) -> None:
    """``final_column`` names a score column; a self-assessment column comes before every review."""
    ids = [c.id for c in card.columns]
    if card.final_column and card.final_column not in ids:
        add(card.origin.at("final_column"), f"'{card.final_column}' is not a score column of this card "
                                            f"(columns: {', '.join(i for i in ids if i)})")
    seen_review = False
    for i, c in enumerate(card.columns):
        if c.role is ColumnRole.SELF_ASSESSMENT and seen_review:
            add(c.origin.at("role") if c.origin else card.origin, f"score column '{c.id}' is a self-assessment after "
                f"a review column: the self-assessment comes first")
        seen_review = seen_review or (c.role or (ColumnRole.SELF_ASSESSMENT if i == 0 else ColumnRole.REVIEW)) \
            is not ColumnRole.SELF_ASSESSMENT
    if card.final_column in ids and card.roles[card.final_column] is ColumnRole.SELF_ASSESSMENT and len(ids) > 1:
        add(card.origin.at("final_column"), f"'{card.final_column}' is a self-assessment column: the final score "
                                            f"is a review's")


def check_ranking(add, card) -> None:
    """``ranking.domain`` names a domain (or, on a card without domains, a task) of this card."""
    r = card.ranking
    if r.get("ties") != Ties.BY_DOMAIN or not r.get("domain"):
        return
    ids = {d.id for d in card.domains} or {t.id for t in card.tasks}
    if r["domain"] not in ids:
        domains = ", ".join(sorted(i for i in ids if i)) or "none"
        add(card.origin.at("ranking", "domain"), f"'{r['domain']}' is not a domain of this card (ties are ranked by "
                                                 f"a domain's score; domains: {domains})")

"""The scorecard's optional ``ranking`` key: how ``pingan results`` ranks units with equal final scores."""
from __future__ import annotations

from ..model.kinds import Ties, values

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


def extend(defs: dict) -> None:
    defs["scorecard"]["properties"]["ranking"] = RANKING


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

"""The scorecard's optional ``ranking`` key: how ``pingan results`` ranks units with equal final scores."""
from __future__ import annotations

RANKING = {
    "type": "object", "additionalProperties": False, "required": ["ties"],
    "description": "How units with the same final score are ranked by `pingan results`.",
    "properties": {
        "ties": {"enum": ["equal", "by-domain"],
                 "description": "equal: the same rank (1, 2, 2, 4); by-domain: the higher final score of the "
                                "domain (or task) named by `domain` ranks first, equal if that is equal too."},
        "domain": {"$ref": "#/$defs/id"},
    },
    "if": {"properties": {"ties": {"const": "by-domain"}}},
    "then": {"required": ["domain"]},
}


def extend(defs: dict) -> None:
    defs["scorecard"]["properties"]["ranking"] = RANKING


def check_ranking(add, c: dict) -> None:
    """``ranking.domain`` names a domain (or, on a card without domains, a task) of this card."""
    r = c.get("ranking")
    if not isinstance(r, dict) or r.get("ties") != "by-domain" or not r.get("domain"):
        return
    groups = c.get("domains") or []
    ids = {d.get("id") for d in groups if isinstance(d, dict)} or \
        {t.get("id") for t in c.get("tasks") or [] if isinstance(t, dict)}
    if r["domain"] not in ids:
        add(("ranking", "domain"), f"'{r['domain']}' is not a domain of this card (ties are ranked by a domain's "
                                   f"score; domains: {', '.join(sorted(i for i in ids if i)) or 'none'})")

"""The responsible units an imported table names, matched to the known units of the place (by name or
alias), or proposed as new units of the place (Chinese name only: English is never invented)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.kinds import Level, UnitKind

_KINDS = [(UnitKind.JUDICIAL, r"法院|检察院|人民法庭"),
          (UnitKind.MASS_ORGANISATION, r"^团|团委|妇联|工会|残联|科协|红十字"),
          (UnitKind.MILITARY, r"武装部|武警|军分区"), (UnitKind.GRASSROOTS, r"村|社区|居委会|网格"),
          (UnitKind.PARTY, r"党委|党工委|县委|市委|镇委|政法委|纪委|组织部|宣传部|统战部|网信办|党支部|党组"),
          (UnitKind.GOVERNMENT, r"政府|局|办|委员会|中心|所|站|队|厅")]
_LEVELS = [(Level.VILLAGE, r"^(?:村|社区)"), (Level.TOWN, r"^(?:乡|镇|街道)"), (Level.COUNTY, r"^(?:县|区|团县委)"),
           (Level.CITY, r"^市"), (Level.PROVINCE, r"^省")]


_ELIDED = ("政府", "党委", "人大", "政协", "纪委", "党支部", "委员会", "两委")


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


@dataclass
class Units:
    """Names → unit ids: the place's known units, and new ones proposed (id → name)."""
    known: dict[str, str]  # normalised name or alias → id
    place: str
    prefix: str
    proposed: dict[str, str] = field(default_factory=dict)  # new id → name
    matched: dict[str, str] = field(default_factory=dict)  # name → known id (as met)

    @classmethod
    def of(cls, standards, place: str, prefix: str) -> Units:
        known: dict[str, str] = {}
        for u in standards.units if standards else ():
            if place and u.place and u.place != place:
                continue
            for n in (u.name.zh, *u.aliases):
                known.setdefault(_norm(n), u.id)
        return cls(known, place, prefix)

    def ids(self, names) -> list[str]:
        """The ids of the names a cell lists; two neighbours that together are a known name ("镇党委、政府",
        one unit) are taken together."""
        names, out, i = list(names), [], 0
        while i < len(names):
            pair = f"{names[i]}、{names[i + 1]}" if i + 1 < len(names) else None
            if pair and _norm(pair) in self.known:
                out.append(self.id_of(pair))
                i += 2
                continue
            name = names[i]
            head = re.match(r"^(?:县|市|区|乡镇|镇|乡|街道|村（社区）|村|社区)", names[i - 1]) if i else None
            if head and name in _ELIDED and _norm(name) not in self.known:
                name = head.group() + name  # 乡镇党委、政府: the second is 乡镇政府
            out.append(self.id_of(name))
            i += 1
        return out

    def id_of(self, name: str) -> str:
        n = _norm(name)
        if n in self.known:
            self.matched[name] = self.known[n]
            return self.known[n]
        for uid, pname in self.proposed.items():
            if _norm(pname) == n:
                return uid
        uid = f"{self.prefix}-unit{len(self.proposed) + 1}"
        self.proposed[uid] = name
        return uid

    def entries(self, level: str) -> list[dict]:
        """The proposed units as YAML entries of ``units:`` (level and kind guessed from the name)."""
        out = []
        for uid, name in self.proposed.items():
            kind = next((k for k, rx in _KINDS if re.search(rx, name)), UnitKind.OTHER)
            lvl = next((lv for lv, rx in _LEVELS if re.search(rx, name)), level or Level.OTHER)
            entry = {"id": uid, "draft": True, "name": {"zh": name, "en": ""}, "level": str(lvl), "kind": str(kind)}
            if self.place:
                entry["place"] = self.place
            out.append(entry)
        return out

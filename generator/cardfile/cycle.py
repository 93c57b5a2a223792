"""What a filled card says about its place in the review cycle, beside its scores: who filled it, when,
which revision it is, why a reviewer took points off and which evidence (台账) backs each criterion.

Field names (to move into the card-file contract):

- ``header--filled-by`` — who filled it (the *filler*); ``header--date`` — when (an ISO date or date and
  time; ``2026年3月31日`` and ``2026/3/31`` are read too); ``header--revision`` — an integer ≥ 1, raised by
  every correction (a file without it is revision 1);
- ``<criterion>--<column>--reason`` — why the criterion lost points in that column (a review or
  re-check column needs one for every criterion below full points; the criterion's ``<criterion>--notes``,
  the card's 备注 cell on paper, PDF and XLSX, stands in for it);
- ``<criterion>--evidence`` — the names of the evidence (台账) for the criterion, separated by ``；`` or ``;``.

Nothing here trusts the file: every text is :func:`.untrusted.clean`-ed, lengths are bounded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ..scoring.plan import Plan
from .contract import evidence_field, field, header_field, notes_field, reason_field
from .untrusted import clean, clip

MAX_REVISION = 10_000
MAX_EVIDENCE_NAMES = 50


def cycle_fields(plan: Plan) -> set[str]:
    """Every field of this module a filled card of ``plan`` may carry (beside the engine's)."""
    crits = [c["id"] for c in plan["criteria"]]
    return ({reason_field(c, col) for c in crits for col in plan["columns"]} | {evidence_field(c) for c in crits}
            | {header_field("revision")})


@dataclass(frozen=True)
class Stamp:
    """Who filled a file, when (ISO, UTC when the file gave a zone; "" when it gave no date) and its revision."""
    filler: str = ""
    date: str = ""
    revision: int = 1


_CN_DATE = re.compile(r"^(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$")


def iso_date(text: str) -> str | None:
    """``text`` as an ISO date (``2026-03-31``) or date and time (``2026-03-31T09:30:00``), None if it is
    not one; "" for no date."""
    text = clean(text)
    if not text:
        return ""
    m = _CN_DATE.match(text)
    if m:
        y, mo, d = map(int, m.groups())
        text = f"{y:04d}-{mo:02d}-{d:02d}"
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return None
    if len(text) == 10:
        return when.date().isoformat()
    if when.tzinfo:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds")


def stamp(header: dict[str, str]) -> tuple[Stamp, list[tuple[str, str]]]:
    """The file's stamp from its header, and its problems (a date or revision that cannot be read)."""
    problems = []
    date = iso_date(header.get("date", ""))
    if date is None:
        problems.append((header_field("date"), f"'{clip(clean(header.get('date', '')))}' is not a date (write it as "
                                         f"2026-03-31, or 2026-03-31T09:30 with the time)"))
        date = ""
    raw = clean(header.get("revision", ""))
    revision = 1
    if raw:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= MAX_REVISION:
            revision = int(raw)
        else:
            problems.append((header_field("revision"), f"'{clip(raw)}' is not a revision (a whole number from 1: "
                                                 f"1 for the first file, 2 for its first correction …)"))
    return Stamp(clean(header.get("filled-by", ""))[:200], date, revision), problems


def evidence_names(values: dict[str, str], criterion: str) -> list[str]:
    """The evidence names a file lists for a criterion, in order, each once."""
    raw = values.get(evidence_field(criterion), "")
    names = [clean(n)[:200] for n in re.split(r"[；;\n]", raw)]
    return list(dict.fromkeys(n for n in names if n))[:MAX_EVIDENCE_NAMES]


def reason(values: dict[str, str], criterion: str, column: str) -> str:
    """Why the criterion lost points in the column: its reason field, else the criterion's notes."""
    return clean(values.get(reason_field(criterion, column), "")) or clean(values.get(notes_field(criterion), ""))


def _na(values: dict[str, str], criterion: str, column: str) -> bool:
    return clean(values.get(field(criterion, column), "")).lower() in ("na", "n/a", "不适用")


def missing_reasons(plan: Plan, columns: dict[str, dict], values: dict[str, str],
                    numbers: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """One problem per criterion that lost points in a review or re-check column without a reason.
    ``columns``: column id → its engine result, only the review columns the file fills."""
    out = []
    for col, result in columns.items():
        for c in plan["criteria"]:
            got = result["items"].get(c["id"], 0.0)
            if got >= c["points"] - 1e-9 or _na(values, c["id"], col) or reason(values, c["id"], col):
                continue
            num = (numbers or {}).get(c["id"])
            out.append((reason_field(c["id"], col),
                        f"criterion {num + ' ' if num else ''}({c['id']}) lost {c['points'] - got:g} of "
                        f"{c['points']:g} points in {col}: a review deduction needs its reason (in this field, or "
                        f"the criterion's notes)"))
    return out

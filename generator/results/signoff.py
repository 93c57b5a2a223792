"""Sign-off: ``pingan results --card C --period P --finalize`` freezes a card and period.

The snapshot holds the ranking, every unit's counting versions (per column: total, grade, vetoes, the
points of every item, the file and its SHA-256) and the evidence files' hashes; its checksum is the
SHA-256 of its canonical JSON. Both are stored with the time (:meth:`.store.Store.sign`). From then on
``collect`` rejects every new file for that card and period ("period signed off on …"), until
``--reopen --reason TEXT``; the audit trail keeps every sign-off and reopening.
"""
from __future__ import annotations

import hashlib
import json


class SignOffError(Exception):
    """The period cannot be signed off or reopened now: the message says why (one line)."""


def snapshot(r: dict, store) -> dict:
    units, every = {}, store.versions(r["card"], r["period"])
    for x in [*r["ranking"], *r["awaiting_review"]]:
        cols = {}
        for v in every:
            if v.unit == x["unit"] and x["files"].get(v.column) == v.file and x["columns"].get(v.column) == v.total:
                cols[v.column] = {"total": v.total, "grade": v.grade, "vetoes": list(v.vetoes), "items": v.items,
                                  "file": v.file, "sha256": v.sha256, "revision": v.revision, "date": v.date,
                                  "filler": v.filler}
        units[x["unit"]] = {"columns": cols, "evidence": x["evidence"]}
    return {"card": r["card"], "period": r["period"], "edition": r["edition"], "final_column": r["final_column"],
            "ranking": [{"unit": x["unit"], "rank": x["rank"], "final": x["final"], "grade": x["grade"],
                         "vetoed": x["vetoed"]} for x in r["ranking"]],
            "awaiting_review": [x["unit"] for x in r["awaiting_review"]], "units": units}


def checksum(snap: dict) -> str:
    return hashlib.sha256(json.dumps(snap, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


def finalize(store, r: dict) -> tuple[str, str]:
    """Sign off the report's card and period: (time, checksum)."""
    if r["provisional"]:
        raise SignOffError("a provisional ranking cannot be signed off (leave out --provisional)")
    if store.signed_off(r["card"], r["period"]):
        so = store.signed_off(r["card"], r["period"])
        raise SignOffError(f"{r['card']} {r['period']} is already signed off ({so.at}, checksum {so.checksum[:12]})")
    if r["conflicts"]:
        units = ", ".join(sorted({c["unit"] for c in r["conflicts"]}))
        raise SignOffError(f"{len(r['conflicts'])} conflicts ({units}): "
                           "settle them first (pingan collect --accept FILE)")
    if not r["ranking"]:
        raise SignOffError(f"nothing to sign off: no unit of {r['card']} {r['period']} has its {r['final_column']} "
                           f"score yet")
    snap = snapshot(r, store)
    sum_ = checksum(snap)
    with store.transaction():
        at = store.sign(r["card"], r["period"], "finalize", sum_, snap)
    return at, sum_


def reopen(store, card: str, period: str, reason: str) -> str:
    """Reopen a signed-off card and period, with the reason; returns the time."""
    so = store.signed_off(card, period)
    if so is None:
        raise SignOffError(f"{card} {period} is not signed off: nothing to reopen")
    if not reason.strip():
        raise SignOffError("--reopen needs --reason TEXT (why the signed-off ranking is reopened)")
    with store.transaction():
        return store.sign(card, period, "reopen", so.checksum, {}, reason.strip()[:1000])


def verify(store, r: dict) -> str | None:
    """A note when the store no longer gives the signed-off snapshot (it was changed behind collect's back)."""
    so = store.signed_off(r["card"], r["period"])
    if so is None or checksum(snapshot(r, store)) == so.checksum:
        return None
    return (f"{r['card']} {r['period']}: the store no longer matches the sign-off of {so.at} "
            f"(checksum {so.checksum[:12]})")

"""What the county sends back to each unit (反馈单): the criteria where the unit lost points between its
self-assessment and the final column counted (a provisional row: its latest stage), with the reviewer's
reason, the points and the sign-off state — from one report (:func:`.ranking.report`).

Only ranked units have a sheet (by default those whose final column counts; with ``--provisional`` every
unit not in conflict, marked provisional). Every text from a submission stays text: the HTML sheet escapes
it (:mod:`.feedback_html`), the DOCX sheet writes it as plain runs (:mod:`.feedback_docx`).
"""
from __future__ import annotations

from ..cardfile.cycle import reason
from .names import submission_name
from .standing import self_column_of


def lost_points(r: dict, x: dict) -> list[dict]:
    """The criteria of unit row ``x`` scored lower in its final column than in its self-assessment (or,
    without one, below full points), in the card's order: number, id, full points, self, final, lost, reason."""
    self_col = self_column_of(r)
    final = x["items"][x["final_column"]]
    own = x["items"].get(self_col) if self_col != x["final_column"] else None
    out = []
    for cid, full in r["points"].items():
        got = final.get(cid, 0.0)
        before = own.get(cid, 0.0) if own is not None else full
        if before - got <= 1e-9:
            continue
        out.append({"id": cid, "number": r["numbers"].get(cid, ""), "points": full, "self": before, "final": got,
                    "lost": round(before - got, 6), "reason": reason(x["notes"], cid, x["final_column"])})
    return out


def evidence_count(x: dict) -> int:
    """How many evidence items (台账) the unit's counting files list, over all criteria."""
    return sum(len(v) for v in x.get("evidence", {}).get("criteria", {}).values())


def sheet(r: dict, x: dict) -> dict:
    """One unit's feedback sheet."""
    self_col = self_column_of(r)
    own = x["columns"].get(self_col) if self_col != x["final_column"] else None
    return {"card": r["card"], "title": r["title"], "period": r["period"], "unit": x["unit"],
            "status": x["status"], "provisional": x["provisional"], "final_column": x["final_column"],
            "column_title": next((c["title"] for c in r["columns"] if c["id"] == x["final_column"]),
                                 {"zh": x["final_column"], "en": x["final_column"]}),
            "self": own, "final": x["final"], "rank": x["rank"], "units": len(r["ranking"]),
            "lost": x["lost"], "names": r["names"], "signed_off": r.get("signed_off")}


def sheets(r: dict) -> list[dict]:
    return [sheet(r, x) for x in r["ranking"]]


def file_names(r: dict) -> dict[str, str]:
    """unit → the stem of its feedback files, ``<card>-<unit>-<period>-feedback`` by the results' naming rule
    (:func:`.names.submission_name`); two units whose names make the same stem get ``-2``, ``-3`` …"""
    out: dict[str, str] = {}
    used: set[str] = set()
    for x in r["ranking"]:
        base = submission_name(r["card"], x["unit"], r["period"], ["feedback"])
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        out[x["unit"]] = name
    return out

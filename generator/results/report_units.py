"""The county's view of each ranked unit in the HTML report: its status, every stage's total (one column
per score column, headed by the column's title and its role: 自评 / 审核 / 复核), the points it lost in
review with the reviewer's reasons (a compact list, criteria by number), its evidence count and the
review gap (final − self). Every text from a submission is escaped (:func:`.report_cycle.e`)."""
from __future__ import annotations

from ..render.common import load_labels
from .feedback import evidence_count
from .report_cycle import e, status_cell
from .standing import self_column_of


def _lost_list(r: dict, x: dict, W: dict) -> str:
    items = x["lost"]
    if not items:
        return ""
    return '<ul class="lost-reasons">' + "".join(
        f'<li><span class="no">{e(d["number"] or d["id"])}</span>−{d["lost"]:g} '
        f'<span class="reason">{e(d["reason"] or W["no_reason"])}</span></li>' for d in items) + "</ul>"


def _head(r: dict, lang: str, W: dict) -> str:
    roles = load_labels()[lang]
    cols = "".join(f'<th class="n">{e(c["title"][lang])}<br><small class="role">'
                   f'{e(roles.get("column_role_" + c["role"], c["role"]))}</small></th>' for c in r["columns"])
    return (f'<thead><tr><th>{e(W["unit"])}</th><th>{e(W["status"])}</th>{cols}<th class="n">{e(W["review_gap"])}'
            f'</th><th class="n">{e(W["evidence_count"])}</th><th>{e(W["lost_review"])}</th></tr></thead>')


def evidence_section(r: dict, lang: str, W: dict) -> str:
    """Every ranked unit's evidence, per criterion (by number): the name, and for a file that came with the
    submission its size and SHA-256 (what the sign-off freezes); then files no criterion names."""
    rows = []
    for x in r["ranking"]:
        ev = x.get("evidence") or {}
        named = {i["name"] for items in ev.get("criteria", {}).values() for i in items}
        items = [(r["numbers"].get(cid, cid), i) for cid, its in ev.get("criteria", {}).items() for i in its]
        items += [("", f) for f in ev.get("files", []) if f["name"] not in named]
        rows += [f'<tr><td class="unit">{e(x["unit"])}</td><td>{e(no)}</td><td>{e(i["name"])}</td>'
                 + (f'<td class="n">{i["size"]}</td><td class="sha">{e(i["sha256"])}</td>' if i.get("sha256") else
                    f'<td></td><td class="note">{e(W["evidence_not_attached"])}</td>') + "</tr>" for no, i in items]
    if not rows:
        return ""
    return (f'<h2>{e(W["evidence_list"])}</h2><div class="scroll"><table class="evidence"><thead><tr>'
            f'<th>{e(W["unit"])}</th><th>{e(W["criterion"])}</th><th>{e(W["evidence_name"])}</th>'
            f'<th class="n">{e(W["evidence_size"])}</th><th>SHA-256</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            f'</table></div>')


def units_section(r: dict, lang: str, W: dict) -> str:
    """The table of every ranked unit; nothing when none is ranked."""
    if not r["ranking"]:
        return ""
    self_col = self_column_of(r)
    rows = []
    for x in r["ranking"]:
        tds = "".join(f'<td class="n">{x["columns"][c["id"]]:g}</td>' if c["id"] in x["columns"] else
                      '<td class="n"></td>' for c in r["columns"])
        own = x["columns"].get(self_col) if self_col != x["final_column"] else None
        gap = "" if own is None else f'{round(x["final"] - own, 6):+g}'.replace("-", "−")
        rows.append(f'<tr><td class="unit">{e(x["unit"])}</td>{status_cell(x, W)}{tds}<td class="n gap">{gap}</td>'
                    f'<td class="n evidence">{evidence_count(x)}</td>'
                    f'<td class="lost-cell">{_lost_list(r, x, W)}</td></tr>')
    return (f'<h2>{e(W["units_review"])}</h2><div class="scroll"><table class="units">{_head(r, lang, W)}'
            f'<tbody>{"".join(rows)}</tbody></table></div>')

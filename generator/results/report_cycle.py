"""The review cycle in the HTML report: each ranked unit's status (and the provisional marker), the units
awaiting review apart with their self-assessment, the conflicts with both versions, who is missing and
the sign-off. Every text from a submission is escaped (:func:`.report_html.e`)."""
from __future__ import annotations

from html import escape


def e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def column_title(r: dict, col: str, lang: str) -> str:
    return next((c["title"][lang] for c in r["columns"] if c["id"] == col), col)


def status_cell(x: dict, W: dict) -> str:
    mark = f' <b class="provisional">{e(W["provisional"])}</b>' if x.get("provisional") else ""
    return f'<td class="status">{e(W["status_" + x["status"]])}{mark}</td>'


def provisional_note(r: dict, lang: str, W: dict) -> str:
    if not any(x.get("provisional") for x in r["ranking"]):
        return ""
    note = W["provisional_note"].format(column=column_title(r, r["final_column"], lang))
    return f'<p class="note provisional">{e(note)}</p>'


def _awaiting(r: dict, lang: str, W: dict) -> str:
    if not r["awaiting_review"]:
        return ""
    cols = r["columns"]
    th = "".join(f'<th class="n">{e(c["title"][lang])}</th>' for c in cols)
    rows = "".join(
        f'<tr><td class="unit">{e(x["unit"])}</td><td>{e(W["status_" + x["status"]])}</td>' + "".join(
            f'<td class="n">{x["columns"][c["id"]]:g}</td>' if c["id"] in x["columns"] else '<td class="n"></td>'
            for c in cols) + "</tr>" for x in r["awaiting_review"])
    return (f'<h2>{e(W["awaiting"])}</h2><p class="note">'
            f'{e(W["awaiting_note"].format(column=column_title(r, r["final_column"], lang)))}</p>'
            f'<div class="scroll"><table class="awaiting"><thead><tr><th>{e(W["unit"])}</th>'
            f'<th>{e(W["status"])}</th>{th}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def _conflicts(r: dict, lang: str, W: dict) -> str:
    if not r["conflicts"]:
        return ""
    items = "".join(
        f'<li><b>{e(c["unit"])}</b> · {e(column_title(r, c["column"], lang))}: ' + "; ".join(
            f'{v["total"]:g} ({e(", ".join(x for x in (v["file"], v["filler"], v["date"]) if x))}; '
            f'{e(W["revision"])} {v["revision"]})' for v in c["versions"])
        + "</li>" for c in r["conflicts"])
    return (f'<h2>{e(W["conflicts"])}</h2><ul class="conflicts">{items}</ul>'
            f'<p class="note">{e(W["conflict_settle"])}</p>')


def _altered(r: dict, lang: str, W: dict) -> str:
    """Copies of a column in a later stage's file whose scores differ from the column's own version."""
    if not r.get("altered"):
        return ""
    items = "".join(
        f'<li><b>{e(a["unit"])}</b> · {e(column_title(r, a["column"], lang))}: '
        + (f'{a["counts"]["total"]:g} ({e(", ".join(x for x in (a["counts"]["file"], a["counts"]["filler"]) if x))})'
           if a["counts"] else "") + " ≠ " + "; ".join(
            f'{v["total"]:g} ({e(", ".join(x for x in (v["file"], v["filler"]) if x))})' for v in a["copies"])
        + "</li>" for a in r["altered"])
    return f'<h2>{e(W["altered"])}</h2><ul class="altered">{items}</ul><p class="note">{e(W["altered_note"])}</p>'


def _missing(r: dict, lang: str, W: dict) -> str:
    if r.get("missing") is None:
        return ""
    sep = "、" if lang == "zh" else ", "
    return f'<h2>{e(W["missing"])}</h2><p class="missing">{e(sep.join(r["missing"]) or W["none"])}</p>'


def signed(r: dict, W: dict) -> str:
    so = r.get("signed_off")
    return e(W["signed_off"].format(at=so["at"], checksum=so["checksum"])) if so else e(W["not_signed_off"])


def cycle_sections(r: dict, lang: str, W: dict) -> str:
    return _awaiting(r, lang, W) + _conflicts(r, lang, W) + _altered(r, lang, W) + _missing(r, lang, W)

"""The static HTML report of one card and period, one file per language (``<card>-<period>.zh.html``,
``.en.html``): no script, no network, prints on A4. Criteria are named by their number and the start of
their text ("5.3 建立健全…"), columns nobody filled are blank; the words are interface words
(``labels.yaml``, ``report``).

Every text from a submission (unit, period, notes, file names) is untrusted and escaped; the charts
are inline SVG (:mod:`.charts`).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from ..cardfile.contract import notes_field, reason_field
from ..render.common import load_labels
from ..render.textfit import em
from . import charts
from .report_cycle import cycle_sections, provisional_note, signed, status_cell
from .report_units import evidence_section, units_section

CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt;
       color: #222; max-width: 186mm; margin: 1em auto; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #ccc; }
h3 { font-size: 11pt; margin: .8em 0 .3em; }
.meta { color: #555; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; text-align: left; }
th { word-break: keep-all; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.n { white-space: nowrap; }
td.unit, h3.gap-unit { white-space: nowrap; }
.no { font-variant-numeric: tabular-nums; font-weight: bold; margin-right: .3em; }
thead { display: table-header-group; } tr, figure { break-inside: avoid; } h1, h2, h3 { break-after: avoid; }
tr.vetoed td { background: #fbeaea; }
.provisional { color: #8a4b00; } .scroll { overflow-x: auto; } td.status { white-space: nowrap; }
@media print { .scroll { overflow: visible; } } .note { font-size: 9pt; color: #555; }
td.sha { font-family: monospace; font-size: 8pt; word-break: break-all; min-width: 16em; }
ul.lost-reasons { margin: 0; padding-left: 1em; font-size: 9pt; } td.lost-cell { min-width: 14em; }
small.role { font-weight: normal; color: #555; }
figure { margin: .5em 0; } figcaption { font-size: 9pt; color: #555; }
svg { max-width: 100%; height: auto; }
"""
SHORT_EM = {"zh": 20, "en": 26}  # a criterion's text in a table: its start, this wide


def e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


@lru_cache(maxsize=4096)  # the same criteria's texts in every report and section
def short(text: str, lang: str) -> str:
    """The start of a criterion's text, cut at a word in English, with "…" when cut (one pass: the width
    of each prefix is summed as it grows)."""
    if em(text) <= SHORT_EM[lang]:
        return text
    width, end = 0.0, 0
    for i, ch in enumerate(text):
        width += em(ch)
        if width > SHORT_EM[lang] - 1:
            break
        end = i + 1
    cut = text[:end]
    if lang != "zh" and " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,，、;；") + "…"


def _name(r: dict, id_: str, lang: str) -> str:
    """A criterion (or task, domain) as a person reads it: its number and the start of its text, the whole
    text as the tooltip; an item this project no longer has, by its id."""
    text = r["names"].get(id_, {}).get(lang, "")
    number = r.get("numbers", {}).get(id_)
    if not number:
        return f"<code>{e(id_)}</code> {e(short(text, lang))}".rstrip()
    return f'<span class="no">{e(number)}</span><span title="{e(text)}">{e(short(text, lang))}</span>'


def _grade(r: dict, gid, lang: str) -> str:
    g = next((g for g in r["grades"] if g["id"] == gid), None)
    return e(g["title"][lang]) if g else ""


def ranking_table(r: dict, lang: str, W: dict) -> str:
    """The ranked units; a status column (with the provisional mark) when the rows' stages differ, i.e. in a
    provisional ranking (otherwise every row is reviewed on the final column, or signed off: the meta line says)."""
    cols = r["columns"]
    mixed = any(x.get("provisional") for x in r["ranking"])
    status_th = f'<th>{e(W["status"])}</th>' if mixed else ""
    th = "".join(f'<th class="n">{e(c["title"][lang])}</th>' for c in cols)
    rows = []
    for x in r["ranking"]:
        tds = "".join(f'<td class="n">{x["columns"][c["id"]]:g}</td>' if c["id"] in x["columns"] else
                      '<td class="n"></td>' for c in cols)
        vetoes = "<br>".join(e(v["text"][lang]) for v in x["vetoes"])
        rows.append(f'<tr class="{"vetoed" if x["vetoed"] else ""}"><td class="n rank">{x["rank"]}</td>'
                    f'<td class="unit">{e(x["unit"])}</td>{status_cell(x, W) if mixed else ""}{tds}'
                    f'<td class="n final"><b>'
                    f'{x["final"]:g}</b></td><td>{_grade(r, x["grade"], lang)}</td><td>{vetoes}</td></tr>')
    return (f'<div class="scroll"><table class="ranking"><thead><tr><th class="n">{e(W["rank"])}</th>'
            f'<th>{e(W["unit"])}</th>'
            f'{status_th}{th}<th class="n">{e(W["final"])}</th><th>{e(W["grade"])}</th>'
            f'<th>{e(W["vetoes"])}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            + provisional_note(r, lang, W))


def _lost(r: dict, lang: str, W: dict) -> str:
    return (f'<h3>{e(W["lost"])}</h3><table class="lost"><thead><tr><th>{e(W["criterion"])}</th>'
            f'<th class="n">{e(W["points"])}</th><th class="n">{e(W["units_losing"])}</th>'
            f'<th class="n">{e(W["points_lost"])}</th></tr></thead><tbody>' + "".join(
                f'<tr><td>{_name(r, c["id"], lang)}</td><td class="n">{c["points"]:g}</td>'
                f'<td class="n">{c["units"]}</td><td class="n">{c["lost"]:g}</td></tr>' for c in r["gap"]["lost"])
            + "</tbody></table>")


def _reason(x: dict, criterion: str) -> str:
    """Why the unit lost points on a criterion in its final column: the reason field, else the notes."""
    notes = x["notes"]
    return notes.get(reason_field(criterion, x["final_column"])) or notes.get(notes_field(criterion), "")


def gap_section(r: dict, lang: str, W: dict) -> str:
    out = [f'<h2>{e(W["gap"])}</h2>']
    if r["gap"]["lost"]:
        out.append(_lost(r, lang, W))
    for x in r["ranking"]:
        diffs = r["gap"]["units"].get(x["unit"])
        if not diffs:
            continue
        out.append(f'<h3 class="gap-unit">{e(x["unit"])}</h3><table class="gap"><thead><tr><th>{e(W["criterion"])}'
                   f'</th><th class="n">{e(W["self"])}</th><th class="n">{e(W["review"])}</th><th class="n">'
                   f'{e(W["difference"])}</th><th>{e(W["notes"])}</th></tr></thead><tbody>' + "".join(
                       f'<tr><td>{_name(r, d["id"], lang)}</td><td class="n">{d["self"]:g}</td><td class="n">'
                       f'{d["review"]:g}</td><td class="n">{d["diff"]:+g}</td><td class="note">'
                       f'{e(_reason(x, d["id"]))}</td></tr>' for d in diffs) + "</tbody></table>")
    return "".join(out)


def yoy_section(r: dict, lang: str, W: dict) -> str:
    y = r["yoy"]
    if not y:
        return ""
    out = [f'<h2>{e(W["yoy"].format(before=y["previous"], after=r["period"]))}</h2>',
           f'<figure>{charts.slope(y["units"], y["previous"], r["period"], r["total"], W["slope_label"])}'
           f'<figcaption>{e(W["slope"])}</figcaption></figure>']
    sep = "、" if lang == "zh" else ", "
    if y["new_units"] or y["gone_units"]:
        out.append(f'<p>{e(W["new_units"])}: {e(sep.join(y["new_units"]) or W["none"])}; '
                   f'{e(W["gone_units"])}: {e(sep.join(y["gone_units"]) or W["none"])}</p>')
    if y["changes"]:
        out.append(f'<p>{e(W["editions"])}: {e(", ".join(y["editions"][0]))} → {e(", ".join(y["editions"][1]))}'
                   f'</p><table class="changes"><tbody>' + "".join(
                       f'<tr><td>{e(W[c["change"]])}</td><td>{_name(r, c["id"], lang)}</td>'
                       f'<td>{e(c.get("old", ""))} → {e(c.get("new", ""))}</td></tr>' for c in y["changes"])
                   + "</tbody></table>")
    return "".join(out)


def _meta(r: dict, lang: str, W: dict) -> str:
    rule = r["ties"]
    if rule.get("ties") == "by-domain":
        domain = r["names"].get(rule["domain"], {}).get(lang) or rule["domain"]
        ties = W["ties_by"].format(domain=domain)
    else:
        ties = W["ties_equal"]
    sep = "：" if lang == "zh" else ": "
    return (f'<p class="meta">{e(W["period"])}{sep}<b class="period">{e(r["period"])}</b> · {e(W["edition"])} '
            f'{e(r["edition"])} · {e(W["units"].format(n=len(r["ranking"])))} · {e(W["ties"])}{sep}{e(ties)} · '
            f'{date.today().isoformat()} · <span class="signed">{signed(r, W)}</span></p>')


def to_html(r: dict, lang: str = "zh") -> str:
    """The report in one language."""
    W = load_labels()[lang]["report"]
    total = f'{r["total"]:g}'
    domains = any(g.get("level") == "domain" for g in r["groups"])
    body = [f'<h1>{e(W["title"].format(card=r["title"][lang]))}</h1>', _meta(r, lang, W),
            f'<h2>{e(W["ranking"])}</h2>', ranking_table(r, lang, W),
            f'<figure>{charts.bars(r["ranking"], r["total"], r["grades"], W["bars_label"], lang)}<figcaption>'
            f'{e(W["bars"].format(total=total))}</figcaption></figure>', units_section(r, lang, W),
            cycle_sections(r, lang, W), evidence_section(r, lang, W),
            f'<h2>{e(W["shares_domain" if domains else "shares_task"])}</h2>',
            f'<figure>{charts.heatmap(r["ranking"], r["groups"], W["heat_label"], lang)}<figcaption>'
            f'{e(W["heat" if domains else "heat_task"])}</figcaption></figure>',
            gap_section(r, lang, W), yoy_section(r, lang, W)]
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>'
            f'{e(W["title"].format(card=r["title"][lang]))} {e(r["period"])}</title><style>{CSS}</style></head>'
            f'<body>{"".join(body)}</body></html>\n')

"""The bilingual static HTML report of one card and period: no script, no network, prints on A4.

Every text from a submission (unit, period, notes, file names) is untrusted and escaped; the charts
are inline SVG (:mod:`.charts`).
"""
from __future__ import annotations

from datetime import date
from html import escape

from . import charts

CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 10.5pt; color: #222;
       max-width: 190mm; margin: 1em auto; }
h1 { font-size: 16pt; margin: 0 0 .2em; } h2 { font-size: 13pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #ccc; }
h3 { font-size: 11pt; margin: .8em 0 .3em; }
.en { color: #555; font-size: .9em; } .meta { color: #555; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; } tr, figure { break-inside: avoid; }
tr.vetoed td { background: #fbeaea; }
figure { margin: .5em 0; } figcaption { font-size: 9pt; color: #555; }
svg { max-width: 100%; height: auto; }
"""


def e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def bi(t: dict) -> str:
    """Chinese, then English in grey (both escaped)."""
    return f'{e(t["zh"])}<br><span class="en">{e(t["en"])}</span>' if t.get("en") else e(t["zh"])


def head(zh: str, en: str, level: int = 2) -> str:
    return f'<h{level}>{e(zh)} <span class="en">{e(en)}</span></h{level}>'


def _grade(r: dict, gid) -> str:
    g = next((g for g in r["grades"] if g["id"] == gid), None)
    return bi(g["title"]) if g else "—"


def ranking_table(r: dict) -> str:
    cols = r["columns"]
    th = "".join(f'<th class="n">{bi(c["title"])}</th>' for c in cols)
    rows = []
    for x in r["ranking"]:
        tds = "".join(f'<td class="n">{x["columns"][c["id"]]:g}</td>' if c["id"] in x["columns"] else
                      '<td class="n">—</td>' for c in cols)
        vetoes = "<br>".join(bi(v["text"]) for v in x["vetoes"]) or ""
        rows.append(f'<tr class="{"vetoed" if x["vetoed"] else ""}"><td class="n rank">{x["rank"]}</td>'
                    f'<td class="unit">{e(x["unit"])}</td>{tds}<td class="n final"><b>{x["final"]:g}</b></td>'
                    f'<td>{_grade(r, x["grade"])}</td><td>{vetoes}</td></tr>')
    return (f'<table class="ranking"><thead><tr><th class="n">名次<br><span class="en">Rank</span></th>'
            f'<th>单位<br><span class="en">Unit</span></th>{th}<th class="n">最终得分<br><span class="en">Final'
            f'</span></th><th>等次<br><span class="en">Grade</span></th><th>一票否决<br><span class="en">Vetoes'
            f'</span></th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _name(r: dict, id_: str) -> str:
    return f'<code>{e(id_)}</code> {bi(r["names"].get(id_, {"zh": "", "en": ""}))}'


def gap_section(r: dict) -> str:
    out = [head("审核差异", "Review gap")]
    lost = r["gap"]["lost"]
    if lost:
        out.append(head("失分最多的评分项", "Criteria lost most often (where the county should help)", 3))
        out.append('<table class="lost"><thead><tr><th>评分项 <span class="en">Criterion</span></th>'
                   '<th class="n">分值<br><span class="en">Points</span></th><th class="n">失分单位数<br>'
                   '<span class="en">Units losing points</span></th><th class="n">合计失分<br><span class="en">'
                   'Points lost</span></th></tr></thead><tbody>' + "".join(
                       f'<tr><td>{_name(r, c["id"])}</td><td class="n">{c["points"]:g}</td>'
                       f'<td class="n">{c["units"]}</td><td class="n">{c["lost"]:g}</td></tr>' for c in lost)
                   + "</tbody></table>")
    for x in r["ranking"]:
        diffs = r["gap"]["units"].get(x["unit"])
        if not diffs:
            continue
        out.append(f'<h3 class="gap-unit">{e(x["unit"])}</h3><table class="gap"><thead><tr><th>评分项 <span '
                   f'class="en">Criterion</span></th><th class="n">自评<br><span class="en">Self</span></th>'
                   f'<th class="n">审核<br><span class="en">Review</span></th><th class="n">差<br><span class="en">'
                   f'Difference</span></th><th>备注 <span class="en">Notes</span></th></tr></thead><tbody>' + "".join(
                       f'<tr><td>{_name(r, d["id"])}</td><td class="n">{d["self"]:g}</td><td class="n">'
                       f'{d["review"]:g}</td><td class="n">{d["diff"]:+g}</td><td class="note">'
                       f'{e(x["notes"].get(d["id"] + "--notes", ""))}</td></tr>' for d in diffs) + "</tbody></table>")
    return "".join(out)


CHANGE = {"removed": ("删除", "removed"), "added": ("新增", "added"), "re-pointed": ("分值调整", "re-pointed"),
          "moved": ("移动", "moved")}


def yoy_section(r: dict) -> str:
    y = r["yoy"]
    if not y:
        return ""
    out = [head("同比", f"Year on year: {y['previous']} → {r['period']}"),
           f'<figure>{charts.slope(y["units"], y["previous"], r["period"], r["total"], "slope chart")}'
           f'<figcaption>各单位最终得分变化 · Each unit\'s final score, previous period and this one</figcaption></figure>']
    if y["new_units"] or y["gone_units"]:
        out.append(f'<p>新参评 <span class="en">New</span>: {e(", ".join(y["new_units"]) or "—")}; '
                   f'未参评 <span class="en">Not assessed this time</span>: {e(", ".join(y["gone_units"]) or "—")}</p>')
    if y["changes"]:
        out.append(f'<p>版本 <span class="en">Editions</span> {e(", ".join(y["editions"][0]))} → '
                   f'{e(", ".join(y["editions"][1]))}</p><table class="changes"><tbody>' + "".join(
                       f'<tr><td>{"/".join(CHANGE[c["change"]])}</td><td>{_name(r, c["id"])}</td>'
                       f'<td>{e(c.get("old", ""))} → {e(c.get("new", ""))}</td></tr>' for c in y["changes"])
                   + "</tbody></table>")
    return "".join(out)


def to_html(r: dict) -> str:
    rule = r["ties"]
    ties = ("名次并列 / equal rank" if rule.get("ties") != "by-domain" else
            f'按 {r["names"].get(rule["domain"], {"zh": rule["domain"]})["zh"]} 得分 / by the score of {rule["domain"]}')
    body = [f'<h1>{e(r["title"]["zh"])} 考核结果通报</h1><p class="en">{e(r["title"]["en"])}: assessment results</p>',
            f'<p class="meta">考核期 <span class="en">Period</span>: <b class="period">{e(r["period"])}</b> · 版本 '
            f'<span class="en">Edition</span> {e(r["edition"])} · {len(r["ranking"])} 个单位 <span class="en">units'
            f'</span> · 同分排名 <span class="en">Ties</span>: {e(ties)} · {date.today().isoformat()}</p>',
            head("排名", "Ranking"), ranking_table(r),
            f'<figure>{charts.bars(r["ranking"], r["total"], r["grades"], "bar chart of final scores")}<figcaption>'
            f'最终得分与等次区间 · Final scores and grade bands (满分 full marks {r["total"]:g})</figcaption></figure>',
            head("各板块得分率", "Share of points by " + ("domain" if len(r["groups"]) else "task")),
            f'<figure>{charts.heatmap(r["ranking"], r["groups"], "heat map")}<figcaption>单位 × 板块，得分占该板块分值'
            f'的百分比 · Units × domains: share of the domain\'s points (%)</figcaption></figure>',
            gap_section(r), yoy_section(r)]
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            f'content="default-src \'none\'; style-src \'unsafe-inline\'"><meta name="viewport" content="width='
            f'device-width, initial-scale=1"><title>{e(r["title"]["zh"])} {e(r["period"])}</title>'
            f'<style>{CSS}</style></head><body>{"".join(body)}</body></html>\n')

"""The feedback sheet of one unit as a static HTML page, one per language: no script, no network, A4.
Every text from a submission (unit, period, reasons) is escaped (:func:`.report_cycle.e`)."""
from __future__ import annotations

from ..render.common import load_labels
from .report_cycle import e, signed

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 11pt;
       color: #222; max-width: 178mm; margin: 1em auto; padding: 0 .5em; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 .6em; }
.meta { margin: .2em 0; } .meta b { font-weight: bold; }
.scroll { overflow-x: auto; } @media print { .scroll { overflow: visible; } }
table { border-collapse: collapse; width: 100%; margin: .6em 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left; }
th { word-break: keep-all; } td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.reason { min-width: 12em; } .no { font-weight: bold; margin-right: .3em; } .note { color: #555; font-size: 9.5pt; }
.provisional { color: #8a4b00; } tr { break-inside: avoid; } thead { display: table-header-group; }
@media screen and (max-width: 560px) {  /* a phone: one criterion a block, each number with its label */
  table.lost thead { display: none; } table.lost, table.lost tbody, table.lost tfoot { display: block; }
  table.lost tr { display: block; border: 1px solid #bbb; margin: 0 0 .6em; padding: .3em .5em; }
  table.lost td, table.lost th { display: inline-block; border: 0; padding: 0 .6em 0 0; }
  table.lost td.criterion, table.lost td.reason { display: block; padding: .2em 0; }
  table.lost td[data-label]::before { content: attr(data-label) " "; color: #555; }
}
"""


def _criterion(s: dict, d: dict, lang: str) -> str:
    text = s["names"].get(d["id"], {}).get(lang, "")
    no = f'<span class="no">{e(d["number"])}</span>' if d["number"] else f"<code>{e(d['id'])}</code> "
    return f"{no}{e(text)}"


def _table(s: dict, lang: str, W: dict) -> str:
    if not s["lost"]:
        return f'<p class="none">{e(W["fb_none"])}</p>'
    rows = "".join(
        f'<tr><td class="criterion">{_criterion(s, d, lang)}</td><td class="n" data-label="{e(W["points"])}">'
        f'{d["points"]:g}</td><td class="n" data-label="{e(W["fb_self"])}">{d["self"]:g}</td><td class="n" '
        f'data-label="{e(W["fb_final_col"])}">{d["final"]:g}</td><td class="n lost" data-label="{e(W["fb_lost"])}">'
        f'−{d["lost"]:g}</td><td class="reason" data-label="{e(W["fb_reason"])}">{e(d["reason"] or W["no_reason"])}'
        f'</td></tr>' for d in s["lost"])
    total = sum(d["lost"] for d in s["lost"])
    return (f'<p>{e(W["fb_intro"])}</p><div class="scroll"><table class="lost"><thead><tr><th>{e(W["criterion"])}</th>'
            f'<th class="n">{e(W["points"])}</th><th class="n">{e(W["fb_self"])}</th><th class="n">'
            f'{e(W["fb_final_col"])}</th><th class="n">{e(W["fb_lost"])}</th><th>{e(W["fb_reason"])}</th></tr></thead>'
            f'<tbody>{rows}</tbody><tfoot><tr><th colspan="4">{e(W["fb_total_lost"])}</th>'
            f'<td class="n">−{round(total, 6):g}</td><td></td></tr></tfoot></table></div>')


def meta_lines(s: dict, lang: str, W: dict) -> list[tuple[str, str]]:
    """(label, value) pairs at the head of a sheet (the DOCX sheet shows the same)."""
    status = W["status_" + s["status"]] + (f' ({W["provisional"]})' if s["provisional"] else "")
    own = "—" if s["self"] is None else f'{s["self"]:g}'
    return [(W["fb_unit"], s["unit"]), (W["period"], s["period"]), (W["status"], status),
            (W["fb_self"], own), (W["fb_final"].format(column=s["column_title"][lang]), f'{s["final"]:g}'),
            (W["rank"], W["fb_rank"].format(rank=s["rank"], n=s["units"]))]


def to_html(s: dict, lang: str = "zh") -> str:
    W = load_labels()[lang]["report"]
    sep = "：" if lang == "zh" else ": "
    meta = "".join(f'<p class="meta">{e(k)}{sep}<b>{e(v)}</b></p>' for k, v in meta_lines(s, lang, W))
    head = e(W["fb_title"].format(card=s["title"][lang]))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{head} {e(s["unit"])} '
            f'{e(s["period"])}</title><style>{CSS}</style></head><body><h1>{head}</h1>{meta}{_table(s, lang, W)}'
            f'<p class="note signed">{signed(s, W)}</p></body></html>\n')

"""The scorecard as an XLSX workbook (XlsxWriter): the same rows as the HTML form, formulas for
task/domain/grand totals per score column (with cached values), data validation 0..points in the
card's score step with a Chinese/English message, input cells unlocked on a protected sheet,
A4 landscape, header rows repeated, fit to page width. The last column holds each row's stable id.
"""
from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..model import Scorecard, Standards
from .common import fmt_points, load_labels
from .forms import HEADER_FIELDS, rows


def _lines(text: str, width: int) -> int:
    """Lines a wrapped cell needs (CJK characters are two units wide); viewers do not autofit."""
    n = 0
    for para in text.split("\n"):
        units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in para)
        n += max(1, -(-units // width))
    return n


def workbook(standards: Standards, card: Scorecard, lang: str, criteria_filter=None, subtitle: str = "") -> bytes:
    L = load_labels()[lang]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"title": card.title[lang], "subject": f"{card.id} {card.edition}",
                       "comments": f"pingan-scorecard/1 card={card.id} edition={card.edition} lang={lang}"})
    font = "Microsoft YaHei" if lang == "zh" else "Calibri"
    base = {"font_name": font, "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
    f = {
        "title": wb.add_format({"font_name": font, "bold": True, "font_size": 14}),
        "meta": wb.add_format({"font_name": font, "font_color": "#555555"}),
        "label": wb.add_format({"font_name": font, "bold": True}),
        "input_line": wb.add_format({"font_name": font, "locked": False, "bottom": 1}),
        "head": wb.add_format({**base, "bold": True, "bg_color": "#EEEEEE", "align": "center", "valign": "vcenter"}),
        "domain": wb.add_format({**base, "bold": True, "bg_color": "#F3E5E5"}),
        "task": wb.add_format({**base, "bold": True, "bg_color": "#FAFAFA"}),
        "text": wb.add_format(base),
        "num": wb.add_format({**base, "align": "center", "num_format": "0.##"}),
        "input": wb.add_format({**base, "align": "center", "num_format": "0.##", "locked": False,
                                "bg_color": "#FFFDE7"}),
        "notes": wb.add_format({**base, "locked": False, "bg_color": "#FFFDE7"}),
        "total": wb.add_format({**base, "bold": True, "align": "center", "num_format": "0.##"}),
        "total_label": wb.add_format({**base, "bold": True}),
        "id": wb.add_format({**base, "font_size": 8, "font_color": "#777777"}),
    }
    ws = wb.add_worksheet(card.id[:31])
    cols = card.columns
    ncol = len(cols)
    c_no, c_text, c_pts = 0, 1, 2
    c_first = 3
    c_notes = c_first + ncol
    c_id = c_notes + 1
    ws.set_column(c_no, c_no, 6)
    ws.set_column(c_text, c_text, 60)
    ws.set_column(c_pts, c_pts, 6)
    ws.set_column(c_first, c_first + ncol - 1, 12)
    ws.set_column(c_notes, c_notes, 24)
    ws.set_column(c_id, c_id, 16)

    title = card.title[lang] + (f" · {subtitle}" if subtitle else "")
    ws.merge_range(0, 0, 0, c_id, title, f["title"])
    ws.write(1, 0, f"{L['total']} {fmt_points(card.total_points)} {L['pts']} · {L['edition']} {card.edition} · {card.id}",
             f["meta"])
    for i, field in enumerate(HEADER_FIELDS):
        r, c = 2 + i // 2, (i % 2) * 3
        ws.write(r, c if c else 0, L["header_" + field.replace("-", "_")], f["label"])
        ws.merge_range(r, c + 1, r, c + 2, "", f["input_line"])
    head = 5
    ws.set_row(head, 30)
    ws.write_row(head, 0, [L["number"], L["criterion"], L["points"], *[c.title[lang] for c in cols], L["notes_col"],
                           "ID"], f["head"])
    ws.repeat_rows(head)
    ws.freeze_panes(head + 1, 0)

    step = card.score_step
    r = head + 1
    task_rows: dict[str, list[int]] = {}
    total_rows: dict[str, int] = {}  # task/domain id → the row of its subtotal
    domain_tasks: dict[str, list[str]] = {}
    cur_domain = None
    the_rows = rows(card, lang, criteria_filter)
    for row in the_rows:
        if row.kind == "domain":
            cur_domain = row.id
            ws.merge_range(r, 0, r, c_notes, f"{row.number}. {row.text}（{fmt_points(row.points)}{L['pts']}）",
                           f["domain"])
            ws.write(r, c_id, row.id, f["id"])
        elif row.kind == "task":
            ws.write(r, 0, row.number, f["task"])
            ws.merge_range(r, 1, r, c_notes, f"{row.text}（{fmt_points(row.points)}{L['pts']}）", f["task"])
            ws.write(r, c_id, row.id, f["id"])
            domain_tasks.setdefault(cur_domain or "", []).append(row.id)
        elif row.kind == "criterion":
            c = row.criterion
            text = row.text
            if c.conditions:
                text += "\n" + "\n".join(f"{i}. {x.text[lang]}" for i, x in enumerate(c.conditions, 1))
            if c.kind == "outcome":
                text += f"\n（{L['met']} = {fmt_points(c.points)}，{L['not_met']} = 0）" if lang == "zh" else \
                    f"\n({L['met']} = {fmt_points(c.points)}, {L['not_met']} = 0)"
            ws.write(r, 0, row.number, f["text"])
            ws.write(r, 1, text, f["text"])
            ws.write_number(r, 2, c.points, f["num"])
            for j in range(ncol):
                ws.write_blank(r, c_first + j, None, f["input"])
                cell = xl_rowcol_to_cell(r, c_first + j)
                if c.kind == "outcome":
                    rule = f"=OR({cell}=0,{cell}={fmt_points(c.points)})"
                    msg = (f"{L['met']}：{fmt_points(c.points)}；{L['not_met']}：0" if lang == "zh"
                           else f"{L['met']}: {fmt_points(c.points)}; {L['not_met']}: 0")
                else:
                    rule = (f"=AND(ISNUMBER({cell}),{cell}>=0,{cell}<={fmt_points(c.points)},"
                            f"MOD({cell}/{fmt_points(step)},1)=0)")
                    msg = (L["invalid_range"].format(max=fmt_points(c.points)) + "；" +
                           L["invalid_step"].format(step=fmt_points(step))) if lang == "zh" else (
                        L["invalid_range"].format(max=fmt_points(c.points)) + "; " +
                        L["invalid_step"].format(step=fmt_points(step)).lower())
                ws.data_validation(r, c_first + j, r, c_first + j, {
                    "validate": "custom", "value": rule, "ignore_blank": True,
                    "input_title": f"0–{fmt_points(c.points)}"[:32], "input_message": msg[:255],
                    "error_title": (L["points"] + " " + fmt_points(c.points))[:32], "error_message": msg[:255],
                    "error_type": "stop"})
            ws.write_blank(r, c_notes, None, f["notes"])
            ws.write(r, c_id, c.id, f["id"])
            ws.set_row(r, 14 * _lines(text, 60))
            task_rows.setdefault(row.task.id, []).append(r)
        elif row.kind == "task-total":
            rs = task_rows[row.id]
            ws.write(r, 1, f"{L['subtotal']} {row.number}", f["total_label"])
            ws.write_number(r, 2, row.points, f["total"])
            for j in range(ncol):
                col = xl_col_to_name(c_first + j)
                ws.write_formula(r, c_first + j, f"=SUM({col}{rs[0] + 1}:{col}{rs[-1] + 1})", f["total"], 0)
            ws.write_blank(r, c_notes, None, f["text"])
            ws.write(r, c_id, f"total--{row.id}", f["id"])
            total_rows[row.id] = r
        elif row.kind == "domain-total":
            ws.write(r, 1, f"{L['subtotal']} {row.number}. {row.text}", f["total_label"])
            ws.write_number(r, 2, row.points, f["total"])
            for j in range(ncol):
                col = xl_col_to_name(c_first + j)
                refs = ",".join(f"{col}{total_rows[t] + 1}" for t in domain_tasks[row.id])
                ws.write_formula(r, c_first + j, f"=SUM({refs})", f["total"], 0)
            ws.write_blank(r, c_notes, None, f["text"])
            ws.write(r, c_id, f"total--{row.id}", f["id"])
            total_rows[row.id] = r
        elif row.kind == "grand-total":
            parts = [d for d in domain_tasks if d] if card.has_domains else list(task_rows)
            ws.write(r, 1, L["grand_total"], f["total_label"])
            ws.write_number(r, 2, row.points, f["total"])
            for j in range(ncol):
                col = xl_col_to_name(c_first + j)
                refs = ",".join(f"{col}{total_rows[p] + 1}" for p in parts)
                ws.write_formula(r, c_first + j, f"=SUM({refs})", f["total"], 0)
            ws.write_blank(r, c_notes, None, f["text"])
            ws.write(r, c_id, f"total--{row.id}", f["id"])
        r += 1

    # sign-off block, kept together on the last page
    r += 1
    ws.write(r, 1, L["signoff"], f["label"])
    r += 1
    for j, col in enumerate(cols):
        first = j == 0
        lines = [col.title[lang], (L["signoff_self_unit"] if first else L["signoff_review_unit"]) + "：",
                 (L["signoff_self_person"] if first else L["signoff_review_person"]) + "：", L["signoff_date"] + "："]
        for k, text in enumerate(lines):
            ws.write(r + j * 5 + k, 1, text, f["label"] if k == 0 else f["meta"])
    last = r + len(cols) * 5

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.print_area(0, 0, last, c_id)
    footer = "&C第 &P 页 / 共 &N 页" if lang == "zh" else "&CPage &P of &N"
    ws.set_footer(footer)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    wb.close()
    return buf.getvalue()

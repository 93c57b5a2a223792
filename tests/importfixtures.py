"""Documents the project makes from its own cards, as a county would publish them: the card's table in
Word (python-docx, merged cells as in the original 附件2: 项目, 序号, 工作任务 and 责任主体 merged over
their rows, criteria with their points written after them "…（7分）", two criteria sharing a cell,
the table continued on a new page with its header repeated), in Excel (openpyxl, the same merges in
one sheet) and, through LibreOffice, as .doc."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from office import soffice


@dataclass
class Layout:
    """Segments of rows (a new page between segments); each row a list of cell texts; merges as
    (segment, first row, column, last row) — vertical only, as the original's."""
    header: list[str]
    segments: list[list[list[str]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    before: list[str] = field(default_factory=list)


def _units(names: list[str], related: bool) -> str:
    return "、".join(names) + ("及有关职能单位" if related else "")


def _cells_of(task, points_column: bool) -> list[tuple[str, list]]:
    """(cell text, criteria) per criteria cell: the first two criteria of a task of three or more share one."""
    crits = list(task.criteria)
    groups = [crits[:2], *[[c] for c in crits[2:]]] if len(crits) >= 3 and not points_column else [[c] for c in crits]
    sep = "，"
    if points_column:
        return [(g[0].text.zh, g) for g in groups]
    return [(sep.join(f"{c.text.zh}（{c.points:g}分）" for c in g), g) for g in groups]


def card_layout(card, standards, points_column: bool = False, split_after: int = 3) -> Layout:
    name = lambda u: standards.unit(u).name.zh  # noqa: E731
    header = ["序号", "项目", "工作任务", "工作指引", "责任主体"]
    if points_column:
        header = ["序号", "项目", "工作任务", "评分标准", "分值", "责任单位"]
    lay = Layout(header + [c.title.zh for c in card.columns],
                 before=[f"附件{card.annex}" if card.annex else "", f"{card.title.zh}（{card.total_points:g}分）"])
    domains = card.domains or [None]
    for i, d in enumerate(domains):
        if not lay.segments or (i and i % split_after == 0):
            lay.segments.append([])
        _domain_rows(lay, d, d.tasks if d else card.tasks, points_column, name)
    _sections(lay, card, points_column)
    return lay


def _sections(lay: Layout, card, points_column: bool) -> None:
    """The card's 加分项, 扣分项 and 一票否决 rows at the end of the table, the section's name merged
    over its rows in the 项目 column."""
    seg, s = lay.segments[-1], len(lay.segments) - 1
    parts = []
    if card.bonus:
        parts.append((f"加分项（最高加{card.bonus.cap:g}分）", [(b.text.zh, b.points) for b in card.bonus.items]))
    if card.penalties:
        parts.append(("扣分项", [(p.text.zh, None) for p in card.penalties]))
    if card.vetoes:
        parts.append(("一票否决项", [(v.text.zh, None) for v in card.vetoes]))
    for title, items in parts:
        first = len(seg)
        for k, (text, pts) in enumerate(items):
            row = [""] * len(lay.header)
            row[1] = title if k == 0 else ""
            row[3] = text if points_column or pts is None else f"{text}（{pts:g}分）"
            if points_column and pts is not None:
                row[4] = f"{pts:g}"
            seg.append(row)
        lay.merges.append((s, first, 1, len(seg) - 1))


def _domain_rows(lay: Layout, d, tasks, points_column: bool, name) -> None:
    seg = lay.segments[-1]
    s = len(lay.segments) - 1
    d_first = len(seg)
    units_at, units_text = None, None
    ucol = len(lay.header) - len([h for h in lay.header if "得分" in h]) - 1
    for t in tasks:
        t_first = len(seg)
        own = any(c.own_units and c.units != t.units for c in t.criteria)
        task_units = _units([name(u) for u in t.units], t.related_units)
        for k, (text, group) in enumerate(_cells_of(t, points_column)):
            row = [""] * len(lay.header)
            if k == 0:
                row[0], row[2] = t.number, f"{t.title.zh}\n（{t.points:g}分）"
                row[1] = f"{d.title.zh}\n（{d.points:g}分）" if d and len(seg) == d_first else ""
            row[3] = text
            if points_column:
                row[4] = f"{group[0].points:g}"
            if own:
                row[ucol] = _units([name(u) for u in group[0].units], t.related_units)
            elif k == 0 and task_units != units_text:
                row[ucol] = task_units
            seg.append(row)
        lay.merges += [(s, t_first, 0, len(seg) - 1), (s, t_first, 2, len(seg) - 1)]
        if not own:
            if task_units != units_text:
                if units_at is not None:
                    lay.merges.append((s, units_at, ucol, t_first - 1))
                units_at, units_text = t_first, task_units
        else:
            if units_at is not None:
                lay.merges.append((s, units_at, ucol, t_first - 1))
            units_at, units_text = None, None
    if units_at is not None:
        lay.merges.append((s, units_at, ucol, len(seg) - 1))
    if d is not None:
        lay.merges.append((s, d_first, 1, len(seg) - 1))


def write_docx(lay: Layout, path: Path) -> Path:
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    for p in lay.before:
        if p:
            doc.add_paragraph(p)
    for s, rows in enumerate(lay.segments):
        if s:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = doc.add_table(rows=len(rows) + 1, cols=len(lay.header))
        table.style = "Table Grid"
        n = len(lay.header)
        grid = table._cells  # table.cell(r, c) would work the whole grid out again at every call
        cell = lambda r, k, grid=grid, n=n: grid[r * n + k]  # noqa: E731
        for k, h in enumerate(lay.header):
            cell(0, k).text = h
        flag = OxmlElement("w:tblHeader")
        table.rows[0]._tr.get_or_add_trPr().append(flag)
        assert flag.tag == qn("w:tblHeader")
        for r, row in enumerate(rows, 1):
            for k, text in enumerate(row):
                if text:
                    cell(r, k).text = text
        for seg, r0, col, r1 in lay.merges:
            if seg == s and r1 > r0:
                keep = cell(r0 + 1, col).text
                merged = cell(r0 + 1, col).merge(cell(r1 + 1, col))
                merged.text = keep  # python-docx joins the texts of merged cells: keep the first only
    doc.add_paragraph()  # Word ends a document with a paragraph, never a table (LibreOffice's .doc export needs it)
    doc.save(path)
    return path


def write_xlsx(lay: Layout, path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核细则"
    r = 1
    for p in lay.before:
        if p:
            ws.cell(r, 1, p)
            r += 1
    for s, rows in enumerate(lay.segments):
        for k, h in enumerate(lay.header, 1):
            ws.cell(r, k, h)  # the header, repeated before each page's rows
        r += 1
        top = r
        for row in rows:
            for k, text in enumerate(row, 1):
                if text:
                    ws.cell(r, k, float(text) if text.replace(".", "", 1).isdigit() else text)
            r += 1
        for seg, r0, col, r1 in lay.merges:
            if seg == s and r1 > r0:
                ws.merge_cells(start_row=top + r0, start_column=col + 1, end_row=top + r1, end_column=col + 1)
    wb.save(path)
    return path


def to_doc(docx_path: Path, workdir: Path) -> Path:
    """The .docx saved by LibreOffice as a Word 97 .doc."""
    profile = workdir / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc",
                    "--outdir", str(workdir), str(docx_path)], check=True, capture_output=True, timeout=600)
    out = workdir / (docx_path.stem + ".doc")
    assert out.is_file(), "LibreOffice wrote no .doc"
    return out


CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    return f"十{CN[n - 11]}" if n < 20 else f"{CN[n // 10 - 1]}十{CN[n % 10 - 1] if n % 10 else ''}"


def card_text(card, form: str = "txt") -> str:
    """The card written as paragraphs: 一、domain（N分）, （一）task（N分） (一、task on a card without
    domains), then one line per criterion, "1.…（N分）"; as plain text, Markdown headings or HTML."""
    head = {"txt": ("{}", "{}", "{}"), "md": ("# {}", "## {}", "### {}"),
            "html": ("<h1>{}</h1>", "<h2>{}</h2>", "<h3>{}</h3>")}[form]
    para = "<p>{}</p>" if form == "html" else "{}"
    lines = [head[0].format(f"{card.title.zh}（{card.total_points:g}分）")]
    groups = [(d, d.tasks) for d in card.domains] or [(None, card.tasks)]
    n = 0
    for i, (d, tasks) in enumerate(groups, 1):
        if d is not None:
            lines.append(head[1].format(f"{_cn(i)}、{d.title.zh}（{d.points:g}分）"))
        for t in tasks:
            n += 1
            mark = f"（{_cn(n)}）" if d is not None else f"{_cn(n)}、"
            lines.append(head[2 if d is not None else 1].format(f"{mark}{t.title.zh}（{t.points:g}分）"))
            lines += [para.format(f"{k}.{c.text.zh}（{c.points:g}分）") for k, c in enumerate(t.criteria, 1)]
    text = "\n".join(lines) + "\n"
    return f"<html><body>{text}</body></html>" if form == "html" else text

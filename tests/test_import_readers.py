"""The readers of `pingan import`: a .docx's real cells (a merged cell once with its span, where
python-docx's rows repeat it), nested tables, content controls, tracked deletions; workbooks' merged
ranges; web pages' rowspan/colspan and GBK text; Markdown tables; and, through LibreOffice (slow), the
county card as .doc, .wps and .xls."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, run_pingan
from generator.importer.layout import parts
from generator.importer.read_docx import read_docx
from generator.importer.read_sheets import read_xlsx
from generator.importer.read_text import read_html, read_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str) -> bytes:
    """A real .docx (python-docx's template) whose body is ``body``."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = f'<w:document {W}><w:body>{body}</w:body></w:document>'.encode()
            z.writestr(item, data)
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_docx_cells_are_read_once_with_their_span_where_python_docx_repeats_them():
    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for k in range(3):
            t.cell(r, k).text = f"{r}{k}"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "竖"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "横"
    buf = io.BytesIO()
    d.save(buf)
    # python-docx repeats a merged cell at every position it covers
    assert [c.text for c in t.rows[0].cells] == ["00", "横", "横"]
    (table,) = read_docx(buf.getvalue()).tables
    assert [(c.text, c.row, c.col, c.rows, c.cols) for c in table.cells] == [
        ("00", 0, 0, 1, 1), ("横", 0, 1, 1, 2), ("竖", 1, 0, 2, 1), ("11", 1, 1, 1, 1), ("12", 1, 2, 1, 1),
        ("21", 2, 1, 1, 1), ("22", 2, 2, 1, 1)]
    assert table.where(table.cells[2]) == "表1第2行第1列"


def test_docx_xml_details():
    body = (
        _p("标题")
        + "<w:tbl>"
        + '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + _tc("序号") + _tc("评分标准") + _tc("分值") + "</w:tr>"
        # a restart, and a continuation that (unusually) holds text: kept, not dropped
        + "<w:tr>" + _tc("1", '<w:vMerge w:val="restart"/>') + _tc("甲（2分）") + _tc("2") + "</w:tr>"
        + "<w:tr>" + _tc("续", "<w:vMerge/>") + _tc("乙") + _tc("3") + "</w:tr>"
        # a row starting one grid column in (w:gridBefore), a cell inside a content control
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:sdt><w:sdtContent>' + _tc("丙")
        + "</w:sdtContent></w:sdt>" + _tc("4") + "</w:tr>"
        # a nested table, and deleted text (a tracked change) that is not part of the document
        + "<w:tr>" + _tc("2")
        + '<w:tc><w:p><w:r><w:t>丁</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>'
        + "<w:tbl><w:tr>" + _tc("内1") + _tc("内2") + "</w:tr></w:tbl><w:p/></w:tc>" + _tc("5") + "</w:tr>"
        + "</w:tbl>")
    doc = read_docx(_docx(body))
    (table,) = doc.tables
    assert doc.paragraphs[0].text == "标题"
    assert table.header_rows == (0,)
    cells = {(c.row, c.col): c for c in table.cells}
    assert (cells[1, 0].text, cells[1, 0].rows) == ("1\n续", 2)
    assert (cells[3, 1].text, cells[3, 2].text) == ("丙", "4") and (3, 0) not in cells
    assert cells[4, 1].text == "丁\n内1 内2" and cells[4, 1].nested == 1


def test_a_table_continued_on_a_new_page_is_one_table_and_its_repeated_header_is_skipped():
    head = "<w:tr>" + _tc("序号") + _tc("工作任务") + _tc("评分标准") + _tc("分值") + "</w:tr>"
    row = lambda n, text, pts: "<w:tr>" + _tc(n) + _tc(f"任务{n}") + _tc(text) + _tc(pts) + "</w:tr>"  # noqa: E731
    body = (_p("某县考核细则") + f"<w:tbl>{head}{row('1', '甲', '2')}{head}{row('2', '乙', '3')}</w:tbl>"
            + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            + f"<w:tbl>{head}{row('3', '丙', '4')}</w:tbl>" + f"<w:tbl>{row('4', '丁', '1')}</w:tbl>")
    (part,), skipped = parts(read_docx(_docx(body)))
    assert len(part.tables) == 3 and skipped == []
    from generator.importer.tablecard import read_part

    card = read_part(part)
    assert [(t.number, t.title, t.points) for t in card.tasks] == [
        ("1", "任务1", 2), ("2", "任务2", 3), ("3", "任务3", 4), ("4", "任务4", 1)]
    assert ("表1第3行", "the header again (a new page): skipped") in card.log


def test_xlsx_merged_ranges_and_values():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["B4"], ws["C4"], ws["C5"] = "项目", "评分标准", "组织", "甲", 2.0
    ws.merge_cells("B4:B5")
    wb.create_sheet("隐藏").sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    doc = read_xlsx(buf.getvalue())
    (table,) = doc.tables
    assert [(c.text, c.row, c.col, c.rows) for c in table.cells] == [
        ("项目", 2, 1, 1), ("评分标准", 2, 2, 1), ("组织", 3, 1, 2), ("甲", 3, 2, 1), ("2", 4, 2, 1)]
    assert table.where(table.cells[2]) == "表1（Sheet）第4行第2列"  # as Excel counts: row 4, column B
    assert doc.notes == ("sheet '隐藏' is hidden: not read",)


def test_html_spans_and_gbk_pages():
    page = ('<html><head><meta charset="gbk"></head><body><p>前言</p><table>'
            '<tr><th>序号</th><th colspan="2">内容</th></tr><tr><td rowspan="2">1</td><td>甲</td><td>乙</td></tr>'
            '<tr><td>丙</td><td>丁</td></tr></table></body></html>').encode("gbk")
    doc = read_html(page)
    (table,) = doc.tables
    assert doc.paragraphs[0].text == "前言"
    assert [(c.text, c.row, c.col, c.rows, c.cols) for c in table.cells] == [
        ("序号", 0, 0, 1, 1), ("内容", 0, 1, 1, 2), ("1", 1, 0, 2, 1), ("甲", 1, 1, 1, 1), ("乙", 1, 2, 1, 1),
        ("丙", 2, 1, 1, 1), ("丁", 2, 2, 1, 1)]


def test_markdown_and_text():
    md = "# 考核细则\n\n| 序号 | 评分标准 | 分值 |\n| --- | --- | --- |\n| 1 | 甲 | 2 |\n".encode()
    doc = read_text(md, markdown=True)
    assert doc.paragraphs[0].text == "考核细则" and doc.paragraphs[0].level == 1
    assert [c.text for c in doc.tables[0].cells] == ["序号", "评分标准", "分值", "1", "甲", "2"]
    assert [p.text for p in read_text("第一行\r\n\r\n第二行".encode("gbk")).paragraphs] == ["第一行", "第二行"]


@pytest.fixture(scope="module")
def county_docx(tmp_path_factory, standards):
    from importfixtures import card_layout, write_docx

    d = tmp_path_factory.mktemp("lo")
    return write_docx(card_layout(standards.get("county"), standards), d / "附件2.docx")


@pytest.mark.slow
def test_county_card_as_doc_and_wps_through_libreoffice(tmp_path, standards, county_docx):
    """Word 97 .doc (LibreOffice saved it), and the same file named .wps: LibreOffice converts both back."""
    from importfixtures import to_doc
    from test_import import compare, imported

    doc = to_doc(county_docx, tmp_path)
    wps = shutil.copy(doc, tmp_path / "附件2.wps")
    proj = tmp_path / "project"
    shutil.copytree(ROOT / "standards", proj / "standards")
    for src, note in ((doc, "converted from doc by LibreOffice"), (wps, "WPS's own extensions, if any, are lost")):
        proc = run_pingan("import", str(src), "--id", f"c{Path(src).suffix[1:]}", "--place", "zezhou", cwd=proj)
        assert proc.returncode == 1, proc.stderr
        assert note in proc.stdout
        n, diffs = compare(standards.get("county"), imported(proj, f"c{Path(src).suffix[1:]}")[1][0])
        print(f"\ncounty from {Path(src).suffix}: {n} criteria, {len(diffs)} differences", *diffs, sep="\n")
        assert diffs == []
    assert run_pingan("import", str(tmp_path / "no.doc"), cwd=proj).returncode == 2


@pytest.mark.slow
def test_county_card_as_xls_through_libreoffice(tmp_path, standards):
    import subprocess

    from importfixtures import card_layout, write_xlsx
    from office import soffice
    from test_import import compare, imported

    xlsx = write_xlsx(card_layout(standards.get("county"), standards), tmp_path / "附件2.xlsx")
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                    "xls", "--outdir", str(tmp_path / "x"), str(xlsx)], check=True, capture_output=True, timeout=600)
    proj = tmp_path / "project"
    shutil.copytree(ROOT / "standards", proj / "standards")
    proc = run_pingan("import", str(tmp_path / "x" / "附件2.xls"), "--id", "cx", "--place", "zezhou", cwd=proj)
    assert proc.returncode == 1, proc.stderr
    n, diffs = compare(standards.get("county"), imported(proj, "cx")[1][0])
    assert diffs == [], diffs


def test_the_county_fixture_merges_cells_as_the_original_does(county_docx, standards):
    """What the rendered fixture shows (项目 merged over its tasks, one 责任主体 cell for tasks 39–44) is
    what the reader sees: one cell each, covering those rows."""
    (part,), _ = parts(read_docx(county_docx.read_bytes()))
    first = part.tables[0]
    domain = next(c for c in first.cells if c.text.startswith("平安建设工作机制健全"))
    # one row per criterion, the first two of a task of three or more sharing a cell
    crit_rows = sum(len(t.criteria) - (len(t.criteria) >= 3) for t in standards.get("county").domains[0].tasks)
    assert (domain.col, domain.rows) == (1, crit_rows)
    last = part.tables[-1]
    shared = [c for c in last.cells if c.col == 4 and c.text.startswith("县委政法委及有关职能单位")]
    tasks = [t for t in standards.get("county").tasks if 39 <= int(t.number) <= 44]
    assert len(shared) == 1 and shared[0].rows == sum(len(t.criteria) for t in tasks)

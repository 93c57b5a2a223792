"""`pingan import`: the project's own cards written as a county publishes them (Word with merged cells,
Excel) come back, criterion by criterion, with their points and rules; the original is kept byte for
byte with its checksum; the report lists every row, every sum and every rule, and the exit status
says whether a person must look; hostile and broken files get one line and exit 2."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_pingan
from generator.importer.compare import differences
from generator.model.assemble import Reader
from importfixtures import card_layout, write_docx, write_xlsx


@pytest.fixture
def pingan(capsys, monkeypatch):
    """The real command, run in this process (quicker than a subprocess for many small runs):
    (exit status, standard output, standard error)."""
    from generator.cli import main

    def run(*args: str, cwd: Path):
        monkeypatch.chdir(cwd)
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def project(tmp_path: Path, src: Path = ROOT) -> Path:
    """A copy of a project's standards, free to import into."""
    dest = tmp_path / "project"
    shutil.copytree(src / "standards", dest / "standards")
    return dest


def draft_file(proj: Path, draft: str) -> Path:
    """Where `pingan import` writes a new card's draft (an edition's: drafts/ID-EDITION.yaml)."""
    edition = proj / "drafts" / f"{draft}.yaml"
    return edition if edition.is_file() else proj / "standards" / "scorecards" / f"{draft}.yaml"


def imported(proj: Path, draft: str) -> tuple:
    path = draft_file(proj, draft)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = Reader(path.relative_to(proj).as_posix()).items(data)
    return data, items["scorecards"]


def compare(seed, card) -> tuple[int, list[str]]:
    """Criterion by criterion (in order): text, number, points, kind, rules and units."""
    out = []
    assert len(seed.criteria) == len(card.criteria)
    for a, b in zip(seed.criteria, card.criteria, strict=True):
        said = {"text": (a.text.zh, b.text.zh), "number": (a.number, b.number), "units": (a.units, b.units)}
        out += [f"{a.id}: {d}" for d in differences(a, b, said)]
    return len(seed.criteria), out


def _agreement(n, diffs) -> float:
    return 1 - len({d.split(":")[0] for d in diffs}) / n


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_county_card_comes_back_criterion_by_criterion(tmp_path, standards, fmt):
    seed = standards.get("county")
    src = (write_docx if fmt == "docx" else write_xlsx)(card_layout(seed, standards), tmp_path / f"附件2.{fmt}")
    proj = project(tmp_path)
    proc = run_pingan("import", str(src), "--id", "zz", "--place", "zezhou", "--level", "county", cwd=proj)
    assert proc.returncode == 1, proc.stderr  # a veto written in a criterion's text: a person checks it
    data, (card,) = imported(proj, "zz")
    n, diffs = compare(seed, card)
    print(f"\ncounty from {fmt}: {n} criteria, agreement {_agreement(n, diffs):.1%}", *diffs, sep="\n")
    assert diffs == []
    assert [(d.title.zh, d.points) for d in card.domains] == [(d.title.zh, d.points) for d in seed.domains]
    assert [(t.number, t.title.zh, t.points, t.units, t.related_units) for t in card.tasks] == [
        (t.number, t.title.zh, t.points, t.units, t.related_units) for t in seed.tasks]
    assert card.total_points == 600 and [c.title.zh for c in card.columns] == ["单位自评得分", "县审核得分"]
    assert data["scorecards"][0]["draft"] is True and data["sources"][0]["draft"] is True
    # the one veto a criterion's text names (county-t5-c2) is a card veto in the draft, for a person to check
    assert [v.source.at for v in card.vetoes] == [card.criteria[9].source.at]
    assert "the text names a veto (一票否决): written as a card veto, check it" in proc.stdout
    assert "units matched: 23, proposed: 0" in proc.stdout and "DIFF" not in proc.stdout


def test_town_and_village_cards(tmp_path, standards):
    proj = project(tmp_path)
    for cid in ("town", "village"):
        seed = standards.get(cid)
        src = write_docx(card_layout(seed, standards), tmp_path / f"{cid}.docx")
        proc = run_pingan("import", str(src), "--id", f"x{cid}", "--place", "zezhou", cwd=proj)
        assert proc.returncode == 0, proc.stdout + proc.stderr  # nothing for a person to look at
        assert proc.stdout.rstrip().endswith("clean: nothing needs a person (the English translation aside)")
        n, diffs = compare(seed, imported(proj, f"x{cid}")[1][0])
        print(f"\n{cid}: {n} criteria, agreement {_agreement(n, diffs):.1%}", *diffs, sep="\n")
        assert _agreement(n, diffs) >= 0.95
    # the town card's two criteria that also name an outcome (不发生…) are read as outcomes
    assert diffs == [] and n == 16


def test_original_kept_byte_for_byte_with_its_checksum_and_the_project_still_checks(tmp_path, standards):
    src = write_docx(card_layout(standards.get("village"), standards), tmp_path / "村.docx")
    proj = project(tmp_path)
    assert run_pingan("import", str(src), "--id", "vv", "--place", "zezhou", cwd=proj).returncode == 0
    data, _ = imported(proj, "vv")
    file = data["sources"][0]["file"]
    copy = proj / "standards" / file
    assert copy.read_bytes() == src.read_bytes()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert f"{digest}  {copy.name}" in (copy.parent / "SHA256SUMS").read_text().splitlines()
    assert run_pingan("check", cwd=proj).returncode == 0  # the draft is in standards/, with warnings only
    # a second import of the same file keeps the one copy
    proc = run_pingan("import", str(src), "--id", "vv", "--place", "zezhou", cwd=proj)
    assert "(already there)" in proc.stdout
    assert (copy.parent / "SHA256SUMS").read_text().count(digest) == 1
    # every criterion says where it came from: a table row that is a block of the source
    blocks = {b["id"]: b["text"]["zh"] for b in data["sources"][0]["blocks"]}
    for d in data["scorecards"][0]["tasks"]:
        for c in d["criteria"]:
            assert c["text"]["zh"] in blocks[c["source"]["block"]], c["id"]


def test_every_rule_of_the_scoring_fixture(tmp_path):
    from generator.checks.project import load

    s = load(FIXTURES / "scoring").standards
    seed = s.get("rules")
    src = write_docx(card_layout(seed, s, points_column=True), tmp_path / "细则.docx")
    proj = project(tmp_path, FIXTURES / "scoring")
    proc = run_pingan("import", str(src), "--id", "r2", "--level", "town", "--format", "json", cwd=proj)
    assert proc.returncode == 1
    n, diffs = compare(seed, imported(proj, "r2")[1][0])
    print(f"\nrules: {n} criteria, agreement {_agreement(n, diffs):.1%}", *diffs, sep="\n")
    # what the card encodes beyond its text is listed, criterion by criterion
    assert {d.split(":")[0] for d in diffs} == {"rules-t1-c2", "rules-t2-c3", "rules-t3-c2", "rules-t3-c3"}
    card = imported(proj, "r2")[1][0]
    assert [(i.points) for i in card.bonus.items] == [2, 1.5] and card.bonus.cap == 3
    assert [(p.amount, p.cap) for p in card.penalties] == [(2, 6)]
    assert [(v.effect, v.amount) for v in card.vetoes] == [(v.effect, v.amount) for v in seed.vetoes]
    report = json.loads(proc.stdout)
    assert report["format"] == "pingan-import/1"
    todo = report["needs_attention"]
    assert any("every begun step counts" in t for t in todo) and any("set `grade`" in t for t in todo)
    assert all(s["ok"] for s in report["cards"][0]["sums"])


def test_point_sums_are_reported_not_fixed(tmp_path, standards):
    lay = card_layout(standards.get("village"), standards)
    lay.segments[0][0][3] = lay.segments[0][0][3].replace("（1分）", "（3分）", 1)  # the first criterion now says 3
    src = write_docx(lay, tmp_path / "村.docx")
    proj = project(tmp_path)
    proc = run_pingan("import", str(src), "--id", "vv", "--place", "zezhou", cwd=proj)
    assert proc.returncode == 1
    assert "  DIFF task 1 有强的党建: 3 / 5" in proc.stdout
    assert proc.stdout.rstrip().endswith("needs a person: 1 item(s)\n  - task 1 有强的党建: states 3, adds up to 5")
    data, (card,) = imported(proj, "vv")
    # as the document says: the task's 3 points, its first criterion's 3
    assert card.total_points == 25 and card.tasks[0].points == 3 and card.criteria[0].points == 3


def test_units_not_known_are_proposed(tmp_path, standards):
    lay = card_layout(standards.get("village"), standards)
    lay.segments[0][0][4] = "村（社区）党支部、村警务助理"
    src = write_docx(lay, tmp_path / "村.docx")
    proj = project(tmp_path)
    proc = run_pingan("import", str(src), "--id", "vv", "--place", "zezhou", cwd=proj)
    assert "new vv-unit1: 村警务助理" in proc.stdout
    data, (card,) = imported(proj, "vv")
    assert data["units"] == [{"id": "vv-unit1", "draft": True, "name": {"zh": "村警务助理", "en": ""},
                              "level": "village", "kind": "grassroots", "place": "zezhou"}]
    assert card.tasks[0].units == ("village-party-branch", "vv-unit1")
    # the proposed unit is a draft too: `pingan check` warns (exit 0) until it is linked and translated
    check = run_pingan("check", cwd=proj)
    assert check.returncode == 0, check.stderr
    assert "warning: unit vv-unit1 (村警务助理) was proposed by an import: give it a lasting id" in check.stderr


def _stored_xlsx(rows: int, dimension: bool) -> bytes:
    """A workbook of one sheet with ``rows`` rows (stored, not compressed: it is no zip bomb)."""
    ns = "http://schemas.openxmlformats.org/"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", f'<Types xmlns="{ns}package/2006/content-types"><Override '
                   f'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   f'spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="r1" '
                   f'Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   f'</Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/'
                   f'2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship '
                   f'Id="r1" Type="{ns}officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'</Relationships>')
        dim = f'<dimension ref="A1:A{rows}"/>' if dimension else ""
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<worksheet xmlns="{ns}spreadsheetml/2006/main">{dim}<sheetData>'.encode()
                   + b"<row><c><v>1</v></c></row>" * rows + b"</sheetData></worksheet>")
    return buf.getvalue()


def _docx_without_points(path: Path) -> Path:
    import docx

    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "考核内容", "评分标准"], ["1", "组织领导", "成立领导小组"],
                             ["2", "例会", "每季度召开例会"]]):
        for k, text in enumerate(row):
            t.cell(r, k).text = text
    d.save(path)
    return path


def test_unusable_inputs_get_one_line_and_exit_2(tmp_path, pingan):
    proj = project(tmp_path, FIXTURES / "mini")
    good = io.BytesIO()
    import docx

    docx.Document().save(good)
    cases = {
        "truncated.docx": (good.getvalue()[:300],
                           "not a DOCX document (not a zip file, or a damaged or truncated one)"),
        "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected (encrypted)"),
        "million.xlsx": (_stored_xlsx(10**6, True), "has 1,000,000 rows: more than the 20,000 a scorecard may have"),
        "undeclared.xlsx": (_stored_xlsx(10**6, False), "has more than 20,000 rows: not a scorecard"),
        "empty.txt": (b"", "the file is empty"),
        "notes.pdf": (b"%PDF-1.4", "cannot read .pdf files"),
        "prose.txt": ("平安建设工作要点\n一、加强组织领导".encode(), "no scoring table (no table has a header"),
    }
    for name, (data, _) in cases.items():
        (tmp_path / name).write_bytes(data)
    cases["nopoints.docx"] = (None, "no points: no points column (分值) and no points in the text")
    _docx_without_points(tmp_path / "nopoints.docx")
    for name, (_, message) in cases.items():
        code, out, err = pingan("import", str(tmp_path / name), cwd=proj)
        assert code == 2, (name, err)
        assert err.count("\n") == 1 and out == "", err
        assert err.startswith(f"{tmp_path / name}: ") and message in err, err
        assert not (proj / "drafts").exists() and not (proj / "standards" / "scorecards").exists()
    assert sorted(p.name for p in (proj / "standards" / "sources" / "originals").iterdir()) == ["sample.txt"]


def test_a_web_page_with_scripts_never_runs_them_nor_copies_them(tmp_path):
    page = """<html><head><title>考核细则</title><script>alert('head')</script></head><body>
    <h1>某县平安建设考核细则（10分）</h1><script>document.write('<p>注入</p>')</script>
    <table><tr><th>序号</th><th>考核内容</th><th>评分标准</th><th>分值</th></tr>
    <tr><td rowspan="2">1</td><td rowspan="2">例会<img src=x onerror="alert(1)"></td>
        <td>每季度召开例会，每少一次扣1分<script>alert(2)</script></td><td>4</td></tr>
    <tr><td>按时报送信息，&lt;b&gt;每迟报一次&lt;/b&gt;扣0.5分，最多扣3分</td><td>6</td></tr></table>
    <iframe src="https://example.invalid/"></iframe></body></html>"""
    src = tmp_path / "page.html"
    src.write_text(page, encoding="utf-8")
    proj = project(tmp_path, FIXTURES / "mini")
    proc = run_pingan("import", str(src), "--id", "web", cwd=proj)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = draft_file(proj, "web").read_text(encoding="utf-8")
    assert "alert" not in text and "注入" not in text and "onerror" not in text and "iframe" not in text
    data, (card,) = imported(proj, "web")
    assert [(c.points, [(d.amount, d.cap) for d in (c.deduction, *c.deductions) if d]) for c in card.criteria] == [
        (4, [(1, None)]), (6, [(0.5, 3)])]
    assert card.criteria[1].text.zh == "按时报送信息，<b>每迟报一次</b>扣0.5分，最多扣3分"  # text, as written
    assert "note: 4 script, frame or embedded object(s) left out (never run, never copied)" in proc.stdout


@pytest.mark.parametrize("form", ["txt", "md", "html"])
def test_a_standard_written_as_paragraphs(tmp_path, standards, pingan, form):
    """Without a table: headings 一、/（一） are domains and tasks, each numbered line a criterion."""
    from importfixtures import card_text

    proj = project(tmp_path)
    for cid in ("county", "town"):
        seed = standards.get(cid)
        src = tmp_path / f"{cid}.{form}"
        src.write_text(card_text(seed, form), encoding="gb18030" if form == "txt" else "utf-8")
        code, out, err = pingan("import", str(src), "--id", f"p{cid}", "--place", "zezhou", cwd=proj)
        assert code in (0, 1) and err == "", err
        data, (card,) = imported(proj, f"p{cid}")
        diffs = []
        for a, b in zip(seed.criteria, card.criteria, strict=False):
            said = {"text": (a.text.zh, b.text.zh), "number": (a.number, b.number)}
            diffs += [f"{a.id}: {d}" for d in differences(a, b, said)]
        print(f"\n{cid} as {form}: {len(seed.criteria)} criteria, {len(card.criteria)} read, "
              f"agreement {_agreement(len(seed.criteria), diffs):.1%}", *diffs, sep="\n")
        assert len(card.criteria) == len(seed.criteria)
        assert _agreement(len(seed.criteria), diffs) >= 0.95
        assert [(t.title.zh, t.points) for t in card.tasks] == [(t.title.zh, t.points) for t in seed.tasks]
        assert [(d.title.zh, d.points) for d in card.domains] == [(d.title.zh, d.points) for d in seed.domains]
        assert card.total_points == seed.total_points and "DIFF" not in out
        first = data["scorecards"][0]
        crit = (first.get("domains") or [first])[0]["tasks"][0]["criteria"][0]
        block = next(b for b in data["sources"][0]["blocks"] if b["id"] == crit["source"]["block"])
        assert crit["text"]["zh"] in block["text"]["zh"]


def test_a_translated_draft_is_a_card_the_project_checks(tmp_path):
    """Fill in every empty English text and drop `draft: true`: the card checks, except what the report
    said a person must decide (here: which grade the grade-cap veto allows)."""
    from generator.checks.project import load

    s = load(FIXTURES / "scoring").standards
    src = write_docx(card_layout(s.get("rules"), s, points_column=True), tmp_path / "细则.docx")
    proj = project(tmp_path, FIXTURES / "scoring")
    proc = run_pingan("import", str(src), "--id", "r2", "--level", "town", cwd=proj)
    assert "表1第19行第4列第1项: assumed: 被省级挂牌督办的，不得评为优秀、良好: " \
           "the grade it allows at most is not an id; set `grade`" in proc.stdout
    path = draft_file(proj, "r2")
    text = path.read_text(encoding="utf-8")
    text = text.replace('en: ""', 'en: "safety building (translated)"').replace("    draft: true\n", "")
    path.write_text(text, encoding="utf-8")
    check = run_pingan("check", cwd=proj)
    problems = check.stderr.strip().splitlines()
    assert problems[-1] == "1 problem found", check.stderr
    assert problems[0].startswith("standards/scorecards/r2.yaml:") and "grade" in problems[0]


def test_a_new_edition_keeps_the_old_ids_and_the_report_ends_with_the_diff(tmp_path, standards):
    """--edition-of: the same items keep their ids (and, where the Chinese is unchanged, their English);
    the report ends with what `pingan diff` says changed."""
    lay = card_layout(standards.get("village"), standards)
    rows = lay.segments[0]
    rows[2][3] = rows[2][3].replace("治保会不少于3人", "治保会不少于5人")  # village-t2-c1 re-worded
    rows[10][2], rows[10][3] = "“十个无”标准\n（12分）", rows[10][3].replace("（10分）", "（12分）")  # t6-c1: 10 → 12
    lay.before[1] = lay.before[1].replace("25分", "27分")
    src = write_docx(lay, tmp_path / "村2026.docx")
    proj = project(tmp_path)
    proc = run_pingan("import", str(src), "--edition-of", "village", "--place", "zezhou", cwd=proj)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data, (card,) = imported(proj, "village-2")
    old = standards.get("village")
    assert card.id == "village" and card.edition == "2"
    assert [c.id for c in card.criteria] == [c.id for c in old.criteria]
    t2c1 = card.criteria[[c.id for c in card.criteria].index("village-t2-c1")]
    assert t2c1.text.en == "" and card.criteria[0].text.en == old.criteria[0].text.en  # never invented
    diff = proc.stdout.split("changes from edition 1 of village (pingan diff):\n")[1]
    assert "text     criterion village-t2-c1\n    zh − " in diff and "治保会不少于5人" in diff
    assert "points   criterion village-t6-c1  10 → 12 points" in diff
    assert "    total of scorecard village: 25 → 27" in diff
    assert (proj / "drafts" / "village-2.report.txt").read_text(encoding="utf-8").endswith(diff)
    # an edition that is not new, or a card that does not exist: one line, exit 2
    bad = run_pingan("import", str(src), "--edition-of", "village", "--edition", "1", cwd=proj)
    assert bad.returncode == 2 and "give the new edition with --edition (the current one is '1')" in bad.stderr
    assert run_pingan("import", str(src), "--edition-of", "nope", cwd=proj).returncode == 2

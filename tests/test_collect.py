"""``pingan collect``: every file accepted, unchanged or rejected with its reason; the SQLite store is
append-only, idempotent, per-column superseding, and one transaction per run."""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys

import pytest

import resultrounds
import resultset
from conftest import ROOT, run_pingan
from fills import random_fill, with_reasons
from generator.scoring.plan import plan_of


@pytest.fixture(scope="session")
def fillset(tmp_path_factory, browser):
    return resultrounds.fill_set(tmp_path_factory, browser)


def collect(project, db, *paths):
    return run_pingan("-p", str(project), "collect", "--db", str(db), *map(str, paths))


def by_file(stdout: str) -> dict[str, list[str]]:
    """file → the lines collect printed for it (status first)."""
    out: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        parts = line.split(None, 1)
        if parts and parts[0] in ("accepted", "unchanged", "rejected"):
            name = parts[1].split(": ", 1)[0]
            out.setdefault(name, []).append(line)
    return out


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fixture_set_is_collected_and_bad_files_rejected_with_reasons(fillset, tmp_path):
    db = tmp_path / "results.sqlite"
    seed = collect(ROOT, db, fillset.base / "seed" / "good", fillset.base / "seed" / "bad")
    assert seed.returncode == 1, seed.stderr
    lines = by_file(seed.stdout)
    assert len(lines) == len(fillset.good["seed"]) + len(fillset.bad)  # nothing silently dropped
    for f in fillset.good["seed"]:
        assert lines[str(f)][0].startswith("accepted"), lines[str(f)]
    for f, reason in fillset.bad.items():
        assert all(x.startswith("rejected") for x in lines[str(f)])
        assert any(reason in x for x in lines[str(f)]), (reason, lines[str(f)])
    rules = collect(fillset.projects["rules"], db, fillset.base / "rules" / "good")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert all(v[0].startswith("accepted") for v in by_file(rules.stdout).values())
    assert "collect: 1/" in seed.stderr  # progress
    n = len(fillset.good["seed"]) + len(fillset.good["rules"])
    assert n >= 30
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == n
    assert {r[0] for r in con.execute("SELECT format FROM submissions")} == set(resultset.FORMATS)
    assert {r[0] for r in con.execute("SELECT card FROM submissions")} == {"county", "town", "village", "rules", "flat"}
    assert con.execute("PRAGMA user_version").fetchone()[0] == 3
    con.close()

    before = digest(db)  # a second run: every good file unchanged, the store's bytes too
    again = collect(ROOT, db, fillset.base / "seed" / "good", fillset.base / "seed" / "bad")
    assert again.returncode == 1
    assert all(by_file(again.stdout)[str(f)][0].startswith("unchanged") for f in fillset.good["seed"])
    assert collect(fillset.projects["rules"], db, fillset.base / "rules" / "good").returncode == 0
    assert digest(db) == before

    rev = collect(ROOT, db, fillset.base / "seed" / "revised")
    assert rev.returncode == 0, rev.stdout
    lines = by_file(rev.stdout)
    pdf = str(fillset.base / "seed" / "revised" / resultrounds.ACCEPT)
    assert sum("supersedes #" in x for x in rev.stdout.splitlines()) == 1  # the JSON, revision 2
    # the PDF (revision 1, its own column town-review) supersedes the town review the first round's file
    # carried as a copy (that file's own column was the county's re-check): a file speaks for its last column
    assert re.search(r"supersedes the copy #\d+ carried for town-review$", lines[pdf][0]), lines[pdf][0]
    settle = run_pingan("collect", "--db", str(db), "--accept", pdf, check=True).stdout
    assert settle.startswith("unchanged")
    hist = run_pingan("collect", "--db", str(db), "--history", resultrounds.UNITS["town"][1], check=True).stdout
    assert hist.count("town period “2025”:") == 1 and hist.count("town period “2026”:") == 1
    assert sum(" superseded: revision 1" in x for x in hist.splitlines()) == 2  # 2026 self and review, by revision 2
    assert sum(" counts: revision 2" in x for x in hist.splitlines()) == 2


def _json_files(folder, standards, n, period="2026", seed=3):
    """``n`` valid JSON exports of the seed cards (fast tests: no browser)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    cards = list(standards.scorecards)
    out = []
    for i in range(n):
        card = cards[i % len(cards)]
        p = folder / f"f{i:04d}.json"
        values = with_reasons(plan_of(card), random_fill(plan_of(card), rng))
        p.write_bytes(resultset.export_json(card, values, {"unit": f"单位{i}", "period": period}))
        out.append(p)
    return out


def no_process_left(marker: str, within: float = 30.0) -> bool:
    """True once no process has ``marker`` in its command line (waits for them to end, up to ``within`` s)."""
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for p in os.listdir("/proc"):
            try:
                if p.isdigit() and marker.encode() in open(f"/proc/{p}/cmdline", "rb").read():
                    alive.append(p)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.1)  # polling for processes to end, not a fixed wait
    return False


def test_interrupted_import_leaves_the_store_as_it_was(standards, tmp_path):
    db = tmp_path / "results.sqlite"
    first = _json_files(tmp_path / "first", standards, 6)
    assert collect(ROOT, db, *first).returncode == 0
    before = digest(db)
    files = _json_files(tmp_path / "second", standards, 40, seed=4)
    fifo = tmp_path / "second" / "zz-blocks.json"
    os.mkfifo(fifo)  # reading it blocks: the run cannot get past it, its transaction cannot commit
    proc = subprocess.Popen([sys.executable, "-m", "generator", "collect", "--db", str(db), *map(str, files),
                             str(fifo)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("collect: 1/41"), line
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert no_process_left(str(db)), "collect's worker processes outlived it"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 6
    assert con.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    con.close()
    assert digest(db) == before  # the hot journal was rolled back on open
    fifo.unlink()
    assert collect(ROOT, db, *files).returncode == 0  # the same import, run again, completes
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 46


def test_a_revision_supersedes_per_column_and_keeps_history(standards, tmp_path):
    town = standards.get("town")
    full = resultset.full_fill(plan_of(town))
    head = {"unit": "城关镇", "period": "2026"}
    files = {"a-self.json": resultset.only(full, ["self"]),
             "b-review.json": resultset.only({**full, "town-t1-c1--county-review": "1"}, ["county-review"]),
             "c-self-revised.json": resultset.only({**full, "town-t1-c2--self": "0"}, ["self"])}
    db = tmp_path / "r.sqlite"
    for name, values in files.items():
        values = {**values, "town-t1-c1--notes": "会议记录不全"}
        (tmp_path / name).write_bytes(resultset.export_json(town, values, {**head, "revision": "2" if "revised" in name
                                                                           else "1"}))
        out = collect(ROOT, db, tmp_path / name)
        assert out.returncode == 0, out.stdout
    assert "supersedes #1 for self" in out.stdout
    res = json.loads(run_pingan("results", "--db", str(db), "--format", "json", check=True).stdout)
    row = res["ranking"][0]
    assert row["columns"] == {"self": 150 - 3, "county-review": 150 - 4}
    assert row["files"] == {"self": "c-self-revised.json", "county-review": "b-review.json"}
    hist = run_pingan("collect", "--db", str(db), "--history", " 城关镇 ", check=True).stdout.splitlines()
    assert sum(" superseded: " in x for x in hist) == 1 and "#1 self 150 [self-assessment] superseded" in hist[1]


def test_store_problems_are_messages_not_tracebacks(tmp_path):
    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    out = run_pingan("results", "--db", str(bad))
    assert out.returncode == 1 and "not a results store" in out.stderr and "Traceback" not in out.stderr
    newer = tmp_path / "newer.sqlite"
    sqlite3.connect(newer).execute("PRAGMA user_version = 99")
    out = run_pingan("collect", "--db", str(newer), "--history", "x")
    assert out.returncode == 1 and "newer than this program" in out.stderr
    out = run_pingan("collect", "--db", str(tmp_path / "empty.sqlite"))
    assert out.returncode == 2 and "name the files" in out.stderr
    out = run_pingan("results", "--db", str(tmp_path / "none.sqlite"))
    assert out.returncode == 1 and "no results store" in out.stderr and not (tmp_path / "none.sqlite").exists()


def test_help_has_examples():
    for cmd in ("collect", "results"):
        out = run_pingan(cmd, "--help", check=True).stdout
        assert "examples:" in out and f"pingan {cmd} " in out and "--db PATH" in out


def test_an_xlsx_with_an_overwritten_formula_is_rejected(standards, tmp_path):
    import io

    import openpyxl

    from generator.render.outputs import Job, render_job

    wb = openpyxl.load_workbook(io.BytesIO(render_job(standards, Job("x", "xlsx", "town", "zh"))))
    cell = next(c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("="))
    cell.value = 150
    wb.save(tmp_path / "edited.xlsx")
    out = collect(ROOT, tmp_path / "x.sqlite", tmp_path / "edited.xlsx")
    assert out.returncode == 1 and "rejected" in out.stdout and "formula" in out.stdout.lower()


def test_a_busy_store_is_a_message(standards, tmp_path):
    """Another process holds the write lock: collect waits, then says so; nothing is half-written."""
    db = tmp_path / "busy.sqlite"
    files = _json_files(tmp_path / "in", standards, 2)
    assert collect(ROOT, db, files[0]).returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        out = collect(ROOT, db, files[1])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert out.returncode == 1 and "cannot be written" in out.stderr and "Traceback" not in out.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 1


def test_standard_input_among_many_files_is_read(standards, tmp_path):
    """``collect FILES /dev/stdin``: with enough files for worker processes (which read the files), the card
    on standard input is read too."""
    files = _json_files(tmp_path / "in", standards, 20, seed=3)
    piped = _json_files(tmp_path / "piped", standards, 21, seed=5)[-1]
    with open(piped, "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "generator", "collect", "-j", "2", "--db",
                               str(tmp_path / "r.sqlite"), *map(str, files), "/dev/stdin"], cwd=ROOT, stdin=stdin,
                              capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [x.split()[:2] for x in proc.stdout.splitlines() if "/dev/stdin" in x] == [["accepted", "/dev/stdin:"]]


def test_workers_or_not_the_store_is_the_same(standards, tmp_path):
    files = _json_files(tmp_path / "in", standards, 40, seed=9)
    twin = tmp_path / "in" / "zz-twin.json"
    twin.write_bytes(files[5].read_bytes())  # the same content twice in one run
    dumps = []
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.sqlite"
        out = run_pingan("collect", "-j", jobs, "--db", str(db), str(tmp_path / "in"))
        assert out.returncode == 0, out.stdout
        assert f"unchanged  {twin}" in out.stdout and "identical to submission #6 (f0005.json)" in out.stdout
        con = sqlite3.connect(db)
        dumps.append([con.execute("SELECT id, sha256, file_name, format, card, edition, unit, period, header "
                                  "FROM submissions ORDER BY id").fetchall(),
                      con.execute("SELECT * FROM submission_values ORDER BY 1, 2").fetchall(),
                      con.execute("SELECT * FROM column_results ORDER BY 1, 2").fetchall()])
    assert dumps[0] == dumps[1] and len(dumps[0][0]) == 40
    again = {jobs: run_pingan("collect", "-j", jobs, "--db", str(tmp_path / f"j{jobs}.sqlite"), str(tmp_path / "in"))
             for jobs in ("1", "2")}  # workers that find a file's content in the store say so without parsing it
    assert again["1"].returncode == again["2"].returncode == 0
    assert again["1"].stdout.replace("j1.sqlite", "j2.sqlite") == again["2"].stdout
    assert [x.split()[0] for x in again["2"].stdout.splitlines()[:-1]] == ["unchanged"] * 41

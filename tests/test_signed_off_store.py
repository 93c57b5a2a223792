"""A signed-off period's store edited by hand (not through collect): every way of asking for the results
says so (issue 22, item 6)."""
from __future__ import annotations

import sqlite3

import pytest

import resultset
from cyclefiles import collect, pingan, results, write
from generator.scoring.plan import plan_of


@pytest.fixture(scope="module")
def town(standards):
    return standards.get("town")


def test_a_store_changed_behind_collects_back_is_reported_after_sign_off(town, tmp_path):
    """A signed-off period whose stored scores were edited by hand (not through collect): every way of asking
    for the results says the store no longer matches the sign-off — as text, and with -o whether each card and
    period is written in a process of its own or not."""
    full = resultset.full_fill(plan_of(town))
    db = tmp_path / "r.sqlite"
    files = [write(tmp_path, f"{u}-{p}.json", town, full, unit=u, period=p) for u in ("城关镇", "河口镇")
             for p in ("2025", "2026")]
    collect(db, *files, check=True)
    pingan("results", "--db", str(db), "--card", "town", "--period", "2026", "--finalize", check=True)
    clean = pingan("results", "--db", str(db), "-o", str(tmp_path / "clean"), "-j", "2", check=True)
    assert "no longer matches" not in clean.stderr
    with sqlite3.connect(db) as con:
        con.execute("UPDATE column_results SET total = total - 1 WHERE submission_id = "
                    "(SELECT id FROM submissions WHERE unit = '河口镇' AND period = '2026')")
    for args in ([], ["-o", str(tmp_path / "one"), "-j", "1"], ["-o", str(tmp_path / "two"), "-j", "2"]):
        said = pingan("results", "--db", str(db), *args, check=True).stderr
        assert [x for x in said.splitlines() if "no longer matches" in x] == [
            f"pingan results: town 2026: the store no longer matches the sign-off of "
            f"{results(db, '--period', '2026')['signed_off']['at']} (checksum "
            f"{results(db, '--period', '2026')['signed_off']['checksum'][:12]})"], args

"""The submissions store: an SQLite database (stdlib :mod:`sqlite3`), append-only.

Every accepted file is one *submission*: its content hash, original file name, format, import time,
card, edition, unit, period, filler, date and revision, every value as typed, and the engine's result
for each score column it fills. Nothing is updated or deleted: a revised file for the same card, unit,
period and column is a new submission; which one counts is decided by :mod:`.stages` (by the file's own
revision and date, conflicts shown). Acceptances, evidence files and sign-offs are rows of their own
(:mod:`.rows`); evidence files are kept by content hash in ``evidence/`` beside the database.
A file whose content is already in the store is not added again.

The schema is versioned with ``PRAGMA user_version`` and migrated forward on open. ``pingan collect``
writes one transaction per run: a run that is interrupted leaves the store as it was.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..cardfile.cycle import iso_date
from ..cardfile.untrusted import clean
from . import rows as _rows

DEFAULT = Path("results") / "results.sqlite"

MIGRATIONS: list[str] = [
    # 1: runs, submissions, their values and per-column results, the plans of the editions seen
    """
    CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, files INTEGER NOT NULL,
                       accepted INTEGER NOT NULL, rejected INTEGER NOT NULL);
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
        sha256 TEXT NOT NULL UNIQUE, file_name TEXT NOT NULL, format TEXT NOT NULL,
        imported_at TEXT NOT NULL, card TEXT NOT NULL, edition TEXT NOT NULL, lang TEXT NOT NULL,
        unit TEXT NOT NULL, period TEXT NOT NULL, header TEXT NOT NULL);
    CREATE INDEX submissions_by_card ON submissions(card, period, unit);
    CREATE TABLE submission_values (
        submission_id INTEGER NOT NULL REFERENCES submissions(id), field TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (submission_id, field)) WITHOUT ROWID;
    CREATE TABLE column_results (
        submission_id INTEGER NOT NULL REFERENCES submissions(id), column_id TEXT NOT NULL,
        total REAL NOT NULL, grade TEXT, vetoes TEXT NOT NULL, items TEXT NOT NULL,
        PRIMARY KEY (submission_id, column_id)) WITHOUT ROWID;
    CREATE TABLE plans (card TEXT NOT NULL, edition TEXT NOT NULL, plan TEXT NOT NULL,
                        PRIMARY KEY (card, edition)) WITHOUT ROWID;
    """,
    # 2: units and periods keyed as collect now keys them (generator.cardfile.untrusted.clean: NFKC, invisible
    # characters removed, spaces collapsed): an older 城关镇 typed with a zero-width space is 城关镇 again
    """
    UPDATE submissions SET unit = pingan_clean(unit), period = pingan_clean(period)
        WHERE unit <> pingan_clean(unit) OR period <> pingan_clean(period);
    """,
    # 3: the review cycle: filler, date and revision of each submission; acceptances, evidence, sign-offs
    _rows.MIGRATION,
]
VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be opened or is of a newer version than this program."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._plan_texts: dict[tuple[str, str], tuple[dict, str]] = {}  # keep_plan's JSON, by the plan it was made of
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.create_function("pingan_clean", 1, clean, deterministic=True)
            self.db.create_function("pingan_date", 1, lambda t: iso_date(t) or "", deterministic=True)
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a results store ({e})") from None
        except OSError as e:
            raise StoreError(f"{self.path}: cannot open the store ({e.strerror or e})") from None

    def _migrate(self) -> None:
        have = self.db.execute("PRAGMA user_version").fetchone()[0]
        if have > VERSION:
            raise StoreError(f"{self.path}: store version {have} is newer than this program's ({VERSION})")
        for n in range(have, VERSION):  # executescript would commit: one statement at a time
            with self.transaction():
                for stmt in filter(str.strip, MIGRATIONS[n].split(";")):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {n + 1}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self):
        """One write transaction: everything in it is kept, or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def savepoint(self):
        """Inside the run's transaction: one file's writes, all kept or (on any error) none."""
        self.db.execute("SAVEPOINT file")
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK TO file")
            self.db.execute("RELEASE file")
            raise
        self.db.execute("RELEASE file")

    # -- writing (inside a transaction) ---------------------------------------------------------
    def start_run(self, files: int) -> int:
        run = self.db.execute("INSERT INTO runs (started_at, files, accepted, rejected) VALUES (?, ?, 0, 0)",
                              (now(), files)).lastrowid
        assert run is not None  # sqlite sets lastrowid on every INSERT
        return run

    def end_run(self, run: int, accepted: int, rejected: int) -> None:
        self.db.execute("UPDATE runs SET accepted = ?, rejected = ? WHERE id = ?", (accepted, rejected, run))

    def keep_plan(self, card: str, edition: str, plan: dict) -> None:
        made = self._plan_texts.get((card, edition))
        if made is None or made[0] is not plan:  # the JSON made once per plan object (collect: once a card)
            made = self._plan_texts[(card, edition)] = (plan, json.dumps(plan, ensure_ascii=False, sort_keys=True))
        self.db.execute("INSERT OR IGNORE INTO plans VALUES (?, ?, ?)", (card, edition, made[1]))

    def add(self, run: int, sub: dict) -> int:
        """Add one submission: ``sub`` has sha256, file_name, format, card, edition, lang, unit, period,
        header, stamp (:class:`generator.cardfile.cycle.Stamp`), values and results (column id → the
        engine's column result)."""
        sid = self.db.execute(
            "INSERT INTO submissions (run_id, sha256, file_name, format, imported_at, card, edition, lang, unit, "
            "period, header, filler, doc_date, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run, sub["sha256"], sub["file_name"], sub["format"], now(), sub["card"], sub["edition"], sub["lang"],
             sub["unit"], sub["period"], json.dumps(sub["header"], ensure_ascii=False), sub["stamp"].filler,
             sub["stamp"].date, sub["stamp"].revision)).lastrowid
        assert sid is not None  # sqlite sets lastrowid on every INSERT
        self.db.executemany("INSERT INTO submission_values VALUES (?, ?, ?)",
                            [(sid, k, v) for k, v in sorted(sub["values"].items())])
        self.db.executemany("INSERT INTO column_results VALUES (?, ?, ?, ?, ?, ?)", [
            (sid, col, r["total"], r["grade"], json.dumps(r["vetoes"]), json.dumps(r["items"]))
            for col, r in sub["results"].items()])
        return sid

    # -- reading --------------------------------------------------------------------------------
    def by_hash(self, sha: str) -> dict | None:
        """The submission with this content, if any: id, file_name, format, card, edition, unit, period, columns."""
        keys = ("id", "file_name", "format", "card", "edition", "unit", "period")
        row = self.db.execute(f"SELECT {', '.join(keys)} FROM submissions WHERE sha256 = ?", (sha,)).fetchone()
        if not row:
            return None
        cols = [c for (c,) in self.db.execute("SELECT column_id FROM column_results WHERE submission_id = ?",
                                              (row[0],))]
        return {**dict(zip(keys, row, strict=True)), "columns": cols}

    def hashes(self) -> frozenset[str]:
        """The content hash of every submission."""
        return frozenset(sha for (sha,) in self.db.execute("SELECT sha256 FROM submissions"))

    def counts(self) -> dict[str, int]:
        q = {"runs": "runs", "submissions": "submissions", "values": "submission_values"}
        return {k: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for k, t in q.items()}

    def cards_periods(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT DISTINCT card, period FROM submissions ORDER BY card, period").fetchall()

    def sizes(self) -> dict[tuple[str, str], int]:
        """The number of submissions of each card and period."""
        return {(c, p): n for c, p, n in self.db.execute(
            "SELECT card, period, COUNT(*) FROM submissions GROUP BY card, period")}

    def plan(self, card: str, edition: str) -> dict | None:
        row = self.db.execute("SELECT plan FROM plans WHERE card = ? AND edition = ?", (card, edition)).fetchone()
        return json.loads(row[0]) if row else None

    def accept(self, submission: int) -> None:
        """Record that this submission settles its conflicts (``collect --accept``)."""
        last = self.db.execute("SELECT MAX(id) FROM submissions").fetchone()[0]
        self.db.execute("INSERT INTO acceptances (submission_id, at, after_id) VALUES (?, ?, ?)",
                        (submission, now(), last))

    def add_evidence(self, submission: int, name: str, data: bytes, sha: str) -> None:
        """Keep one evidence file: its name, size and hash as a row, its bytes under ``evidence/`` by hash."""
        folder = self.path.parent / "evidence" / sha[:2]
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / sha
        if not dest.exists():
            tmp = dest.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(dest)
        self.db.execute("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?)", (submission, name, len(data), sha))

    def sign(self, card: str, period: str, action: str, checksum: str, snapshot: dict, reason: str = "") -> str:
        """Record a sign-off (``finalize``) or a reopening (``reopen``); returns its time."""
        at = now()
        self.db.execute("INSERT INTO signoffs (card, period, action, at, checksum, snapshot, reason) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (card, period, action, at, checksum,
                         json.dumps(snapshot, ensure_ascii=False, sort_keys=True), reason))
        return at

    def signed_off(self, card: str, period: str) -> _rows.SignOff | None:
        """The sign-off in force for a card and period (None when never signed off, or reopened since)."""
        log = _rows.signoffs(self.db, card, period)
        return log[-1] if log and log[-1].action == "finalize" else None

    def versions(self, card: str, period: str) -> list[_rows.Version]:
        return _rows.versions(self.db, card, period)

    def unit_versions(self, card: str, unit: str, period: str) -> list[_rows.Version]:
        return _rows.unit_slot_versions(self.db, card, unit, period)

    def acceptances(self) -> dict[int, tuple[int, int]]:
        return _rows.acceptances(self.db)

    def values(self, submission: int, suffixes: tuple[str, ...]) -> dict[str, str]:
        return _rows.values(self.db, submission, suffixes)

    def evidence(self, submissions: list[int]) -> dict[int, list[_rows.Evidence]]:
        return _rows.evidence(self.db, submissions)

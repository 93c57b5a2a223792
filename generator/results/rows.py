"""The store's rows of the review cycle, typed: every *version* (one submission's result for one score
column, with the file's filler, date and revision), the acceptances that settle conflicts, the evidence
files kept with a submission and the sign-offs of a card and period. Schema version 3 adds them
(:data:`MIGRATION`); :mod:`.store` runs it.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

MIGRATION = """
    ALTER TABLE submissions ADD COLUMN filler TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN doc_date TEXT NOT NULL DEFAULT '';
    ALTER TABLE submissions ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    UPDATE submissions SET filler = pingan_clean(coalesce(json_extract(header, '$."filled-by"'), '')),
        doc_date = pingan_date(coalesce(json_extract(header, '$.date'), ''));
    CREATE TABLE acceptances (
        id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id), at TEXT NOT NULL,
        after_id INTEGER NOT NULL);
    CREATE TABLE evidence (
        submission_id INTEGER NOT NULL REFERENCES submissions(id), name TEXT NOT NULL, size INTEGER NOT NULL,
        sha256 TEXT NOT NULL, PRIMARY KEY (submission_id, name)) WITHOUT ROWID;
    CREATE TABLE signoffs (
        id INTEGER PRIMARY KEY, card TEXT NOT NULL, period TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL,
        checksum TEXT NOT NULL, snapshot TEXT NOT NULL, reason TEXT NOT NULL)
"""


@dataclass(frozen=True)
class Version:
    """One submission's result in one score column."""
    submission: int
    unit: str
    column: str
    total: float
    grade: str | None
    vetoes: tuple[str, ...]
    items: dict = field(compare=False, hash=False)
    file: str = ""
    format: str = ""
    edition: str = ""
    filler: str = ""
    date: str = ""
    revision: int = 1
    imported_at: str = ""
    sha256: str = ""
    card: str = ""
    period: str = ""

    @property
    def order(self) -> tuple:
        """How versions of one unit, period and column follow each other: revision, then the file's date,
        then import order (only among versions that say nothing else)."""
        return (self.revision, self.date, self.submission)

    def same_scores(self, other: Version) -> bool:
        return (self.total, self.grade, self.vetoes, self.items) == \
            (other.total, other.grade, other.vetoes, other.items)

    def brief(self) -> dict:
        """What the outputs show of a version."""
        return {"submission": self.submission, "file": self.file, "total": self.total, "filler": self.filler,
                "date": self.date, "revision": self.revision, "imported_at": self.imported_at,
                "sha256": self.sha256}


@dataclass(frozen=True)
class Evidence:
    submission: int
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class SignOff:
    id: int
    card: str
    period: str
    action: str  # finalize | reopen
    at: str
    checksum: str
    reason: str
    snapshot: dict = field(compare=False, hash=False, repr=False)


_VERSION_SQL = (
    "SELECT s.id, s.unit, r.column_id, r.total, r.grade, r.vetoes, r.items, s.file_name, s.format, s.edition, "
    "s.filler, s.doc_date, s.revision, s.imported_at, s.sha256, s.card, s.period "
    "FROM column_results r JOIN submissions s ON s.id = r.submission_id ")


def _version(row) -> Version:
    (sid, unit, col, total, grade, vetoes, items, name, fmt, ed, filler, date, rev, at, sha, card, period) = row
    return Version(sid, unit, col, total, grade, tuple(json.loads(vetoes)), json.loads(items), name, fmt, ed,
                   filler, date, rev, at, sha, card, period)


def versions(db: sqlite3.Connection, card: str, period: str) -> list[Version]:
    """Every version of a card and period, in import order."""
    rows = db.execute(_VERSION_SQL + "WHERE s.card = ? AND s.period = ? ORDER BY s.id", (card, period))
    return [_version(r) for r in rows]


def unit_versions(db: sqlite3.Connection, unit: str) -> list[Version]:
    rows = db.execute(_VERSION_SQL + "WHERE s.unit = ? ORDER BY s.card, s.period, s.id", (unit,))
    return [_version(r) for r in rows]


def acceptances(db: sqlite3.Connection) -> dict[int, tuple[int, int]]:
    """submission id → (acceptance id, the last submission id when it was accepted), the latest acceptance."""
    out = {}
    for aid, sid, after in db.execute("SELECT id, submission_id, after_id FROM acceptances ORDER BY id"):
        out[sid] = (aid, after)
    return out


def evidence(db: sqlite3.Connection, submissions: list[int]) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = {}
    for sid in set(submissions):
        rows = db.execute("SELECT submission_id, name, size, sha256 FROM evidence WHERE submission_id = ? "
                          "ORDER BY name", (sid,))
        out[sid] = [Evidence(*r) for r in rows]
    return out


def signoffs(db: sqlite3.Connection, card: str, period: str) -> list[SignOff]:
    rows = db.execute("SELECT id, card, period, action, at, checksum, reason, snapshot FROM signoffs "
                      "WHERE card = ? AND period = ? ORDER BY id", (card, period))
    return [SignOff(id_, card_, period_, action, at, checksum, reason, json.loads(snap))
            for id_, card_, period_, action, at, checksum, reason, snap in rows]


def values(db: sqlite3.Connection, submission: int, suffixes: tuple[str, ...]) -> dict[str, str]:
    """A submission's values whose field ends with one of ``suffixes`` (``--notes``, ``--reason`` …)."""
    ends = " OR ".join("field GLOB ?" for _ in suffixes)  # GLOB: case-sensitive, as endswith is
    rows = db.execute(f"SELECT field, value FROM submission_values WHERE submission_id = ? AND ({ends})",
                      (submission, *(f"*{s}" for s in suffixes)))
    return {f: v for f, v in rows if f.endswith(suffixes)}


def unit_slot_versions(db: sqlite3.Connection, card: str, unit: str, period: str) -> list[Version]:
    rows = db.execute(_VERSION_SQL + "WHERE s.card = ? AND s.unit = ? AND s.period = ? ORDER BY s.id",
                      (card, unit, period))
    return [_version(r) for r in rows]

"""A submission with its evidence (台账): a folder, or a ``.zip``, holding one filled card at its top level and
the evidence files under a folder named ``evidence`` or ``台账``::

    城关镇-2026/                    城关镇-2026.zip
      town-城关镇-2026-self.json      town-城关镇-2026-self.json
      台账/会议记录.pdf                台账/会议记录.pdf
      台账/照片/01.jpg                 台账/照片/01.jpg

Each evidence file is kept by ``pingan collect`` with its name (the path under the evidence folder), size
and SHA-256, its bytes in the store's ``evidence/`` folder by hash (a name never becomes a path). Everything
is bounded: at most :data:`MAX_FILES` files, :data:`MAX_FILE` bytes each and :data:`MAX_TOTAL` in all
(a zip's declared sizes are not trusted: reading stops at the bound); names are cleaned
(:func:`generator.cardfile.untrusted.clean`) and at most 200 characters.
"""
from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..cardfile.inputs import MAX_BYTES, read_limited
from ..cardfile.untrusted import clean

EVIDENCE_DIRS = ("evidence", "台账")
CARD_SUFFIXES = (".json", ".csv", ".pdf", ".xlsx")
MAX_FILES = 200
MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    data: bytes = field(repr=False)
    sha256: str = ""


@dataclass
class Bundle:
    card_name: str = ""
    card: bytes | None = None
    evidence: list[EvidenceFile] = field(default_factory=list)
    problem: str = ""


def is_bundle_folder(path: Path) -> bool:
    try:
        return any(c.is_dir() and not c.is_symlink() and c.name.lower() in EVIDENCE_DIRS for c in path.iterdir())
    except OSError:
        return False


def _evidence_name(parts: tuple[str, ...]) -> str | None:
    """The evidence name of a member (its path under the evidence folder), None if it is not evidence."""
    if len(parts) < 2 or parts[0].lower() not in EVIDENCE_DIRS:
        return None
    name = "/".join(clean(p) for p in parts[1:] if clean(p) not in ("", ".", ".."))
    return name[:200] or None


class _Tally:
    def __init__(self, b: Bundle):
        self.b, self.total = b, 0

    def add(self, name: str, data: bytes) -> bool:
        """Keep one evidence file; False (and the bundle's problem set) past a bound."""
        self.total += len(data)
        if len(self.b.evidence) >= MAX_FILES:
            self.b.problem = f"more than {MAX_FILES} evidence files: send the rest separately"
        elif len(data) > MAX_FILE:
            self.b.problem = f"evidence file '{name}' is over {MAX_FILE // 2**20} MB"
        elif self.total > MAX_TOTAL:
            self.b.problem = f"the evidence is over {MAX_TOTAL // 2**20} MB in all"
        else:
            self.b.evidence.append(EvidenceFile(name, data, hashlib.sha256(data).hexdigest()))
            return True
        return False


def _card(b: Bundle, names: list[str]) -> bool:
    if len(names) != 1:
        b.problem = (f"a submission folder or zip holds one filled card at its top level "
                     f"({', '.join(CARD_SUFFIXES)}) and its evidence under {' or '.join(EVIDENCE_DIRS)}/: "
                     f"found {len(names)} cards{' (' + ', '.join(sorted(names)[:5]) + ')' if names else ''}")
        return False
    return True


def from_folder(path: Path) -> Bundle:
    b = Bundle()
    cards = [p for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in CARD_SUFFIXES]
    if not _card(b, [p.name for p in cards]):
        return b
    data, refused = read_limited(cards[0])
    if data is None:
        assert refused is not None  # read_limited says why whenever it gives no bytes
        b.problem = refused.problems[0][1]
        return b
    b.card_name, b.card, tally = cards[0].name, data, _Tally(b)
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path).parts
        name = _evidence_name(rel)
        if name is None or p.is_symlink() or not p.is_file():
            continue
        if p.stat().st_size > MAX_FILE or not tally.add(name, p.read_bytes()):
            b.problem = b.problem or f"evidence file '{name}' is over {MAX_FILE // 2**20} MB"
            return b
    return b


def _read_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """A member's bytes, None past ``limit`` (whatever its header declares)."""
    with z.open(info) as fh:
        data = fh.read(limit + 1)
    return None if len(data) > limit else data


def from_zip(path: Path) -> Bundle:
    b = Bundle()
    try:
        with zipfile.ZipFile(path) as z:
            members = [i for i in z.infolist() if not i.is_dir()]
            if len(members) > MAX_FILES + 1:
                b.problem = f"more than {MAX_FILES} evidence files: send the rest separately"
                return b
            top = [i for i in members if "/" not in i.filename.strip("/") and
                   PurePosixPath(i.filename).suffix.lower() in CARD_SUFFIXES]
            if not _card(b, [clean(i.filename) for i in top]):
                return b
            b.card_name, b.card = clean(top[0].filename)[:200], _read_member(z, top[0], MAX_BYTES)
            if b.card is None:
                b.problem = f"the card in the zip is over the {MAX_BYTES // 2**20} MB limit of a filled card"
                return b
            tally = _Tally(b)
            for i in members:
                name = _evidence_name(PurePosixPath(i.filename.replace("\\", "/")).parts)
                if name is None:
                    continue
                data = _read_member(z, i, MAX_FILE)
                if data is None or not tally.add(name, data):
                    b.problem = b.problem or f"evidence file '{name}' is over {MAX_FILE // 2**20} MB"
                    return b
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, ValueError, EOFError) as e:
        b.problem = f"not a readable zip ({type(e).__name__}: {str(e)[:120]})"
    return b


def load(path: Path, kind: str) -> Bundle:
    return from_zip(path) if kind == "zip" else from_folder(path)

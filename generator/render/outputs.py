"""Scorecard files for the site: per card and language a fillable PDF, an XLSX and the offline
HTML form; per responsible unit and card a pack (PDF and HTML) with only its criteria.

Files are cached under ``<project>/.cache/scorecards/`` by a hash of everything they are made from
(the card's data, unit names, interface words, templates, the renderer's code): a rebuild with
nothing changed renders no PDF or XLSX. Missing files are rendered in parallel processes.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..model import Standards
from .common import TEMPLATES

KINDS = ("pdf", "xlsx", "html")


@dataclass(frozen=True)
class Job:
    uri: str  # where the file lands in the site
    kind: str  # pdf | xlsx | html
    card: str
    lang: str
    unit: str = ""  # a unit pack: only this unit's criteria

    def filename(self, key: str) -> str:
        return f"{key}.{self.kind}"


def card_file(card_id: str, lang: str, kind: str) -> str:
    return f"scorecards/{card_id}/{card_id}.{lang}.{kind}"


def pack_file(unit_id: str, card_id: str, lang: str, kind: str) -> str:
    return f"units/{unit_id}.{card_id}.{lang}.{kind}"


def packs(standards: Standards) -> list[tuple[str, str]]:
    """(unit id, card id) for every unit that answers for at least one criterion of a card."""
    out = []
    for u in standards.units:
        for card in standards.scorecards:
            if any(u.id in c.units for c in card.criteria):
                out.append((u.id, card.id))
    return out


def jobs(standards: Standards, lang: str) -> list[Job]:
    out = [Job(card_file(c.id, lang, kind), kind, c.id, lang) for c in standards.scorecards for kind in KINDS]
    out += [Job(pack_file(u, c, lang, kind), kind, c, lang, u) for u, c in packs(standards) for kind in ("pdf", "html")]
    return out


def _code_fingerprint() -> str:
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    files = [*sorted(here.glob("*.py")), *sorted((TEMPLATES / "forms").glob("*")), TEMPLATES / "labels.yaml",
             TEMPLATES / "assets" / "scorecard.css", TEMPLATES / "assets" / "scorecard.js"]
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def job_key(standards: Standards, job: Job, code: str, memo: dict | None = None) -> str:
    """The cache key of a job's file: a hash of everything the file is made from. ``memo`` keeps
    each card's part between the jobs of one plan (a card has a dozen files)."""
    from ..export import card_data

    memo = {} if memo is None else memo
    if job.card not in memo:
        data = {"card": card_data(standards.get(job.card)),
                "units": {u.id: [u.name.zh, u.name.en] for u in standards.units}}
        memo[job.card] = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    rest = json.dumps({"card": memo[job.card], "job": [job.kind, job.lang, job.unit], "code": code})
    return hashlib.sha256(rest.encode()).hexdigest()[:24]


def render_job(standards: Standards, job: Job) -> bytes:
    from .forms import FormRenderer

    card = standards.get(job.card)
    flt = (lambda c: job.unit in c.units) if job.unit else None
    subtitle = standards.unit(job.unit).name[job.lang] if job.unit else ""
    if job.kind == "pdf":
        from .pdf import render_pdf

        return render_pdf(standards, card, job.lang, criteria_filter=flt, subtitle=subtitle)
    if job.kind == "xlsx":
        from .xlsx import workbook

        return workbook(standards, card, job.lang, criteria_filter=flt, subtitle=subtitle)
    return FormRenderer(standards, job.lang).document(card, mode="offline", criteria_filter=flt, subtitle=subtitle,
                                                      scope=job.unit).encode("utf-8")


_standards: Standards | None = None  # a worker process's copy of the model, sent once when it starts


def _start_worker(model: bytes) -> None:
    """Runs once in each worker process: the validated model, pickled by the parent (no worker
    reads or validates the YAML again)."""
    global _standards
    _standards = pickle.loads(model)


def _worker(job: Job, dest: str, standards: Standards | None = None) -> str:
    data = render_job(standards or _standards, job)
    # WeasyPrint's font configuration keeps @font-face files in a temporary folder that it removes
    # when the configuration is collected; it sits in a reference cycle, and a worker process ends
    # without collecting it: collect now, or every PDF leaves a weasyprint-* folder behind
    gc.collect()
    tmp = Path(dest + f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(dest)
    return dest


def plan_outputs(root: Path, standards: Standards, lang: str,
                 cache: Path | None = None) -> tuple[dict[str, Path], list[tuple[Job, Path]]]:
    """Site uri → cached file for every scorecard file of ``lang``, and the jobs whose file is not
    in the cache yet."""
    cache = cache or root / ".cache" / "scorecards"
    cache.mkdir(parents=True, exist_ok=True)
    code = _code_fingerprint()
    result: dict[str, Path] = {}
    missing: list[tuple[Job, Path]] = []
    memo: dict = {}
    for job in jobs(standards, lang):
        path = cache / job.filename(job_key(standards, job, code, memo))
        result[job.uri] = path
        if not path.exists():
            missing.append((job, path))
    return result, missing


def render_missing(standards: Standards, missing: list[tuple[Job, Path]], workers: int | None = None) -> None:
    """Render ``missing`` into the cache, in parallel processes that get the model once each."""
    n = workers or min(len(missing), os.cpu_count() or 1)
    if n > 1:
        with ProcessPoolExecutor(max_workers=n, initializer=_start_worker,
                                 initargs=(pickle.dumps(standards),)) as pool:
            for f in [pool.submit(_worker, job, str(path)) for job, path in missing]:
                f.result()
    else:
        for job, path in missing:
            _worker(job, str(path), standards)


def build_outputs(root: Path, standards: Standards, lang: str, cache: Path | None = None,
                  progress=None, workers: int | None = None) -> dict[str, Path]:
    """Make sure every scorecard file of ``lang`` is in the cache; returns site uri → cached file."""
    result, missing = plan_outputs(root, standards, lang, cache)
    if missing:
        if progress:
            progress(f"rendering {len(missing)} scorecard files ({lang}) …")
        render_missing(standards, missing, workers)
    return result

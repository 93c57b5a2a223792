"""Scorecard files for the site: per card and language a fillable PDF, an XLSX, a Word/WPS document
(DOCX) and the offline HTML form; per responsible unit and card a pack (PDF, HTML and DOCX) with only
its criteria; per source document and language a DOCX.

Files are cached under ``<project>/.cache/scorecards/`` by a hash of everything they are made from
(the whole card with every scoring rule and its plan, unit names, interface words, templates, assets,
the renderers' and the engine's code): a rebuild with nothing changed renders no PDF or XLSX, and
any change to a card's rules renders its files again. Missing files are rendered in a pool of worker
processes, or one after the other in this process when the caller allows one process
(``pingan build -j 1``).
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
from ..model.objects import Standards
from ..scoring.plan import plan_of
from .common import TEMPLATES, template_dirs
from .qr import NOWHERE, SiteAddress
from .urls import card_file, pack_file, source_file

KINDS = ("pdf", "xlsx", "docx", "html")
PACK_KINDS = ("pdf", "html", "docx")


@dataclass(frozen=True)
class Job:
    uri: str  # where the file lands in the site
    kind: str  # pdf | xlsx | docx | html
    card: str  # "" for a source document
    lang: str
    unit: str = ""  # a unit pack: only this unit's criteria
    source: str = ""  # a source document (DOCX)
    address: SiteAddress = NOWHERE  # where the site is published: the card's QR code

    def filename(self, key: str) -> str:
        return f"{key}.{self.kind}"


def packs(standards: Standards) -> list[tuple[str, str]]:
    """(unit id, card id) for every unit that answers for at least one criterion of a card."""
    return standards.indexes.packs


def jobs(standards: Standards, lang: str, address: SiteAddress = NOWHERE) -> list[Job]:
    out = [Job(card_file(c.id, lang, kind), kind, c.id, lang, address=address)
           for c in standards.scorecards for kind in KINDS]
    out += [Job(pack_file(u, c, lang, kind), kind, c, lang, u, address=address)
            for u, c in packs(standards) for kind in PACK_KINDS]
    out += [Job(source_file(s.id, lang), "docx", "", lang, source=s.id) for s in standards.sources]
    return out


# what the files are rendered with, besides the model: the renderers' code and the scoring engine …
CODE = ("render/*.py", "scoring/*.py", "cardfile/*.py", "model/*.py")
# … and these files of site_templates/ (a project's own and the shipped ones: the form follows the
# project's labels, the PDF's tooltips and the XLSX and DOCX the shipped ones)
TEMPLATE_FILES = ("forms/*.j2", "labels.yaml", "assets/scorecard.css", "assets/scorecard-phone.css",
                  "assets/scorecard*.js", "assets/scoring.js")


def _code_fingerprint(dirs: tuple[Path, ...] = (TEMPLATES,)) -> str:
    """A hash of the code and templates the files are made from (a project's own overrides included)."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    files = [p for pattern in CODE for p in sorted(package.glob(pattern))]
    files += [p for d in dict.fromkeys(dirs) for pattern in TEMPLATE_FILES for p in sorted(d.glob(pattern))]
    for p in files:
        data = p.read_bytes()
        h.update(f"{p.relative_to(p.parents[1]).as_posix()}\0{len(data)}\0".encode() + data)
    return h.hexdigest()


def made_of(standards: Standards, job: Job) -> dict:
    """Everything of the model a job's file is made from: the whole card with every rule (as the
    export writes it) and its plan, or a source document and the cards taken from it; the names of
    the units it may print."""
    from .opendata import _clean, card_data

    if job.source:
        src = standards.get(job.source)
        cards = [c for c in standards.scorecards if c.source.doc == src.id]
        out = {"source": _clean(src), "cards": [card_data(c) for c in cards]}
    else:
        card = standards.get(job.card)
        out = {"card": card_data(card), "plan": plan_of(card)}
    out["units"] = {u.id: [u.name.zh, u.name.en] for u in standards.units}
    return out


def job_key(standards: Standards, job: Job, code: str, memo: dict | None = None) -> str:
    """The cache key of a job's file: a hash of everything the file is made from. ``memo`` keeps
    each card's (or source's) part between the jobs of one plan (a card has a dozen files)."""
    memo = {} if memo is None else memo
    what = job.source or job.card
    if what not in memo:
        text = json.dumps(made_of(standards, job), ensure_ascii=False, sort_keys=True)
        memo[what] = hashlib.sha256(text.encode()).hexdigest()
    rest = json.dumps({"made_of": memo[what], "qr": job.address.card_url(job.card, job.lang) if job.card else "",
                       "job": [job.kind, job.lang, job.unit, job.source], "code": code})
    return hashlib.sha256(rest.encode()).hexdigest()[:24]


def render_job(standards: Standards, job: Job, dirs: tuple[Path, ...] = (TEMPLATES,)) -> bytes:
    from .forms import FormRenderer

    if job.source:
        from .docx_source import source_document

        return source_document(standards, standards.get(job.source), job.lang)
    card = standards.get(job.card)
    flt = (lambda c: job.unit in c.units) if job.unit else None
    subtitle = standards.unit(job.unit).name[job.lang] if job.unit else ""
    if job.kind == "pdf":
        from .pdf import render_pdf

        return render_pdf(standards, card, job.lang, criteria_filter=flt, subtitle=subtitle, templates=dirs,
                          address=job.address)
    if job.kind == "xlsx":
        from .xlsx import workbook

        return workbook(standards, card, job.lang, criteria_filter=flt, subtitle=subtitle)
    if job.kind == "docx":
        from .docx_card import card_document

        return card_document(standards, card, job.lang, criteria_filter=flt, subtitle=subtitle, address=job.address)
    return FormRenderer(standards, job.lang, dirs, job.address).document(
        card, mode="offline", criteria_filter=flt, subtitle=subtitle, scope=job.unit).encode("utf-8")


_standards: Standards | None = None  # a worker process's copy of the model, sent once when it starts
_dirs: tuple[Path, ...] = (TEMPLATES,)  # … and the template folders (a project's own first)


def _start_worker(model: bytes, dirs: tuple[Path, ...]) -> None:
    """Runs once in each worker process: the validated model, pickled by the parent (no worker
    reads or validates the YAML again), and where the project's templates are."""
    global _standards, _dirs
    _standards, _dirs = pickle.loads(model), dirs


def _worker(job: Job, dest: str, standards: Standards | None = None, dirs: tuple[Path, ...] | None = None) -> str:
    model = standards or _standards
    assert model is not None, "a worker renders from the model it was started with"
    data = render_job(model, job, dirs or _dirs)
    # WeasyPrint's font configuration keeps @font-face files in a temporary folder that it removes
    # when the configuration is collected; it sits in a reference cycle, and a worker process ends
    # without collecting it: collect now, or every PDF leaves a weasyprint-* folder behind
    gc.collect()
    tmp = Path(dest + f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(dest)
    return dest


def plan_outputs(root: Path, standards: Standards, lang: str, cache: Path | None = None,
                 address: SiteAddress = NOWHERE) -> tuple[dict[str, Path], list[tuple[Job, Path]]]:
    """Site uri → cached file for every scorecard file of ``lang``, and the jobs whose file is not
    in the cache yet. ``address``: where the site is published (the cards' QR codes)."""
    cache = cache or root / ".cache" / "scorecards"
    cache.mkdir(parents=True, exist_ok=True)
    code = _code_fingerprint(template_dirs(root))
    result: dict[str, Path] = {}
    missing: list[tuple[Job, Path]] = []
    memo: dict = {}
    for job in jobs(standards, lang, address):
        path = cache / job.filename(job_key(standards, job, code, memo))
        result[job.uri] = path
        if not path.exists():
            missing.append((job, path))
    return result, missing


def render_missing(root: Path, standards: Standards, missing: list[tuple[Job, Path]],
                   workers: int | None = None) -> None:
    """Render ``missing`` into the cache: in ``workers`` processes that get the model once each
    (default: as many as the machine has cores), or here, one after the other, when ``workers`` is 1."""
    n, dirs = min(len(missing), workers or os.cpu_count() or 1), template_dirs(root)
    if n > 1:
        with ProcessPoolExecutor(max_workers=n, initializer=_start_worker,
                                 initargs=(pickle.dumps(standards), dirs)) as pool:
            for f in [pool.submit(_worker, job, str(path)) for job, path in missing]:
                f.result()
    else:
        for job, path in missing:
            _worker(job, str(path), standards, dirs)


def build_outputs(root: Path, standards: Standards, lang: str, cache: Path | None = None,
                  progress=None, workers: int | None = None, address: SiteAddress = NOWHERE) -> dict[str, Path]:
    """Make sure every scorecard file of ``lang`` is in the cache; returns site uri → cached file."""
    result, missing = plan_outputs(root, standards, lang, cache, address)
    if missing:
        if progress:
            progress(f"rendering {len(missing)} scorecard files ({lang}) …")
        render_missing(root, standards, missing, workers)
    return result

"""Whole-site builds: both languages, the root page and the offline zip, swapped in atomically.

mkdocs cleans its ``site_dir`` first and reports strict-mode failures only after writing, so we
build into a temporary sibling folder and replace ``site/`` only when every step succeeded.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .plugin.config import site_root_url
from ..render.csp import with_policy

LANG_CONFIGS = (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml"))

ROOT_INDEX = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>平安建设标准 · Safety Building Standards</title>
<meta http-equiv="refresh" content="0; url=zh/index.html">
<link rel="icon" href="zh/assets/images/favicon.png">
<link rel="alternate" hreflang="zh" href="zh/index.html">
<link rel="alternate" hreflang="en" href="en/index.html">
</head>
<body>
<p><a href="zh/index.html" lang="zh-CN">平安建设标准（中文）</a> · <a href="en/index.html" lang="en">Safety Building Standards (English)</a></p>
</body>
</html>
"""


ROOT_404 = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>页面不存在 · Page not found</title>
<link rel="icon" href="data:,">
<script>
// Served for any missing address: find the site's root (the nearest folder above that has zh/404.html)
// and send the visitor to the not-found page of the language in the address (Chinese by default).
(function () {
  var parts = location.pathname.split("/").slice(0, -1);
  var lang = /\\/en(\\/|$)/.test(location.pathname) ? "en" : "zh";
  function tryAt(i) {
    if (i < 0) return;
    var base = parts.slice(0, i + 1).join("/") + "/";
    fetch(base + "zh/404.html", {method: "HEAD"}).then(function (r) {
      if (r.ok) location.replace(base + lang + "/404.html"); else tryAt(i - 1);
    }, function () { tryAt(i - 1); });
  }
  tryAt(parts.length - 1);
})();
</script>
</head>
<body>
<h1>页面不存在 · Page not found</h1>
<p><a href="zh/index.html" lang="zh-CN">返回首页</a> · <a href="en/index.html" lang="en">Home page</a></p>
</body>
</html>
"""


def relative_404(page: Path, site_url: str, lang: str) -> None:
    """mkdocs gives 404.html root-absolute links ("/pingan/zh/x" from the site_url, or "/x" and
    "//../en/" without one): make them relative to the language folder where the page lives."""
    from urllib.parse import urlsplit

    prefix = urlsplit(site_url.rstrip("/") + f"/{lang}/").path if site_url else "/"
    attr = r'(\b(?:href|src|action|data-pingan-search)="|"search": ")'  # links, and where the search finds its index
    text = re.sub(attr + re.escape(prefix) + "/*", r"\1", page.read_text(encoding="utf-8"))
    # Material's base (where the search index is) and the scope of what it keeps in the browser
    text = re.sub(r'("base": "|__md_scope=new URL\(")' + re.escape(prefix) + '"', r'\1."', text)
    page.write_text(with_policy(text), encoding="utf-8")  # a changed inline script: its hash too


def sitemap_index(site_url: str) -> str:
    """A sitemap index at the site root pointing to each language's sitemap."""
    base = site_url.rstrip("/")
    items = "".join(f"  <sitemap><loc>{base}/{lang}/sitemap.xml</loc></sitemap>\n" for lang, _ in LANG_CONFIGS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</sitemapindex>\n")


class BuildError(Exception):
    pass


def _setup_logging(verbose: bool) -> None:
    """mkdocs' messages on standard error: warnings and errors, or also its progress (verbose)."""
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_pingan", False) for h in log.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        h._pingan = True  # type: ignore[attr-defined]
        log.addHandler(h)
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


PROGRESS = "pingan.progress"  # the plugin reports each file group here; builds pass it on


class _Report(logging.Handler):
    def __init__(self, report):
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(record.getMessage())


def build_language(root: Path, config_file: str, site_dir: Path, report=None, processes: int | None = None) -> int:
    """One mkdocs build (one language of the site or of an edition); returns the pages written.
    ``report`` receives the plugin's progress lines (per file group); ``processes``: how many may
    render missing scorecard files (1: this one; None: the plugin's setting, one per core)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    log = logging.getLogger(PROGRESS)
    handler = _Report(report) if report else None
    if handler:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    try:
        cfg = load_config(str(root / config_file), site_dir=str(site_dir))
        plugin = cfg.plugins.get("pingan")
        if plugin is not None and processes:
            plugin.config.processes = processes
        build(cfg)
    except (Abort, MkDocsException) as e:
        raise BuildError(f"{config_file}: {e}") from None
    finally:
        if handler:
            log.removeHandler(handler)
    return sum(1 for _ in site_dir.rglob("*.html"))


@dataclass(frozen=True)
class LangJob:
    label: str  # what progress lines call it: "zh", "edition 2023 en"
    root: Path
    config_file: str
    site_dir: Path
    lang: str
    edition: str = ""  # an edition's build: printed cards' QR codes point to its pages


_queue = None  # in a build process: where progress lines go to the parent


def _start_build_process(queue) -> None:
    global _queue
    _queue = queue


def _run(job: LangJob, report=None, processes: int = 1) -> tuple[str, int, float]:
    t = time.perf_counter()
    if job.edition:
        os.environ["PINGAN_EDITION"] = job.edition
    try:
        n = build_language(job.root, job.config_file, job.site_dir, report=report, processes=processes)
    finally:
        os.environ.pop("PINGAN_EDITION", None)
    relative_404(job.site_dir / "404.html", site_root_url(), job.lang)
    return job.label, n, time.perf_counter() - t


def _run_in_child(job: LangJob) -> tuple[str, int, float]:
    return _run(job, _queue.put if _queue else None)


def run_builds(jobs: list[LangJob], progress=print, processes: int = 2) -> None:
    """Run the mkdocs builds, in ``processes`` processes at once (1: one after the other, here, and
    each renders its missing scorecard files here too). Each process loads the standards
    once and reuses them for every build it runs; a build in a pool's process renders in that one."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor, as_completed

    def done(label: str, n: int, seconds: float) -> None:
        progress(f"  {label}: {n} pages in {seconds:.1f} s")

    if processes <= 1 or len(jobs) <= 1:
        for job in jobs:
            progress(f"building {job.label} ({job.config_file}) …")
            done(*_run(job, progress, processes))
        return
    ctx = multiprocessing.get_context("fork")  # children share what the parent loaded (standards, history)
    queue = ctx.Queue()
    relay = threading.Thread(target=lambda: [progress(m) for m in iter(queue.get, None)], daemon=True)
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_start_build_process,
                                 initargs=(queue,)) as pool:
            for job in jobs:
                progress(f"building {job.label} ({job.config_file}) …")
            futures = [pool.submit(_run_in_child, job) for job in jobs]  # forks every process now
            relay.start()  # only after the fork: a child must not inherit a thread's locks
            try:
                for f in as_completed(futures):
                    done(*f.result())
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    finally:  # the processes have ended and flushed their last lines
        queue.put(None)
        if relay.ident is not None:
            relay.join()


def edition_jobs(root: Path, dest: Path, progress=print) -> list[LangJob]:
    """Every tagged edition (git tag edition-<name>), built with today's generator, at
    ``editions/<name>/zh|en/``: permanent URLs for earlier versions of the standards. Exports each
    edition from git (into the project's cache, so its scorecard files stay cached between builds)
    and returns its builds."""
    from .editions import discover, export_edition

    jobs = []
    for ed in discover(root):
        proj = root / ".cache" / "editions" / ed.name
        export_edition(root, ed, proj)
        for _, cfg in LANG_CONFIGS:
            shutil.copyfile(root / cfg, proj / cfg)
        (dest / ed.name).mkdir(parents=True, exist_ok=True)
        (dest / ed.name / "index.html").write_text(with_policy(ROOT_INDEX), encoding="utf-8")
        jobs += [LangJob(f"edition {ed.name} {lang}", proj, cfg, dest / ed.name / lang, lang, ed.name)
                 for lang, cfg in LANG_CONFIGS]
        progress(f"edition {ed.name} ({ed.ref}) exported")
    return jobs


def _prepare(root: Path, progress, processes: int) -> None:
    """Load the standards and the edition history before the build processes
    start: they inherit them, so none is loaded twice. With several processes, render the missing
    scorecard files of both languages here, in one pool of ``processes`` (the builds then run at
    once and find them cached); with one, each build renders its own here, one after the other.
    Problems are left for the builds to report."""
    from .editions import cached_history
    from ..checks.problems import StandardsError
    from ..checks.project import load
    from ..render.common import LANGS
    from ..render.outputs import plan_outputs, render_missing

    try:
        loaded = load(root)
    except StandardsError:
        return
    cached_history(loaded)
    if processes > 1 and _scorecard_files_wanted(root):
        missing = [m for lang in LANGS for m in plan_outputs(root, loaded.standards, lang)[1]]
        if missing:
            t = time.perf_counter()
            progress(f"rendering {len(missing)} scorecard files (both languages) …")
            render_missing(root, loaded.standards, missing, workers=processes)
            progress(f"  scorecard files in {time.perf_counter() - t:.1f} s")


def _scorecard_files_wanted(root: Path) -> bool:
    from mkdocs.config import load_config

    plugin = load_config(str(root / LANG_CONFIGS[0][1])).plugins.get("pingan")
    return bool(plugin and plugin.config.enabled and plugin.config.scorecard_files)


PACKED = {".pdf", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".woff", ".woff2"}  # compressed already


def zip_site(src: Path, dest: Path) -> None:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for p in sorted(src.rglob("*")):
            if p.is_file() and p != dest:
                z.write(p, Path("pingan-standards") / p.relative_to(src),
                        compress_type=zipfile.ZIP_STORED if p.suffix in PACKED else None)


def build_site(root: Path, out: Path | None = None, *, verbose: bool = False, progress=print,
               processes: int = 2) -> Path:
    """Build both languages (and every edition) into ``out`` (default ``root/site``) in at most
    ``processes`` processes (1: everything here, one thing after the other); the old site survives
    a failure."""
    _setup_logging(verbose)
    out = (out or root / "site").resolve()
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    t0 = time.perf_counter()
    try:
        _prepare(root, progress, processes)
        jobs = [LangJob(lang, root, cfg, tmp / lang, lang) for lang, cfg in LANG_CONFIGS]
        jobs += edition_jobs(root, tmp / "editions", progress)
        run_builds(jobs, progress, processes)
        (tmp / "index.html").write_text(with_policy(ROOT_INDEX), encoding="utf-8")
        (tmp / "404.html").write_text(with_policy(ROOT_404), encoding="utf-8")
        site_url = site_root_url()
        if site_url:
            (tmp / "sitemap.xml").write_text(sitemap_index(site_url), encoding="utf-8")
        progress("zipping the offline copy …")
        zipped = tmp / "pingan-standards-offline.zip"
        zip_site(tmp, zipped)
        digest = hashlib.sha256(zipped.read_bytes()).hexdigest()
        (tmp / "pingan-standards-offline.zip.sha256").write_text(f"{digest}  {zipped.name}\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    progress(f"built {out} in {time.perf_counter() - t0:.1f} s")
    return out

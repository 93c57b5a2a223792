"""Whole-site builds: both languages and every edition, the root pages and the offline zip,
published atomically. This module only orchestrates; each job is a module of its own:

- :mod:`.context` — what the build knows, handed down (the loaded project, address, processes);
- :mod:`.swap` — build into a temporary folder, replace ``site/`` only when everything succeeded;
- :mod:`.pool` — the language builds, in several processes at once;
- :mod:`.logs` — mkdocs' messages and our progress lines;
- :mod:`.rootpages` — the root page, the 404 page and the sitemap index;
- :mod:`.offline` — the offline zip;
- :mod:`.editions` — earlier versions from git tags.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from ..model.problems import StandardsError
from ..render.common import template_dirs
from .context import BuildContext
from .logs import setup_logging
from .offline import write_offline_copy
from .pool import LangJob, run_builds
from .rootpages import relative_404, root_page, write_root_pages
from .swap import staged

LANG_CONFIGS = (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml"))


class BuildError(Exception):
    pass


def build_language(ctx: BuildContext, config_file: str, site_dir: Path) -> int:
    """One mkdocs build (one language of the site or of an edition, ``ctx.lang``) of the context's
    project; returns the pages written. The plugin gets the context (no second load)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    plugin = None
    try:
        cfg = load_config(str(ctx.root / config_file), site_dir=str(site_dir))
        plugin = cfg.plugins.get("pingan")
        if plugin is not None:
            plugin.use(ctx)
        build(cfg)
    except (Abort, MkDocsException) as e:
        raise BuildError(f"{config_file}: {e}") from None
    finally:
        if plugin is not None:
            plugin.use(None)
    return sum(1 for _ in site_dir.rglob("*.html"))


def _run_job(job: LangJob) -> int:
    n = build_language(job.ctx, job.config_file, job.site_dir)
    relative_404(job.site_dir / "404.html", job.ctx.site_url, job.ctx.lang)
    return n


def edition_jobs(ctx: BuildContext, dest: Path) -> list[LangJob]:
    """Every tagged edition (git tag edition-<name>), built with today's generator, at
    ``editions/<name>/zh|en/``: permanent URLs for earlier versions of the standards. Exports each
    edition from git (into the project's cache, so its scorecard files stay cached between builds),
    loads it once and returns its builds."""
    from .editions import discover, export_edition

    jobs = []
    for ed in discover(ctx.root):
        proj = ctx.cache / "editions" / ed.name
        export_edition(ctx.root, ed, proj)
        for _, cfg in LANG_CONFIGS:
            shutil.copyfile(ctx.root / cfg, proj / cfg)
        try:
            loaded = BuildContext.load(proj).loaded
        except StandardsError as e:
            raise BuildError(f"edition {ed.name} ({ed.ref}): its standards have {len(e.problems)} problems, "
                             f"the first: {e.problems[0]}") from None
        (dest / ed.name).mkdir(parents=True, exist_ok=True)
        (dest / ed.name / "index.html").write_text(root_page(template_dirs(ctx.root), "index.html"),
                                                   encoding="utf-8")
        eds = ctx.with_(loaded=loaded, edition=ed.name)
        jobs += [LangJob(f"edition {ed.name} {lang}", cfg, dest / ed.name / lang, eds.with_(lang=lang))
                 for lang, cfg in LANG_CONFIGS]
        ctx.progress(f"edition {ed.name} ({ed.ref}) exported")
    return jobs


def _prepare(ctx: BuildContext) -> None:
    """Before the build processes start, compute the edition history: they inherit it, so it is not
    computed twice. With several processes, render the missing
    scorecard files of both languages here, in one pool of ``ctx.processes`` (the builds then run at
    once and find them cached); with one, each build renders its own, one after the other."""
    from ..render.outputs import plan_outputs, render_missing
    from .editions import cached_history

    loaded = ctx.loaded
    cached_history(loaded)
    if ctx.processes > 1 and _scorecard_files_wanted(ctx.root):
        missing = [m for lang, _ in LANG_CONFIGS
                   for m in plan_outputs(loaded.root, loaded.standards, lang, address=ctx.address)[1]]
        if missing:
            t = time.perf_counter()
            ctx.progress(f"rendering {len(missing)} scorecard files (both languages) …")
            render_missing(loaded.root, loaded.standards, missing, workers=ctx.processes)
            ctx.progress(f"  scorecard files in {time.perf_counter() - t:.1f} s")


def _scorecard_files_wanted(root: Path) -> bool:
    from mkdocs.config import load_config

    plugin = load_config(str(root / LANG_CONFIGS[0][1])).plugins.get("pingan")
    return bool(plugin and plugin.config.enabled and plugin.config.scorecard_files)


def build_site(ctx: BuildContext, out: Path | None = None, *, verbose: bool = False) -> Path:
    """Build both languages (and every edition) of the context's project into ``out`` (default
    ``<project>/site``), in at most ``ctx.processes`` processes (1: everything here, one thing after
    the other); the old site survives a failure."""
    setup_logging(verbose)
    out = (out or ctx.root / "site").resolve()
    t0 = time.perf_counter()
    with staged(out) as tmp:
        _prepare(ctx)
        jobs = [LangJob(lang, cfg, tmp / lang, ctx.with_(lang=lang)) for lang, cfg in LANG_CONFIGS]
        jobs += edition_jobs(ctx, tmp / "editions")
        run_builds(jobs, _run_job, ctx.progress, ctx.processes)
        write_root_pages(tmp, template_dirs(ctx.root), ctx.site_url)
        ctx.progress("zipping the offline copy …")
        write_offline_copy(tmp)
    ctx.progress(f"built {out} in {time.perf_counter() - t0:.1f} s")
    return out

"""The ``pingan`` mkdocs plugin, built as Material builds its own: a typed config (:mod:`.config`),
an ``enabled`` switch, state on the instance and explicit event priorities.

All rendering happens in :mod:`generator.render`; this module only adapts it to mkdocs events:
``on_config`` loads the standards and sets the nav, ``on_files`` adds the generated pages and
files (those the nav does not list are marked ``NOT_IN_NAV`` one by one), ``on_page_content`` hands
each rendered page to the site's search (:mod:`generator.site.search`) and ``on_post_build`` writes
its index. Under ``pingan serve`` (a dirty build, see :mod:`.incremental`) only the pages whose
Markdown changed are rendered again; the search keeps the others' entries.

mkdocs keeps a plugin that defines ``on_startup`` for the whole process: one instance serves every
rebuild of ``pingan serve`` and every language ``pingan build`` runs in the same process.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from ...checks.problems import StandardsError
from ...checks.project import Loaded, find_root, load
from ...render.bytecode import THEME_BYTECODE
from ...render.common import load_labels, template_dirs
from ...render.csp import with_policy
from ...render.forms import FORM_SCRIPTS
from ...render.site import nav
from ...results.publish import nav as results_nav
from ..files import site_files
from ..search import SearchIndex
from .background import BackgroundFiles
from .config import PinganConfig, language_url
from .incremental import PageStore, quiet_dirty_warning

log = logging.getLogger("mkdocs.plugins.pingan")
progress = logging.getLogger("pingan.progress")  # one line per file group; pingan build and serve show them

class PinganPlugin(BasePlugin[PinganConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.loaded: Loaded | None = None
        self.store: PageStore | None = None  # serve only: generated pages on disk, see .incremental
        self.background: BackgroundFiles | None = None  # serve only: scorecard files, see .background
        self.page_urls: set[str] = set()  # urls of every page of the current build
        self.signature = ""  # serve only: what every page shows besides its Markdown, see _signature
        self.search = SearchIndex()  # every page of the language, kept across serve's rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        if dirty:
            quiet_dirty_warning()

    # before the other plugins see the configuration
    @event_priority(50)
    def on_config(self, config):
        if not self.config.enabled:
            return config
        root = Path(self.config.project) if self.config.project else find_root(Path(config.config_file_path).parent)
        try:
            self.loaded = load(root)
        except StandardsError as e:
            raise PluginError("the standards have problems:\n" + str(e)) from None
        lang = self.config.lang
        config.site_url = language_url(config.site_url, lang)
        dirs = template_dirs(root)
        config.nav = nav(self.loaded.standards, lang, dirs) + results_nav(root, lang)
        _add_assets(config, dirs)
        if self.dirty:
            signature = _signature(config)
            if self.store is not None and self.store.signature == signature:
                # nav and configuration as before: the 404 page and the sitemap are too
                config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
            self.signature = signature
        return config

    # first, so that later plugins see the generated pages
    @event_priority(50)
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        t = time.perf_counter()
        outputs = None
        if self.dirty and self.config.scorecard_files:  # serve: the pages do not wait for the PDFs
            self.background = self.background or BackgroundFiles(self._serve_dir("ready"))
            outputs = self.background.files(self.loaded, self.config.lang, self._report)
        made = site_files(self.loaded, self.config.lang, scorecard_files=self.config.scorecard_files,
                          progress=self._report, outputs=outputs, processes=self.config.processes)
        for group, n in _groups(made).items():
            self._report(f"{group}: {n}")
        self._report(f"generated in {time.perf_counter() - t:.1f} s")
        pages = {uri: item for uri, item in made.items()
                 if not (uri.endswith(".md") and files.get_file_from_path(uri) is not None)}  # hand-written wins
        if self.dirty:
            self.store = self.store or PageStore(self._serve_dir("pages"))
            self.store.update({u: t for u, t in pages.items() if u.endswith(".md")}, self.signature)
        in_nav = _nav_uris(config.nav)
        for uri, item in pages.items():
            if self.store is not None and uri.endswith(".md"):
                f = File.generated(config, uri, abs_src_path=str(self.store.path(uri)))
            elif isinstance(item, Path):
                f = File.generated(config, uri, abs_src_path=str(item))
            else:
                f = File.generated(config, uri, content=item)
            if f.is_documentation_page() and uri not in in_nav:
                f.inclusion = InclusionLevel.NOT_IN_NAV  # reached through links, not the nav
            files.append(f)
        self.page_urls = {f.url for f in files.documentation_pages()}
        return files

    # the theme's templates compile once per process, not on every build (a second of each rebuild)
    @event_priority(50)
    def on_env(self, env, *, config, files):
        env.bytecode_cache = THEME_BYTECODE
        if self.config.enabled:
            env.globals["L"] = load_labels(template_dirs(self.loaded.root))[self.config.lang]  # for overrides/
            n = len(files.documentation_pages())
            self._report(f"rendering {n - len(_unchanged(files))} of {n} pages …" if self.dirty
                         else f"rendering {n} pages …")
        return env

    def _report(self, message: str) -> None:
        progress.info(f"{self.config.lang}: {message}")

    def _serve_dir(self, what: str) -> Path:
        return self.loaded.cache / "serve" / f"{self.config.lang}-{what}"

    def on_serve(self, server, *, config, builder):
        if self.background is not None:
            server.watch(str(self.background.ready_dir))
        if self.loaded is not None:
            server.watch(str(self.loaded.root / "standards"))
            for d in template_dirs(self.loaded.root):
                server.watch(str(d))
        return server

    # every page and the theme's 404 page carry the site's Content-Security-Policy (render/csp.py);
    # under serve, mkdocs adds a live-reload script that changes with every request
    def on_post_page(self, output, *, page, config):
        return with_policy(output, live_reload=self.command == "serve") if self.config.enabled else output

    def on_page_content(self, html, *, page, config, files):
        if self.config.enabled:
            self.search.add(html, page)
        return html

    def on_post_template(self, output_content, *, template_name, config):
        if not (self.config.enabled and template_name.endswith(".html")):
            return output_content
        return with_policy(output_content, live_reload=self.command == "serve")

    # the search index of every page (under serve: those rendered now and those kept from before)
    @event_priority(50)
    def on_post_build(self, *, config) -> None:
        if not self.config.enabled:
            return
        self.search.write(Path(config.site_dir), self.page_urls, self._report)
        if self.background is not None:
            self.background.start()


def _add_assets(config, dirs) -> None:
    """Our CSS, JS (the search's included) and theme overrides; idempotent (mkdocs serve may run
    ``on_config`` again on the same config)."""
    for css in ("assets/scorecard-phone.css", "assets/scorecard.css", "assets/pingan.css"):
        if css not in config.extra_css:
            config.extra_css.insert(0, css)
    for js in (*(f"assets/{name}" for name in reversed(FORM_SCRIPTS)), "assets/pingan.js", "assets/search.js"):
        if js not in [str(j) for j in config.extra_javascript]:
            config.extra_javascript.insert(0, js)
    # our partial overrides (language switcher, search) come from the package: a project needs no
    # copy, and its own site_templates/overrides/ comes first
    for d in reversed(dirs):
        overrides = str(d / "overrides")
        if (d / "overrides").is_dir() and overrides not in config.theme.dirs:
            config.theme.dirs.insert(0, overrides)


def _unchanged(files: Files) -> list[File]:
    """Under serve: the pages mkdocs will skip (their HTML is newer than their Markdown)."""
    return [f for f in files.documentation_pages() if not f.is_modified()]


def _groups(made: dict) -> dict[str, int]:
    """How many files of each kind a language has."""
    out = {"pages": 0, "scorecard files": 0, "data files": 0, "assets": 0}
    for uri, item in made.items():
        group = ("pages" if uri.endswith(".md") else "assets" if uri.startswith("assets/")
                 else "scorecard files" if isinstance(item, Path) else "data files")
        out[group] += 1
    return out


def _nav_uris(items) -> set[str]:
    """Every page the nav lists."""
    out: set[str] = set()
    for item in items or ():
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for v in item.values():
                out |= {v} if isinstance(v, str) else _nav_uris(v)
        elif isinstance(item, list):
            out |= _nav_uris(item)
    return out


def _signature(config) -> str:
    """What every page shows besides its own Markdown: the nav (titles included), the configuration
    and the theme overrides. When it changes, every page is rendered again."""
    import hashlib

    h = hashlib.sha256(repr(config.nav).encode())
    h.update(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    for d in config.theme.dirs:
        for p in sorted(Path(d).rglob("*.html")) if "overrides" in Path(d).parts[-1:] else ():
            h.update(p.read_bytes())
    return h.hexdigest()


"""The ``pingan`` mkdocs plugin, built as Material builds its own: a typed config (:mod:`.config`),
an ``enabled`` switch, state on the instance and explicit event priorities.

All rendering happens in :mod:`generator.render`; this module only adapts it to mkdocs events:
``on_config`` takes the build context (or makes one) and sets the nav, ``on_files`` adds the
generated pages and files (those the nav does not list are marked ``NOT_IN_NAV`` one by one),
``on_page_content`` hands each rendered page to the site's search (:mod:`generator.site.search`) and
``on_post_build`` writes its index. Under ``pingan serve`` (a dirty build, see :mod:`.incremental`)
only the pages whose Markdown changed are rendered again; the search keeps the others' entries.

mkdocs keeps a plugin that defines ``on_startup`` for the whole process: one instance serves every
rebuild of ``pingan serve``. What makes those rebuilds fast lives on the instance: the project's
:class:`~generator.checks.project.Loader` (the standards parsed again only where a file changed),
the downloads' digests, the page store and the background renderer.

The context: ``pingan build`` hands the plugin its :class:`~generator.site.context.BuildContext`
through :meth:`PinganPlugin.use` before it runs mkdocs (the loaded project, the site's address, the
edition, the processes, where progress goes). Without one (``pingan serve``, a plain ``mkdocs
build``) the plugin makes its own from its options and reports progress to the ``pingan.progress``
logger.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ...checks.project import Loader, find_root
from ...model.problems import StandardsError
from ...render.bytecode import THEME_BYTECODE
from ...render.common import load_labels, template_dirs
from ...render.csp import with_policy
from ...render.site import nav
from ...results.publish import nav as results_nav
from ..context import BuildContext, default_processes
from ..files import Digests, site_files
from ..search import SearchIndex
from .background import BackgroundFiles
from .config import PinganConfig, language_url
from .incremental import PageStore, quiet_dirty_warning
from .unused import drop_unused_theme_files

log = logging.getLogger("mkdocs.plugins.pingan")
progress = logging.getLogger("pingan.progress")  # one line per file group; pingan build and serve show them

class PinganPlugin(BasePlugin[PinganConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.given: BuildContext | None = None  # from pingan build, see use()
        self.ctx: BuildContext | None = None  # the current build's
        self.loader: Loader | None = None  # without a given context: loads the project, see Loader
        self.digests: Digests = {}  # the scorecard files' sizes and hashes, kept between rebuilds
        self.store: PageStore | None = None  # serve only: generated pages on disk, see .incremental
        self.background: BackgroundFiles | None = None  # serve only: scorecard files, see .background
        self.page_urls: set[str] = set()  # urls of every page of the current build
        self.signature = ""  # serve only: what every page shows besides its Markdown, see _signature
        self.search = SearchIndex()  # every page of the language, kept across serve's rebuilds

    def use(self, ctx: BuildContext | None) -> None:
        """The build context of ``pingan build`` (called before mkdocs' build starts, and with None
        after it: mkdocs keeps this instance for the process): the plugin renders from its loaded
        project instead of loading one, with its address and processes."""
        self.given = ctx

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """The first event of the process (mkdocs' ``build``, ``serve`` or ``gh-deploy``): under
        serve, mkdocs' warning that a dirty build may leave the nav stale is silenced."""
        self.command, self.dirty = command, dirty
        if dirty:
            quiet_dirty_warning()

    # before the other plugins see the configuration
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The build starts: take the build context (or load the project), set this language's
        site address and the nav, add our assets and theme overrides."""
        if not self.config.enabled:
            return config
        self.ctx = self._context(config)
        loaded, lang = self.ctx.loaded, self.ctx.lang
        # pingan build's site address; pingan serve's own (mkdocs replaced it with the local one)
        public = self.ctx.site_url if self.given is not None else ""
        config.site_url = language_url(public or config.site_url, lang)
        dirs = template_dirs(loaded.root)
        config.nav = nav(loaded.standards, lang, dirs) + results_nav(loaded.root, lang)
        _add_assets(config, dirs)
        if self.dirty:
            signature = _signature(config)
            if self.store is not None and self.store.signature == signature:
                # nav and configuration as before: the 404 page and the sitemap are too
                config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
            self.signature = signature
        return config

    def _context(self, config: MkDocsConfig) -> BuildContext:
        """The given context in this plugin's language, or one made from the plugin's options."""
        lang = self.config.lang
        if self.given is not None:
            return self.given.with_(lang=lang)
        if self.loader is None:
            root = Path(self.config.project) if self.config.project else find_root(
                Path(config.config_file_path).parent)
            self.loader = Loader(root)
        try:
            loaded = self.loader.load()
        except StandardsError as e:
            raise PluginError("the standards have problems:\n" + str(e)) from None
        return BuildContext(loaded, site_url=self.config.site_url.strip(), lang=lang,
                            processes=default_processes(self.config.processes),
                            progress=lambda m: progress.info(m))

    # first, so that later plugins see the generated pages
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, data, scorecard files and assets of this language (a hand-written
        page in ``content/`` wins over a generated one of the same name)."""
        if not self.config.enabled or self.ctx is None:
            return files
        t = time.perf_counter()
        drop_unused_theme_files(files, config)
        ctx = self.ctx.with_(progress=self._report)
        outputs = None
        if self.dirty and self.config.scorecard_files:  # serve: the pages do not wait for the PDFs
            self.background = self.background or BackgroundFiles(self._serve_dir("ready"))
            outputs = self.background.files(ctx)
        made = site_files(ctx, scorecard_files=self.config.scorecard_files, outputs=outputs, digests=self.digests)
        for group, n in _groups(made).items():
            self._report(f"{group}: {n}")
        self._report(f"generated in {time.perf_counter() - t:.1f} s")
        pages = {uri: item for uri, item in made.items()
                 if not (uri.endswith(".md") and files.get_file_from_path(uri) is not None)}  # hand-written wins
        if self.dirty:
            self.store = self.store or PageStore(self._serve_dir("pages"))
            self.store.update({u: t for u, t in pages.items() if u.endswith(".md") and isinstance(t, str)},
                              self.signature)
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
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """The theme's template environment: compiled templates kept for the process (the bytecode
        cache memoises each template's compiled code by its source), our interface words as ``L``."""
        env.bytecode_cache = THEME_BYTECODE
        if self.config.enabled and self.ctx is not None:
            env.globals["L"] = load_labels(template_dirs(self.ctx.root))[self.config.lang]  # for overrides/
            n = len(files.documentation_pages())
            self._report(f"rendering {n - len(_unchanged(files))} of {n} pages …" if self.dirty
                         else f"rendering {n} pages …")
        return env

    def _report(self, message: str) -> None:
        report = self.ctx.progress if self.ctx is not None else progress.info
        report(f"{self.config.lang}: {message}")

    def _serve_dir(self, what: str) -> Path:
        assert self.ctx is not None
        return self.ctx.cache / "serve" / f"{self.config.lang}-{what}"

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., None]) -> LiveReloadServer:
        """``pingan serve`` watches the standards, the templates and the folder where scorecard
        files rendered in the background announce themselves."""
        if self.background is not None:
            server.watch(str(self.background.ready_dir))
        if self.ctx is not None:
            server.watch(str(self.ctx.root / "standards"))
            for d in template_dirs(self.ctx.root):
                server.watch(str(d))
        return server

    # every page and the theme's 404 page carry the site's Content-Security-Policy (render/csp.py);
    # under serve, mkdocs adds a live-reload script that changes with every request
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A page's HTML: it gets the Content-Security-Policy with its inline scripts' hashes."""
        return with_policy(output, live_reload=self.command == "serve") if self.config.enabled else output

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page's rendered content: the site's search takes its title, text and words."""
        if self.config.enabled:
            self.search.add(html, page)
        return html

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """A static template's output (the 404 page): the Content-Security-Policy too."""
        if not (self.config.enabled and template_name.endswith(".html")):
            return output_content
        return with_policy(output_content, live_reload=self.command == "serve")

    # the search index of every page (under serve: those rendered now and those kept from before)
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The build is written: the search index of the current pages is written, and scorecard files
        out of date start rendering (serve)."""
        if not self.config.enabled:
            return
        self.search.write(Path(config.site_dir), self.page_urls, self._report)
        if self.background is not None:
            self.background.start()


def _add_assets(config: MkDocsConfig, dirs: tuple[Path, ...]) -> None:
    """Our CSS, JS (the search's included) and theme overrides; idempotent (mkdocs serve may run
    ``on_config`` again on the same config)."""
    for css in ("assets/scorecard-phone.css", "assets/scorecard.css", "assets/pingan.css"):
        if css not in config.extra_css:
            config.extra_css.insert(0, css)
    for js in ("assets/pingan.js", "assets/search.js"):  # the form's scripts: on form pages only (form.md.j2)
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


def _signature(config: MkDocsConfig) -> str:
    """What every page shows besides its own Markdown: the nav (titles included), the configuration
    and the theme overrides. When it changes, every page is rendered again."""
    import hashlib

    h = hashlib.sha256(repr(config.nav).encode())
    h.update(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    for d in config.theme.dirs:
        for p in sorted(Path(d).rglob("*.html")) if "overrides" in Path(d).parts[-1:] else ():
            h.update(p.read_bytes())
    return h.hexdigest()


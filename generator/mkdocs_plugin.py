"""A thin mkdocs plugin: feeds the generator's in-memory pages and assets into the build.

All rendering happens in :mod:`generator.render`; this module only adapts it to mkdocs events.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .problems import StandardsError
from .project import find_root, load
from .render.common import template_dirs
from .render.site import nav
from .results.publish import nav as results_nav
from .sitefiles import site_files

log = logging.getLogger("mkdocs.plugins.pingan")

# Two fixes to Material's search worker (9.8.1, pinned), applied to the built file:
# 1. it never tries a word that ends at the query's last character, so the last word of a
#    multi-word Chinese query typed without spaces was dropped (矛盾纠纷化解 searched 矛盾纠纷 only);
# 2. a query that arrives while the index is still being built (Chinese support loads first) fails
#    and is never re-run: the first search after opening a page came back empty. Queries now wait.
WORKER_PATCHES = (
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1};case 2:let e=t.data;",
     "case 0:return self.__pinganReady=W(this,null,function*(){yield Ie(t.data.config),de=new U(t.data)}),"
     "yield self.__pinganReady,{type:1};case 2:yield self.__pinganReady;let e=t.data;"),
)


class PinganConfig(Config):
    lang = c.Choice(("zh", "en"), default="zh")
    project = c.Optional(c.Type(str))
    scorecard_files = c.Type(bool, default=True)  # PDF/XLSX/offline forms; bench/site.py turns them off


class PinganPlugin(BasePlugin[PinganConfig]):
    def on_config(self, config):
        root = Path(self.config.project) if self.config.project else find_root(Path(config.config_file_path).parent)
        try:
            self.loaded = load(root)
        except StandardsError as e:
            raise PluginError("the standards have problems:\n" + str(e)) from None
        lang = self.config.lang
        # the site's address (PINGAN_SITE_URL) is the root of both languages; this build is one of them
        if config.site_url and not config.site_url.rstrip("/").endswith(f"/{lang}"):
            config.site_url = config.site_url.rstrip("/") + f"/{lang}/"
        dirs = template_dirs(root)
        config.nav = nav(self.loaded.standards, lang, dirs) + results_nav(root, lang)
        # idempotent: mkdocs serve may run on_config again on the same config
        for css in ("assets/scorecard-phone.css", "assets/scorecard.css", "assets/pingan.css"):
            if css not in config.extra_css:
                config.extra_css.insert(0, css)
        for js in ("assets/scorecard.js", "assets/scoring.js", "assets/pingan.js"):
            if js not in [str(j) for j in config.extra_javascript]:
                config.extra_javascript.insert(0, js)
        # the offline copy's search needs the iframe-worker shim: ours, not one fetched from unpkg.com
        shim = "assets/vendor/iframe-worker-shim.js"
        config.extra["polyfills"] = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"].append(shim)
        # our partial overrides (language switcher, search) come from the package: a project needs no
        # copy, and its own site_templates/overrides/ comes first
        for d in reversed(dirs):
            overrides = str(d / "overrides")
            if (d / "overrides").is_dir() and overrides not in config.theme.dirs:
                config.theme.dirs.insert(0, overrides)
        # jieba user dictionary generated from the glossary, so standard terms stay whole
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            path = self.loaded.cache / f"jieba-user-dict-{lang}.txt"
            words = "".join(f"{g.term.zh} 100000 n\n" for g in self.loaded.standards.glossary if " " not in g.term.zh)
            extra = root / "content" / "search" / f"jieba-{lang}.txt"
            if extra.is_file():  # hand-written additions and overrides (later lines win)
                words += "".join(line + "\n" for line in extra.read_text(encoding="utf-8").splitlines()
                                 if line.strip() and not line.startswith("#"))
            path.write_text(words, encoding="utf-8")
            search.config.jieba_dict_user = str(path)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        made = site_files(self.loaded, self.config.lang, scorecard_files=self.config.scorecard_files,
                          progress=lambda m: log.info(f"pingan: {m}"))
        for uri, item in made.items():
            if uri.endswith(".md") and files.get_file_from_path(uri) is not None:
                continue  # a hand-written page in content/ wins over a generated one
            if isinstance(item, Path):
                files.append(File.generated(config, uri, abs_src_path=str(item)))
            else:
                files.append(File.generated(config, uri, content=item))
        return files

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.loaded.root / "standards"))
        for d in template_dirs(self.loaded.root):
            server.watch(str(d))
        return server

    def on_post_build(self, *, config) -> None:
        workers = Path(config.site_dir) / "assets" / "javascripts" / "workers"
        for js in workers.glob("search.*.min.js"):
            text = js.read_text(encoding="utf-8")
            for bug, fix in WORKER_PATCHES:
                if bug in text:
                    text = text.replace(bug, fix)
                elif fix not in text:
                    log.warning("pingan: Material's search worker changed; a search fix no longer applies "
                                "(see WORKER_PATCHES in generator/mkdocs_plugin.py)")
            js.write_text(text, encoding="utf-8")

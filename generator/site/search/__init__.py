"""The site's own search: a static index in small pieces (:mod:`.index`) that the browser loads
term by term (``site_templates/assets/search.js``), fed by the pingan plugin with each rendered
page (:mod:`.page`). Chinese and English are cut into terms the same way on both sides
(:mod:`.tokens`). It replaces Material's search plugin, its whole-index download and jieba.
"""
from __future__ import annotations

import time
from pathlib import Path

from .index import write_index
from .page import Doc, read_page, section_of


class SearchIndex:
    """The pages of one language's build. One instance lives as long as the plugin, so under
    ``pingan serve`` a rebuild that renders a few pages keeps the others' entries."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}

    def add(self, html: str, page) -> None:
        doc = read_page(html, url=page.url, title=page.title or "", section=section_of(page),
                        meta=page.meta or {})
        if doc is None:
            self.docs.pop(page.url, None)
        else:
            self.docs[page.url] = doc

    def write(self, site_dir: Path, existing: set[str], report=None) -> dict:
        """Write ``search/`` under ``site_dir`` for the pages that still exist."""
        for url in set(self.docs) - existing:
            del self.docs[url]
        t = time.perf_counter()
        figures = write_index(list(self.docs.values()), Path(site_dir) / "search")
        if report:
            report(f"search index: {figures['pages']} pages, {figures['terms']} terms, "
                   f"{figures['bytes'] / 1e6:.1f} MB in {figures['shards']} term files "
                   f"({time.perf_counter() - t:.1f} s)")
        return figures

"""Live reload that keeps up with an editor: under ``pingan serve`` only the pages whose generated
Markdown changed are rendered again.

``pingan serve`` runs mkdocs' dirty build: mkdocs renders a page only when its source file is newer
than the HTML it wrote last time. Generated pages have no source file, so :class:`PageStore` keeps
them in one (``.cache/serve/<lang>/``), rewritten only when the Markdown differs; when what every
page shows changes (the nav, the configuration, the theme overrides) every file is touched.
Material's search keeps the last index under a dirty build and replaces one page's entries;
:func:`prune_search_index` first drops the entries of every page rendered again or gone, so the
index is updated, not rebuilt. (The server that notices an edit when it happens,
not at its next scan of the watched files, is :mod:`generator.site.serve`'s.)
"""
from __future__ import annotations

import logging
from pathlib import Path


class PageStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self.signature: str | None = None

    def path(self, uri: str) -> Path:
        return self.folder / uri

    def update(self, pages: dict[str, str], signature: str) -> set[str]:
        """Write the pages whose Markdown changed (all of them when ``signature`` changed, or on the
        first build of this process) and delete pages that are gone; returns the uris written."""
        everything = signature != self.signature
        self.signature = signature
        written: set[str] = set()
        for uri, text in pages.items():
            p = self.path(uri)
            data = text.encode("utf-8")
            if everything or not p.is_file() or p.read_bytes() != data:
                p.parent.mkdir(parents=True, exist_ok=True)
                tmp = p.with_name(p.name + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(p)  # a new file: newer than any HTML mkdocs wrote before
                written.add(uri)
        for p in self.folder.rglob("*.md"):
            if p.relative_to(self.folder).as_posix() not in pages:
                p.unlink()
        return written


def prune_search_index(search, *, rendered: set[str], existing: set[str]) -> None:
    """Drop from Material's previous search index the entries of pages rendered again (their new
    entries replace them) and of pages that no longer exist."""
    prev = getattr(search, "search_index_prev", None) if search is not None else None
    if prev is None:
        return
    prev.entries = [e for e in prev.entries
                    if (page := e["location"].split("#", 1)[0]) not in rendered and page in existing]


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    """mkdocs warns on every dirty build that the nav may be stale; ours is not (every page is
    rendered again when the nav changes), and in strict mode the warning would abort the build."""
    log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in log.filters):
        log.addFilter(_DirtyWarning())

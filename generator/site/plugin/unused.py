"""Theme files the site never loads, left out of the build: Material's search worker and lunr with
its language and segmentation scripts (1 MB a language; the site has its own search, see
:mod:`generator.site.search`) unless Material's search plugin is on (bench/materialsearch.py turns it
on for comparison), and the source maps of Material's minified scripts and styles (1.3 MB, read
only by a browser's developer tools). Fewer files to write, and a smaller offline zip."""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


def unused(uri: str, material_search: bool) -> bool:
    return uri.endswith(".map") or (not material_search and uri.startswith(MATERIAL_SEARCH))


def drop_unused_theme_files(files: Files, config: MkDocsConfig) -> int:
    """Remove the theme's unused files from ``files``; returns how many."""
    material_search = any(name.split("/")[-1] == "search" for name in config.plugins)
    gone = [f for f in files if not f.generated_by and unused(f.src_uri, material_search)]
    for f in gone:
        files.remove(f)
    return len(gone)

"""Everything one language of the site is made of, without mkdocs: Markdown pages, open-data files,
scorecard files and assets. The mkdocs plugin feeds it to the build; ``pingan gen`` writes it to disk.
"""
from __future__ import annotations

from pathlib import Path

from ..checks.schema import schema_json
from ..render.common import template_dirs
from ..render.opendata import file_info, to_csv, to_json
from ..render.outputs import build_outputs
from ..render.site import render_site
from ..results.publish import pages as results_pages
from .context import BuildContext
from .editions import cached_history

Digests = dict  # (path, mtime, size) → {"size", "sha256"}: cached files never change, hash each once


def _file_info(path: Path, digests: Digests) -> dict:
    st = path.stat()
    key = (path, st.st_mtime_ns, st.st_size)
    if key not in digests:
        digests[key] = file_info(path.read_bytes())
    return digests[key]


def asset_files(dirs) -> dict[str, Path]:
    """assets/… → file; a project's own asset overrides ours of the same name."""
    files: dict[str, Path] = {}
    for d in reversed(dirs):
        assets = d / "assets"
        files.update({"assets/" + p.relative_to(assets).as_posix(): p
                      for p in sorted(assets.rglob("*")) if p.is_file()})
    return files


def site_files(ctx: BuildContext, *, scorecard_files: bool = True, outputs: dict[str, Path] | None = None,
               digests: Digests | None = None) -> dict[str, str | bytes | Path]:
    """site uri → Markdown text (pages), bytes (generated data) or a Path (file to copy), for the
    language of ``ctx``. ``outputs``: the scorecard files, when the caller made sure of them (pingan
    serve renders them in the background); by default they are rendered here when not cached, in
    ``ctx.processes`` processes. ``digests``: the downloads' sizes and hashes computed before (the
    plugin keeps them between the rebuilds of pingan serve)."""
    loaded, lang, digests = ctx.loaded, ctx.lang, {} if digests is None else digests
    s = loaded.standards
    if outputs is None:
        outputs = build_outputs(loaded.root, s, lang, progress=ctx.progress, workers=ctx.processes,
                                address=ctx.address) if scorecard_files else {}
    data: dict[str, bytes] = {"pingan-standards.json": to_json(s).encode("utf-8"),
                              "pingan-standards.csv": to_csv(s).encode("utf-8"),
                              "schema.json": schema_json().encode("utf-8")}
    downloads = {uri: file_info(content) for uri, content in data.items()}
    downloads.update({uri: _file_info(path, digests) for uri, path in outputs.items()
                      if uri.startswith(("scorecards/", "sources/")) or uri.endswith(".docx")})
    editions, changes = cached_history(loaded)
    dirs = template_dirs(loaded.root)
    files: dict[str, str | bytes | Path] = dict(
        render_site(s, lang, loaded.root / "content", scorecard_files, downloads, editions, changes,
                    templates=dirs, cache=loaded.cache, address=ctx.address))
    files.update(data)
    files.update(outputs)
    files.update(asset_files(dirs))
    files.update(results_pages(loaded.root, lang))  # only rankings published with pingan results --publish
    return files

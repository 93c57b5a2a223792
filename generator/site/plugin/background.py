"""Scorecard files under ``pingan serve``: a YAML edit changes a card's PDF, XLSX and offline forms,
and rendering them takes seconds. The pages must not wait: the rebuild links the files of the
previous build, the new ones are rendered in the background once the build is done, and when they
are ready a file in a watched folder changes, so mkdocs rebuilds once more and copies them in (no
page is rendered again unless a download's size changed).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from ...render.outputs import plan_outputs, render_missing
from ..context import BuildContext


class BackgroundFiles:
    def __init__(self, ready_dir: Path):
        self.ready_dir = ready_dir  # pingan serve watches it
        ready_dir.mkdir(parents=True, exist_ok=True)
        self.previous: dict[str, Path] = {}  # what the last build linked, every file present
        self.worker: threading.Thread | None = None
        self.pending: tuple | None = None  # (root, standards, missing) for :meth:`start`

    def files(self, ctx: BuildContext) -> dict[str, Path]:
        """Site uri → file for every scorecard file of the context's language: the current one when
        it is cached, otherwise (while it renders in the background) the one the site had before."""
        loaded, report = ctx.loaded, ctx.progress
        result, missing = plan_outputs(loaded.root, loaded.standards, ctx.lang, address=ctx.address)
        stale = {job.uri for job, _ in missing}
        if missing and not all(u in self.previous and self.previous[u].is_file() for u in stale):
            report(f"rendering {len(missing)} scorecard files …")  # the first build: nothing to show instead
            render_missing(loaded.root, loaded.standards, missing)
        elif missing:
            self.pending = (loaded.root, loaded.standards, missing)
            report(f"{len(missing)} scorecard files out of date: rendering them in the background, "
                   f"the previous ones meanwhile")
            result = {**result, **{u: self.previous[u] for u in stale}}
        self.previous = result
        return result

    def start(self) -> None:
        """Start rendering what the build found out of date, once the build is done: its processes
        would otherwise compete with the rest of the build, and the page would show later."""
        if self.pending and (self.worker is None or not self.worker.is_alive()):
            self.worker = threading.Thread(target=self._render, args=self.pending, daemon=True)
            self.worker.start()
            self.pending = None

    def _render(self, root, standards, missing) -> None:
        render_missing(root, standards, missing)
        (self.ready_dir / "ready").write_text(f"{time.time()}\n", encoding="utf-8")  # → one more rebuild

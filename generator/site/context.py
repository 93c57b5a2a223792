"""What one build knows, handed down explicitly: the loaded project, where the site is published,
which edition and language is being built, how many processes it may use and where progress goes.

``pingan build`` loads the project once and makes one :class:`BuildContext`; every language build,
the site files, the scorecard files and their QR codes get it (or what they need of it) as an
argument, and the mkdocs plugin gets it on its instance (:meth:`PinganPlugin.use
<generator.site.plugin.plugin.PinganPlugin.use>`). An edition's build has a context of its own,
with that edition's project, loaded once. Under ``pingan serve`` (or a plain ``mkdocs build``) the
plugin makes the context itself, from its options. Nothing in the package reads the environment
for it: ``PINGAN_SITE_URL`` is read by the command line (and by ``mkdocs.yml``, for the plugin).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..checks.project import Loaded, load
from ..render.qr import SiteAddress

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class BuildContext:
    loaded: Loaded
    site_url: str = ""  # the public address of the whole site (both languages), "" when not known
    edition: str = ""  # the edition being built ("" for the current standards)
    lang: str = "zh"  # the language being built
    processes: int = 1  # how many processes may render scorecard files (1: this one)
    progress: Progress = _silent  # one line per step, to the terminal of pingan build

    @classmethod
    def load(cls, root: Path, **kwargs) -> BuildContext:
        """Load the project at ``root`` (once) and make its context; raises StandardsError."""
        return cls(load(root), **kwargs)

    @property
    def root(self) -> Path:
        return self.loaded.root

    @property
    def cache(self) -> Path:
        """The project's cache folder (scorecard files, compiled templates, edition history)."""
        return self.loaded.cache

    @property
    def address(self) -> SiteAddress:
        """Where this build's pages are published: what the printed cards' QR codes point to."""
        return SiteAddress(self.site_url, self.edition)

    def with_(self, **changes) -> BuildContext:
        """This context with some fields changed (a language, the progress of a build process)."""
        return replace(self, **changes)


def default_processes(n: int | None) -> int:
    """``None`` (the plugin's default) means one per core."""
    return n if n else os.cpu_count() or 1

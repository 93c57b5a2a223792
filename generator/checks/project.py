"""The project in a directory (like mkdocs, the CLI works on the current directory)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import objects as model
from ..model.load import find_files, load_tree
from ..model.problems import StandardsError
from . import kept as on_disk
from .drafts import is_warning
from .validate import validate


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` that has a ``standards/`` folder."""
    start = (start or Path.cwd()).resolve()
    for d in (start, *start.parents):
        if (d / "standards").is_dir():
            return d
    raise FileNotFoundError(f"no standards/ folder in {start} or above: run pingan inside a project "
                            f"(or pass --project DIR)")


@dataclass(frozen=True)
class Loaded:
    root: Path
    standards: model.Standards
    files: tuple[str, ...]
    warnings: tuple = ()  # problems that are warnings (what a draft may lack: generator/checks/drafts.py)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # derived data, e.g. edition history

    @property
    def cache(self) -> Path:
        """The project's own cache folder (scorecard files, compiled templates, fonts), owner-only."""
        d = self.root / ".cache"
        d.mkdir(exist_ok=True, mode=0o700)
        return d


def _signature(root: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in find_files(root))


def load(root: Path) -> Loaded:
    """Load, validate and build; raises :class:`StandardsError` with every problem found. Reads the
    YAML every time: a caller that loads the same project again keeps a :class:`Loader`."""
    return Loader(root).load()


class Loader:
    """Loads one project again and again, as ``pingan serve`` does on every rebuild: while no
    standards file changed it returns the same :class:`Loaded`, and it parses only the files that
    changed. The state is this object's (the plugin instance owns one), not the process's."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.parsed: dict = {}  # the last load's files, by display path and content (model.load.ParseMemo)
        self.last: tuple[tuple, Loaded] | None = None

    def load(self) -> Loaded:
        sig = _signature(self.root)
        if self.last and self.last[0] == sig:
            return self.last[1]
        k = on_disk.key(self.root)
        got = on_disk.recall(self.root, k)
        if isinstance(got, Loaded):  # checked before, nothing changed since (.kept)
            self.last = (sig, replace(got, root=self.root))
            return self.last[1]
        memo = dict(self.parsed)
        files = load_tree(self.root, memo)
        kept = {id(f) for f in files}
        self.parsed = {k: v for k, v in memo.items() if id(v) in kept}  # only what the tree holds now
        found, standards = validate(files, self.root)
        problems = [p for p in found if not is_warning(p)]
        if problems:
            raise StandardsError(problems)
        loaded = Loaded(self.root, standards, tuple(f.path for f in files), tuple(p for p in found if is_warning(p)))
        self.last = (sig, loaded)
        on_disk.keep(self.root, k, replace(loaded, memo={}))  # derived data (edition history) is not the YAML's
        return loaded

"""The project in a directory (like mkdocs, the CLI works on the current directory)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import objects as model
from ..model.load import find_files, load_tree
from ..model.problems import StandardsError
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


_cache: dict[Path, tuple[tuple, Loaded]] = {}


def _signature(root: Path) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in find_files(root))


def load(root: Path) -> Loaded:
    """Load, validate and build; raises :class:`StandardsError` with every problem found.

    The result is remembered for this process until a standards file changes, so the CLI check and
    the two language builds of one ``pingan build`` read the YAML once."""
    root = root.resolve()
    sig = _signature(root)
    hit = _cache.get(root)
    if hit and hit[0] == sig:
        return hit[1]
    files = load_tree(root)
    found, standards = validate(files, root)
    problems = [p for p in found if not is_warning(p)]
    if problems:
        raise StandardsError(problems)
    loaded = Loaded(root, standards, tuple(f.path for f in files), tuple(p for p in found if is_warning(p)))
    _cache[root] = (sig, loaded)
    return loaded


def forget(root: Path) -> None:
    """Drop the remembered load of ``root`` (a temporary folder about to be removed)."""
    _cache.pop(root.resolve(), None)

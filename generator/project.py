"""The project in a directory (like mkdocs, the CLI works on the current directory)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import model
from .load import load_tree
from .problems import StandardsError
from .validate import check


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above ``start`` that has a ``standards/`` folder."""
    start = (start or Path.cwd()).resolve()
    for d in (start, *start.parents):
        if (d / "standards").is_dir():
            return d
    raise FileNotFoundError(f"no standards/ folder in {start} or above: run pingan inside a project "
                            f"(or pass --project DIR)")


def plain(x):
    """Round-trip YAML objects → plain dict/list/str (positions are no longer needed)."""
    if isinstance(x, (dict, CommentedMap)):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, CommentedSeq)):
        return [plain(v) for v in x]
    if isinstance(x, str):
        return str(x)
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    return x


@dataclass(frozen=True)
class Loaded:
    root: Path
    standards: model.Standards
    files: tuple[str, ...]


def load(root: Path) -> Loaded:
    """Load, validate and build; raises :class:`StandardsError` with every problem found."""
    files = load_tree(root)
    problems = check(files)
    if problems:
        raise StandardsError(problems)
    merged: dict[str, list] = {}
    for f in files:
        for kind, items in plain(f.data).items():
            merged.setdefault(kind, []).extend(items)
    return Loaded(root, model.build(merged), tuple(f.path for f in files))

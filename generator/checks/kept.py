"""The checked standards of a project kept on disk, so that a command does not parse and check them again.

Loading a project — parsing its YAML, the schema, every check across files — takes about a second,
which every ``pingan`` command paid before doing its own work. Once a project loads without a problem,
the result is kept in ``<project>/.cache/standards/<key>.pickle``; ``key`` is a hash of everything the
load depends on: the code of this package, the Python and the libraries running it, the name of every file under
``standards/`` (a source document's file must exist) and the content of every YAML file. Change any of
them and the key changes, so a kept result is never stale; a project with problems is never kept (its
problems are found and reported every time). The cache is the project's own, like its other caches;
a folder that cannot be written just goes without.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]
# what loading and checking use besides this package: module → distribution
LIBRARIES = (("yaml", "PyYAML"), ("ruamel.yaml", "ruamel.yaml"), ("jsonschema", "jsonschema"))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed() -> list[str]:
    """The libraries' installed versions, as the names of their ``.dist-info`` folders beside them (looked up
    in their own folder: ``importlib.metadata`` searches every path entry, 60 ms, more than loading the
    kept standards takes)."""
    found = []
    for module, dist in LIBRARIES:
        site = Path(importlib.import_module(module).__file__ or "").parents[module.count(".") + 1]
        found += sorted(p.name for p in site.iterdir()
                        if p.suffix == ".dist-info" and _canonical(p.name.split("-")[0]) == _canonical(dist))
    return found


def key(root: Path) -> str:
    """A hash of the code, the Python, the libraries, the files under ``standards/`` and the YAML's content."""
    libraries = "\0".join(installed())
    h = hashlib.sha256(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0{libraries}\0".encode())
    for p in sorted(PACKAGE.rglob("*.py")):
        data = p.read_bytes()
        h.update(f"{p.relative_to(PACKAGE).as_posix()}\0{len(data)}\0".encode() + data)
    h.update(b"\0standards\0")
    for p in sorted((root / "standards").rglob("*")):
        if p.is_file():
            rel = p.relative_to(root).as_posix()
            data = p.read_bytes() if p.suffix in (".yaml", ".yml") else b""
            h.update(f"{rel}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)
    return h.hexdigest()


def _path(root: Path, k: str) -> Path:
    return root / ".cache" / "standards" / f"{k}.pickle"


def recall(root: Path, k: str) -> Any | None:
    """What was kept under ``k``, or None (nothing kept, or not readable)."""
    try:
        with _path(root, k).open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # nothing kept, or a file another version of Python or of the classes wrote
        return None


def keep(root: Path, k: str, value: Any) -> None:
    """Keep ``value`` under ``k`` (written whole, then renamed: a reader never sees half a file), and drop
    what was kept under other keys."""
    folder = _path(root, k).parent
    tmp = None
    try:
        folder.parent.mkdir(exist_ok=True, mode=0o700)
        folder.mkdir(exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as fh:
            tmp = Path(fh.name)
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(root, k))
        for old in folder.glob("*.pickle"):
            if old.name != f"{k}.pickle":
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        if tmp is not None:
            tmp.unlink(missing_ok=True)  # a read-only project, a full disk: the next command loads them again

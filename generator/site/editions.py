"""Editions: earlier versions of the standards, kept at permanent URLs, and what changed between them.

An edition is a git tag ``edition-<name>`` (e.g. ``edition-2023``). ``pingan build`` builds the
current working tree as the site and every tagged edition, with today's generator, under
``site/editions/<name>/`` (both languages); each pair of consecutive editions, and the newest tag
against the current standards, gets a bilingual “What changed” section on the site.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..model.objects import Standards
from .diff import Change, diff, load_version
from .gitref import exported

TAG_PREFIX = "edition-"


@dataclass(frozen=True)
class Edition:
    name: str
    ref: str  # the git tag


@dataclass(frozen=True)
class EditionDiff:
    old: str
    new: str  # an edition name, or "" for the current (unreleased) standards
    changes: tuple[Change, ...]


def discover(root: Path) -> list[Edition]:
    """Tagged editions, oldest first (by the tagged commit's date); [] unless ``root`` is the top of
    a git checkout (an edition being built from an export is not)."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True).stdout.strip()
        if Path(top).resolve() != root.resolve():
            return []
        out = subprocess.run(["git", "-C", str(root), "for-each-ref", "--sort=creatordate",
                              "--format=%(refname:short)", f"refs/tags/{TAG_PREFIX}*"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [Edition(t[len(TAG_PREFIX):], t) for t in out.split() if t.startswith(TAG_PREFIX)]


def history(root: Path, current: Standards, eds: list[Edition] | None = None) -> list[EditionDiff]:
    """Changes between consecutive editions, newest first; the last tag against the current standards
    is included when they differ. Each edition is read from git once."""
    eds = discover(root) if eds is None else eds
    if not eds:
        return []
    versions = [(e.name, load_version(e.ref, root)) for e in eds]
    out = [EditionDiff(a[0], b[0], tuple(diff(a[1], b[1]))) for a, b in zip(versions, versions[1:], strict=False)]
    tail = tuple(diff(versions[-1][1], current))
    if tail:
        out.append(EditionDiff(versions[-1][0], "", tail))
    return list(reversed(out))


def _commits(root: Path, eds: list[Edition]) -> list[str]:
    out = subprocess.run(["git", "-C", str(root), "rev-parse", *(f"{e.ref}^{{commit}}" for e in eds)],
                         capture_output=True, text=True, check=True).stdout
    return out.split()


def cached_history(loaded) -> tuple[list[Edition], list[EditionDiff]]:
    """Tagged editions and :func:`history`, computed once per build: remembered in this process and
    kept in the project's cache (``.cache/editions/history-<key>.pickle``), keyed by the tagged
    commits and the current standards files, so the language builds running in other processes
    read what the first one computed."""
    eds = discover(loaded.root)
    if not eds:
        return [], []
    h = hashlib.sha256("\n".join(_commits(loaded.root, eds)).encode())
    for f in loaded.files:
        h.update(f.encode() + b"\0" + (loaded.root / f).read_bytes())
    key = h.hexdigest()[:24]
    if key in loaded.memo:
        return loaded.memo[key]
    path = loaded.cache / "editions" / f"history-{key}.pickle"
    try:
        result = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        result = (eds, history(loaded.root, loaded.standards, eds))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}")
        tmp.write_bytes(pickle.dumps(result))
        tmp.replace(path)
    loaded.memo[key] = result
    return result


def export_edition(root: Path, edition: Edition, dest: Path) -> Path:
    """The tagged edition's standards/ and content/ in ``dest`` (a project the build can use; it
    lives in the project's cache so that its scorecard files stay cached between builds)."""
    with exported(root, edition.ref, ("standards", "content")) as src:
        for d in ("standards", "content"):
            shutil.rmtree(dest / d, ignore_errors=True)
            if (src / d).is_dir():
                shutil.copytree(src / d, dest / d)
            elif d == "content" and (root / "content").is_dir():
                shutil.copytree(root / "content", dest / d)  # tagged before content/ existed
    for d in ("standards", "content/zh", "content/en"):
        (dest / d).mkdir(parents=True, exist_ok=True)
    return dest

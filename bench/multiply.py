"""The seed content multiplied: a project whose ``standards/`` holds every place of the seed and
everything that belongs to it (units, sources and their blocks, scorecards, indicators, mechanisms,
targets, creation standards, work points, duties) ``factor`` times, as ``factor`` counties.

Copy 1 is the seed itself, unchanged. Copy k (2…factor) is written under
``standards/province/kNN/`` with the same file layout; in it every id gets the suffix ``-kNN`` and
every reference follows (the keys that hold ids: ``units``, ``unit``, ``sources``, ``doc``,
``block``, ``place``, ``related``, ``governs``); ``level`` and ``role`` keep their values (a card's
level ``county`` is no reference to the card ``county``), score columns keep their ids (they are
the card's own). The names a reader tells the counties apart by get the generated county's name:
places, units, sources (title and issuer) and scorecards end in ``（第k县）`` / `` (County k)``.
All other text, Chinese and English, is copied verbatim; the glossary stays one (it belongs to
the project, not to a place), and the copies share the seed's original documents.
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]

# the keys whose string values (or list items) are ids of other items
REFERENCE_KEYS = frozenset({"id", "units", "unit", "sources", "doc", "block", "place", "related", "governs"})
# the texts a reader tells one county's items from another's by
NAME_KEYS = {"places": ("name",), "units": ("name",), "sources": ("title", "issuer"), "scorecards": ("title",)}
SHARED = ("glossary.yaml",)  # the project's, not a place's: never copied


def county(k: int) -> dict[str, str]:
    """The generated county's name for copy ``k``, as a suffix of names in each language."""
    return {"zh": f"（第{k}县）", "en": f" (County {k})"}


def _ids(node, parent: str | None, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and parent != "score_columns":
            out.add(node["id"])
        for k, v in node.items():
            _ids(v, k, out)
    elif isinstance(node, list):
        for v in node:
            _ids(v, parent, out)
    return out


def rewrite(node, key: str | None, ids: set[str], suffix: str, parent: str | None = None):
    """``node`` with every id, and every reference to one, given ``suffix``."""
    if isinstance(node, dict):
        inside = parent if key is None else key
        return {k: (v if inside == "score_columns" and k == "id" else rewrite(v, k, ids, suffix, inside))
                for k, v in node.items()}
    if isinstance(node, list):
        return [rewrite(v, key, ids, suffix, parent) for v in node]
    if isinstance(node, str) and key in REFERENCE_KEYS and node in ids:
        return node + suffix
    return node


def rename(data: dict, k: int) -> dict:
    """The items' names with copy ``k``'s county name added (both languages, where written)."""
    tail = county(k)
    for group, fields in NAME_KEYS.items():
        for item in data.get(group) or ():
            for field in fields:
                text = item.get(field)
                if isinstance(text, dict):
                    item[field] = {lang: (v + tail[lang] if isinstance(v, str) and lang in tail else v)
                                   for lang, v in text.items()}
    return data


def seed_files(standards: Path) -> list[Path]:
    return sorted(p for p in standards.rglob("*.yaml")
                  if p.name not in SHARED and "province" not in p.relative_to(standards).parts)


def multiply(standards: Path, factor: int) -> int:
    """Write copies 2…``factor`` of the seed under ``standards/province/``; returns the files written."""
    safe = YAML(typ="safe")
    files = seed_files(standards)
    data = {p: safe.load(p.read_text(encoding="utf-8")) for p in files}
    ids: set[str] = set()
    for d in data.values():
        _ids(d, None, ids)
    out = YAML()
    out.width = 4096
    written = 0
    for k in range(2, factor + 1):
        suffix = f"-k{k:02d}"
        for p, d in data.items():
            dest = standards / "province" / f"k{k:02d}" / p.relative_to(standards)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(dest, "w", encoding="utf-8") as f:
                out.dump(rename(rewrite(copy.deepcopy(d), None, ids, suffix), k), f)
            written += 1
    return written


def synthetic(dest: Path, factor: int, scorecard_files: bool = False) -> None:
    """A project in ``dest``: the seed's configuration, content and standards, multiplied ``factor``
    times (see the module's text); ``scorecard_files=False`` builds the pages only (PDF/XLSX files
    have their own benchmark, bench/scorecards.py)."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, dest / name)
    if not scorecard_files:
        cfg = dest / "mkdocs.yml"
        text = cfg.read_text(encoding="utf-8")
        off = text.replace("  pingan:\n", "  pingan:\n    scorecard_files: false\n", 1)
        assert off != text, "mkdocs.yml: the pingan plugin's block is not where bench/ expects it"
        cfg.write_text(off, encoding="utf-8")
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "standards", dest / "standards", ignore=shutil.ignore_patterns("province"))
    if factor > 1:
        multiply(dest / "standards", factor)

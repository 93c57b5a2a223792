"""Load every YAML file under ``standards/`` keeping line/column positions.

Structural YAML hazards (syntax errors, duplicate keys, aliases, non-core tags, very deep nesting)
are found from the event stream, before anything is built, so one pass reports them all and no
crafted file can make the loader explode.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from .problems import Problem

MAX_DEPTH = 40
CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


@dataclass
class SourceFile:
    """One loaded YAML file: its display path, round-trip data (with positions) or None."""

    path: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)


def _mark(path: str, mark, message: str) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1, message)


def scan_events(path: str, text: str) -> tuple[list[Problem], bool]:
    """Check the event stream; returns (problems, safe_to_compose)."""
    problems: list[Problem] = []
    safe = True
    # Each frame: [is_mapping, expecting_key, seen_keys]
    stack: list[list] = []
    yaml = YAML(typ="rt")
    try:
        for ev in yaml.parse(io.StringIO(text)):
            is_node = isinstance(ev, (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent))
            top = stack[-1] if stack else None
            as_key = bool(top and top[0] and top[1])
            if is_node and top and top[0]:
                top[1] = not top[1]
            if isinstance(ev, AliasEvent):
                problems.append(_mark(path, ev.start_mark,
                                      f"YAML alias '*{ev.anchor}' is not allowed: write the value out in full"))
                safe = False
                continue
            tag = getattr(ev, "tag", None)
            if is_node and tag and tag not in CORE_TAGS:
                problems.append(_mark(path, ev.start_mark,
                                      f"YAML tag '{tag}' is not allowed: only plain values, lists and mappings"))
            if isinstance(ev, ScalarEvent) and as_key:
                if ev.value in top[2]:
                    problems.append(_mark(path, ev.start_mark,
                                          f"duplicate key '{ev.value}' (first at line {top[2][ev.value]})"))
                else:
                    top[2][ev.value] = ev.start_mark.line + 1
            if isinstance(ev, (MappingStartEvent, SequenceStartEvent)):
                stack.append([isinstance(ev, MappingStartEvent), True, {}])
                if len(stack) > MAX_DEPTH:
                    problems.append(_mark(path, ev.start_mark,
                                          f"nesting deeper than {MAX_DEPTH} levels"))
                    return problems, False
            elif isinstance(ev, CollectionEndEvent):
                stack.pop()
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = f"YAML syntax error: {e.problem or e.context}"
        problems.append(Problem(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, msg))
        return problems, False
    except (YAMLError, RecursionError) as e:  # pragma: no cover - defensive
        problems.append(Problem(path, 1, 1, f"YAML error: {e}"))
        return problems, False
    return problems, safe


def load_file(path: Path, display: str) -> SourceFile:
    sf = SourceFile(display)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        sf.problems.append(Problem(display, 1, 1, f"not UTF-8 text: {e.reason} at byte {e.start}"))
        return sf
    problems, safe = scan_events(display, text)
    sf.problems.extend(problems)
    if not safe:
        return sf
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    try:
        sf.data = yaml.load(text)
    except (YAMLError, RecursionError) as e:
        mark = getattr(e, "problem_mark", None)
        sf.problems.append(Problem(display, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                   f"YAML error: {getattr(e, 'problem', None) or e}"))
    return sf


def find_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "standards").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_tree(root: Path) -> list[SourceFile]:
    """Load every standards file of the project at ``root``."""
    return [load_file(p, p.relative_to(root).as_posix()) for p in find_files(root)]


def position(node: Any, path: list) -> tuple[int, int]:
    """1-based (line, col) of the value at ``path`` inside round-trip data ``node``."""
    line, col = 0, 0
    cur = node
    for key in path:
        lc = getattr(cur, "lc", None)
        try:
            if lc is not None:
                if isinstance(key, int):
                    line, col = lc.item(key)
                else:
                    line, col = lc.value(key) if key in cur else (lc.line, lc.col)
            cur = cur[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    else:
        lc = getattr(cur, "lc", None)
        if lc is not None and not path:
            line, col = lc.line, lc.col
    return line + 1, col + 1


def key_position(node: Any, path: list) -> tuple[int, int]:
    """1-based position of the *key* at the end of ``path`` (falls back to the value)."""
    if not path:
        return position(node, path)
    parent = node
    for k in path[:-1]:
        try:
            parent = parent[k]
        except (KeyError, IndexError, TypeError):
            return position(node, path)
    lc = getattr(parent, "lc", None)
    if lc is not None and isinstance(path[-1], str) and path[-1] in parent:
        line, col = lc.key(path[-1])
        return line + 1, col + 1
    return position(node, path)

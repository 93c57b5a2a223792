"""Load every YAML file under ``standards/``; positions come from ruamel.yaml when needed.

Two parsers, one job each:

- the data and the structural hazard scan (syntax errors, duplicate keys, aliases, non-core tags,
  very deep nesting) use libyaml through PyYAML's C loader, with YAML 1.2 core-schema resolution
  (``no`` stays a string, ``1.10`` is a float, ``2024-01-05`` a date, as in ruamel.yaml). This is
  ~20× faster than a pure-Python parse and is all a clean build needs;
- ruamel.yaml's round-trip loader, which keeps line/column for every node, runs only for a file
  in which a problem must be located (:attr:`SourceFile.rt`).

Hazards are found from the event stream before anything is built, so one pass reports them all
and no crafted file can make the loader explode.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError

from .problems import Problem

MAX_DEPTH = 40
MAX_BYTES = 5 * 1024 * 1024  # a standards file (the largest real one is about 0.1 MB)
MAX_EVENTS = 50_000  # YAML values in one file (the largest real one has about 3,600): locating a problem in
# a file re-parses it with positions, whose time grows with its values (100,000 take about half a minute)
CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}

_CLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CParser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CoreLoader(_CLoader):  # type: ignore[misc, valid-type]  # a base chosen at run time (libyaml's if built)
    """Safe loader with YAML 1.2 core-schema scalars (plus timestamps, as ruamel.yaml reads them)."""


CoreLoader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
    ("tag:yaml.org,2002:timestamp",
     r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
     r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
     r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$",
     list("0123456789")),
]:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_regexp), _first)


def _int(loader, node):
    v = loader.construct_scalar(node)
    return int(v, 8) if v.startswith("0o") else int(v, 16) if v.startswith("0x") else int(v)


CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)


@dataclass
class SourceFile:
    """One YAML file: display path, its text, plain data (None when unusable) and problems."""

    path: str
    text: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # what validation derives from it

    @cached_property
    def rt(self) -> Any:
        """Round-trip data with line/column on every node (parsed on first use)."""
        y = YAML(typ="rt")
        y.allow_duplicate_keys = True
        try:
            return y.load(self.text)
        except (RuamelError, RecursionError):
            return None


def _problem(path: str, mark, message: str) -> Problem:
    return Problem(path, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, message)


def scan_events(path: str, text: str) -> tuple[list[Problem], bool]:
    """Check the event stream; returns (problems, safe_to_construct)."""
    problems: list[Problem] = []
    safe = True
    stack: list[list] = []  # per open collection: [is_mapping, expecting_key, {key: line}]
    node_events = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
    try:
        for n, ev in enumerate(yaml.parse(text, Loader=_CParser)):
            if n > MAX_EVENTS:
                problems.append(_problem(path, ev.start_mark, f"more than {MAX_EVENTS:,} YAML values in one file "
                                                              f"(refused from here on): split it into several files"))
                return problems, False
            is_node = isinstance(ev, node_events)
            top = stack[-1] if stack else None
            as_key = bool(top and top[0] and top[1])
            if is_node and top and top[0]:
                top[1] = not top[1]
            if isinstance(ev, yaml.AliasEvent):
                problems.append(_problem(path, ev.start_mark,
                                         f"YAML alias '*{ev.anchor}' is not allowed: write the value out in full"))
                safe = False
                continue
            tag = getattr(ev, "tag", None)
            if is_node and tag and tag != "!" and tag not in CORE_TAGS:
                problems.append(_problem(path, ev.start_mark,
                                         f"YAML tag '{tag}' is not allowed: only plain values, lists and mappings"))
                safe = False
            if isinstance(ev, yaml.ScalarEvent) and as_key and top is not None:
                if ev.value in top[2]:
                    problems.append(_problem(path, ev.start_mark,
                                             f"duplicate key '{ev.value}' (first at line {top[2][ev.value]})"))
                else:
                    top[2][ev.value] = ev.start_mark.line + 1
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([isinstance(ev, yaml.MappingStartEvent), True, {}])
                if len(stack) > MAX_DEPTH:
                    problems.append(_problem(path, ev.start_mark, f"nesting deeper than {MAX_DEPTH} levels"))
                    return problems, False
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as e:
        what = str(e.problem or e.context)
        mark = e.problem_mark or e.context_mark
        at = text[mark.index] if mark and mark.index < len(text) else ""
        message = (f"nesting deeper than {MAX_DEPTH} levels" if "nesting" in what or "depth" in what else
                   "YAML syntax error: a tab character; YAML indents with spaces" if at == "\t" else
                   f"YAML syntax error: {what}")
        problems.append(_problem(path, mark, message))
        return problems, False
    except yaml.YAMLError as e:  # pragma: no cover - defensive
        problems.append(Problem(path, 1, 1, f"YAML error: {e}"))
        return problems, False
    if any("duplicate key" in p.message for p in problems):
        safe = False  # the later value would silently win: report, do not guess
    return problems, safe


ParseMemo = dict  # (display path, content hash) → SourceFile: what a :class:`~generator.checks.project.Loader` keeps


def load_file(path: Path, display: str, memo: ParseMemo | None = None) -> SourceFile:
    """Read and parse one standards file. ``memo``: files parsed before, by display path and
    content (a rebuild under ``pingan serve`` parses only the files that changed; nothing changes
    a SourceFile once loaded: validation works on a copy of a file's data)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return SourceFile(display, problems=[Problem(display, 1, 1, (
                f"the file is {size / 2**20:.1f} MB: over the {MAX_BYTES // 2**20} MB a standards file may have "
                f"(refused unread; split it into several files)"))])
        raw = path.read_bytes()
    except OSError as e:
        return SourceFile(display, problems=[Problem(display, 1, 1, f"cannot read the file: {e.strerror or e}")])
    if memo is None:
        return _parse(raw, display)
    key = (display, hashlib.blake2b(raw, digest_size=16).digest())
    if key not in memo:
        memo[key] = _parse(raw, display)
    return memo[key]


def _parse(raw: bytes, display: str) -> SourceFile:
    sf = SourceFile(display)
    try:
        sf.text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        hint = " (it looks like GBK/GB18030)" if _is_gbk(raw) else ""
        sf.problems.append(Problem(display, line, col, f"not UTF-8 text{hint}: save the file as UTF-8 "
                                                       f"(invalid byte 0x{raw[e.start]:02x})"))
        return sf
    problems, safe = scan_events(display, sf.text)
    sf.problems.extend(problems)
    if safe:
        try:
            sf.data = yaml.load(sf.text, Loader=CoreLoader)
        except (yaml.YAMLError, ValueError, RecursionError) as e:
            mark = getattr(e, "problem_mark", None)
            sf.problems.append(_problem(display, mark, f"YAML error: {getattr(e, 'problem', None) or e}"))
    return sf


def _is_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def find_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "standards").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_tree(root: Path, memo: ParseMemo | None = None) -> list[SourceFile]:
    """Load every standards file of the project at ``root`` (``memo``: see :func:`load_file`)."""
    return [load_file(p, p.relative_to(root).as_posix(), memo) for p in find_files(root)]


def position(node: Any, path: list) -> tuple[int, int]:
    """1-based (line, col) of the value at ``path`` inside round-trip data ``node``."""
    line, col = 0, 0
    cur = node
    lc = getattr(cur, "lc", None)
    if lc is not None:
        line, col = lc.line, lc.col
    for key in path:
        lc = getattr(cur, "lc", None)
        try:
            if lc is not None:
                if isinstance(key, int):
                    line, col = lc.item(key)
                elif key in cur:
                    line, col = lc.value(key)
            cur = cur[key]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
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

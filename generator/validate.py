"""Schema and semantic checks over loaded standards files; every problem is collected.

Checks: JSON Schema (with YAML-aware messages), unique ids, references (units, sources, blocks,
``governs``), point sums (criteria → task → domain → card), non-empty English, glossary consistency.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterator

import jsonschema

from .load import SourceFile, key_position, position
from .problems import Problem
from .schema import SCHEMA
from .scoring.plan import DEFAULT_STEP

# What the items in a list under this key are called (for ids and messages).
ITEM_NAMES = {
    "sources": "source", "blocks": "block", "units": "unit", "scorecards": "scorecard",
    "domains": "domain", "tasks": "task", "criteria": "criterion", "conditions": "condition",
    "vetoes": "veto", "items": "bonus item", "mechanisms": "mechanism", "rules": "rule",
    "targets": "target", "creation_standards": "creation standard", "categories": "category",
    "work_points": "work points", "groups": "group", "points": "work point", "duties": "duty",
    "glossary": "glossary entry", "places": "place",
}
LOCAL_ID_LISTS = {"score_columns"}  # ids unique within their card only


def _inline(node, defs):
    """The schema with every $ref replaced by its definition (ours has no recursion): no lookups
    while validating, which makes validation about twice as fast."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


_VALIDATOR = jsonschema.Draft202012Validator(_inline(SCHEMA, SCHEMA["$defs"]))


@dataclass(frozen=True)
class Node:
    """A mapping somewhere in a file, with its path from the file's root."""
    file: SourceFile
    path: tuple
    value: Any

    def at(self, *rest, key: bool = False) -> tuple[int, int]:
        p = list(self.path) + list(rest)
        return key_position(self.file.rt, p) if key else position(self.file.rt, p)

    def problem(self, message: str, *rest, key: bool = False) -> Problem:
        line, col = self.at(*rest, key=key)
        return Problem(self.file.path, line, col, message)

    @property
    def kind(self) -> str:
        for k in reversed(self.path):
            if isinstance(k, str):
                return ITEM_NAMES.get(k, k)
        return "file"


def walk(sf: SourceFile, node: Any, path: tuple = ()) -> Iterator[Node]:
    """Every mapping below ``node`` (the file's data at first), with its path."""
    if isinstance(node, dict):
        yield Node(sf, path, node)
        for k, v in node.items():
            yield from walk(sf, v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(sf, v, path + (i,))


def _fmt(value: Any) -> str:
    s = str(value)
    return s if len(s) <= 40 else s[:37] + "…"


def schema_problems(sf: SourceFile, errors: list | None = None) -> list[Problem]:
    out = []
    for err in _VALIDATOR.iter_errors(sf.data) if errors is None else errors:
        path = list(err.absolute_path)
        inst = err.instance
        where = ".".join(str(p) for p in path) or "(top level)"
        if err.validator == "type" and "string" in str(err.validator_value) and not isinstance(inst, str):
            what = ("a date" if isinstance(inst, (_dt.date, _dt.datetime)) else
                    "a number" if isinstance(inst, (int, float)) and not isinstance(inst, bool) else
                    "a boolean" if isinstance(inst, bool) else "not text")
            msg = f"{where}: YAML reads this value as {what}; write it as a quoted string, e.g. \"{_fmt(inst)}\""
        elif inst is None and err.validator == "type":
            want = {"array": "a list", "object": "a mapping", "string": "text", "number": "a number"}
            msg = f"{where}: has no value; write {want.get(str(err.validator_value), err.validator_value)} or remove it"
        elif err.validator == "additionalProperties":
            extra = sorted(set(inst) - set(err.schema.get("properties", {})))
            line, col = key_position(sf.rt, path + [extra[0]]) if extra else position(sf.rt, path)
            allowed = ", ".join(err.schema.get("properties", {}))
            out.append(Problem(sf.path, line, col, f"{where}: unknown key '{extra[0] if extra else '?'}' "
                                                   f"(allowed: {allowed})"))
            continue
        elif err.validator == "required":
            msg = f"{where}: {err.message.replace('is a required property', 'is required')}"
        elif err.validator == "pattern":
            msg = f"{where}: '{_fmt(inst)}' is not a valid id (lowercase letters, digits and hyphens)"
        elif err.validator == "enum":
            msg = f"{where}: '{_fmt(inst)}' must be one of {', '.join(map(str, err.validator_value))}"
        elif err.validator == "oneOf" and isinstance(inst, dict) and "score_columns" in inst:
            msg = f"{where}: a scorecard needs either 'domains' or 'tasks' (not both)"
        else:
            msg = f"{where}: {err.message}"
        line, col = position(sf.rt, path)
        out.append(Problem(sf.path, line, col, msg))
    return out


class Checker:
    """Cross-file checks. With ``complete`` false (some file could not be read), references to ids
    that may live in that file are not reported: its own message says what is wrong, once."""

    def __init__(self, files: list[SourceFile], complete: bool = True, root=None):
        self.complete, self.root = complete, root
        self.files = [f for f in files if f.data is not None]
        self.problems: list[Problem] = []
        self.nodes = [n for f in self.files for n in walk(f, f.data)]
        self.ids: dict[str, Node] = {}

    def add(self, node: Node, message: str, *rest, key: bool = False) -> None:
        self.problems.append(node.problem(message, *rest, key=key))

    def items(self, kind: str) -> list[Node]:
        return [n for n in self.nodes if len(n.path) == 2 and n.path[0] == kind]

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_references()
        self.check_points()
        self.check_texts()
        self.check_scoring()
        self.check_originals()
        self.check_places()
        return self.problems

    def check_texts(self) -> None:
        from .textcheck import problems

        problems(self)

    def check_places(self) -> None:
        from .places import problems

        problems(self)

    def check_scoring(self) -> None:
        from .scoring.check import problems

        problems(self)

    def check_originals(self) -> None:
        """Each source's ``file:`` is its original document, kept under standards/."""
        if self.root is None:
            return
        for src in self.items("sources"):
            f = src.value.get("file")
            if isinstance(f, str) and not (self.root / "standards" / f).is_file():
                self.add(src, f"the original document 'standards/{f}' is not in the project "
                              f"(put the file there, path relative to standards/)", "file")

    # -- ids -------------------------------------------------------------------------------------
    def check_ids(self) -> None:
        for n in self.nodes:
            if "id" not in n.value or not isinstance(n.value["id"], str):
                continue
            if any(isinstance(p, str) and p in LOCAL_ID_LISTS for p in n.path):
                continue
            i = n.value["id"]
            if i in self.ids:
                first = self.ids[i]
                self.add(n, f"duplicate id '{i}' (first used at {first.file.path}:{first.at('id')[0]})", "id")
            else:
                self.ids[i] = n
        for card in self.items("scorecards"):
            seen = set()
            for j, col in enumerate(card.value.get("score_columns") or []):
                cid = col.get("id") if isinstance(col, dict) else None
                if cid in seen:
                    self.add(card, f"duplicate score column id '{cid}'", "score_columns", j, "id")
                seen.add(cid)

    def _kind_of(self, i: str) -> str | None:
        n = self.ids.get(i)
        return n.kind if n else None

    # -- references ------------------------------------------------------------------------------
    def check_references(self) -> None:
        blocks_of = {}
        for s in self.items("sources"):
            blocks_of[s.value.get("id")] = {b.get("id") for b in s.value.get("blocks") or [] if isinstance(b, dict)}
        all_blocks = set().union(*blocks_of.values()) if blocks_of else set()

        def expect(node: Node, key, i, kinds: set[str], what: str, *rest):
            if not isinstance(i, str):
                return
            k = self._kind_of(i)
            if k is None:
                if self.complete:
                    self.add(node, f"unknown {what} '{i}'", *rest)
            elif k not in kinds:
                self.add(node, f"'{i}' is a {k}, not a {what}", *rest)

        indicator_kinds = {"task", "criterion", "domain", "scorecard", "target", "category", "work point",
                           "group", "mechanism", "condition", "veto", "creation standard", "work points"}
        for n in self.nodes:
            v = n.value
            for key in ("units",):
                if isinstance(v.get(key), list) and n.kind != "file":
                    for j, u in enumerate(v[key]):
                        expect(n, key, u, {"unit"}, "unit", key, j)
            if n.kind == "duty":
                expect(n, "unit", v.get("unit"), {"unit"}, "unit", "unit")
            if isinstance(v.get("governs"), list):
                for j, g in enumerate(v["governs"]):
                    expect(n, "governs", g, indicator_kinds, "indicator", "governs", j)
            if n.kind == "glossary entry" and isinstance(v.get("sources"), list):
                for j, s in enumerate(v["sources"]):
                    expect(n, "sources", s, {"source"}, "source", "sources", j)
            if n.path and n.path[-1] == "source" and isinstance(v.get("doc"), str):
                doc = v["doc"]
                expect(n, "doc", doc, {"source"}, "source document", "doc")
                b = v.get("block")
                if isinstance(b, str) and doc in blocks_of and b not in blocks_of[doc]:
                    self.add(n, f"source {doc} has no block '{b}'", "block")
            elif isinstance(v.get("block"), str) and v["block"] not in all_blocks and self.complete:
                self.add(n, f"unknown source block '{v['block']}'", "block")

    # -- points ----------------------------------------------------------------------------------
    def check_points(self) -> None:
        def num(x):
            return x if isinstance(x, (int, float)) and not isinstance(x, bool) else None

        def total(items):
            vals = [num(i.get("points")) if isinstance(i, dict) else None for i in items or []]
            return None if any(v is None for v in vals) else sum(vals)

        for card in self.items("scorecards"):
            c = card.value
            step = num(c.get("score_step")) or DEFAULT_STEP
            doms = c.get("domains") if isinstance(c.get("domains"), list) else None
            groups = [(("domains", di), d) for di, d in enumerate(doms)] if doms else [((), {"tasks": c.get("tasks")})]
            for gpath, group in groups:
                if not isinstance(group, dict):
                    continue
                gnode = Node(card.file, card.path + gpath, group)
                for ti, t in enumerate(group.get("tasks") or []):
                    if not isinstance(t, dict):
                        continue
                    tnode = Node(card.file, gnode.path + ("tasks", ti), t)
                    s = total(t.get("criteria"))
                    for ci, cr in enumerate(t.get("criteria") or []):
                        p = num(cr.get("points")) if isinstance(cr, dict) else None
                        if p is not None and abs(p / step - round(p / step)) > 1e-9:
                            self.add(tnode, f"criterion points {p} are not a multiple of the card's score step {step}",
                                     "criteria", ci, "points")
                    if s is not None and num(t.get("points")) is not None and abs(s - t["points"]) > 1e-9:
                        self.add(tnode, f"task {t.get('id')}: criteria add up to {s:g}, task says {t['points']:g}",
                                 "points")
                if gpath:
                    s = total(group.get("tasks"))
                    if s is not None and num(group.get("points")) is not None and abs(s - group["points"]) > 1e-9:
                        self.add(gnode, f"domain {group.get('id')}: tasks add up to {s:g}, domain says "
                                        f"{group['points']:g}", "points")
            s = total(doms if doms else c.get("tasks"))
            if s is not None and num(c.get("total_points")) is not None and abs(s - c["total_points"]) > 1e-9:
                what = "domains" if doms else "tasks"
                self.add(card, f"scorecard {c.get('id')}: {what} add up to {s:g}, total_points says "
                               f"{c['total_points']:g}", "total_points")


def _without_invalid_values(sf: SourceFile, errors: list) -> tuple[SourceFile, bool]:
    """The file with every value that broke the schema replaced by None (so the cross-file checks
    see well-formed values only, at unchanged positions), and whether an id may have been lost."""
    import copy

    data = copy.deepcopy(sf.data)
    lost = False
    for e in errors:
        path = list(e.absolute_path)
        if e.validator in ("required", "additionalProperties") or not path:
            continue
        parent = data
        try:
            for k in path[:-1]:
                parent = parent[k]
            old = parent[path[-1]]
            parent[path[-1]] = [] if len(path) == 1 else None
        except (KeyError, IndexError, TypeError):
            continue
        lost = lost or isinstance(old, (dict, list)) or path[-1] == "id"
    pruned = SourceFile(sf.path, sf.text, data, sf.problems)
    pruned.__dict__["rt"] = sf.rt  # share the parsed positions
    return pruned, lost


def check(files: list[SourceFile], root=None) -> list[Problem]:
    """Every problem in the loaded files: YAML hazards, schema, then cross-file semantics."""
    problems = [p for f in files for p in f.problems]
    schema_ok = []
    complete = not any(f.data is None and f.problems for f in files)
    for f in files:
        if f.data is None:
            continue
        if not isinstance(f.data, dict):
            complete = False
            problems.append(Problem(f.path, 1, 1, "a standards file must be a mapping of kinds "
                                                  "(sources:, units:, scorecards:, …)"))
            continue
        if "schema" not in f.memo:  # the same file loaded again (see load.load_file) is checked once
            errors = list(_VALIDATOR.iter_errors(f.data))
            f.memo["schema"] = errors, schema_problems(f, errors)
        errors, found = f.memo["schema"]
        problems.extend(found)
        if errors:
            f, lost = _without_invalid_values(f, errors)
            complete = complete and not lost  # ids left out may be referred to elsewhere
        schema_ok.append(f)
    problems.extend(Checker(schema_ok, complete, root).run())
    return sorted(set(problems))

"""Validation of the loaded standards files; every problem is collected, located ``file:line:col``.

First each file against the JSON Schema (with YAML-aware messages); then the typed model assembled
from what the schema left (:mod:`.assemble`) is checked across files: ids, references and point sums
(:mod:`.checks`), texts (:mod:`.textcheck`), places (:mod:`.placecheck`), scoring rules
(:mod:`.scoring.check`).
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

import jsonschema

from ..model.assemble import Reader, build
from ..model.load import SourceFile, key_position, position
from ..model.objects import Standards
from ..model.origin import Origin
from ..model.problems import Problem
from . import (
    crossrefs as checks,
    drafts as draftcheck,
    places as placecheck,
    scoring as scoring_check,
    texts as textcheck,
)
from .crossrefs import written
from .schema import SCHEMA
from .texts import fmt as _fmt


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


def _without_invalid_values(sf: SourceFile, errors: list) -> tuple[Any, bool]:
    """The file's data with every value that broke the schema replaced by None (the typed model is
    then read from well-formed values only, at unchanged paths), and whether an id may have been lost."""
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
    return data, lost


class Context:
    """What the checks share: where each file's positions are, the problems found, whether every item
    could be read (``complete``), the levels that lost a part to the schema (``partial``), the ids."""

    def __init__(self, files: list[SourceFile], root=None):
        self.files = {f.path: f for f in files}
        self.root, self.complete = root, True
        self.partial: set[Origin] = set()
        self.ids: dict[str, object] = {}
        self.problems: list[Problem] = []
        self.drafts: list[Origin] = []  # where the draft items are (draftcheck.regions)

    def position(self, at: Origin) -> tuple[int, int]:
        return position(self.files[at.file].rt, list(at.path))

    def where(self, at: Origin) -> str:
        return f"{at.file}:{self.position(at)[0]}"

    def report(self, at: Origin, message: str) -> None:
        self.problems.append(Problem(at.file, *self.position(at), message))

    def lacking(self, at: Origin, message: str) -> None:
        """What a draft may lack (English, linked units, a place): a warning inside a draft, else an error."""
        draft = draftcheck.inside(at, self.drafts)
        self.report(at, f"{draftcheck.WARNING}{message} (a draft may lack it)" if draft else message)


def _partial(sf: SourceFile, errors: list) -> set[Origin]:
    """The card levels (criteria of a task, tasks of a domain or card, domains of a card) that lost a
    part, or all of them, to the schema: their point sums are not checked."""
    out = set()
    for e in errors:
        path = tuple(e.absolute_path)
        if len(path) >= 2 and isinstance(path[-1], int) and path[-2] in PARTS:
            out.add(Origin(sf.path, path[:-2]))
        elif path and path[-1] in PARTS:
            out.add(Origin(sf.path, path[:-1]))
    return out


PARTS = ("criteria", "tasks", "domains")


def _schema(f: SourceFile, ctx: Context) -> dict[str, tuple]:
    """The typed items of one file, after its schema check (problems go to ``ctx``)."""
    if f.data is None:
        return {}
    if not isinstance(f.data, dict):
        ctx.complete = False
        ctx.problems.append(Problem(f.path, 1, 1, "a standards file must be a mapping of kinds "
                                                  "(sources:, units:, scorecards:, …)"))
        return {}
    if "schema" not in f.memo:  # the same file loaded again (see load.load_file) is checked once
        errors = list(_VALIDATOR.iter_errors(f.data))
        f.memo["schema"] = errors, schema_problems(f, errors)
    errors, found = f.memo["schema"]
    ctx.problems.extend(found)
    if not errors:
        return Reader(f.path).items(f.data)
    data, lost = _without_invalid_values(f, errors)
    ctx.complete = ctx.complete and not lost  # ids left out may be referred to elsewhere
    ctx.partial |= _partial(f, errors)
    return Reader(f.path).items(data)


def validate(files: list[SourceFile], root=None) -> tuple[list[Problem], Standards]:
    """Every problem in the loaded files (YAML hazards, the schema, then the checks on the typed
    model, across files), and the model; the model is the standards only when there is no problem
    other than warnings (what a draft may lack: :mod:`.draftcheck`)."""
    ctx = Context([f for f in files if f.data is not None], root)
    ctx.problems.extend(p for f in files for p in f.problems)
    ctx.complete = not any(f.data is None and f.problems for f in files)
    standards = build([_schema(f, ctx) for f in files])
    ctx.drafts = draftcheck.regions(standards)
    items = list(written(standards))
    checks.run(ctx, standards, items)
    textcheck.run(ctx, items)
    placecheck.run(ctx, standards, items)
    scoring_check.run(ctx, standards.scorecards)
    draftcheck.run(ctx, standards)
    return sorted(set(ctx.problems)), standards


def check(files: list[SourceFile], root=None) -> list[Problem]:
    """Every problem in the loaded files."""
    return validate(files, root)[0]

"""What the review-cycle tests share: the CLI run in this process, hand-made filled cards, their lines."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import resultset
from conftest import ROOT
from generator.cli import main

HEAD = {"period": "2026"}


def pingan(*args: str, check: bool = False) -> SimpleNamespace:
    """The CLI in this process (the standards loaded once): what ``pingan …`` prints and returns."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            rc = main(["-p", str(ROOT), *args])
        except SystemExit as e:
            rc = e.code
    if check and rc != 0:
        raise AssertionError(f"pingan {' '.join(args)} failed ({rc}):\n{err.getvalue()}")
    return SimpleNamespace(returncode=rc, stdout=out.getvalue(), stderr=err.getvalue())


def write(folder: Path, name: str, card, values: dict, **header) -> Path:
    """A hand-made filled card: JSON (``name.json``) or the CSV export's format (``name.csv``)."""
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    head = {**HEAD, **header}
    if p.suffix == ".csv":
        p.write_bytes(resultset.export_csv(card, {**{f"header--{k}": v for k, v in head.items()}, **values}))
    else:
        p.write_bytes(resultset.export_json(card, values, head))
    return p


def collect(db: Path, *paths, check=False, args=()):
    return pingan("collect", "--db", str(db), *args, *map(str, paths), check=check)


def results(db: Path, *args) -> dict:
    return json.loads(pingan("results", "--db", str(db), "--format", "json", *args, check=True).stdout)


def lines_of(stdout: str, path: Path) -> list[str]:
    return [x for x in stdout.splitlines() if f" {path}: " in x]

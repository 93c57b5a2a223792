#!/usr/bin/env python3
"""Site build benchmark: the seed standards and synthetic ×10 / ×50 copies.

For each size it prints pages built (both languages), total build seconds, seconds per page, and
the generator's own time (load + validate + render of both languages) against mkdocs' share.
Usage: .venv/bin/python bench/site.py [--sizes 1,10,50]
"""
from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.build import build_site  # noqa: E402
from generator.project import load  # noqa: E402
from generator.render.common import LANGS  # noqa: E402
from generator.render.site import render_site  # noqa: E402


def rename_ids(node, suffix: str, ids: set[str]):
    if isinstance(node, dict):
        return {k: v if k in ("level", "kind") else rename_ids(v, suffix, ids) for k, v in node.items()}
    if isinstance(node, list):
        return [rename_ids(v, suffix, ids) for v in node]
    if isinstance(node, str) and node in ids:
        return node + suffix
    return node


def synthetic(dest: Path, factor: int) -> None:
    """A project with every scorecard and unit copied ``factor`` times under new ids."""
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, dest / name)
    # the pages only: PDF/XLSX files have their own benchmark (bench/scorecards.py)
    cfg = dest / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("    lang: zh\n  search:", "    lang: zh\n    scorecard_files: false\n  search:", 1),
                   encoding="utf-8")
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "standards", dest / "standards")
    if factor == 1:
        return
    yaml = YAML(typ="safe")
    cards = [c for f in sorted((ROOT / "standards" / "scorecards").glob("*.yaml"))
             for c in yaml.load(f.read_text(encoding="utf-8"))["scorecards"]]
    units = yaml.load((ROOT / "standards" / "units.yaml").read_text(encoding="utf-8"))["units"]
    ids = {u["id"] for u in units}

    def collect(n):
        if isinstance(n, dict):
            if "id" in n and "score_columns" not in n.get("id", ""):
                ids.add(n["id"])
            for v in n.values():
                collect(v)
        elif isinstance(n, list):
            for v in n:
                collect(v)

    for c in cards:
        collect({k: v for k, v in c.items() if k != "score_columns"})
    extra_cards, extra_units = [], []
    for k in range(2, factor + 1):
        suffix = f"-x{k}"
        for c in cards:
            cc = rename_ids(copy.deepcopy(c), suffix, ids)
            cc["score_columns"] = copy.deepcopy(c["score_columns"])
            cc["title"] = {"zh": f"{c['title']['zh']}（副本{k}）", "en": f"{c['title']['en']} (copy {k})"}
            extra_cards.append(cc)
        for u in units:
            uu = copy.deepcopy(u)
            uu["id"] += suffix
            uu["name"] = {"zh": f"{u['name']['zh']}{k}", "en": f"{u['name']['en']} {k}"}
            uu.pop("aliases", None)
            extra_units.append(uu)
    out = YAML()
    out.width = 4096
    with open(dest / "standards" / "synthetic.yaml", "w", encoding="utf-8") as f:
        out.dump({"scorecards": extra_cards, "units": extra_units}, f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,50", help="comma-separated multiples of the seed (default 1,10,50)")
    args = ap.parse_args()
    print(f"{'size':>5} {'tasks':>6} {'units':>6} {'pages':>6} {'build s':>8} {'ms/page':>8} "
          f"{'gen s':>6} {'gen %':>6}")
    for factor in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            proj = Path(tmp) / "proj"
            proj.mkdir()
            synthetic(proj, factor)
            t = time.perf_counter()
            loaded = load(proj)
            for lang in LANGS:
                render_site(loaded.standards, lang, proj / "content")
            gen = time.perf_counter() - t
            t = time.perf_counter()
            site = build_site(proj, progress=lambda m: None)
            total = time.perf_counter() - t
            pages = sum(1 for _ in site.rglob("*.html"))
            assert not list(site.rglob("*.pdf")), "bench/site.py measures pages only"
            s = loaded.standards
            print(f"{'x' + str(factor):>5} {sum(len(c.tasks) for c in s.scorecards):>6} {len(s.units):>6} "
                  f"{pages:>6} {total:>8.1f} {1000 * total / pages:>8.1f} {gen:>6.2f} {100 * gen / total:>5.1f}%",
                  flush=True)


if __name__ == "__main__":
    main()

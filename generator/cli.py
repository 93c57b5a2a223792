"""The ``pingan`` command: works on the project in the current directory, as mkdocs does."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

HELP = """Publish 平安建设 standards from canonical bilingual YAML.

Run inside a project (a folder with standards/), or pass --project DIR.
Exit status: 0 success, 1 the standards have problems, 2 usage error."""


def _summary(loaded) -> str:
    s = loaded.standards
    cards = ", ".join(f"{c.id} {c.total_points:g} pts/{len(c.tasks)} tasks/{len(c.criteria)} criteria"
                      for c in s.scorecards)
    n_std = sum(len(cat.criteria) for cs in s.creation_standards for cat in cs.categories)
    n_wp = sum(len(g.points) for w in s.work_points for g in w.groups)
    return (f"ok: {len(loaded.files)} files; scorecards: {cards}; {len(s.units)} units, "
            f"{len(s.sources)} sources, {len(s.mechanisms)} mechanisms, {len(s.targets)} targets, "
            f"{n_std} creation criteria, {n_wp} work points, {len(s.duties)} duties, "
            f"{len(s.glossary)} glossary terms{_places_summary(s)}")


def _places_summary(s) -> str:
    """Places, units per place and how many targets and mechanisms name their units."""
    if not s.places:
        return ""
    per = ", ".join(f"{p.id} {sum(1 for u in s.units if u.place == p.id)}" for p in s.places)
    linked = lambda items: sum(1 for i in items if i.units)  # noqa: E731
    return (f"; {len(s.places)} places (units per place: {per}); units linked on {linked(s.targets)}/"
            f"{len(s.targets)} targets, {linked(s.mechanisms)}/{len(s.mechanisms)} mechanisms")


def _load(args):
    from .checks.project import find_root, load
    from .model.problems import StandardsError

    root = Path(args.project).resolve() if args.project else find_root()
    try:
        return load(root)
    except StandardsError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        n = len(e.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_check(args) -> int:
    from .importer.rulecheck import warnings

    loaded = _load(args)
    rules = warnings(loaded.root, loaded.standards)
    found = sorted({*loaded.warnings, *rules})
    for w in found:
        print(w, file=sys.stderr)
    if found:
        why = [w for n, w in ((len(loaded.warnings), "drafts, not yet ready to publish"),
                              (len(rules), "rule text and encoded rules differ")) if n]
        print(f"{len(found)} warning{'s' if len(found) != 1 else ''}: {'; '.join(why)}"
              + (" (--strict: errors)" if args.strict else ""), file=sys.stderr)
        if args.strict:
            return 1
    print(_summary(loaded))
    return 0


def cmd_export(args) -> int:
    from .render.opendata import to_csv, to_json

    loaded = _load(args)
    text = to_json(loaded.standards) if args.format == "json" else to_csv(loaded.standards)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {out} ({len(text.encode('utf-8')):,} bytes)", file=sys.stderr)
    return 0


def _root(args) -> Path:
    from .checks.project import find_root

    return Path(args.project).resolve() if args.project else find_root()


def cmd_build(args) -> int:
    from .site.build import BuildError, build_site
    from .site.context import BuildContext
    from .site.plugin.config import SITE_URL_ENV

    loaded = _load(args)  # every YAML problem as file:line:col before mkdocs starts; the one load
    ctx = BuildContext(loaded, site_url=os.environ.get(SITE_URL_ENV, "").strip(), processes=max(1, args.jobs),
                       progress=lambda m: print(m, file=sys.stderr, flush=True))
    try:
        build_site(ctx, Path(args.site_dir).resolve() if args.site_dir else None, verbose=args.verbose)
    except BuildError as e:
        print(f"pingan: build failed, the previous site is untouched: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    from .site.build import LANG_CONFIGS
    from .site.logs import setup_logging, show_progress
    from .site.serve import serve

    root = _root(args)
    _load(args)  # every YAML problem as file:line:col before mkdocs starts
    setup_logging(verbose=True)
    show_progress(lambda m: print(f"INFO    -  pingan: {m}", file=sys.stderr, flush=True))
    os.chdir(root)
    serve(root / dict(LANG_CONFIGS)[args.lang], args.dev_addr)
    return 0


def cmd_gen(args) -> int:
    from .render.common import LANGS
    from .site.context import BuildContext
    from .site.files import site_files

    ctx = BuildContext(_load(args), processes=os.cpu_count() or 1)
    out = Path(args.output)
    n = 0
    for lang in LANGS:
        for uri, item in site_files(ctx.with_(lang=lang), scorecard_files=not args.pages_only).items():
            if args.pages_only and not uri.endswith(".md"):
                continue
            p = out / lang / uri
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(item, Path):
                p.write_bytes(item.read_bytes())
            else:
                p.write_bytes(item.encode("utf-8") if isinstance(item, str) else item)
            n += 1
    print(f"wrote {n} files under {out}/zh and {out}/en", file=sys.stderr)
    return 0


def cmd_diff(args) -> int:
    from .model.problems import StandardsError
    from .site.diff import diff, load_version, to_json, to_text

    repo = Path(args.project).resolve() if args.project else Path.cwd()
    try:
        old, new = load_version(args.old, repo), load_version(args.new, repo)
    except StandardsError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 1
    changes = diff(old, new)
    sys.stdout.write(to_json(changes) if args.format == "json" else to_text(changes))
    return 0


def cmd_score(args) -> int:
    from .cardfile.score import dumps, problem_lines, score_file, to_text

    standards = _load(args).standards
    scored = [score_file(Path(f), standards) for f in args.files]
    if args.format == "json":
        sys.stdout.write(dumps(scored))
    else:
        sys.stdout.write("".join(to_text(s, standards) for s in scored))
    sys.stderr.write("".join(problem_lines(s) for s in scored))
    return 0 if all(s.ok for s in scored) else 1


def cmd_schema(args) -> int:
    from .checks.schema import schema_json

    text = schema_json()
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pingan", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"pingan-standards {__version__}")
    p.add_argument("-p", "--project", metavar="DIR", help="project folder (default: the current one or above)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="validate every YAML file; list all problems as file:line:col",
                       description="Load every standards/*.yaml, check schema, ids, references, point sums, "
                                   "translations and glossary use; print every problem as path:line:col: message.")
    c.add_argument("--strict", action="store_true",
                   help="warnings (the rules a criterion's Chinese text states differ from those encoded) are errors")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("export", help="write the open-data export (JSON or CSV)",
                       description="Export the whole model as JSON (in the format of the standards files, every "
                                   "scoring rule included), or one CSV row per scored criterion.")
    e.add_argument("--format", choices=["json", "csv"], default="json", help="output format (default: json)")
    e.add_argument("-o", "--output", metavar="PATH", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)

    b = sub.add_parser("build", help="build the bilingual site into site/ (atomic: a failure keeps the old site)",
                       description="Check the standards, build site/zh and site/en with mkdocs (strict, links and "
                                   "anchors validated), add the root page and the offline zip, then swap the new "
                                   "site in. A failed build leaves the previous site/ untouched.")
    b.add_argument("-d", "--site-dir", metavar="DIR", help="output folder (default: site/)")
    b.add_argument("-v", "--verbose", action="store_true", help="show mkdocs' own progress")
    b.add_argument("-j", "--jobs", type=int, default=2, metavar="N",
                   help="at most N processes for the whole build: scorecard files rendered in a pool of N, "
                        "then N languages (and editions) at once (default: 2; 1: everything in one process, "
                        "one thing after the other)")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", help="serve one language with live reload (rebuilds when YAML changes)",
                        description="Run mkdocs' development server for one language; editing any file under "
                                    "standards/ or site_templates/ rebuilds and reloads the page.")
    sv.add_argument("--lang", choices=["zh", "en"], default="zh", help="language to serve (default: zh)")
    sv.add_argument("-a", "--dev-addr", metavar="IP:PORT", default="127.0.0.1:8000",
                    help="address to serve on (default: 127.0.0.1:8000; port 0 picks a free one, "
                         "printed in the 'Serving on' line)")
    sv.set_defaults(func=cmd_serve)

    g = sub.add_parser("gen", help="write the generated pages and files to disk (a docs_dir per language)",
                       description="Write everything each language's site is made of — Markdown pages, open-data "
                                   "files, scorecard PDF/XLSX/HTML files and assets — under DIR/zh and DIR/en, "
                                   "for use with any mkdocs-compatible builder.")
    g.add_argument("-o", "--output", metavar="DIR", default="build/pages", help="output folder (default: build/pages)")
    g.add_argument("--pages-only", action="store_true", help="only the Markdown pages (no PDF/XLSX rendering)")
    g.set_defaults(func=cmd_gen)

    df = sub.add_parser("diff", help="what changed between two versions (git refs or folders)",
                        description="Semantic diff keyed by stable ids: criteria, tasks, domains, cards and units "
                                    "added, removed, moved, re-worded (zh and en), re-pointed (with the effect on "
                                    "totals) or given other responsible units. OLD and NEW are git refs of the "
                                    "current repository (tags, branches, commits) or project folders.")
    df.add_argument("old", metavar="OLD")
    df.add_argument("new", metavar="NEW")
    df.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    df.set_defaults(func=cmd_diff)

    sc = sub.add_parser("score", help="score filled scorecards (form JSON/CSV export, XLSX, PDF)",
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        description="Read filled scorecards in any of the project's formats, check every field "
                                    "against the card (card, edition, known fields, values in range) and print "
                                    "every criterion, task, domain and card total per score column, the vetoes "
                                    "applied and the grade. Exit 1 when any file has a problem.",
                        epilog="examples:\n  pingan score village-1.json\n  pingan score --format json town.xlsx "
                               "town.pdf")
    sc.add_argument("files", nargs="+", metavar="FILE", help="a filled card: .json, .csv, .xlsx or .pdf")
    sc.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    sc.set_defaults(func=cmd_score)

    from .results.cli import add_commands

    add_commands(sub, _load, _root)

    from .importer.cli import add_command as add_import

    add_import(sub)

    s = sub.add_parser("schema", help="print the JSON Schema of standards files and of the JSON export",
                       description="Print the JSON Schema that standards/schema.json publishes; it validates the "
                                   "standards files and the JSON export.")
    s.add_argument("-o", "--output", metavar="PATH", help="file to write (default: standard output)")
    s.set_defaults(func=cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return args.func(args)
    except FileNotFoundError as e:
        print(f"pingan: {e}", file=sys.stderr)
        return 2

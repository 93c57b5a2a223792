"""``pingan import FILE``: read the document, find its scoring tables, write the draft and the report.
Exit status: 0 clean, 1 something needs a person, 2 the input is unusable (one line says why)."""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from . import cards as C, draft as D
from .doc import Unusable
from .layout import parts
from .paracard import read_paragraphs
from .read import read_document
from .report import Report, card_report
from .ruletext import Reading
from .tablecard import read_part
from .units import Units
from .yamlout import dump

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LEVEL_WORDS = [("village", r"村|社区"), ("town", r"乡镇|镇|街道"), ("county", r"县|区")]


def _standards(root: Path):
    from ..checks.project import load
    from ..model.problems import StandardsError

    try:
        return load(root).standards, ""
    except StandardsError as e:
        return None, f"the project's standards have {len(e.problems)} problem(s): units not matched"


def _default_id(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return stem if stem and ID.match(stem) else "imported"


def _level(title: str) -> str:
    return next((lv for lv, rx in _LEVEL_WORDS if re.search(rx, title)), "county")


def _cards(path: Path) -> tuple:
    doc, data = read_document(path)
    found, skipped = parts(doc)
    if not found:
        card = read_paragraphs(doc)
        if card is None:
            raise Unusable("no scoring table (no table has a header row naming its columns: 序号, 项目, "
                           "工作任务, 评分标准, 分值 …) and no paragraph states points (…（7分）, 得2分, 扣1分)")
        return doc, data, [card], skipped
    cards = [read_part(p) for p in found]
    for p, c in zip(found, cards, strict=True):
        if p.columns.col("points") is None and not any(x.points for t in c.all_tasks for x in t.criteria):
            raise Unusable(f"表{p.tables[0].number}: no points: no points column (分值) and no points in "
                           f"the text (…（7分）, 得2分)")
    return doc, data, cards, skipped


def _criterion_vetoes(c: C.Card) -> list[C.Item]:
    """一票否决 written in a criterion's text: the card's vetoes too (the report asks a person to check)."""
    out = []
    for t in c.all_tasks:
        for x in t.criteria:
            for v in x.reading.vetoes:
                out.append(C.Item(v.text.zh, Reading(v.text.zh, vetoes=(v,)), x.at))
    return out


def _place_entry(place: str, standards, title: str, level: str) -> list[dict]:
    if not place or (standards and standards.get(place) is not None):
        return []
    m = re.match(r"^(.{2,12}?(?:省|市|县|区|镇|乡|街道|村))", title)
    return [{"id": place, "draft": True, "name": {"zh": m.group(1) if m else place, "en": ""}, "level": level}]


def _old_card(args, standards, cards) -> tuple:
    """For --edition-of: the card the import is a new edition of, and the new edition's name."""
    old = standards.get(args.edition_of) if standards else None
    if old is None or old.__class__.__name__ != "Scorecard":
        raise Unusable(f"--edition-of {args.edition_of}: no such card in the project's standards")
    if len(cards) != 1:
        raise Unusable(f"--edition-of: the file has {len(cards)} scoring tables, a new edition is one card")
    edition = args.edition or (str(int(old.edition) + 1) if old.edition.isdigit() else None)
    if edition is None or edition == old.edition:
        raise Unusable(f"--edition-of {old.id}: give the new edition with --edition (the current one is "
                       f"{old.edition!r})")
    return old, edition


def _todo(opts, standards, places) -> list[str]:
    out = []
    if not opts.place and standards and standards.places:
        out.append("no --place: units were matched against every place's, the source's place is 未注明 "
                   "(give --place P, a place of standards/places.yaml)")
    if places:
        out.append(f"place {opts.place!r} is not in standards/places.yaml: proposed in the draft, give its name")
    return out


def _is_draft(path: Path) -> bool:
    """True when the file holds a card marked ``draft: true`` (an earlier import, safe to write over)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return any(c.get("draft") is True for c in data.get("scorecards") or ())
    except (OSError, ValueError, AttributeError, yaml.YAMLError):
        return False


def _free(out: Path, base: str, standards, root: Path, old) -> None:
    """The draft may be written to ``out``: it does not replace a published file, and (a new card) its
    id is not the id of something else in the project."""
    if out.exists() and not _is_draft(out):
        raise Unusable(f"{out} exists and is not a draft: give another --id (or -o PATH)")
    other = standards.get(base) if standards and not old else None
    if other is not None and other.origin and (root / other.origin.file).resolve() != out.resolve():
        raise Unusable(f"--id {base}: the project already has '{base}' ({other.origin.file}); give another --id, "
                       f"or --edition-of {base} for a new edition of a card")


def _draft(args, path, root, read_in) -> tuple:
    """The draft's data, the card reports, where to write it and the old card of --edition-of (or None)."""
    doc, data, cards, skipped = read_in
    standards, note = _standards(root)
    old, edition = _old_card(args, standards, cards) if args.edition_of else (None, args.edition or "1")
    base = old.id if old else args.id or _default_id(path)
    title = cards[0].title
    level = args.level or (str(old.level) if old else _level(title))
    src = f"{base}-{edition}-src" if old else f"{base}-src"
    opts = D.Options(base, level, args.place or "", edition, src)
    out = Path(args.output) if args.output else (root / "drafts" / f"{base}-{edition}.yaml" if old else
                                                 root / "standards" / "scorecards" / f"{base}.yaml")
    _free(out, base, standards, root, old)
    file, digest, copied = D.copy_original(root, data, base, path.suffix)
    units = Units.of(standards, opts.place, base)
    entries, reports = [], []
    for i, c in enumerate(cards, 1):
        o = replace(opts, id=base if len(cards) == 1 else f"{base}-{i}")
        c.vetoes += _criterion_vetoes(c)
        entries.append(D.card(c, o, units))
        reports.append(card_report(o.id, c, units))
    if old:
        from .edition import adopt

        adopt(entries[0], old, standards)
    out_data = {"sources": [D.source_entry(opts, doc, file, title)], "scorecards": entries}
    if units.proposed:
        out_data["units"] = units.entries(level)
    if places := _place_entry(opts.place, standards, title, level):
        out_data["places"] = places
    report = Report(path.name, doc.kind, digest, file, copied, str(out), [*doc.notes, *([note] if note else [])],
                    skipped, reports, _todo(opts, standards, places))
    return out_data, report, out, old, standards


def run(args) -> int:
    from ..checks.project import find_root

    path = Path(args.file)
    if args.id and not ID.match(args.id):
        print(f"pingan import: --id {args.id!r}: lowercase letters, digits and hyphens only", file=sys.stderr)
        return 2
    root = Path(args.project).resolve() if args.project else find_root()
    try:
        if not path.is_file():
            raise Unusable("no such file")
        data, report, out, old, standards = _draft(args, path, root, _cards(path))
    except Unusable as e:
        print(f"{path}: {e}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    comment = (f"Draft imported by `pingan import` from {path.name} (sha256 {report.sha256}).\n"
               f"Read the report beside it ({out.stem}.report.txt), fix what it lists, translate every empty `en`,\n"
               + ("then let it replace the card's file (tag the old edition first)." if old else
                  "then remove every `draft: true` (card, source, proposed units): "
                  "`pingan check --strict` says where."))
    out.write_text(dump(data, comment), encoding="utf-8")
    text = report.to_text()
    if old:
        from .edition import diff_text

        text += (f"\nchanges from edition {old.edition} of {old.id} (pingan diff):\n"
                 + diff_text(standards, data, old.id))
    (out.parent / f"{out.stem}.report.txt").write_text(text, encoding="utf-8")
    (out.parent / f"{out.stem}.report.json").write_text(report.to_json(), encoding="utf-8")
    sys.stdout.write(report.to_json() if args.format == "json" else text)
    return 1 if report.attention() else 0

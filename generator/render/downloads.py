"""The rows of the downloads page: every published file with its description, edition, size and
SHA-256 (open data, the schema, each card's PDF/XLSX/DOCX/offline form, each source document's and
each unit pack's DOCX)."""
from __future__ import annotations

from ..model.objects import Standards
from .outputs import packs
from .urls import card_file, pack_file, source_file

CARD_FILES = (("pdf", "pdf_form"), ("xlsx", "xlsx_form"), ("docx", "docx_form"), ("html", "offline_form"))


def _candidates(s: Standards, lang: str, L: dict) -> list[tuple[str, str, str]]:
    editions = sorted({c.edition for c in s.scorecards} | {x.edition for x in s.sources})
    rows = [("pingan-standards.json", L["json_export"], "、".join(editions)),
            ("pingan-standards.csv", L["csv_export"], "、".join(editions)),
            ("schema.json", L["schema"], "—")]
    for card in s.scorecards:
        rows += [(card_file(card.id, lang, ext), f"{card.title[lang]} — {L[label]}", card.edition)
                 for ext, label in CARD_FILES]
    rows += [(source_file(src.id, lang), f"{src.title[lang]} — {L['docx_source']}", src.edition) for src in s.sources]
    for unit, card_id in packs(s):
        card = s.get(card_id)
        rows.append((pack_file(unit, card_id, lang, "docx"),
                     f"{s.unit(unit).name[lang]} · {card.title[lang]} — {L['docx_form']}", card.edition))
    return rows


def download_rows(s: Standards, lang: str, L: dict, downloads: dict) -> list[dict]:
    """The files of ``downloads`` (site uri → {"size", "sha256"}) in page order, with human sizes."""
    out = []
    for uri, desc, edition in _candidates(s, lang, L):
        info = downloads.get(uri)
        if info is None:
            continue
        size = info["size"]
        human = f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.0f} KB"
        out.append({"uri": uri, "name": uri.rsplit("/", 1)[-1], "description": desc, "edition": edition,
                    "size": human, "bytes": size, "sha256": info["sha256"]})
    return out

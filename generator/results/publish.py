"""The ranking (通报) on the site, only when asked: ``pingan results --publish``.

Publishing writes a snapshot of the ranking — units, totals, grades, vetoes, ranks; no filled values,
no notes — to ``content/results/<card>-<period>-<hash>.json`` in the project (:func:`.export.stem`: periods
that differ only in punctuation get files of their own), a file one reviews and commits like any
content. The site's results section (both languages) is made from these snapshots only: the store
itself never reaches ``site/``. Every text from a submission is Markdown-escaped in the pages.
"""
from __future__ import annotations

import json
from datetime import date
from html import escape
from pathlib import Path

from ..render.escape import md
from .export import stem

FOLDER = Path("content") / "results"
WORDS = {
    "zh": {"section": "考核结果", "intro": "以下为已发布的考核结果通报（按考核表和考核期）。", "rank": "名次",
           "unit": "单位", "final": "最终得分", "grade": "等次", "vetoes": "一票否决", "period": "考核期",
           "edition": "版本", "published": "发布日期", "ties": "同分排名", "equal": "名次并列", "by": "按该板块得分",
           "signed": "签发", "checksum": "校验值", "unsigned": "未签发（排名可能变动）", "provisional": "暂定",
           "provisional_note": "标“暂定”者尚未完成最终一轮审核，按已有的最新一轮得分排名。"},
    "en": {"section": "Assessment results", "intro": "Published rankings (通报), by scorecard and period.",
           "rank": "Rank", "unit": "Unit", "final": "Final score", "grade": "Grade", "vetoes": "Vetoes",
           "period": "Period", "edition": "Edition", "published": "Published", "ties": "Ties",
           "equal": "equal rank", "by": "ranked by the score of", "signed": "Signed off", "checksum": "checksum",
           "unsigned": "not signed off (the ranking may change)", "provisional": "provisional",
           "provisional_note": "Units marked provisional have not had their final review yet: "
                               "ranked on their latest stage."},
}


def snapshot(r: dict) -> dict:
    grades = {g["id"]: g["title"] for g in r["grades"]}
    return {"format": "pingan-results/1", "card": r["card"], "period": r["period"], "edition": r["edition"],
            "title": r["title"], "published": date.today().isoformat(), "ties": r["ties"],
            "signed_off": r.get("signed_off"), "columns": r["columns"], "ranking": [
                {"rank": x["rank"], "unit": x["unit"], "final": x["final"], "final_column": x["final_column"],
                 "grade": x["grade"], "grade_title": grades.get(x["grade"]), "vetoed": x["vetoed"],
                 "vetoes": x["vetoes"], "columns": x["columns"], "provisional": bool(x.get("provisional"))}
                for x in r["ranking"]]}


def publish(reports: list[dict], root: Path) -> list[Path]:
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for r in reports:
        p = folder / f"{stem(r)}.json"
        p.write_text(json.dumps(snapshot(r), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        out.append(p)
    return out


def published(root: Path) -> list[tuple[str, dict]]:
    """(page stem, snapshot) of every published ranking, by card then period (latest first)."""
    folder = root / FOLDER
    docs = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(d, dict) and d.get("format") == "pingan-results/1":
            docs.append((p.stem, d))
    return sorted(docs, key=lambda x: (x[1]["card"], [-ord(c) for c in x[1]["period"]]))


def _e(text) -> str:
    """Text from a submission (a unit, a period) or the YAML, as it enters the page's Markdown: every
    character Markdown or HTML could read as syntax a character reference (``[x](javascript:…)``, an
    ``attr_list`` ``{: onfocus=…}``, ``![t](http://…)`` and ``<script>`` all appear literally)."""
    return str(md("" if text is None else str(text)))


def page(d: dict, lang: str) -> str:
    w = WORDS[lang]
    cols = d["columns"]
    ties = w["equal"] if d["ties"].get("ties") != "by-domain" else f'{w["by"]} {d["ties"].get("domain")}'
    head = "".join(f"<th>{_e(c['title'][lang])}</th>" for c in cols)
    mark = f' <em class="provisional">({w["provisional"]})</em>'
    rows = "".join(
        f'<tr><td>{x["rank"]}</td><td>{_e(x["unit"])}</td>'
        + "".join(f'<td>{x["columns"][c["id"]]:g}</td>' if c["id"] in x["columns"] else "<td>—</td>" for c in cols)
        + f'<td><strong>{x["final"]:g}</strong>{mark if x.get("provisional") else ""}</td>'
        f'<td>{_e((x["grade_title"] or {}).get(lang, ""))}</td>'
        f'<td>{_e("; ".join(v["text"][lang] for v in x["vetoes"]))}</td></tr>' for x in d["ranking"])
    so = d.get("signed_off")
    sign = f"{w['signed']}: {_e(so['at'])} · {w['checksum']}: {_e(so['checksum'])}" if so else w["unsigned"]
    note = f"\n\n{w['provisional_note']}" if any(x.get("provisional") for x in d["ranking"]) else ""
    return (f"# {_e(d['title'][lang])} · {_e(d['period'])}\n\n"
            f"{w['period']}: {_e(d['period'])} · {w['edition']}: {_e(d['edition'])} · {w['published']}: "
            f"{_e(d['published'])} · {w['ties']}: {_e(ties)}\n\n{sign}{note}\n\n"
            f'<table class="pingan-results"><thead><tr><th>{w["rank"]}</th><th>{w["unit"]}</th>{head}'
            f'<th>{w["final"]}</th><th>{w["grade"]}</th><th>{w["vetoes"]}</th></tr></thead><tbody>{rows}'
            f"</tbody></table>\n")


def pages(root: Path, lang: str) -> dict[str, str]:
    """results/index.md and results/<card>-<period>.md, when anything was published."""
    docs = published(root)
    if not docs:
        return {}
    w = WORDS[lang]
    index = [f"# {w['section']}\n\n{w['intro']}\n"]
    index += [f"- [{_e(d['title'][lang])} · {_e(d['period'])}]({s}.md)" for s, d in docs]
    out = {"results/index.md": "\n".join(index) + "\n"}
    out.update({f"results/{s}.md": page(d, lang) for s, d in docs})
    return out


def nav(root: Path, lang: str) -> list:
    docs = published(root)
    if not docs:
        return []
    return [{WORDS[lang]["section"]: ["results/index.md"] + [
        {escape(f"{d['title'][lang]} · {d['period']}"): f"results/{s}.md"} for s, d in docs]}]

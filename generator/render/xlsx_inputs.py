"""The XLSX input cells: data validation per input kind, the localised input message, and the hint
lines that tell a person what to type (a score, met / not met, a number of occurrences, a measured
figure, bonus points, a ticked veto, N/A). Every cell also accepts the JSON export's tokens. The words
are interface words like any other: ``site_templates/labels.yaml``, under ``xlsx_inputs``."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..scoring.plan import MAX_COUNT, Plan
from .common import fmt_points as p, load_labels


class _Words(dict):
    """The XLSX input words of each language, read once from ``labels.yaml`` (key ``xlsx_inputs``)."""

    def __missing__(self, lang: str) -> dict:
        self[lang] = load_labels()[lang]["xlsx_inputs"]
        return self[lang]


WORDS = _Words()


def lower_trim_in(cell: str, words: list[str]) -> str:
    return "OR(" + ",".join(f'LOWER(TRIM({cell}))="{w.replace(chr(34), chr(34) * 2)}"' for w in words) + ")"


def choices(plan: Plan, kind: str, lang: str, na: bool) -> list[str]:
    """The dropdown of a list input: the localised words first, then the JSON export's tokens."""
    W = WORDS[lang]
    if kind == "outcome":
        return [W["met"], W["not_met"], *([W["na"]] if na else []), "met", "not-met", *(["na"] if na else [])]
    if kind == "veto":
        return list(dict.fromkeys([W["yes"], "yes"]))
    return [W["na"], "na"]


def validation(plan: Plan, kind: str, lang: str, cell: str, top: float = 0, na: bool = False) -> dict:
    """The XlsxWriter data validation of one input cell (``cell``: its own A1 address)."""
    W, step = WORDS[lang], plan["step"]
    title, msg = W["naonly" if kind == "na" else kind]
    most = plan.get("max_count", MAX_COUNT)
    msg = msg.format(top=p(top), step=p(step), max=f"{most:,}")
    out = {"ignore_blank": True, "error_type": "stop"}
    if kind in ("outcome", "veto", "na"):
        out.update(validate="list", source=choices(plan, kind, lang, na))
    else:
        nas = lower_trim_in(cell, plan["tokens"]["na"])
        # IF(ISNUMBER(…)): text must give FALSE, not an error, so that OR(…, N/A words) still sees the words
        if kind in ("score", "bonus"):
            ok = (f"IF(ISNUMBER({cell}),AND({cell}>=0,{cell}<={p(top)},"
                  f"ABS({cell}/{p(step)}-ROUND({cell}/{p(step)},0))<=0.000000001),FALSE())")
        elif kind == "count":
            ok = f"IF(ISNUMBER({cell}),AND({cell}>=0,{cell}<={most},{cell}=INT({cell})),FALSE())"
        else:
            ok = f"ISNUMBER({cell})"
        if na:
            msg += W["na_tail"]
            ok = f"OR({ok},{nas})"
        if kind == "count" and not na:
            out.update(validate="integer", criteria="between", minimum=0, maximum=most)
        else:
            out.update(validate="custom", value="=" + ok)
    title = title.format(top=p(top))
    out.update(input_title=title[:32], input_message=msg[:255], error_title=title[:32], error_message=msg[:255])
    return out


def rule_text(lang: str, r: Mapping[str, Any]) -> str:
    W = WORDS[lang]
    return W["rule"].format(per=r["per"][lang], amount=p(r["amount"])) + (
        W["cap"].format(cap=p(r["cap"])) if r.get("cap") is not None else "")


def figure_text(lang: str, f: Mapping[str, Any]) -> str:
    W = WORDS[lang]
    return W["enter_figure"].format(figure=f["text"][lang], unit=f["unit"]) + W["figure_rule"].format(
        dir=W[f["direction"]], threshold=p(f["threshold"]), unit=f["unit"], per=p(f["per"]),
        amount=p(f["amount"])) + (W["cap"].format(cap=p(f["cap"])) if f.get("cap") is not None else "")


def hint(lang: str, c: Mapping[str, Any]) -> str:
    """The line under a criterion's text that says what to enter (deduction and figure criteria)."""
    W = WORDS[lang]
    if c["kind"] == "figure":
        return figure_text(lang, c["figure"])
    if c["kind"] == "deduction" and c["rules"][0]["id"] == c["id"]:
        return W["enter_count"] + rule_text(lang, c["rules"][0]) + (
            W["cap"].format(cap=p(c["cap"])) if c["cap"] is not None else "")
    if c["kind"] == "deduction":
        return W["down_to_zero"].lstrip("，, ") + (W["cap"].format(cap=p(c["cap"])) if c["cap"] is not None else "")
    return ""


def penalty_text(lang: str, pen: Mapping[str, Any]) -> str:
    W = WORDS[lang]
    per = {"zh": "", "en": "each time"}
    return W["penalty_row"].format(text=pen["text"][lang]) + "\n" + rule_text(
        lang, {"per": per, "amount": pen["amount"], "cap": pen.get("cap")}).lstrip("：: ")

"""The XLSX input cells: data validation per input kind, the localised input message, and the hint
lines that tell a person what to type (a score, met / not met, a number of occurrences, a measured
figure, bonus points, a ticked veto, N/A). Every cell also accepts the JSON export's tokens."""
from __future__ import annotations

from .common import fmt_points as p

WORDS = {
    "zh": {
        "met": "达到", "not_met": "未达到", "na": "不适用", "yes": "是",
        "score": ("得分 0–{top}", "填写 0 至 {top} 之间的分数，须为 {step} 的整数倍"),
        "bonus": ("加分 0–{top}", "填写 0 至 {top} 之间的加分，须为 {step} 的整数倍"),
        "outcome": ("达到／未达到", "从列表选择：达到（{top}分）或未达到（0分）；也可填 met、not-met"),
        "count": ("次数", "填写发生次数（不小于 0 的整数）"),
        "figure": ("实测值", "填写实测数值（可带小数，如 93.4），按规则自动扣分"),
        "veto": ("一票否决", "发生此情形时选择“是”（或填 yes），否则留空"),
        "naonly": ("不适用", "本项不适用时选择“不适用”（或填 na），否则留空"),
        "na_tail": "；不适用填“不适用”或 na",
        "rule": "{per}：每次扣{amount}分", "cap": "，最多扣{cap}分", "down_to_zero": "，扣完为止",
        "enter_count": "（填写次数）", "enter_figure": "（填写{figure}实测值，单位{unit}）",
        "figure_rule": "{dir}{threshold}{unit}的，每{per}{unit}扣{amount}分",
        "below": "低于", "above": "高于", "bonus_row": "加分项：{text}（最多加{top}分）",
        "penalty_row": "扣分项：{text}", "veto_row": "一票否决：{text}", "grade": "等级",
        "bonus_cap": "（本级加分最多{cap}分）",
    },
    "en": {
        "met": "Met", "not_met": "Not met", "na": "N/A", "yes": "yes",
        "score": ("Score 0–{top}", "Enter a score from 0 to {top}, in steps of {step}"),
        "bonus": ("Bonus 0–{top}", "Enter bonus points from 0 to {top}, in steps of {step}"),
        "outcome": ("Met / Not met", "Pick Met ({top} points) or Not met (0); met and not-met are accepted too"),
        "count": ("Occurrences", "Enter the number of occurrences (a whole number, 0 or more)"),
        "figure": ("Measured figure", "Enter the measured figure (decimals allowed, e.g. 93.4); "
                                      "the deduction is computed"),
        "veto": ("One-vote veto", "Pick yes if this happened (or type yes); leave blank otherwise"),
        "naonly": ("Not applicable", "Pick N/A if this criterion does not apply (or type na); blank otherwise"),
        "na_tail": "; N/A or na if not applicable",
        "rule": "−{amount} {per}", "cap": ", at most {cap}", "down_to_zero": ", down to zero",
        "enter_count": "Enter the number of occurrences: ", "enter_figure": "Enter the {figure} ({unit}); ",
        "figure_rule": "{dir} {threshold}{unit}: −{amount} per {per}{unit}",
        "below": "below", "above": "above", "bonus_row": "Bonus: {text} (up to {top})",
        "penalty_row": "Penalty: {text}", "veto_row": "One-vote veto: {text}", "grade": "Grade",
        "bonus_cap": " (bonus at this level: at most {cap})",
    },
}


def lower_trim_in(cell: str, words: list[str]) -> str:
    return "OR(" + ",".join(f'LOWER(TRIM({cell}))="{w.replace(chr(34), chr(34) * 2)}"' for w in words) + ")"


def choices(plan: dict, kind: str, lang: str, na: bool) -> list[str]:
    """The dropdown of a list input: the localised words first, then the JSON export's tokens."""
    W = WORDS[lang]
    if kind == "outcome":
        return [W["met"], W["not_met"], *([W["na"]] if na else []), "met", "not-met", *(["na"] if na else [])]
    if kind == "veto":
        return list(dict.fromkeys([W["yes"], "yes"]))
    return [W["na"], "na"]


def validation(plan: dict, kind: str, lang: str, cell: str, top: float = 0, na: bool = False) -> dict:
    """The XlsxWriter data validation of one input cell (``cell``: its own A1 address)."""
    W, step = WORDS[lang], plan["step"]
    title, msg = W["naonly" if kind == "na" else kind]
    msg = msg.format(top=p(top), step=p(step))
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
            ok = f"IF(ISNUMBER({cell}),AND({cell}>=0,{cell}=INT({cell})),FALSE())"
        else:
            ok = f"ISNUMBER({cell})"
        if na:
            msg += W["na_tail"]
            ok = f"OR({ok},{nas})"
        if kind == "count" and not na:
            out.update(validate="integer", criteria=">=", value=0)
        else:
            out.update(validate="custom", value="=" + ok)
    title = title.format(top=p(top))
    out.update(input_title=title[:32], input_message=msg[:255], error_title=title[:32], error_message=msg[:255])
    return out


def rule_text(lang: str, r: dict) -> str:
    W = WORDS[lang]
    return W["rule"].format(per=r["per"][lang], amount=p(r["amount"])) + (
        W["cap"].format(cap=p(r["cap"])) if r.get("cap") is not None else "")


def figure_text(lang: str, f: dict) -> str:
    W = WORDS[lang]
    return W["enter_figure"].format(figure=f["text"][lang], unit=f["unit"]) + W["figure_rule"].format(
        dir=W[f["direction"]], threshold=p(f["threshold"]), unit=f["unit"], per=p(f["per"]),
        amount=p(f["amount"])) + (W["cap"].format(cap=p(f["cap"])) if f.get("cap") is not None else "")


def hint(lang: str, c: dict) -> str:
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


def penalty_text(lang: str, pen: dict) -> str:
    W = WORDS[lang]
    per = {"zh": "", "en": "each time"}
    return W["penalty_row"].format(text=pen["text"][lang]) + "\n" + rule_text(
        lang, {"per": per, "amount": pen["amount"], "cap": pen.get("cap")}).lstrip("：: ")

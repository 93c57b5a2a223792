"""Numbers as Chinese scoring text writes them: ASCII or full-width digits (１．５), Chinese numerals
(一, 两, 十二, 一百), 半 (0.5), 零点五. :func:`fold` makes the text's digits and signs ASCII without
changing its length, so a position in the folded text is the same position in the original."""
from __future__ import annotations

import re

# full-width → ASCII, one character for one (positions stay valid)
# (the Chinese comma, semicolon and brackets stay: clauses are split on them)
_FOLD = str.maketrans("０１２３４５６７８９．％－～＋／：　", "0123456789.%-~+/: ")

DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN = "零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟"
# a number as the rule texts write one (the regex every pattern of ruletext uses)
NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?半?|半)"


def fold(text: str) -> str:
    """Full-width digits and signs as ASCII; every other character unchanged (same length)."""
    return text.translate(_FOLD)


def _integer(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 三五 (digit by digit) → 35."""
    if not s:
        return None
    if not any(ch in UNITS for ch in s):
        return int("".join(str(DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    return total + (digit or 0)


def number(s: str) -> float | None:
    """The value of one number written as :data:`NUM` matches it; None when it is not one."""
    s = fold(s.strip())
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if s == "半":
        return 0.5
    half = s.endswith("半")
    s = s[:-1] if half else s
    whole, _, frac = s.partition("点")
    if any(ch not in DIGITS and ch not in UNITS for ch in whole + frac) or (frac and any(ch in UNITS for ch in frac)):
        return None
    value: float | None = _integer(whole)
    if value is None:
        return None
    if frac:
        value = float(f"{value}.{''.join(str(DIGITS[ch]) for ch in frac)}")
    return float(value) + (0.5 if half else 0)


def points(value: float) -> int | float:
    """A number as YAML should show it: 3 rather than 3.0."""
    return int(value) if float(value).is_integer() else value

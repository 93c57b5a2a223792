"""One reader of Chinese scoring-rule text: a criterion's words → the project's typed rules
(:mod:`generator.model.rules`, :class:`generator.model.objects.Veto`).

It reads 得X分 / （X分） (points), 每…扣(减)X分 and …的扣X分 (deductions: per occurrence, or once),
最高(最多)扣X分 (a cap), 扣完为止 / 扣至0分为止 / 以该项分值为限 (the floor every criterion has),
不得分, 一票否决 (with 扣X分, 不得评为…, 评为不合格), 加X分 / 最高加X分 / 分别奖X、Y分 (bonus),
每降低(超过)1个百分点扣X分 and 按比例扣分 (a measured figure), 扣1-3分 / 酌情扣分 (judgement: a score
typed by the assessor), 不适用 — with full-width digits and Chinese numerals. What it cannot read
it returns, with the words, in :attr:`Reading.unread`; what it had to assume, in :attr:`Reading.assumed`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import cast

from ..model.kinds import CriterionKind, Direction, FigureRounding, VetoEffect
from ..model.objects import Text, Veto
from ..model.rules import Bonus, BonusItem, DeductionRule, Proportional
from .numbers import NUM, fold, number

_END = "。；;\n"  # a sentence ends here; a cap or a veto's deduction belongs to its sentence
_OCCURRENCE = r"次|项|起|人|个|例|件|处|家|名|天|条|户|所|场|篇|份|批"
_STEPS = {"百分点": "%", "个百分点": "%", "%": "%", "千分点": "‰", "个千分点": "‰", "‰": "‰"}
_BELOW = ("降低", "下降", "低于", "低", "减少", "少", "不足")

PATTERNS = [  # (what, regex): at one position the first listed wins; groups are named after the handler
    ("cap", rf"(?:本项|该项)?(?:累计)?(?:最高|最多|至多|最高不超过|不超过)扣(?:除|减)?(?P<n>{NUM})分"
            rf"|扣分(?:最高|最多|累计)?不超过(?P<n2>{NUM})分|(?:最高|最多)(?:扣|减)至(?P<n3>{NUM})分"),
    ("floor", r"扣完为止|扣至0分为止|扣至零分为止|扣满为止|扣完该项分值为止|直至扣完"
              r"|以(?:该|本|此)项(?:分值|分数|满分)为限|(?:该|本|此)项分值扣完为止|最多扣至0分|不计负分|不倒扣"),
    ("bonus_cap", rf"(?:累计)?(?:最高|最多|至多|累计不超过)(?:加|奖)(?P<n>{NUM})分"
                  rf"|加分(?:最高|最多|累计)?不超过(?P<n2>{NUM})分"),
    ("bonus_list", rf"分别(?:奖励?|加|得|记)(?P<list>{NUM}(?:\s*[、,，和及]\s*{NUM})+)分"),
    ("veto", r"一票否决|一票否定"),
    ("grade_cap", r"不得(?:评为|评定为|定为|确定为)(?P<grades>[^，。；;,]+)"),
    ("fail", r"(?:直接)?(?:评|定|确定|认定)为不合格|考核(?:结果|等次)?(?:为|定为)不合格"),
    ("proportional", rf"每(?P<dir>降低|下降|低于|低|减少|少|不足|超过|超出|高于|高出|高|上升|增加|多)(?P<per>{NUM})?"
                     rf"(?P<unit>个百分点|百分点|个千分点|千分点|%|‰)(?:的)?[，,]?(?:扣|减)(?:除)?(?P<n>{NUM})分"),
    ("ratio", r"按(?:照)?(?:[^，。；;,]{0,12})?比例(?:扣分|扣减|计分|得分|折算)"),
    ("judgement", rf"(?:扣|减|得|计|给)(?:除)?(?P<lo>{NUM})\s*(?:-|~|—|–|至|到)\s*(?P<hi>{NUM})分"
                  rf"|(?:酌情|视情况?|视情节(?:轻重)?|根据情况)(?:扣|减|给|得|计)(?:除)?(?:分|{NUM}\s*(?:-|~|—|–|至|到)\s*{NUM}分)?"),
    ("zero", r"(?:该项|本项|此项)?(?:不得分|不计分|得0分|计0分|记0分|为0分|得零分)"),
    ("bonus", rf"(?:奖励?|加)(?P<n>{NUM})分"),
    ("deduction", rf"(?:扣|减)(?:除)?(?P<n>{NUM})分(?:/(?P<per>{_OCCURRENCE}))?"),
    ("points", rf"得(?P<n>{NUM})分|[（(](?P<n2>{NUM})分[）)]"
               rf"|(?:满分|总分|分值|计|共|本项|该项)(?:为|共|计)?(?P<n3>{NUM})分"),
    ("na", r"不适用|缺项"
           r"|(?:不涉及|没有|未设)[^，。；;,]{0,10}?(?:的)?[，,]?(?:不(?:计|扣)分|不考核|不参与考核|按满分计|得满分)"),
]
MASTER = re.compile("|".join(f"(?P<_{what}>{rx.replace('(?P<', f'(?P<{what}_')})" for what, rx in PATTERNS))
# words that say something about points: a sentence with one of them left unread is reported
SCORING = re.compile(rf"[扣减]\s*(?:除)?\s*{NUM}\s*分|扣分(?!项)|加分(?!项)|[扣减加奖](?:若干|适当|一定)分"
                     rf"|[加奖]\s*{NUM}\s*分|否决|不得分|倒扣|扣完"
                     rf"|(?<![十])(?:\d+(?:\.\d+)?|[一二两三四五六七八九半])\s*分(?![\u4e00-\u9fff])")
OUTCOME = re.compile(r"不发生|未发生|^未(?:被|出现)|杜绝发生|^[\s\d.、()（）]*无[^，。；]{0,30}"
                     r"|[，；、]无(?!论)|辖区内?无|(?:率|数|量)(?:逐年)?(?:降低|下降)"
                     r"|显著减少|明显下降|明显减少")


@dataclass(frozen=True)
class Found:
    """One thing read in the text: what it is and the words it was read from (positions in ``text``)."""
    what: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """What one criterion's text says about its scoring, as the model's typed rules (ids left empty:
    the draft names them; English left empty: it is never invented)."""
    text: str
    points: float | None = None
    kind: CriterionKind = CriterionKind.REQUIREMENT
    deductions: tuple[DeductionRule, ...] = ()
    deduction_cap: float | None = None
    proportional: Proportional | None = None
    bonus: Bonus | None = None
    vetoes: tuple[Veto, ...] = ()
    not_applicable: bool = False
    judgement: bool = False  # 扣1-3分, 酌情扣分: the assessor types a score
    found: tuple[Found, ...] = ()
    unread: tuple[str, ...] = ()  # sentences with scoring words the reader did not understand
    assumed: tuple[str, ...] = ()  # what the text leaves open and the reader chose (a person checks it)

    @property
    def rules(self) -> bool:
        return bool(self.deductions or self.proportional or self.bonus or self.vetoes)


def _zh(s: str) -> Text:
    return Text(s, "")


@dataclass
class _State:
    text: str  # the original
    folded: str
    points: float | None
    out: dict = field(default_factory=dict)
    found: list = field(default_factory=list)
    assumed: list = field(default_factory=list)
    deductions: list = field(default_factory=list)
    bonus_items: list = field(default_factory=list)
    vetoes: list = field(default_factory=list)
    last: tuple | None = None  # (what, index, sentence) of the last rule, for a cap or a veto's amount
    cursor: int = 0  # where the words of the next rule's condition start

    def sentence(self, pos: int) -> int:
        return sum(1 for ch in self.folded[:pos] if ch in _END)

    def start_of_sentence(self, pos: int) -> int:
        return max(self.folded.rfind(ch, 0, pos) for ch in _END) + 1


def _condition(st: _State, start: int) -> str:
    """The words a rule applies to: the last clause before it (with the one before when the last is
    only 每次 or empty), from where the previous rule ended or the sentence began."""
    begin = max(st.cursor, st.start_of_sentence(start))
    words = st.text[begin:start].strip(" ，,、：:（(")
    parts = [p for p in re.split(r"[，,]", words)]
    cond = parts[-1].strip() if parts else ""
    if len(parts) > 1 and (not cond or (cond.startswith("每") and len(cond) <= 3)):
        cond = f"{parts[-2].strip()}，{cond}" if cond else parts[-2].strip()
    return cond


def _per_occurrence(cond: str, unit: str | None) -> bool:
    return bool(unit) or "每" in cond or bool(re.search(rf"(?:一|1|单)(?:{_OCCURRENCE})", fold(cond)))


def _stated(value: float | None) -> float:
    """A number a rule needs, as the text states it. None (left out, or written in a way not read) goes
    into the reading as it is: the import's report names it and the draft's check asks a person for it."""
    return cast(float, value)


def _deduction(st: _State, m: re.Match, g: dict) -> None:
    amount = number(g["n"])
    if st.last and st.last[0] == "veto" and st.last[2] == st.sentence(m.start()):  # 实行一票否决，扣30分
        i = st.last[1]
        st.vetoes[i] = replace(st.vetoes[i], effect=VetoEffect.DEDUCT, amount=amount)
        return
    cond = _condition(st, m.start())
    once = not _per_occurrence(cond, g.get("per"))
    st.deductions.append(DeductionRule(None, _zh(cond), _stated(amount), amount if once else None))
    st.last = ("deduction", len(st.deductions) - 1, st.sentence(m.start()))


def _cap(st: _State, m: re.Match, g: dict) -> None:
    cap = number(g["n"] or g["n2"] or g["n3"])
    if st.last and st.last[2] == st.sentence(m.start()) and st.last[0] in ("deduction", "proportional"):
        if st.last[0] == "deduction":
            i = st.last[1]
            st.deductions[i] = replace(st.deductions[i], cap=cap)
        else:
            st.out["proportional"] = replace(st.out["proportional"], cap=cap)
    else:
        st.out["deduction_cap"] = cap


def _zero(st: _State, m: re.Match, g: dict) -> None:
    """…的，不得分: the whole points, once (an outcome when it is the text's only rule)."""
    st.out.setdefault("zero", []).append(_condition(st, m.start()))


def _veto(st: _State, m: re.Match, g: dict, effect: VetoEffect = VetoEffect.ZERO) -> None:
    a, b = st.start_of_sentence(m.start()), m.end()
    stop = min((i for i in (st.folded.find(ch, b) for ch in _END) if i >= 0), default=len(st.text))
    words = st.text[a:stop].strip(" ，,")
    if st.last and st.last[0] == "veto" and st.last[2] == st.sentence(m.start()):  # 一票否决，评为不合格
        i = st.last[1]
        st.vetoes[i] = replace(st.vetoes[i], effect=effect) if effect is not VetoEffect.ZERO else st.vetoes[i]
        return
    st.vetoes.append(Veto("", _zh(words), effect=effect))
    st.last = ("veto", len(st.vetoes) - 1, st.sentence(m.start()))
    if effect is VetoEffect.GRADE_CAP:
        st.assumed.append(f"{words}: the grade it allows at most is not an id; set `grade`")


def _figure(st: _State, pos: int) -> tuple[str, float | None]:
    """What is measured and its threshold: the last 'name 达到 95% 以上' before ``pos``."""
    rx = (rf"(?P<name>[^，。；;,：:]*?)(?:达到|不低于|不少于|高于|低于|不高于|不超过|控制在|保持在|在|为)?"
          rf"(?P<v>{NUM})\s*(?:%|‰|％)")
    hits = list(re.finditer(rx, st.folded[:pos]))
    if not hits:
        return "", None
    h = hits[-1]
    return st.text[h.start("name"):h.end("name")].strip(" 的"), number(h.group("v"))


def _proportional(st: _State, m: re.Match, g: dict, amount: float | None = None) -> None:
    name, threshold = _figure(st, m.start())
    direction = Direction.BELOW if g["dir"].startswith(_BELOW) else Direction.ABOVE
    per = _stated(number(g["per"])) if g.get("per") else 1.0
    st.out["proportional"] = Proportional(_zh(name), _stated(threshold), direction, per,
                                          _stated(number(g["n"])) if amount is None else amount,
                                          FigureRounding.STARTED if amount is None else FigureRounding.EXACT,
                                          None, _STEPS[g["unit"]])
    if threshold is None:
        st.assumed.append(f"{st.text[m.start():m.end()]}: no threshold found before it; set `threshold`")
    if amount is None:
        st.assumed.append(f"{st.text[m.start():m.end()]}: every begun step counts (rounding: started)")
    st.last = ("proportional", 0, st.sentence(m.start()))


_STEP_BEFORE = re.compile(rf"每(?P<dir>降低|下降|低于|低|减少|少|超过|超出|高于|高出|高|上升|增加|多)(?P<per>{NUM})?"
                          rf"(?P<unit>个百分点|百分点|个千分点|千分点|%|‰)")


def _ratio(st: _State, m: re.Match, g: dict) -> None:
    """按比例扣分: pro rata. The amount per step is assumed points ÷ threshold (0 at a figure of 0)."""
    a = st.start_of_sentence(m.start())
    step = list(_STEP_BEFORE.finditer(st.folded, a, m.start()))
    name, threshold = _figure(st, m.start())
    if not step or not threshold or not st.points:
        st.out.setdefault("unread", []).append(st.text[a:m.end()])
        return
    s = step[-1].groupdict()
    per = _stated(number(s["per"])) if s.get("per") else 1.0
    amount = round(st.points / threshold * per, 4)
    _proportional(st, m, {**s, "n": None}, amount=amount)
    st.assumed.append(f"{st.text[m.start():m.end()]}: pro rata, {amount:g} per {per:g}{_STEPS[s['unit']]} "
                      f"(points ÷ threshold)")


def _bonus(st: _State, m: re.Match, amounts: list[float]) -> None:
    cond = _condition(st, m.start())
    texts = _split_list(cond, len(amounts)) if len(amounts) > 1 else [cond]
    st.bonus_items.extend(BonusItem("", _zh(t), a) for t, a in zip(texts, amounts, strict=False))
    st.last = ("bonus", len(st.bonus_items) - 1, st.sentence(m.start()))


def _split_list(cond: str, n: int) -> list[str]:
    """获得省级、市级表彰的 with two amounts → 获得省级表彰的, 获得市级表彰的."""
    parts = cond.split("、")
    if len(parts) != n:
        return [f"{cond}（{i}）" for i in range(1, n + 1)]
    size = next((k for k in range(1, 5) if len(parts[0]) >= k and len(parts[-1]) >= k
                 and parts[0][-1] == parts[-1][k - 1]), 2)
    said = re.match(r"(?:获得|受到|荣获|获|被|评为|入选|列为|经)?", parts[0])  # matches always (all optional)
    verb = said.group() if said else ""
    head = verb if verb else parts[0][:-size]
    tail = parts[-1][size:]
    words = [parts[0][len(head):], *parts[1:-1], parts[-1][:size]]
    return [f"{head}{w}{tail}" for w in words]


def _handle(st: _State, what: str, m: re.Match, g: dict) -> None:
    if what == "deduction":
        _deduction(st, m, g)
    elif what == "cap":
        _cap(st, m, g)
    elif what == "zero":
        _zero(st, m, g)
    elif what in ("veto", "grade_cap", "fail"):
        _veto(st, m, g, {"veto": VetoEffect.ZERO, "grade_cap": VetoEffect.GRADE_CAP, "fail": VetoEffect.FAIL}[what])
    elif what == "proportional":
        _proportional(st, m, g)
    elif what == "ratio":
        _ratio(st, m, g)
    elif what == "bonus":
        _bonus(st, m, [_stated(number(g["n"]))])
    elif what == "bonus_list":
        _bonus(st, m, [_stated(number(x)) for x in re.split(r"\s*[、,，和及]\s*", g["list"])])
    elif what == "bonus_cap":
        st.out["bonus_cap"] = number(g["n"] or g["n2"])
    elif what == "points":
        st.out.setdefault("points", number(g["n"] or g["n2"] or g["n3"]))
    elif what == "judgement":
        st.out["judgement"] = True
    elif what == "na":
        st.out["na"] = True


def _unread(st: _State, spans: list[tuple[int, int]]) -> list[str]:
    """Sentences where scoring words remain once everything read is taken out."""
    out, start = [], 0
    for i, ch in enumerate(st.folded + "\n"):
        if ch in _END or i == len(st.folded):
            rest = "".join("\0" if any(a <= j < b for a, b in spans) else c
                           for j, c in enumerate(st.folded[start:i], start))
            if any(SCORING.search(part) for part in rest.split("\0")):
                out.append(st.text[start:i].strip())
            start = i + 1
    return out


def read(text: str, points: float | None = None) -> Reading:
    """The rules one criterion's (or one bonus, penalty or veto item's) Chinese text states.
    ``points``: the criterion's points when the table gives them (不得分 and 按比例 need them)."""
    st = _State(text, fold(text), points)
    spans = []
    for m in MASTER.finditer(st.folded):
        what = (m.lastgroup or "")[1:]  # every alternative of MASTER is a named group
        g = {k[len(what) + 1:]: v for k, v in m.groupdict().items() if k.startswith(f"{what}_")}
        _handle(st, what, m, g)
        st.found.append(Found(what, text[m.start():m.end()], m.start(), m.end()))
        spans.append((m.start(), m.end()))
        if what not in ("points", "na"):
            st.cursor = m.end()
    return _reading(st, spans)


def _reading(st: _State, spans: list) -> Reading:
    out = st.out
    points = points_ = out.get("points", st.points)
    deductions = list(st.deductions)
    zero = out.get("zero", [])
    outcome = False
    if zero and not deductions and not out.get("proportional"):
        outcome = True  # …的，不得分 alone: met or not met
    elif zero:
        if points_:
            deductions += [DeductionRule(None, _zh(c), points_, points_) for c in zero]
        else:
            out.setdefault("unread", []).extend(zero)
    bonus = None
    if st.bonus_items:
        cap = out.get("bonus_cap") or sum(i.points for i in st.bonus_items)
        bonus = Bonus(cap, tuple(st.bonus_items))
    kind = (CriterionKind.FIGURE if out.get("proportional") else CriterionKind.REQUIREMENT if deductions
            else CriterionKind.OUTCOME if outcome or (OUTCOME.search(st.text) and not out.get("judgement"))
            else CriterionKind.REQUIREMENT)
    if out.get("judgement") and deductions:
        st.assumed.append("deductions and a judgement (酌情/扣X-Y分) in one text: only the deductions are scored")
    return Reading(st.text, points, kind, tuple(deductions), out.get("deduction_cap"), out.get("proportional"),
                   bonus, tuple(st.vetoes), bool(out.get("na")), bool(out.get("judgement")), tuple(st.found),
                   tuple(_unread(st, spans)) + tuple(out.get("unread", [])), tuple(st.assumed))

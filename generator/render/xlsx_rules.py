"""The scoring rules as XLSX formulas: the hidden sheet ``_calc`` spells out, cell by cell, what
:func:`generator.scoring.engine.evaluate` computes — one row per quantity, one column per score column.

Every input is read from the card's sheet as a person types it (a number, or a word compared
case-insensitively after trimming: the plan's tokens for its kind) into three helper cells: ``tok``
(the trimmed lower-case text), ``num`` (its number, or "") and ``val`` (the valid value, or "": an
invalid input counts as blank, as the engine's ``Problem`` does). Then, in the engine's order:
criteria (deductions floor at 0, N/A, bonus) → tasks → domains → the card (re-scaled, bonus,
penalties, veto deductions, veto zero, rounding) → the grade (veto fail / grade cap).
"""
from __future__ import annotations

from typing import Callable

from xlsxwriter.utility import xl_rowcol_to_cell

from ..scoring.engine import evaluate
from ..scoring.plan import FIGURE_RANGE, MAX_COUNT

CALC = "_calc"
EPS = "0.000000001"


def lit(s: str) -> str:
    """A string literal in a formula."""
    return '"' + str(s).replace('"', '""') + '"'


def n(x: float) -> str:
    """A number literal in a formula."""
    return repr(float(x)).removesuffix(".0") if float(x) == int(x) else repr(float(x))


class Calc:
    """The quantities of the ``_calc`` sheet; ``cells`` maps each input field to its address on ``sheet``."""

    def __init__(self, plan: dict, sheet: str, cells: dict[str, str], values: dict | None = None):
        self.plan, self.sheet, self.cells = plan, sheet, cells
        self.cols = plan["columns"]
        self.row: dict[str, int] = {}
        self.quantities: list[tuple[str, list[str], list]] = []  # name, formula per column, cached values
        # cached results: the engine's on the filled values (the helper cells' are the empty card's)
        self.result = evaluate(plan, values or {})["columns"]

    def at(self, name: str, j: int, sheet: bool = False) -> str:
        a = xl_rowcol_to_cell(self.row[name], 1 + j)
        return f"'{CALC}'!{a}" if sheet else a

    def add(self, name: str, make: Callable[[int, str], str], empty=0) -> str:
        if name not in self.row:
            formulas = [make(j, c) for j, c in enumerate(self.cols)]  # may add the quantities it refers to
            self.row[name] = len(self.quantities) + 1  # row 0 holds the column ids
            cached = [empty(c) if callable(empty) else empty for c in self.cols]
            self.quantities.append((name, formulas, cached))
        return name

    def ref(self, name: str) -> Callable[[int], str]:
        return lambda j: self.at(name, j)

    def raw(self, id_: str, col: str) -> str:
        cell = self.cells.get(f"{id_}--{col}")
        return f"'{self.sheet}'!{cell}" if cell else '""'

    def words(self, *toks: str) -> list[str]:
        return [w for t in toks for w in self.plan["tokens"][t]]

    def is_in(self, j: int, id_: str, *toks: str) -> str:
        t = self.at(self.tok(id_), j)
        return "OR(" + ",".join(f"{t}={lit(w)}" for w in self.words(*toks)) + ")"

    # -- inputs -------------------------------------------------------------------------------------
    def tok(self, id_: str) -> str:
        return self.add(f"tok:{id_}", lambda j, c: f"LOWER(TRIM({self.raw(id_, c)}))", "")

    def num(self, id_: str) -> str:
        return self.add(f"num:{id_}", lambda j, c: f'IF(ISNUMBER({self.raw(id_, c)}),{self.raw(id_, c)},'
                                                   f'IFERROR(VALUE(TRIM({self.raw(id_, c)})),""))', "")

    def na(self, id_: str) -> str:
        return self.add(f"na:{id_}", lambda j, c: f"IF({self.is_in(j, id_, 'na')},1,0)")

    def val(self, id_: str, kind: str, top: float = 0, bounds: tuple = FIGURE_RANGE) -> str:
        """The valid value of an input: a number, 1/0 for outcomes and vetoes, or "" (blank, N/A, invalid)."""
        if kind == "outcome":
            return self.add(f"val:{id_}", lambda j, c: f'IF({self.is_in(j, id_, "met")},1,'
                                                       f'IF({self.is_in(j, id_, "not-met")},0,""))', "")
        if kind == "veto":
            return self.add(f"val:{id_}", lambda j, c: f"IF({self.is_in(j, id_, 'yes')},1,0)")
        x = self.ref(self.num(id_))
        step = n(self.plan["step"])
        if kind == "figure":  # a figure outside its rule's range counts as blank, as in the engine
            lo, hi = n(bounds[0]), n(bounds[1])
            return self.add(f"val:{id_}", lambda j, c: f'IF(ISNUMBER({x(j)}),IF(AND({x(j)}>={lo},{x(j)}<={hi}),'
                                                       f'{x(j)},""),"")', "")
        most = n(self.plan.get("max_count", MAX_COUNT))
        test = {"count": lambda v: f"AND({v}>=0,{v}<={most},{v}=INT({v}))",
                "score": lambda v: f"AND({v}>=0,{v}<={n(top)},ABS({v}/{step}-ROUND({v}/{step},0))<={EPS})"}
        ok = test["score" if kind == "bonus" else kind]
        return self.add(f"val:{id_}", lambda j, c: f'IF(ISNUMBER({x(j)}),IF({ok(x(j))},{x(j)},""),"")', "")

    def bonus(self, b: dict | None) -> Callable[[int], str] | None:
        if not b:
            return None
        vals = [self.ref(self.val(i["id"], "bonus", i["points"])) for i in b["items"]]
        return lambda j: f"MIN({n(b['cap'])},{'+'.join(f'N({v(j)})' for v in vals)})"

    def capped(self, id_: str, amount: float, cap) -> Callable[[int], str]:
        v = self.ref(self.val(id_, "count"))
        return lambda j: (f"MIN({n(cap)},N({v(j)})*{n(amount)})" if cap is not None else f"N({v(j)})*{n(amount)}")

    # -- criteria -----------------------------------------------------------------------------------
    def figure(self, c: dict) -> str:
        f = c["figure"]
        x = self.ref(self.val(c["id"], "figure", bounds=(f.get("min", FIGURE_RANGE[0]), f.get("max", FIGURE_RANGE[1]))))
        thr = n(f["threshold"])
        short = self.add(f"short:{c['id']}", lambda j, _: f'IF({x(j)}="",0,' + (
            f"{thr}-{x(j)})" if f["direction"] == "below" else f"{x(j)}-{thr})"))
        s = self.ref(short)
        q = lambda j: f"ROUND({s(j)}/{n(f['per'])},9)"  # noqa: E731
        units = {"started": lambda j: f"ROUNDUP({q(j)},0)", "full": lambda j: f"ROUNDDOWN({q(j)},0)",
                 "exact": q}[f["rounding"]]
        d = lambda j: f"{units(j)}*{n(f['amount'])}"  # noqa: E731
        cut = (lambda j: f"MIN({n(f['cap'])},{d(j)})") if f["cap"] is not None else d
        ded = self.ref(self.add(f"ded:{c['id']}", lambda j, _: f"IF({s(j)}<=0,0,{cut(j)})"))
        return self.add(f"raw:{c['id']}", lambda j, _: f'IF({x(j)}="",0,MAX(0,{n(c["points"])}-{ded(j)}))')

    def deduction(self, c: dict) -> str:
        terms = [self.capped(r["id"], r["amount"], r["cap"]) for r in c["rules"]]
        vals = [self.ref(self.val(r["id"], "count")) for r in c["rules"]]
        cut = self.ref(self.add(f"cut:{c['id']}", lambda j, _: "+".join(t(j) for t in terms)))
        capped = (lambda j: f"MIN({n(c['cap'])},{cut(j)})") if c["cap"] is not None else cut
        anyv = lambda j: "OR(" + ",".join(f'{v(j)}<>""' for v in vals) + ")"  # noqa: E731
        return self.add(f"raw:{c['id']}", lambda j, _: f"IF({anyv(j)},MAX(0,{n(c['points'])}-{capped(j)}),0)")

    def raw_points(self, c: dict) -> str:
        kind, pts = c["kind"], n(c["points"])
        if kind == "deduction":
            return self.deduction(c)
        if kind == "figure":
            return self.figure(c)
        v = self.ref(self.val(c["id"], kind, c["points"]))
        return self.add(f"raw:{c['id']}", (lambda j, _: f"N({v(j)})*{pts}") if kind == "outcome"
                        else (lambda j, _: f"N({v(j)})"))

    def simple(self, c: dict) -> str:
        """A score or outcome criterion without N/A or bonus: one cell reads the input and scores it."""
        pts, step, top = n(c["points"]), n(self.plan["step"]), n(c["points"])
        if c["kind"] == "outcome":
            def make(j: int, col: str) -> str:
                t = f"LOWER(TRIM({self.raw(c['id'], col)}))"
                return "IF(OR(" + ",".join(f"{t}={lit(w)}" for w in self.words("met")) + f"),{pts},0)"
        else:
            def make(j: int, col: str) -> str:
                r = self.raw(c["id"], col)
                x = f"IF(ISNUMBER({r}),{r},VALUE(TRIM({r})))"
                return (f"IFERROR(IF(AND({x}>=0,{x}<={top},ABS({x}/{step}-ROUND({x}/{step},0))<={EPS}),"
                        f"ROUND({x},6),0),0)")
        return self.add(f"pts:{c['id']}", make, lambda col: self.result[col]["items"][c["id"]])

    def criterion(self, c: dict) -> str:
        if c["kind"] in ("score", "outcome") and not c["na"] and not c["bonus"]:
            return self.simple(c)
        raw = self.ref(self.raw_points(c))
        na = self.ref(self.na(c["id"])) if c["na"] else None
        full = n(c["points"]) if self.plan["na_rule"] == "full" else "0"
        v = (lambda j: f"IF({na(j)}=1,{full},{raw(j)})") if na else raw
        b = self.bonus(c["bonus"])
        x = (lambda j: f"{v(j)}+{b(j)}") if b else v
        return self.add(f"pts:{c['id']}", lambda j, _: f"ROUND({x(j)},6)",
                        lambda col: self.result[col]["items"][c["id"]])

    # -- tasks, domains, the card -------------------------------------------------------------------
    def node_value(self, node: dict, children: Callable[[int], str]) -> Callable[[int], str]:
        b = self.bonus(node["bonus"])
        pens = [self.capped(p["id"], p["amount"], p["cap"]) for p in node["penalties"]]
        floor = not self.plan["below_zero"]

        def x(j: int) -> str:
            s = children(j) + (f"+{b(j)}" if b else "") + "".join(f"-{p(j)}" for p in pens)
            return f"ROUND({'MAX(0,' + s + ')' if floor else s},6)"
        return x

    def vetoes(self) -> list[tuple[dict, str]]:
        out = []
        for v in self.plan["vetoes"]:
            val = self.ref(self.val(v["id"], "veto"))
            rb = v["raised_by"] if v["raised_by"] in {c["id"] for c in self.plan["criteria"]} else None
            by = (lambda j, rb=rb: f",{self.is_in(j, rb, 'not-met')}") if rb else (lambda j: "")
            out.append((v, self.add(f"veto:{v['id']}", lambda j, c, val=val, by=by: f"IF(OR({val(j)}=1{by(j)}),1,0)")))
        return out

    def card(self, node: dict, children: Callable[[int], str], vetoes: list[tuple[dict, str]]) -> str:
        plan, total = self.plan, n(self.plan["total"])
        na = [(c["id"], c["points"]) for c in plan["criteria"] if c["na"]]
        s = self.ref(self.add("card:sum", lambda j, _: children(j)))
        if plan["na_rule"] == "rescale" and na:
            nas = [(self.ref(self.na(i)), p) for i, p in na]
            nap = self.ref(self.add("card:na-points", lambda j, _: "+".join(f"{f(j)}*{n(p)}" for f, p in nas)))
            s = self.ref(self.add("card:rescaled", lambda j, _: f"IF({nap(j)}>0,IF({total}-{nap(j)}>0,"
                                                                f"{s(j)}*{total}/({total}-{nap(j)}),0),{s(j)})"))
        x = self.ref(self.add("card:points", lambda j, _: self.node_value(node, lambda k: f"ROUND({s(k)},6)")(j)))
        cut = [(self.ref(name), v["amount"]) for v, name in vetoes if v["effect"] == "deduct"]
        if cut:
            minus = lambda j: f"{x(j)}-(" + "+".join(f"{r(j)}*{n(a)}" for r, a in cut) + ")"  # noqa: E731
            y = (lambda j: minus(j)) if plan["below_zero"] else (lambda j: f"MAX(0,{minus(j)})")
            x = self.ref(self.add("card:veto-deducted", lambda j, _: y(j)))
        zero = [self.ref(name) for v, name in vetoes if v["effect"] == "zero"]
        if zero:
            z = x
            x = self.ref(self.add("card:veto-zero", lambda j, _: f"IF(OR({','.join(f'{r(j)}=1' for r in zero)}),0,"
                                                                 f"{z(j)})"))
        r = plan["rounding"]
        fn = {"half-up": "ROUND", "down": "ROUNDDOWN", "up": "ROUNDUP"}[(r or {}).get("mode", "half-up")]
        final = (lambda j: f"{fn}(ROUND({x(j)},6),{r['digits']})") if r else (lambda j: f"ROUND({x(j)},6)")
        return self.add(f"node:{node['id']}", lambda j, _: final(j), lambda col: self.result[col]["total"])

    def grade(self, vetoes: list[tuple[dict, str]], total: str) -> str | None:
        gs = self.plan["grades"]
        if not gs:
            return None
        t = self.ref(total)
        final = {col: next(k for k, g in enumerate(gs) if g["id"] == self.result[col]["grade"]) for col in self.cols}
        idx = self.ref(self.add("grade:index", lambda j, _: "+".join(
            [f"IF({t(j)}>={n(g['min'])}-{EPS},1,0)" for g in gs[1:]] or ["0"]), final.get))
        for v, name in vetoes:
            r = self.ref(name)
            if v["effect"] in ("fail", "zero"):
                idx = self.ref(self.add(f"grade:{v['id']}", lambda j, _, r=r, i=idx: f"IF({r(j)}=1,0,{i(j)})",
                                        final.get))
            elif v["effect"] == "grade-cap":
                k = next(k for k, g in enumerate(gs) if g["id"] == v["grade"])
                idx = self.ref(self.add(f"grade:{v['id']}", lambda j, _, r=r, i=idx, k=k:
                                        f"IF({r(j)}=1,MIN({k},{i(j)}),{i(j)})", final.get))
        ids = ",".join(lit(g["id"]) for g in gs)
        return self.add("grade", lambda j, _: f"CHOOSE({idx(j)}+1,{ids})", lambda col: self.result[col]["grade"])

    def build(self) -> dict[str, str]:
        """Every quantity; returns plan item id (criterion, task, domain, card, 'grade') → quantity name."""
        out = {c["id"]: self.criterion(c) for c in self.plan["criteria"]}
        vetoes = self.vetoes()
        for nd in self.plan["nodes"]:
            kids = [f"pts:{c['id']}" for c in self.plan["criteria"] if c["parent"] == nd["id"]]
            kids += [f"node:{m['id']}" for m in self.plan["nodes"] if m["parent"] == nd["id"]]
            ch = lambda j, kids=kids: "+".join(self.at(k, j) for k in kids) or "0"  # noqa: E731
            if nd["level"] == "card":
                out[nd["id"]] = self.card(nd, ch, vetoes)
            else:
                out[nd["id"]] = self.add(f"node:{nd['id']}", lambda j, _, nd=nd, ch=ch: self.node_value(
                    nd, lambda k: f"ROUND({ch(k)},6)")(j), lambda col, i=nd["id"]: self.result[col]["items"][i])
        g = self.grade(vetoes, out[self.plan["card"]])
        if g:
            out["grade"] = g
        out.update({f"veto:{v['id']}": name for v, name in vetoes})
        return out

    def grade_index(self) -> str | None:
        """The quantity holding the final grade's index into ``plan['grades']`` (for the visible title)."""
        names = [k for k in self.row if k.startswith("grade:")]
        return names[-1] if names else None

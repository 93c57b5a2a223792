"""What a criterion scores, as comparable data, and the differences between two of them: a criterion of
the model against what its text says (:class:`.ruletext.Reading`) or against an imported draft's."""
from __future__ import annotations

from typing import Any

from .numbers import points as _n


def _rules(x: Any) -> list:
    return [r for r in (getattr(x, "deduction", None), *x.deductions) if r]


def signature(x: Any) -> dict:
    """points, kind and every scoring rule of a criterion (model or reading); texts and ids left out,
    and the figure's rounding, which Chinese text rarely states."""
    p = x.proportional
    return {
        "points": None if x.points is None else _n(x.points),
        "kind": str(x.kind),
        "deductions": sorted((_n(r.amount), None if r.cap is None else _n(r.cap)) for r in _rules(x)),
        "deduction_cap": None if x.deduction_cap is None else _n(x.deduction_cap),
        "proportional": None if not p else {
            "threshold": p.threshold, "direction": str(p.direction), "per": p.per, "amount": p.amount,
            "cap": p.cap, "unit": p.unit},
        "bonus": None if not x.bonus else {"cap": _n(x.bonus.cap),
                                           "items": sorted(_n(i.points) for i in x.bonus.items)},
        "not_applicable": bool(x.not_applicable),
    }


def _show(v: Any) -> str:
    if isinstance(v, list) and all(isinstance(x, tuple) and len(x) == 2 for x in v):
        return "none" if not v else ", ".join(f"{a:g}" + ("" if c is None else f" (cap {c:g})") for a, c in v)
    if isinstance(v, dict):
        return ", ".join(f"{k} {w}" for k, w in v.items() if w is not None)
    if isinstance(v, (list, tuple)):
        return "none" if not v else "; ".join(str(x) for x in v)
    return "none" if v is None else str(v)


def differences(expected: Any, got: Any, extra: dict | None = None) -> list[str]:
    """'deductions: expected 1, 0.5 (cap 2); read 1, 0.5' — one line per field that differs."""
    a, b = signature(expected), signature(got)
    for k, v in (extra or {}).items():
        a[k], b[k] = v
    return [f"{k}: expected {_show(a[k])}; read {_show(b[k])}" for k in a if a[k] != b[k]]


def vetoes_of(text_veto: Any) -> tuple:
    """A veto as comparable data: its effect and amount."""
    return (str(text_veto.effect), text_veto.amount)

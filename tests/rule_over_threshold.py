"""A rule type that exists only in the tests: "deduct per unit over a threshold, capped".

The plan's criterion carries ``kind: "over-threshold"`` and ``over: {threshold, amount, cap}``; its
input is a number of units (a whole number, as a count). The points are the criterion's less
``amount`` for every unit above ``threshold``, at most ``cap``, at least 0; blank while nothing is
typed. This module is all it takes: one builder function registered on the graph builder — the
Python engine, scoring.js and the XLSX formulas compute it without a change.
"""
from __future__ import annotations

from generator.scoring.build import ColumnBuilder, rule

KIND = "over-threshold"


@rule(KIND)
def over_threshold(b: ColumnBuilder, c: dict):
    i, o = c["id"], c["over"]
    units = b.input(i, "count", c)  # a whole number of units; "na" where the criterion allows it
    above = b.op(f"above:{i}", "max", 0, b.op(f"minus:{i}", "sub", units, o["threshold"]))
    cut = b.op(f"over-cut:{i}", "min", o["cap"], b.op(f"over-amount:{i}", "mul", above, o["amount"]))
    left = b.op(f"left:{i}", "max", 0, b.op(f"less:{i}", "sub", c["points"], cut))
    return b.op(f"raw:{i}", "if", b.op(f"has:{i}", "present", units), left, 0), units

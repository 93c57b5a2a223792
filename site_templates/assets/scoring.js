/* The scoring engine for the HTML form and the PDF's calculation scripts: generator/scoring/engine.py,
 * step for step (same order of additions, same rounding), on the same plan (generator/scoring/plan.py).
 * ES5 only, no DOM: it also runs inside PDF viewers' form scripts. Tests hold it to the Python engine.
 *   PinganScoring.evaluate(plan, values) -> {card, edition, columns: {col: {total, grade, vetoed,
 *   vetoes, items}}, problems: [{field, code, raw}]}                                               */
var PinganScoring = (function () {
  "use strict";
  var NUMBER = /^[0-9]+(\.[0-9]+)?$/, SIGNED = /^-?[0-9]+(\.[0-9]+)?$/, COUNT = /^[0-9]+$/;
  var MAX_COUNT = 10000, FIGURE_MIN = -1000000, FIGURE_MAX = 1000000;  /* plan.py's defaults */

  /* NFKC as engine.py applies it (full-width ５ is 5); a PDF viewer without String.normalize folds
   * the full-width forms (U+FF01–FF5E) and the ideographic space, which is what a Chinese IME types */
  function nfkc(s) {
    if (typeof s.normalize === "function") return s.normalize("NFKC");
    return s.replace(/[\uff01-\uff5e\u3000]/g, function (c) {
      return c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function rnd(x, digits, mode) {
    var f = Math.pow(10, digits === undefined ? 6 : digits), a = Math.abs(x) * f;
    mode = mode || "half-up";
    a = mode === "half-up" ? Math.floor(a + 0.5 + 1e-9) : mode === "down" ? Math.floor(a + 1e-9) : Math.ceil(a - 1e-9);
    return a ? (x < 0 ? -a / f : a / f) : 0;
  }

  function token(plan, raw, kind) {
    var v = raw === null || raw === undefined ? "" : nfkc(String(raw)).replace(/^\s+|\s+$/g, "");
    var low = v.toLowerCase(), toks = ["na"].concat(plan.kind_tokens[kind] || []);
    for (var i = 0; i < toks.length; i++) {
      if (plan.tokens[toks[i]].indexOf(low) >= 0) return toks[i] === "no" ? "" : kind === "na" && toks[i] === "yes" ? "na" : toks[i];
    }
    return v;
  }

  function Problem(field, code, raw) { this.field = field; this.code = code; this.raw = raw; }

  function parse(plan, kind, item, field, raw) {
    var v = token(plan, raw, kind);
    if (v === "") return null;
    if (v === "na" && item.na) return "na";
    if (kind === "outcome") { if (v === "met" || v === "not-met") return v; throw new Problem(field, "outcome", raw); }
    if (kind === "veto") { if (v === "yes") return true; throw new Problem(field, "veto", raw); }
    if (kind === "na") throw new Problem(field, "na", raw);
    if (kind === "count") {
      if (!COUNT.test(v)) throw new Problem(field, "count", raw);
      var top = plan.max_count === undefined ? MAX_COUNT : plan.max_count;
      if (v.length > 15 || parseInt(v, 10) > top) throw new Problem(field, "bound", raw);
      return parseInt(v, 10);
    }
    if (!(kind === "figure" ? SIGNED : NUMBER).test(v)) throw new Problem(field, "number", raw);
    var x = parseFloat(v);
    if (kind === "figure") {
      var lo = item.figure.min === undefined ? FIGURE_MIN : item.figure.min;
      var hi = item.figure.max === undefined ? FIGURE_MAX : item.figure.max;
      if (!(x >= lo && x <= hi)) throw new Problem(field, "bound", raw);
      return x;
    }
    if (x > item.points) throw new Problem(field, "range", raw);
    if (Math.abs(x / plan.step - Math.round(x / plan.step)) > 1e-9) throw new Problem(field, "step", raw);
    return x;
  }

  function capped(n, amount, cap) {
    var d = (n || 0) * amount;
    return cap !== null && cap !== undefined ? Math.min(cap, d) : d;
  }

  function figureDeduction(f, x) {
    var short = f.direction === "below" ? f.threshold - x : x - f.threshold;
    if (short <= 0) return 0;
    var q = rnd(short / f.per, 9);
    var units = f.rounding === "started" ? Math.ceil(q) : f.rounding === "full" ? Math.floor(q) : q;
    return capped(1, units * f.amount, f.cap);
  }

  function Column(plan, values, col, problems) {
    this.plan = plan; this.values = values; this.col = col; this.problems = problems;
    this.items = {}; this.naPoints = 0;
  }
  Column.prototype.get = function (kind, item, id) {
    var field = (id || item.id) + "--" + this.col;
    try { return parse(this.plan, kind, item, field, this.values[field]); }
    catch (e) { if (!(e instanceof Problem)) throw e; this.problems.push(e); return null; }
  };
  Column.prototype.bonus = function (b) {
    if (!b) return 0;
    var s = 0;
    for (var i = 0; i < b.items.length; i++) s += this.get("bonus", b.items[i]) || 0;
    return Math.min(b.cap, s);
  };
  Column.prototype.deduction = function (c) {
    var counts = [], i, r, anyCount = false;
    for (i = 0; i < c.rules.length; i++) {
      r = c.rules[i];
      counts.push(this.get("count", {id: r.id, amount: r.amount, cap: r.cap, na: c.na && r.id === c.id}));
      if (counts[i] !== null) anyCount = true;
    }
    var own = c.rules[0].id === c.id ? counts[0] : this.get("na", c);
    if (own === "na") return "na";
    if (!anyCount) return null;
    var cut = 0;
    for (i = 0; i < c.rules.length; i++) cut += capped(counts[i] !== "na" ? counts[i] : 0, c.rules[i].amount, c.rules[i].cap);
    return Math.max(0, c.points - (c.cap !== null && c.cap !== undefined ? Math.min(c.cap, cut) : cut));
  };
  Column.prototype.criterion = function (c) {
    var v;
    if (c.kind === "deduction") v = this.deduction(c);
    else {
      v = this.get(c.kind, c);
      if (c.kind === "outcome" && (v === "met" || v === "not-met")) v = v === "met" ? c.points : 0;
      else if (c.kind === "figure" && typeof v === "number") v = Math.max(0, c.points - figureDeduction(c.figure, v));
    }
    if (v === "na") {
      if (this.plan.na_rule === "full") v = c.points;
      else { this.naPoints += c.points; v = 0; }
    }
    return rnd((v || 0) + this.bonus(c.bonus));
  };
  Column.prototype.node = function (n, children) {
    var pen = 0;
    for (var i = 0; i < n.penalties.length; i++) {
      var p = n.penalties[i];
      pen += capped(this.get("count", p), p.amount, p.cap);
    }
    var x = children + this.bonus(n.bonus) - pen;
    return rnd(this.plan.below_zero ? x : Math.max(0, x));
  };

  function raisedVetoes(col) {
    var plan = col.plan, out = [], crit = {}, i;
    for (i = 0; i < plan.criteria.length; i++) crit[plan.criteria[i].id] = true;
    for (i = 0; i < plan.vetoes.length; i++) {
      var v = plan.vetoes[i], raised = col.get("veto", v) === true;
      if (v.raised_by && crit[v.raised_by]) {
        raised = raised || token(plan, col.values[v.raised_by + "--" + col.col], "outcome") === "not-met";
      }
      if (raised) out.push(v);
    }
    return out;
  }

  function cardTotal(col, n, children, vetoes) {
    var plan = col.plan, i, cut = 0, zero = false;
    if (plan.na_rule === "rescale" && col.naPoints > 0) {
      var applicable = plan.total - col.naPoints;
      children = applicable > 0 ? children * plan.total / applicable : 0;
    }
    var x = col.node(n, rnd(children));
    for (i = 0; i < vetoes.length; i++) {
      if (vetoes[i].effect === "deduct") cut += vetoes[i].amount;
      if (vetoes[i].effect === "zero") zero = true;
    }
    if (cut) x = plan.below_zero ? x - cut : Math.max(0, x - cut);
    if (zero) x = 0;
    var r = plan.rounding;
    return r ? rnd(rnd(x), r.digits, r.mode || "half-up") : rnd(x);
  }

  function grade(plan, total, vetoes) {
    var gs = plan.grades, i, k, best = 0;
    if (!gs.length) return null;
    for (k = 0; k < gs.length; k++) if (total >= gs[k].min - 1e-9) best = k;
    for (i = 0; i < vetoes.length; i++) {
      if (vetoes[i].effect === "fail" || vetoes[i].effect === "zero") best = 0;
      else if (vetoes[i].effect === "grade-cap") {
        for (k = 0; k < gs.length; k++) if (gs[k].id === vetoes[i].grade) { best = Math.min(best, k); break; }
      }
    }
    return gs[best].id;
  }

  function column(plan, values, colId, problems) {
    var c = new Column(plan, values, colId, problems), sums = {}, i, v;
    for (i = 0; i < plan.criteria.length; i++) {
      var cr = plan.criteria[i];
      c.items[cr.id] = v = c.criterion(cr);
      sums[cr.parent] = (sums[cr.parent] || 0) + v;
    }
    var vetoes = raisedVetoes(c);
    for (i = 0; i < plan.nodes.length; i++) {
      var n = plan.nodes[i], below = sums[n.id] || 0;
      c.items[n.id] = v = n.level === "card" ? cardTotal(c, n, below, vetoes) : c.node(n, rnd(below));
      if (n.parent) sums[n.parent] = (sums[n.parent] || 0) + v;
    }
    var total = c.items[plan.card], ids = [];
    for (i = 0; i < vetoes.length; i++) ids.push(vetoes[i].id);
    return {total: total, grade: grade(plan, total, vetoes), vetoed: vetoes.length > 0, vetoes: ids, items: c.items};
  }

  function evaluate(plan, values) {
    var problems = [], cols = {};
    for (var i = 0; i < plan.columns.length; i++) cols[plan.columns[i]] = column(plan, values, plan.columns[i], problems);
    return {card: plan.card, edition: plan.edition, columns: cols, problems: problems};
  }

  return {evaluate: evaluate, token: token, parse: parse, rnd: rnd, Problem: Problem};
})();
if (typeof module !== "undefined" && module.exports) module.exports = PinganScoring;

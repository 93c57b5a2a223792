/* The scoring engine for the HTML form and the PDF's calculation scripts: an interpreter of the card's
 * calculation graph (plan.graph, made by generator/scoring/build.py; the quantities and operations are
 * described in generator/scoring/graph.py). It knows no rule: only inputs, arithmetic, rounding and
 * labels, evaluated as generator/scoring/evaluate.py evaluates them. Tests hold the two to each other.
 * ES5 only, no DOM: it also runs inside PDF viewers' form scripts.
 *   PinganScoring.evaluate(plan, values) -> {card, edition, columns: {col: {…the graph's outputs}},
 *   problems: [{field, code, raw}]}                                                                 */
var PinganScoring = (function () {
  "use strict";
  var PATTERNS = {plain: /^[0-9]+(\.[0-9]+)?$/, signed: /^-?[0-9]+(\.[0-9]+)?$/, whole: /^[0-9]+$/};
  var EPS = 1e-9;

  /* NFKC as evaluate.py applies it (full-width ５ is 5); a PDF viewer without String.normalize folds
   * the full-width forms (U+FF01–FF5E) and the ideographic space, which is what a Chinese IME types */
  function nfkc(s) {
    if (typeof s.normalize === "function") return s.normalize("NFKC");
    return s.replace(/[\uff01-\uff5e\u3000]/g, function (c) {
      return c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function text(raw) {
    return raw === null || raw === undefined ? "" : nfkc(String(raw)).replace(/^\s+|\s+$/g, "");
  }

  function rnd(x, digits, mode) {
    mode = mode || "half-up";
    if (mode === "ceil") return Math.ceil(x);
    if (mode === "floor") return Math.floor(x);
    var f = Math.pow(10, digits === undefined ? 6 : digits), a = Math.abs(x) * f;
    a = mode === "half-up" ? Math.floor(a + 0.5 + 1e-9) : mode === "down" ? Math.floor(a + 1e-9) : Math.ceil(a - 1e-9);
    return a ? (x < 0 ? -a / f : a / f) : 0;
  }

  /* the canonical word of a value for an input of this kind (the form's choices and checkboxes) */
  function token(plan, raw, kind) {
    var v = text(raw), low = v.toLowerCase(), toks = ["na"].concat(plan.kind_tokens[kind] || []);
    for (var i = 0; i < toks.length; i++) {
      if (plan.tokens[toks[i]].indexOf(low) >= 0) return toks[i] === "no" ? "" : kind === "na" && toks[i] === "yes" ? "na" : toks[i];
    }
    return v;
  }

  function Problem(field, code, raw) { this.field = field; this.code = code; this.raw = raw; }

  /* an input's value: null (blank), "na", a number; or throws a Problem */
  function read(field, rule, words, raw) {
    var v = text(raw), low = v.toLowerCase(), i, n = rule.number, x;
    if (v === "") return null;
    for (i = 0; i < rule.accept.length; i++) {
      if (words[rule.accept[i][0]].indexOf(low) >= 0) {
        if (rule.accept[i][1] === "na" && !rule.na) throw new Problem(field, rule.bad, raw);
        return rule.accept[i][1];
      }
    }
    if (!n || !PATTERNS[n.form].test(v)) throw new Problem(field, rule.bad, raw);
    if (n.form === "whole") {
      if (v.length > 15 || parseInt(v, 10) > n.max) throw new Problem(field, n.range, raw);
      return parseInt(v, 10);
    }
    x = parseFloat(v);
    if (x < n.min || x > n.max) throw new Problem(field, n.range, raw);
    if (n.step && Math.abs(x / n.step - Math.round(x / n.step)) > 1e-9) throw new Problem(field, "step", raw);
    return x;
  }

  function num(x) { return typeof x === "number" ? x : 0; }

  var OPS = {
    sum: function (a) { var s = 0; for (var i = 0; i < a.length; i++) s += a[i]; return s; },
    sub: function (a) { return a[0] - a[1]; },
    mul: function (a) { var p = 1; for (var i = 0; i < a.length; i++) p *= a[i]; return p; },
    div: function (a) { return a[1] ? a[0] / a[1] : 0; },
    min: function (a) { return Math.min.apply(null, a); },
    max: function (a) { return Math.max.apply(null, a); },
    "if": function (a) { return a[0] ? a[1] : a[2]; },
    gt: function (a) { return a[0] > a[1] ? 1 : 0; },
    atleast: function (a) { return a[0] >= a[1] - EPS ? 1 : 0; },
    eq: function (a) { return a[0] === a[1] ? 1 : 0; },
    any: function (a) { for (var i = 0; i < a.length; i++) if (a[i]) return 1; return 0; },
    all: function (a) { for (var i = 0; i < a.length; i++) if (!a[i]) return 0; return 1; }
  };

  /* every quantity's value in one column; q = [name, op, …] */
  function valuesOf(cg, words, values, problems) {
    var vals = {}, i, k, q, args;
    function arg(a) { return typeof a === "number" ? a : vals[a]; }
    for (i = 0; i < cg.quantities.length; i++) {
      q = cg.quantities[i];
      if (q[1] === "input") {
        try { vals[q[0]] = read(q[2], q[3], words, values[q[2]]); }
        catch (e) { if (!(e instanceof Problem)) throw e; problems.push(e); vals[q[0]] = null; }
      } else if (q[1] === "round") vals[q[0]] = rnd(num(arg(q[2])), q[3], q[4]);
      else if (q[1] === "choose") vals[q[0]] = q[3][num(arg(q[2]))];
      else if (q[1] === "isna") vals[q[0]] = arg(q[2]) === "na" ? 1 : 0;
      else if (q[1] === "present") vals[q[0]] = typeof arg(q[2]) === "number" ? 1 : 0;
      else {
        args = [];
        for (k = 2; k < q.length; k++) args.push(num(arg(q[k])));
        vals[q[0]] = OPS[q[1]](args);
      }
    }
    return vals;
  }

  /* the column's result from the graph's outputs: [key, how, [quantity…], [[id, quantity]…]] */
  function outputs(cg, vals) {
    var out = {}, i, k, o, x;
    for (i = 0; i < cg.outputs.length; i++) {
      o = cg.outputs[i];
      if (o[1] === "value") x = o[2].length ? vals[o[2][0]] : null;
      else if (o[1] === "flag") { x = false; for (k = 0; k < o[2].length; k++) if (vals[o[2][k]]) x = true; }
      else if (o[1] === "ids") { x = []; for (k = 0; k < o[3].length; k++) if (vals[o[3][k][1]]) x.push(o[3][k][0]); }
      else { x = {}; for (k = 0; k < o[3].length; k++) x[o[3][k][0]] = vals[o[3][k][1]]; }
      out[o[0]] = x;
    }
    return out;
  }

  function evaluate(plan, values) {
    var problems = [], cols = {}, g = plan.graph, cg;
    for (var i = 0; i < g.columns.length; i++) {
      cg = g.columns[i];
      cols[cg.column] = outputs(cg, valuesOf(cg, g.words, values, problems));
    }
    return {card: plan.card, edition: plan.edition, columns: cols, problems: problems};
  }

  return {evaluate: evaluate, token: token, rnd: rnd, Problem: Problem};
})();
if (typeof module !== "undefined" && module.exports) module.exports = PinganScoring;

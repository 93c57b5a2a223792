/* The scorecard form's totals: every change evaluated by the one scoring engine (scoring.js, on the
 * card's plan); each input's problem shown beside it, totals, grades and a criterion's computed points
 * shown where a column holds values, and a criterion whose columns disagree marked. */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};

  function itemOf(st, field) { var f = st.F.inputs[field]; return (f && st.items[f.item]) || {}; }
  function problemText(st, p) {
    var it = itemOf(st, p.field), M = st.M, plan = st.plan;
    if (p.code === "bound") {
      var fig = it.figure;
      return P.fmt(M.invalid_bound, fig ? {min: P.num(fig.min), max: P.num(fig.max)} : {min: 0, max: plan.max_count});
    }
    return p.code === "range" ? P.fmt(M.invalid_range, {max: it.points}) : p.code === "step" ? P.fmt(M.invalid_step, {step: plan.step})
      : p.code === "count" ? M.invalid_count : p.code === "outcome" ? M.invalid_outcome : p.code === "veto" ? M.invalid_veto
      : p.code === "na" ? M.invalid_na : (st.byName[p.field] && st.byName[p.field].dataset.kind === "figure") ? M.invalid_figure
      : M.invalid_number;
  }

  function markErrors(st, problems) {
    var byField = {};
    problems.forEach(function (p) { if (!byField[p.field]) byField[p.field] = p; });
    st.form.querySelectorAll(".pingan-error").forEach(function (e) { e.textContent = ""; });
    st.form.querySelectorAll(".pingan-in").forEach(function (el) {
      var p = byField[el.name], err = el.closest("td").querySelector(".pingan-error");
      el.setAttribute("aria-invalid", p ? "true" : "false");
      if (p && err && !err.textContent) err.textContent = problemText(st, p);
    });
  }
  /* score columns with at least one value: the others show blank totals, not 0 */
  P.filledColumns = function (st, values) {
    var names = Object.keys(values), inputs = st.F.inputs;
    return st.plan.columns.filter(function (c) {
      return names.some(function (n) { return inputs[n] !== undefined && inputs[n].col === c; });
    });
  };
  /* a criterion's own inputs hold something in a column */
  function filledIn(st, id, col) {
    var names = (st.own[id] || {})[col] || [];
    return names.some(function (n) { return st.byName[n] && P.valueOf(st.byName[n]) !== ""; });
  }
  function showTotals(st, result, filled) {
    st.form.querySelectorAll("output.pingan-total").forEach(function (out) {
      var r = result.columns[out.dataset.col], v = filled.indexOf(out.dataset.col) < 0 ? undefined : r.items[out.dataset.of];
      var vetoed = out.dataset.of === st.cardId && r.vetoed;
      out.textContent = v === undefined ? "" : P.num(v) + (vetoed ? " (" + st.M.veto_applied + ")" : "");
      out.classList.toggle("pingan-vetoed", vetoed);
    });
    st.form.querySelectorAll("output.pingan-grade").forEach(function (out) {
      var g = filled.indexOf(out.dataset.col) < 0 ? "" : result.columns[out.dataset.col].grade;
      out.textContent = g ? st.plan.grades.filter(function (x) { return x.id === g; })[0].title[st.d.lang] : "";
    });
  }
  function showItems(st, result, values) {
    showTotals(st, result, P.filledColumns(st, values));
    st.form.querySelectorAll("output.pingan-computed").forEach(function (out) {
      var c = st.items[out.dataset.of], col = out.dataset.col;
      out.textContent = c.kind !== "score" && filledIn(st, c.id, col) ? "= " + P.num(result.columns[col].items[c.id]) : "";
    });
  }
  function markDiffs(st, result) {
    var columns = st.plan.columns;
    st.form.querySelectorAll("tr.r-criterion").forEach(function (tr) {
      var id = tr.dataset.id, first = columns[0];
      columns.forEach(function (col, i) {
        var cell = tr.querySelector("td.s[data-col='" + col + "']");
        var differs = i > 0 && filledIn(st, id, first) && filledIn(st, id, col) &&
          result.columns[first].items[id] !== result.columns[col].items[id];
        cell.classList.toggle("pingan-diff", differs);
        if (differs) cell.setAttribute("title", st.M.diff); else cell.removeAttribute("title");
      });
    });
  }
  P.recalc = function (st) {
    var values = P.collect(st), result = st.S.evaluate(st.plan, values);
    markErrors(st, result.problems); showItems(st, result, values); markDiffs(st, result);
    if (P.showReasons) P.showReasons(st, result, values);  /* scorecard-reasons.js */
    return result;
  };
})();

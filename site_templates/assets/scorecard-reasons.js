/* The scorecard form's part in the review cycle (generator/cardfile/cycle.py reads what it writes):
 * - a reason box under each review or re-check score, shown and required where the criterion is below
 *   full points in a column that holds values (the rule pingan collect applies, so a file the form
 *   exports is never rejected for a missing reason; a reason in the criterion's notes counts, as there);
 * - before an export: the criteria whose reason is missing are listed and nothing is exported;
 * - the export's stamp: today's date when the date is empty, and the revision, raised by one when the
 *   values differ from the last export of the same card, unit and period (kept in this browser).
 * Field names and column roles come from the form's "pingan-fields" data: never composed here. */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};
  var NA = ["na", "n/a", "不适用"], EXPORTS = "pingan:exports:v1:";

  /* the criterion's own input (the field named after it) says not applicable in the column */
  function notApplicable(st, id, col, values) {
    return ((st.own[id] || {})[col] || []).some(function (name) {
      return st.F.inputs[name].item === id && NA.indexOf(String(values[name] || "").trim().toLowerCase()) >= 0;
    });
  }
  /* every reason field that must be given: [{id, col, name}] */
  P.reasonsNeeded = function (st, result, values) {
    var filled = P.filledColumns(st, values), out = [];
    st.plan.criteria.forEach(function (c) {
      var boxes = st.F.reasons[c.id] || {};
      Object.keys(boxes).forEach(function (col) {
        if (filled.indexOf(col) < 0 || notApplicable(st, c.id, col, values)) return;
        var got = result.columns[col].items[c.id] || 0;
        if (got < c.points - 1e-9) out.push({id: c.id, col: col, name: boxes[col], notes: st.F.notes[c.id]});
      });
    });
    return out;
  };
  /* the reason is in its box or, as pingan collect also reads it, in the criterion's notes */
  function given(r, values) { return !!String(values[r.name] || values[r.notes] || "").trim(); }
  function typedIn(st, id, col, values) {
    return ((st.own[id] || {})[col] || []).some(function (name) { return values[name] !== undefined; });
  }
  /* the reason boxes that are needed: required, marked while empty, shown where the criterion's score is
     typed (a blank criterion in a filled column counts 0: its box shows once an export was refused) */
  P.showReasons = function (st, result, values) {
    var needed = {}, shown = {};  /* reason field → required (not yet given), shown */
    P.reasonsNeeded(st, result, values).forEach(function (r) {
      needed[r.name] = !given(r, values);
      shown[r.name] = st.reasonsAsked || typedIn(st, r.id, r.col, values);
    });
    st.form.querySelectorAll(".pingan-reason textarea").forEach(function (el) {
      el.closest(".pingan-reason").hidden = !shown[el.name] && el.value === "";
      el.required = !!needed[el.name];
      el.setAttribute("aria-invalid", needed[el.name] ? "true" : "false");
    });
  };
  function criterionName(st, id, col) {
    var tr = st.form.querySelector("tr.r-criterion[data-id='" + id + "']"), text = tr.querySelector("td.t").firstChild;
    var words = String(text ? text.textContent : "").trim(), cell = tr.querySelector("td.s[data-col='" + col + "']");
    return tr.querySelector("td.n").textContent.trim() + " " + (words.length > 40 ? words.slice(0, 40) + "…" : words) +
      " — " + (cell ? cell.dataset.label : col);
  }
  /* "<number> <criterion> — <column>" of every required reason not given, in the card's order */
  P.missingReasons = function (st) {
    var values = P.collect(st), result = st.S.evaluate(st.plan, values);
    return P.reasonsNeeded(st, result, values).filter(function (r) { return !given(r, values); }).map(function (r) { return {name: r.name, text: criterionName(st, r.id, r.col)}; });
  };

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  /* the values an export is compared on: all but its date and revision, in a fixed order */
  function comparable(st, values) {
    var skip = [st.F.header.date, st.F.header.revision];
    return JSON.stringify(Object.keys(values).sort().filter(function (k) { return skip.indexOf(k) < 0; })
      .map(function (k) { return [k, values[k]]; }));
  }
  function readLast(key) {
    try { var d = JSON.parse(window.localStorage.getItem(key) || "null"); return d && d.revision >= 1 ? d : null; }
    catch (e) { return null; }
  }
  /* date and revision written into the form for this export; its values */
  P.stamp = function (st) {
    var H = st.F.header, dateEl = st.byName[H.date], revEl = st.byName[H.revision];
    if (dateEl && !dateEl.value.trim()) dateEl.value = today();
    var values = P.collect(st), body = comparable(st, values);
    var key = EXPORTS + [st.cardId, values[H.unit] || "", values[H.period] || ""].map(encodeURIComponent).join(":");
    var last = readLast(key), rev = parseInt(String((revEl && revEl.value) || "").trim(), 10);
    if (!(rev >= 1)) rev = 1;
    if (last && last.values !== body && rev <= last.revision) rev = last.revision + 1;
    if (revEl) revEl.value = String(rev);
    try { window.localStorage.setItem(key, JSON.stringify({values: body, revision: rev})); } catch (e) { /* kept in the file */ }
    P.save(st);
    return P.collect(st);
  };
  /* the values to export, stamped; or null, with the missing reasons listed */
  P.readyToExport = function (st) {
    var missing = P.missingReasons(st);
    if (missing.length) {
      st.reasonsAsked = true; P.recalc(st);
      st.show(st.M.reasons_missing, false, missing.map(function (m) { return m.text; }));
      if (st.byName[missing[0].name]) st.byName[missing[0].name].focus();
      return null;
    }
    var values = P.stamp(st);
    st.show(P.fmt(st.M.exported_revision, {revision: values[st.F.header.revision], date: values[st.F.header.date] || ""}), true);
    return values;
  };
})();

/* Fillable scorecard: validation, live totals, saving in the browser, JSON/CSV export and import.
 * No inline script is needed: the page carries everything in data- attributes, so a strict CSP
 * (script-src 'self') can apply. Field names are the stable ids of the YAML. */
(function () {
  "use strict";
  var STORAGE_VERSION = "v1";

  function init(form) {
    var d = form.dataset;
    var cardId = d.card, edition = d.edition, step = parseFloat(d.step) || 0.5;
    var columns = d.columns.split(" ");
    var key = "pingan:scorecard:" + STORAGE_VERSION + ":" + cardId + ":" + edition + (d.scope ? ":" + d.scope : "");
    var statusEl = form.querySelector(".pingan-status");
    var messageEl = form.querySelector(".pingan-message");
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[name], select[name], textarea[name]"))
      .filter(function (el) { return el.type !== "file" && !el.readOnly; });
    var byName = {};
    fields.forEach(function (el) { byName[el.name] = el; });

    function fmt(msg, vars) {
      return msg.replace(/\{(\w+)\}/g, function (m, k) { return vars[k] !== undefined ? vars[k] : m; });
    }
    function num(x) { return Math.round(x * 1000) / 1000; }
    function show(text, ok) {
      if (!messageEl) { if (!ok) window.alert(text); return; }
      messageEl.textContent = text; messageEl.hidden = !text;
      messageEl.classList.toggle("ok", !!ok);
    }

    /* The value an element contributes, or an error message. Empty means "not scored". */
    function check(el, raw) {
      var v = raw === undefined ? el.value : raw;
      if (el.type === "checkbox") return { ok: true, value: 0 };
      if (el.tagName === "TEXTAREA" || !el.classList.contains("pingan-score")) return { ok: true, value: 0 };
      v = String(v).trim();
      if (v === "") return { ok: true, value: null };
      var max = parseFloat(el.dataset.max);
      if (el.tagName === "SELECT") {
        if (v === "met") return { ok: true, value: max };
        if (v === "not-met") return { ok: true, value: 0 };
        return { ok: false, error: d.msgNumber };
      }
      if (el.dataset.amount) { /* deduction: number of missed occurrences */
        if (!/^\d+$/.test(v)) return { ok: false, error: d.msgCount };
        var cut = Math.min(parseFloat(el.dataset.cap), parseInt(v, 10) * parseFloat(el.dataset.amount));
        return { ok: true, value: num(Math.max(0, max - cut)) };
      }
      if (!/^\d+(\.\d+)?$/.test(v)) return { ok: false, error: d.msgNumber };
      var x = parseFloat(v);
      if (x < 0 || x > max) return { ok: false, error: fmt(d.msgRange, { max: max }) };
      if (Math.abs(x / step - Math.round(x / step)) > 1e-9) return { ok: false, error: fmt(d.msgStep, { step: step }) };
      return { ok: true, value: x };
    }

    function mark(el) {
      var r = check(el);
      var err = el.parentNode.querySelector(".pingan-error");
      el.setAttribute("aria-invalid", r.ok ? "false" : "true");
      if (err) err.textContent = r.ok ? "" : r.error;
      var out = el.parentNode.querySelector(".pingan-computed");
      if (out) out.textContent = r.ok && r.value !== null ? "= " + r.value : "";
      return r;
    }

    function recalc() {
      var totals = {};
      function add(id, col, v) { var k = id + "|" + col; totals[k] = (totals[k] || 0) + v; }
      form.querySelectorAll("tr.r-criterion").forEach(function (tr) {
        var parents = tr.dataset.parents.split(" ");
        var first = null;
        columns.forEach(function (col, i) {
          var el = byName[tr.dataset.id + "--" + col];
          var r = mark(el);
          var v = r.ok ? r.value : null;
          if (v !== null) parents.forEach(function (p) { add(p, col, v); });
          var cell = el.parentNode;
          if (i === 0) { first = v; cell.classList.remove("pingan-diff"); cell.removeAttribute("title"); return; }
          var differs = first !== null && v !== null && first !== v;
          cell.classList.toggle("pingan-diff", differs);
          if (differs) cell.setAttribute("title", d.msgDiff); else cell.removeAttribute("title");
        });
      });
      var bonusTable = form.querySelector(".pingan-bonus");
      columns.forEach(function (col) {
        var bonus = 0;
        form.querySelectorAll(".pingan-bonus-input[data-col='" + col + "']").forEach(function (el) {
          var r = mark(el); if (r.ok && r.value !== null) bonus += r.value;
        });
        if (bonusTable) bonus = Math.min(bonus, parseFloat(bonusTable.dataset.max));
        if (bonus) add(cardId, col, bonus);
        var vetoed = Array.prototype.some.call(form.querySelectorAll(".pingan-veto[data-col='" + col + "']"),
          function (el) { return el.checked; });
        form.querySelectorAll("output.pingan-total[data-col='" + col + "']").forEach(function (out) {
          var v = totals[out.dataset.of + "|" + col] || 0;
          if (out.dataset.of === cardId && vetoed) {
            out.textContent = "0 (" + d.msgVeto + ")"; out.classList.add("pingan-vetoed");
          } else {
            out.textContent = String(num(v)); out.classList.remove("pingan-vetoed");
          }
        });
      });
    }

    function collect() {
      var values = {};
      fields.forEach(function (el) {
        var v = el.type === "checkbox" ? (el.checked ? "yes" : "") : el.value;
        if (v !== "") values[el.name] = v;
      });
      return values;
    }
    function apply(values) {
      fields.forEach(function (el) {
        var v = values[el.name];
        if (el.type === "checkbox") el.checked = v === "yes";
        else el.value = v === undefined ? "" : v;
      });
      recalc();
    }
    function save() {
      try {
        window.localStorage.setItem(key, JSON.stringify({ format: d.format, card: cardId, edition: edition,
          saved: new Date().toISOString(), values: collect() }));
        if (statusEl) statusEl.textContent = d.msgSaved;
      } catch (e) {
        if (statusEl) statusEl.textContent = d.msgSaveFailed;
      }
    }
    function restore() {
      try {
        var raw = window.localStorage.getItem(key);
        if (!raw) return;
        var data = JSON.parse(raw);
        if (data && data.values) apply(data.values);
      } catch (e) { /* unreadable storage: start empty */ }
    }

    function download(name, type, text) {
      var blob = new Blob([text], { type: type });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = name;
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }
    function exportJson() {
      var data = { format: d.format, card: cardId, edition: edition, exported: new Date().toISOString(),
        values: collect() };
      download(cardId + "-" + edition + ".json", "application/json", JSON.stringify(data, null, 2) + "\n");
    }
    function csvCell(s) { s = String(s); return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
    function exportCsv() {
      var lines = ["field,value", "format," + d.format, "card," + csvCell(cardId), "edition," + csvCell(edition)];
      var values = collect();
      Object.keys(values).forEach(function (k) { lines.push(csvCell(k) + "," + csvCell(values[k])); });
      download(cardId + "-" + edition + ".csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    }
    function parseCsv(text) {
      var rows = [], row = [], cell = "", q = false;
      text = text.replace(/^\ufeff/, "");
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (q) {
          if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
          else if (ch === '"') q = false;
          else cell += ch;
        } else if (ch === '"') q = true;
        else if (ch === ",") { row.push(cell); cell = ""; }
        else if (ch === "\n" || ch === "\r") {
          if (ch === "\r" && text[i + 1] === "\n") i++;
          row.push(cell); rows.push(row); row = []; cell = "";
        } else cell += ch;
      }
      if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
      return rows;
    }
    function parseImport(text, name) {
      var t = text.replace(/^\ufeff/, "").trim();
      if (/\.json$/i.test(name) || t.charAt(0) === "{") {
        var data = JSON.parse(t);
        return { format: data.format, card: data.card, edition: data.edition, values: data.values || {} };
      }
      var rows = parseCsv(t), meta = {}, values = {};
      if (!rows.length || rows[0][0] !== "field") throw new Error("bad csv");
      rows.slice(1).forEach(function (r) {
        if (r.length < 2) return;
        if (r[0] === "format" || r[0] === "card" || r[0] === "edition") meta[r[0]] = r[1];
        else values[r[0]] = r[1];
      });
      return { format: meta.format, card: meta.card, edition: meta.edition, values: values };
    }
    function importData(data) {
      if (!data || data.format !== d.format || !data.values) { show(d.msgBadFile); return false; }
      if (data.card !== cardId) { show(fmt(d.msgWrongCard, { card: data.card, "this": cardId })); return false; }
      if (String(data.edition) !== String(edition)) {
        show(fmt(d.msgWrongEdition, { edition: data.edition, "this": edition })); return false;
      }
      var bad = [];
      Object.keys(data.values).forEach(function (k) {
        var el = byName[k], v = data.values[k];
        if (!el) { bad.push(k); return; }
        if (el.type === "checkbox") { if (v !== "yes" && v !== "") bad.push(k + " = " + v); return; }
        if (!check(el, v).ok) bad.push(k + " = " + v);
      });
      if (bad.length) { show(d.msgBadValues + "\n" + bad.slice(0, 10).join("\n")); return false; }
      apply(data.values); save();
      show(fmt(d.msgImportOk, { n: Object.keys(data.values).length }), true);
      return true;
    }

    form.addEventListener("input", function () { recalc(); save(); });
    form.addEventListener("change", function (e) {
      if (e.target.dataset.action === "import") {
        var file = e.target.files[0]; if (!file) return;
        var reader = new FileReader();
        reader.onload = function () {
          try { importData(parseImport(String(reader.result), file.name)); }
          catch (err) { show(d.msgBadFile); }
          e.target.value = "";
        };
        reader.readAsText(file, "utf-8");
        return;
      }
      recalc(); save();
    });
    form.addEventListener("click", function (e) {
      var action = e.target.dataset && e.target.dataset.action;
      if (action === "export-json") exportJson();
      else if (action === "export-csv") exportCsv();
      else if (action === "print") window.print();
      else if (action === "reset") {
        if (window.confirm(d.msgReset)) {
          apply({});
          try { window.localStorage.removeItem(key); } catch (err) { /* ignore */ }
          show("");
        }
      }
    });
    restore();
    recalc();
    /* for tests and power users: the same import the file picker uses */
    form.pinganImport = function (text, name) { return importData(parseImport(text, name || "")); };
  }

  function start() {
    document.querySelectorAll("form.pingan-scorecard").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

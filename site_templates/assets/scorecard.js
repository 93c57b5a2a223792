/* Fillable scorecard: live totals from the one scoring engine (scoring.js, on the card's plan), saving
 * in the browser without ever losing what was typed, JSON/CSV export, import with a preview and undo,
 * carry-over from an earlier edition. No inline script: the plan and the interface words are JSON
 * data blocks, so a strict CSP (script-src 'self') can apply. Field names are the stable ids. */
(function () {
  "use strict";
  var STORAGE_VERSION = "v1";

  function fmt(msg, vars) {
    return String(msg).replace(/\{(\w+)\}/g, function (m, k) { return vars[k] !== undefined ? vars[k] : m; });
  }
  function num(x) { return String(Math.round(x * 1000) / 1000); }

  /* item id → plan item (criteria, deduction rules, bonus items, penalties, vetoes) */
  function planItems(plan) {
    var out = {};
    function bonus(b) { if (b) b.items.forEach(function (i) { out[i.id] = i; }); }
    plan.criteria.forEach(function (c) {
      out[c.id] = c;
      c.rules.forEach(function (r) { if (!out[r.id]) out[r.id] = r; });
      bonus(c.bonus);
    });
    plan.nodes.forEach(function (n) { n.penalties.forEach(function (p) { out[p.id] = p; }); bonus(n.bonus); });
    plan.vetoes.forEach(function (v) { out[v.id] = v; });
    return out;
  }

  function Messages(form, M) {
    var box = form.querySelector(".pingan-message");
    return function show(text, ok, list, actions) {
      if (!box) { if (text && !ok) window.alert(text); return; }
      box.querySelector(".pingan-message-text").textContent = text || "";
      var ul = box.querySelector(".pingan-message-list"), bar = box.querySelector(".pingan-message-actions");
      ul.textContent = ""; bar.textContent = "";
      (list || []).forEach(function (line) { var li = document.createElement("li"); li.textContent = line; ul.appendChild(li); });
      (actions || []).forEach(function (a) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = a.label; b.dataset.action = a.action;
        b.addEventListener("click", function (e) { e.stopPropagation(); a.run(); });
        bar.appendChild(b);
      });
      box.hidden = !text; box.classList.toggle("ok", !!ok);
    };
  }

  function init(form) {
    var d = form.dataset;
    var plan = JSON.parse(form.querySelector(".pingan-plan").textContent);
    var M = JSON.parse(form.querySelector(".pingan-messages").textContent);
    var S = window.PinganScoring, items = planItems(plan), show = Messages(form, M);
    var cardId = d.card, edition = d.edition;
    var prefix = "pingan:scorecard:" + STORAGE_VERSION + ":" + cardId + ":";
    var key = prefix + edition + (d.scope ? ":" + d.scope : "");
    var statusEl = form.querySelector(".pingan-status");
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[name], select[name], textarea[name]"))
      .filter(function (el) { return el.type !== "file" && !el.readOnly; });
    var byName = {};
    fields.forEach(function (el) { byName[el.name] = el; });
    var lastWritten = null, paused = false, undo = null;

    function valueOf(el) { return el.type === "checkbox" ? (el.checked ? el.value : "") : el.value; }
    function collect() {
      var values = {};
      fields.forEach(function (el) { var v = valueOf(el); if (v !== "") values[el.name] = v; });
      return values;
    }
    function setValue(el, v) {
      v = v === undefined || v === null ? "" : String(v);
      if (el.type === "checkbox") el.checked = S.token(plan, v, el.dataset.kind) === el.value;
      else if (el.tagName === "SELECT") el.value = S.token(plan, v, el.dataset.kind);
      else el.value = v;
    }
    function apply(values) { fields.forEach(function (el) { setValue(el, values[el.name]); }); recalc(); }

    function itemOf(field) { var i = field.lastIndexOf("--"); return items[field.slice(0, i)] || {}; }
    function problemText(p) {
      var it = itemOf(p.field);
      if (p.code === "bound") {
        var fig = it.figure;
        return fmt(M.invalid_bound, fig ? {min: num(fig.min), max: num(fig.max)} : {min: 0, max: plan.max_count});
      }
      return p.code === "range" ? fmt(M.invalid_range, {max: it.points}) : p.code === "step" ? fmt(M.invalid_step, {step: plan.step})
        : p.code === "count" ? M.invalid_count : p.code === "outcome" ? M.invalid_outcome : p.code === "veto" ? M.invalid_veto
        : p.code === "na" ? M.invalid_na : (byName[p.field] && byName[p.field].dataset.kind === "figure") ? M.invalid_figure
        : M.invalid_number;
    }

    function markErrors(problems) {
      var byField = {};
      problems.forEach(function (p) { if (!byField[p.field]) byField[p.field] = p; });
      form.querySelectorAll(".pingan-error").forEach(function (e) { e.textContent = ""; });
      form.querySelectorAll(".pingan-in").forEach(function (el) {
        var p = byField[el.name], err = el.closest("td").querySelector(".pingan-error");
        el.setAttribute("aria-invalid", p ? "true" : "false");
        if (p && err && !err.textContent) err.textContent = problemText(p);
      });
    }
    /* score columns with at least one value: the others show blank totals, not 0 */
    function filledColumns(values) {
      var names = Object.keys(values);
      return plan.columns.filter(function (c) {
        return names.some(function (n) { return n.slice(-c.length - 2) === "--" + c; });
      });
    }
    function filledIn(id, col) {
      var c = items[id], names = [id + "--" + col];
      if (c && c.rules) c.rules.forEach(function (r) { names.push(r.id + "--" + col); });
      return names.some(function (n) { return byName[n] && valueOf(byName[n]) !== ""; });
    }
    function showItems(result, values) {
      var filled = filledColumns(values);
      form.querySelectorAll("output.pingan-total").forEach(function (out) {
        var r = result.columns[out.dataset.col], v = filled.indexOf(out.dataset.col) < 0 ? undefined : r.items[out.dataset.of];
        var vetoed = out.dataset.of === cardId && r.vetoed;
        out.textContent = v === undefined ? "" : num(v) + (vetoed ? " (" + M.veto_applied + ")" : "");
        out.classList.toggle("pingan-vetoed", vetoed);
      });
      form.querySelectorAll("output.pingan-grade").forEach(function (out) {
        var g = filled.indexOf(out.dataset.col) < 0 ? "" : result.columns[out.dataset.col].grade;
        out.textContent = g ? plan.grades.filter(function (x) { return x.id === g; })[0].title[d.lang] : "";
      });
      form.querySelectorAll("output.pingan-computed").forEach(function (out) {
        var c = items[out.dataset.of], col = out.dataset.col;
        out.textContent = c.kind !== "score" && filledIn(c.id, col) ? "= " + num(result.columns[col].items[c.id]) : "";
      });
    }
    function markDiffs(result) {
      form.querySelectorAll("tr.r-criterion").forEach(function (tr) {
        var id = tr.dataset.id, first = plan.columns[0];
        plan.columns.forEach(function (col, i) {
          var cell = tr.querySelector("td.s[data-col='" + col + "']");
          var differs = i > 0 && filledIn(id, first) && filledIn(id, col) &&
            result.columns[first].items[id] !== result.columns[col].items[id];
          cell.classList.toggle("pingan-diff", differs);
          if (differs) cell.setAttribute("title", M.diff); else cell.removeAttribute("title");
        });
      });
    }
    function recalc() {
      var values = collect(), result = S.evaluate(plan, values);
      markErrors(result.problems); showItems(result, values); markDiffs(result);
      return result;
    }

    /* -- saving: never overwrite what cannot be read, never silently overwrite another tab -- */
    function status(text) { if (statusEl) statusEl.textContent = text; }
    function save() {
      if (paused) return;
      var text = JSON.stringify({format: d.format, card: cardId, edition: edition, lang: d.lang,
        saved: new Date().toISOString(), values: collect()});
      try { window.localStorage.setItem(key, text); lastWritten = text; status(M.saved); }
      catch (e) { status(M.save_failed); }
    }
    function readSaved(raw) {
      try { var data = JSON.parse(raw); return data && typeof data.values === "object" && data.values ? data : null; }
      catch (e) { return null; }
    }
    function restore() {
      var raw = null;
      try { raw = window.localStorage.getItem(key); } catch (e) { return; }
      if (raw === null) { offerCarryOver(); return; }
      var data = readSaved(raw);
      if (data) { apply(data.values); lastWritten = raw; return; }
      var aside = key + ":unreadable:" + new Date().toISOString();
      try { window.localStorage.setItem(aside, raw); window.localStorage.removeItem(key); } catch (e) { aside = key; paused = true; }
      show(fmt(M.storage_unreadable, {key: aside}));
    }
    function onStorage(e) {
      if (e.key !== key || e.newValue === lastWritten) return;
      paused = true;
      show(M.other_tab, false, [], [
        {label: M.other_tab_load, action: "other-tab-load", run: function () {
          var data = readSaved(e.newValue);
          paused = false; lastWritten = e.newValue; apply(data ? data.values : {}); show("");
        }},
        {label: M.other_tab_keep, action: "other-tab-keep", run: function () { paused = false; save(); show(""); }}]);
    }

    /* -- an earlier edition's values, carried over where their criteria still exist -- */
    function earlierEdition() {
      var best = null, scope = d.scope || "";
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (!k || k.indexOf(prefix) !== 0 || k === key || k.indexOf(":unreadable:") >= 0) continue;
        var rest = k.slice(prefix.length), cut = rest.indexOf(":");
        if ((cut < 0 ? "" : rest.slice(cut + 1)) !== scope) continue;
        var data = readSaved(window.localStorage.getItem(k));
        if (data && (!best || String(data.saved) > String(best.saved))) best = data;
      }
      return best;
    }
    function offerCarryOver() {
      var old = earlierEdition();
      if (!old) return;
      var names = Object.keys(old.values);
      show(fmt(M.carry_offer, {edition: old.edition, n: names.length}), false, [], [
        {label: M.carry_apply, action: "carry-apply", run: function () {
          var keep = {}, missing = [];
          names.forEach(function (n) { if (byName[n]) keep[n] = old.values[n]; else missing.push(n); });
          apply(keep); save();
          show(fmt(M.carry_done, {n: Object.keys(keep).length}) + (missing.length ? " " + fmt(M.carry_missing, {m: missing.length}) : ""),
            true, missing);
        }},
        {label: M.carry_dismiss, action: "carry-dismiss", run: function () { show(""); }}]);
    }

    /* -- export and import -- */
    function download(name, type, text) {
      var blob = new Blob([text], {type: type});
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = name;
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }
    function exportJson() {
      var data = {format: d.format, card: cardId, edition: edition, lang: d.lang, exported: new Date().toISOString(),
        values: collect()};
      download(exportName(data.values) + ".json", "application/json", JSON.stringify(data, null, 2) + "\n");
    }
    /* <card>-<unit>-<period>-<stage>: the rule of generator/results/names.py, which pingan collect shows
       (white space one space, invisible characters dropped, as scoring/untrusted.py's clean) */
    function safePart(s) {
      return String(s || "").normalize("NFKC").replace(/\ufeff/g, "").replace(/[\u001c-\u001f\u0085]/g, " ")
        .replace(/\s/g, " ").replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, "").split(" ").filter(Boolean).join(" ")
        .replace(/[^\p{L}\p{N}\p{M}_.-]+/gu, "_").replace(/^[._]+|[._]+$/g, "").slice(0, 40);
    }
    function exportName(values) {
      var stage = filledColumns(values).pop();
      return [cardId, values["header--unit"], values["header--period"], stage].map(safePart)
        .filter(Boolean).join("-");
    }
    function csvCell(s) { s = String(s); return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
    function exportCsv() {
      var lines = ["field,value", "format," + d.format, "card," + csvCell(cardId), "edition," + csvCell(edition),
        "lang," + d.lang];
      var values = collect();
      Object.keys(values).forEach(function (k) { lines.push(csvCell(k) + "," + csvCell(values[k])); });
      download(exportName(values) + ".csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
    }
    function parseCsv(text) {
      var rows = [], row = [], cell = "", q = false;
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (q) {
          if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
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
        return {format: data.format, card: data.card, edition: data.edition, values: data.values || {}};
      }
      var rows = parseCsv(t), meta = {}, values = {};
      if (!rows.length || rows[0][0] !== "field") throw new Error("bad csv");
      rows.slice(1).forEach(function (r) {
        if (r.length < 2) return;
        if (["format", "card", "edition", "lang"].indexOf(r[0]) >= 0) meta[r[0]] = r[1]; else values[r[0]] = r[1];
      });
      return {format: meta.format, card: meta.card, edition: meta.edition, values: values};
    }
    function badValues(values) {
      var bad = [];
      Object.keys(values).forEach(function (k) { if (!byName[k]) bad.push(k); });
      S.evaluate(plan, values).problems.forEach(function (p) { bad.push(p.field + " = " + values[p.field]); });
      return bad;
    }
    function importData(data) {
      if (!data || data.format !== d.format || !data.values) { show(M.import_bad_file); return false; }
      if (data.card !== cardId) { show(fmt(M.import_wrong_card, {card: data.card, "this": cardId})); return false; }
      if (String(data.edition) !== String(edition)) {
        show(fmt(M.import_wrong_edition, {edition: data.edition, "this": edition})); return false;
      }
      var bad = badValues(data.values);
      if (bad.length) { show(M.import_bad_values, false, bad.slice(0, 20)); return false; }
      var current = collect(), changes = [];
      fields.forEach(function (el) {
        var was = current[el.name] || "", now = data.values[el.name] === undefined ? "" : String(data.values[el.name]);
        if (was !== now) changes.push(el.name + ": " + (was || M.empty_value) + " → " + (now || M.empty_value));
      });
      if (!changes.length) { show(M.import_same, true); return true; }
      show(fmt(M.import_preview, {n: changes.length}), false, changes.slice(0, 30).concat(changes.length > 30 ? ["…"] : []), [
        {label: M.import_apply, action: "import-apply", run: function () {
          undo = current; apply(data.values); save();
          show(fmt(M.import_ok, {n: changes.length}), true, [], [{label: M.import_undo, action: "import-undo", run: function () {
            apply(undo); undo = null; save(); show(M.import_undone, true);
          }}]);
        }},
        {label: M.import_cancel, action: "import-cancel", run: function () { show(M.import_cancelled, true); }}]);
      return true;
    }

    form.addEventListener("input", function () { recalc(); save(); });
    form.addEventListener("change", function (e) {
      if (e.target.dataset.action === "import") {
        var file = e.target.files[0]; if (!file) return;
        var reader = new FileReader();
        reader.onload = function () {
          try { importData(parseImport(String(reader.result), file.name)); } catch (err) { show(M.import_bad_file); }
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
      else if (action === "reset" && window.confirm(M.reset_confirm)) {
        apply({});
        try { window.localStorage.removeItem(key); lastWritten = null; } catch (err) { /* nothing saved */ }
        show("");
      }
    });
    window.addEventListener("storage", onStorage);
    restore();
    recalc();
    /* for tests and power users: the same import the file picker uses, and the engine's result */
    form.pinganImport = function (text, name) { return importData(parseImport(text, name || "")); };
    form.pinganResult = recalc;
  }

  function start() { document.querySelectorAll("form.pingan-scorecard").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

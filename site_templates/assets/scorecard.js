/* Fillable scorecard: live totals from the one scoring engine (scoring.js, on the card's plan), saving
 * in the browser without ever losing what was typed, JSON/CSV export, import with a preview and undo,
 * carry-over from an earlier edition. No inline script: the plan and the interface words are JSON
 * data blocks, so a strict CSP (script-src 'self') can apply. This file starts each form; the work is
 * in scorecard-state.js (values, storage), scorecard-totals.js, scorecard-tabs.js, scorecard-transfer.js
 * and scorecard-csv.js, loaded before it (generator/render/forms.py FORM_SCRIPTS). */
(function () {
  "use strict";
  var P = window.PinganForm;

  function onFile(st, input) {
    var file = input.files[0]; if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      try { P.importData(st, P.parseImport(st, String(reader.result), file.name)); } catch (err) { st.show(st.M.import_bad_file); }
      input.value = "";
    };
    reader.readAsText(file, "utf-8");
  }
  function onClick(st, action) {
    if (action === "export-json") P.exportJson(st);
    else if (action === "export-csv") P.exportCsv(st);
    else if (action === "print") window.print();
    else if (action === "reset" && window.confirm(st.M.reset_confirm)) {
      P.apply(st, {});
      try { window.localStorage.removeItem(st.key); st.lastWritten = null; } catch (err) { /* nothing saved */ }
      st.show("");
    }
  }

  function init(form) {
    var st = P.state(form);
    form.addEventListener("input", function () { P.recalc(st); P.save(st); });
    form.addEventListener("change", function (e) {
      if (e.target.dataset.action === "import") { onFile(st, e.target); return; }
      P.recalc(st); P.save(st);
    });
    form.addEventListener("click", function (e) { onClick(st, e.target.dataset && e.target.dataset.action); });
    P.watchTabs(st);
    P.restore(st);
    P.recalc(st);
    /* for tests and power users: the same import the file picker uses, and the engine's result */
    form.pinganImport = function (text, name) { return P.importData(st, P.parseImport(st, text, name || "")); };
    form.pinganResult = function () { return P.recalc(st); };
  }

  function start() { document.querySelectorAll("form.pingan-scorecard").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

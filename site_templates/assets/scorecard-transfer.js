/* The scorecard form's files: JSON and CSV export (named <card>-<unit>-<period>-<stage>), and import of
 * either with a preview of every change, then apply or cancel, and undo. */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};

  function download(name, type, text) {
    var blob = new Blob([text], {type: type});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  /* <card>-<unit>-<period>-<stage>: the rule of generator/results/names.py, which pingan collect shows
     (white space one space, invisible characters dropped, as cardfile/untrusted.py's clean) */
  function safePart(s) {
    return String(s || "").normalize("NFKC").replace(/\ufeff/g, "").replace(/[\u001c-\u001f\u0085]/g, " ")
      .replace(/\s/g, " ").replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, "").split(" ").filter(Boolean).join(" ")
      .replace(/[^\p{L}\p{N}\p{M}_.-]+/gu, "_").replace(/^[._]+|[._]+$/g, "").slice(0, 40);
  }
  function exportName(st, values) {
    var stage = P.filledColumns(st, values).pop(), header = st.F.header;
    return [st.cardId, values[header.unit], values[header.period], stage].map(safePart)
      .filter(Boolean).join("-");
  }
  /* both refuse to export while a review deduction lacks its reason; both stamp date and revision first
     (scorecard-reasons.js) */
  P.exportJson = function (st) {
    var values = P.readyToExport(st);
    if (!values) return;
    var data = {format: st.d.format, card: st.cardId, edition: st.edition, lang: st.d.lang,
      exported: new Date().toISOString(), values: values};
    download(exportName(st, data.values) + ".json", "application/json", JSON.stringify(data, null, 2) + "\n");
  };
  P.exportCsv = function (st) {
    var values = P.readyToExport(st);
    if (!values) return;
    var lines = ["field,value", "format," + st.d.format, "card," + P.csvCell(st.cardId),
      "edition," + P.csvCell(st.edition), "lang," + st.d.lang];
    Object.keys(values).forEach(function (k) { lines.push(P.csvCell(k) + "," + P.csvCell(values[k])); });
    download(exportName(st, values) + ".csv", "text/csv;charset=utf-8", "\ufeff" + lines.join("\r\n") + "\r\n");
  };

  /* the file's format, card, edition and values (the identity keys: the form's pingan-fields data) */
  P.parseImport = function (st, text, name) {
    var t = text.replace(/^\ufeff/, "").trim();
    if (/\.json$/i.test(name) || t.charAt(0) === "{") {
      var data = JSON.parse(t);
      return {format: data.format, card: data.card, edition: data.edition, values: data.values || {}};
    }
    var rows = P.parseCsv(t), meta = {}, values = {};
    if (!rows.length || rows[0][0] !== "field") throw new Error("bad csv");
    rows.slice(1).forEach(function (r) {
      if (r.length < 2) return;
      if (st.F.identity.indexOf(r[0]) >= 0) meta[r[0]] = r[1]; else values[r[0]] = r[1];
    });
    return {format: meta.format, card: meta.card, edition: meta.edition, values: values};
  };
  function badValues(st, values) {
    var bad = [];
    Object.keys(values).forEach(function (k) { if (!st.byName[k]) bad.push(k); });
    st.S.evaluate(st.plan, values).problems.forEach(function (p) { bad.push(p.field + " = " + values[p.field]); });
    return bad;
  }
  /* the file's card, edition and values, or the one message saying why it is not imported */
  function refusal(st, data) {
    var M = st.M;
    if (!data || data.format !== st.d.format || !data.values) return [M.import_bad_file];
    if (data.card !== st.cardId) return [P.fmt(M.import_wrong_card, {card: data.card, "this": st.cardId})];
    if (String(data.edition) !== String(st.edition)) {
      return [P.fmt(M.import_wrong_edition, {edition: data.edition, "this": st.edition})];
    }
    var bad = badValues(st, data.values);
    return bad.length ? [M.import_bad_values, bad.slice(0, 20)] : null;
  }
  function offer(st, data, current, changes) {
    var M = st.M;
    st.show(P.fmt(M.import_preview, {n: changes.length}), false, changes.slice(0, 30).concat(changes.length > 30 ? ["…"] : []), [
      {label: M.import_apply, action: "import-apply", run: function () {
        st.undo = current; P.apply(st, data.values); P.save(st);
        st.show(P.fmt(M.import_ok, {n: changes.length}), true, [], [{label: M.import_undo, action: "import-undo", run: function () {
          P.apply(st, st.undo); st.undo = null; P.save(st); st.show(M.import_undone, true);
        }}]);
      }},
      {label: M.import_cancel, action: "import-cancel", run: function () { st.show(M.import_cancelled, true); }}]);
  }
  P.importData = function (st, data) {
    var refused = refusal(st, data), M = st.M;
    if (refused) { st.show(refused[0], false, refused[1]); return false; }
    var current = P.collect(st), changes = [];
    st.fields.forEach(function (el) {
      var was = current[el.name] || "", now = data.values[el.name] === undefined ? "" : String(data.values[el.name]);
      if (was !== now) changes.push(el.name + ": " + (was || M.empty_value) + " → " + (now || M.empty_value));
    });
    if (!changes.length) { st.show(M.import_same, true); return true; }
    offer(st, data, current, changes);
    return true;
  };
})();

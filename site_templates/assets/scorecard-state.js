/* The scorecard form's state and storage: one form's plan, fields and messages; its values read and
 * set; saving in the browser without ever losing what was typed; carry-over from an earlier edition.
 * Field names come from the form's "pingan-fields" data (generator/cardfile/contract.py): never composed here. */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};
  var STORAGE_VERSION = "v1";

  P.fmt = function (msg, vars) {
    return String(msg).replace(/\{(\w+)\}/g, function (m, k) { return vars[k] !== undefined ? vars[k] : m; });
  };
  P.num = function (x) { return String(Math.round(x * 1000) / 1000); };

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

  /* criterion id → column → the fields of its own inputs (its score, outcome, figure, rules, N/A box) */
  function ownInputs(inputs) {
    var out = {};
    Object.keys(inputs).forEach(function (name) {
      var f = inputs[name];
      if (!f.of) return;
      out[f.of] = out[f.of] || {};
      (out[f.of][f.col] = out[f.of][f.col] || []).push(name);
    });
    return out;
  }

  function Messages(form) {
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

  /* everything the form's other modules share: one object per form */
  P.state = function (form) {
    var d = form.dataset, plan = JSON.parse(form.querySelector(".pingan-plan").textContent);
    var F = JSON.parse(form.querySelector(".pingan-fields").textContent);
    var prefix = "pingan:scorecard:" + STORAGE_VERSION + ":" + d.card + ":";
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[name], select[name], textarea[name]"))
      .filter(function (el) { return el.type !== "file" && !el.readOnly; });
    var byName = {};
    fields.forEach(function (el) { byName[el.name] = el; });
    return {form: form, d: d, plan: plan, F: F, own: ownInputs(F.inputs),
      M: JSON.parse(form.querySelector(".pingan-messages").textContent), S: window.PinganScoring,
      items: planItems(plan), show: Messages(form), cardId: d.card, edition: d.edition,
      prefix: prefix, key: prefix + d.edition + (d.scope ? ":" + d.scope : ""),
      statusEl: form.querySelector(".pingan-status"), fields: fields, byName: byName,
      lastWritten: null, paused: false, undo: null};
  };

  P.valueOf = function (el) { return el.type === "checkbox" ? (el.checked ? el.value : "") : el.value; };
  P.collect = function (st) {
    var values = {};
    st.fields.forEach(function (el) { var v = P.valueOf(el); if (v !== "") values[el.name] = v; });
    return values;
  };
  function setValue(st, el, v) {
    v = v === undefined || v === null ? "" : String(v);
    if (el.type === "checkbox") el.checked = st.S.token(st.plan, v, el.dataset.kind) === el.value;
    else if (el.tagName === "SELECT") el.value = st.S.token(st.plan, v, el.dataset.kind);
    else el.value = v;
  }
  P.apply = function (st, values) { st.fields.forEach(function (el) { setValue(st, el, values[el.name]); }); P.recalc(st); };

  /* -- saving: never overwrite what cannot be read, never silently overwrite another tab (scorecard-tabs.js) -- */
  function status(st, text) { if (st.statusEl) st.statusEl.textContent = text; }
  P.save = function (st) {
    if (st.paused) return;
    var text = JSON.stringify({format: st.d.format, card: st.cardId, edition: st.edition, lang: st.d.lang,
      saved: new Date().toISOString(), values: P.collect(st)});
    try { window.localStorage.setItem(st.key, text); st.lastWritten = text; status(st, st.M.saved); }
    catch (e) { status(st, st.M.save_failed); }
  };
  P.readSaved = function (raw) {
    try { var data = JSON.parse(raw); return data && typeof data.values === "object" && data.values ? data : null; }
    catch (e) { return null; }
  };
  P.restore = function (st) {
    var raw = null, key = st.key;
    try { raw = window.localStorage.getItem(key); } catch (e) { return; }
    if (raw === null) { offerCarryOver(st); return; }
    var data = P.readSaved(raw);
    if (data) { P.apply(st, data.values); st.lastWritten = raw; return; }
    var aside = key + ":unreadable:" + new Date().toISOString();
    try { window.localStorage.setItem(aside, raw); window.localStorage.removeItem(key); } catch (e) { aside = key; st.paused = true; }
    st.show(P.fmt(st.M.storage_unreadable, {key: aside}));
  };

  /* -- an earlier edition's values, carried over where their criteria still exist -- */
  function earlierEdition(st) {
    var best = null, scope = st.d.scope || "", prefix = st.prefix;
    for (var i = 0; i < window.localStorage.length; i++) {
      var k = window.localStorage.key(i);
      if (!k || k.indexOf(prefix) !== 0 || k === st.key || k.indexOf(":unreadable:") >= 0) continue;
      var rest = k.slice(prefix.length), cut = rest.indexOf(":");
      if ((cut < 0 ? "" : rest.slice(cut + 1)) !== scope) continue;
      var data = P.readSaved(window.localStorage.getItem(k));
      if (data && (!best || String(data.saved) > String(best.saved))) best = data;
    }
    return best;
  }
  function offerCarryOver(st) {
    var old = earlierEdition(st), M = st.M;
    if (!old) return;
    var names = Object.keys(old.values);
    st.show(P.fmt(M.carry_offer, {edition: old.edition, n: names.length}), false, [], [
      {label: M.carry_apply, action: "carry-apply", run: function () {
        var keep = {}, missing = [];
        names.forEach(function (n) { if (st.byName[n]) keep[n] = old.values[n]; else missing.push(n); });
        P.apply(st, keep); P.save(st);
        st.show(P.fmt(M.carry_done, {n: Object.keys(keep).length}) + (missing.length ? " " + P.fmt(M.carry_missing, {m: missing.length}) : ""),
          true, missing);
      }},
      {label: M.carry_dismiss, action: "carry-dismiss", run: function () { st.show(""); }}]);
  }
})();

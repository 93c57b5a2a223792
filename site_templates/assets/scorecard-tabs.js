/* The scorecard form open in two tabs: when the other tab saves, this one stops saving and asks
 * which values to keep, so neither silently overwrites the other. */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};

  function onStorage(st, e) {
    var M = st.M;
    if (e.key !== st.key || e.newValue === st.lastWritten) return;
    st.paused = true;
    st.show(M.other_tab, false, [], [
      {label: M.other_tab_load, action: "other-tab-load", run: function () {
        var data = P.readSaved(e.newValue);
        st.paused = false; st.lastWritten = e.newValue; P.apply(st, data ? data.values : {}); st.show("");
      }},
      {label: M.other_tab_keep, action: "other-tab-keep", run: function () { st.paused = false; P.save(st); st.show(""); }}]);
  }

  P.watchTabs = function (st) { window.addEventListener("storage", function (e) { onStorage(st, e); }); };
})();

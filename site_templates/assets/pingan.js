// Language switcher: keep the current anchor when switching to the other language.
(function () {
  function update() {
    document.querySelectorAll("a.pingan-alternate").forEach(function (a) {
      var base = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", base + window.location.hash);
    });
  }
  window.addEventListener("hashchange", update);
  document.addEventListener("DOMContentLoaded", update);
  if (document.readyState !== "loading") update();
})();

// Material's search box reacts to keyup only: text that arrives without a key being released —
// pasted with the mouse, chosen from a Chinese input method's candidate list, filled in by a tool —
// was never searched. Pass every input on as a keyup.
document.addEventListener("input", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("input.md-search__input")) {
    el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});

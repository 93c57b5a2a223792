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

// Material can receive a query before its search index is ready (notably in the offline copy, where
// the index is built in an iframe): it then shows "type to start searching" instead of results.
// When the result area changes while a query is typed but nothing was found, ask once more.
(function () {
  function watch() {
    var input = document.querySelector("input.md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    if (!input || !meta) return;
    var retried = {};
    new MutationObserver(function () {
      var q = input.value;
      if (!q || retried[q] || document.querySelector(".md-search-result__item")) return;
      retried[q] = true;
      setTimeout(function () { input.dispatchEvent(new Event("input", { bubbles: true })); }, 50);
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();

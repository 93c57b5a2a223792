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


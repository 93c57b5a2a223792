/* The start of iframe-worker's frame (see iframe-worker-shim.js, MIT License, Copyright (c) 2020-2022 Martin
 * Donath): what the shim wrote into the frame as an inline script, as a file so that the site's
 * Content-Security-Policy needs no hash for it. The worker's script, loaded next in the frame, talks to the page
 * through these. It then leaves the frame: Material's worker takes the first script[src] for its own. */
(function () {
  var me = document.currentScript, worker = me.getAttribute("data-worker");
  window.postMessage = function c(s, n) { parent.postMessage(s, n || "*"); };
  window.importScripts = function d() {
    var urls = Array.prototype.slice.call(arguments);
    return urls.reduce(function (n, e) {
      return n.then(function () {
        return new Promise(function (r) {
          var t = document.createElement("script");
          t.src = e;
          t.onload = r;
          document.body.appendChild(t);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (ev) {
    parent.dispatchEvent(new ErrorEvent("error", {filename: worker, error: ev.error}));
  });
  me.remove();
})();

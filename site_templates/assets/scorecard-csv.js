/* The scorecard form's CSV: a cell written as the export writes it, and a file parsed as Excel and WPS
 * save it (quotes doubled inside quoted cells, CRLF or LF line ends). Part of the form's scripts
 * (generator/render/forms.py FORM_SCRIPTS: the site loads each, the offline file inlines them in order). */
(function () {
  "use strict";
  var P = window.PinganForm = window.PinganForm || {};

  P.csvCell = function (s) { s = String(s); return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };

  P.parseCsv = function (text) {
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
  };
})();

// The site's search in Material's header box (index written by generator/site/search/). Nothing is
// loaded before the reader types: the index's figures come with this script (the build writes them
// as its first line, window.pinganSearchIndex; without them it loads index.js when the box opens).
// As the reader types, each query loads the term files its terms hash to (a word being typed in
// Latin letters, also the list of words beginning with its letter and the term files of the words
// it begins), then the page titles of the best candidates, shows them, and fills in the excerpts.
// Files are scripts calling pinganSearch.… so that the offline copy searches from disk too.
// Text from the index is only ever set as textContent: it is never markup.
(function () {
  "use strict";
  var box = document.querySelector("[data-pingan-search]");
  if (!box) return;
  var root = box.getAttribute("data-pingan-search"); // the language's root, relative to this page
  var input = box.querySelector("input.md-search__input");
  var form = box.querySelector("form");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  var words = JSON.parse(document.getElementById("__config").textContent).translations;
  var SHOWN = 10, CANDIDATES = 40, EXCERPT = 90;
  var PREFIX = 3, COMPLETIONS = 6, NEAR = 0.5;  // a word being typed: its least letters, the words it stands for, their weight
  var stamped = window.pinganSearchIndex;
  function index() { return stamped ? Promise.resolve(stamped) : load("index"); }

  // ---- the index, loaded piece by piece ----
  var pending = {};
  function load(path) {
    if (pending[path]) return pending[path].promise;
    var entry = (pending[path] = {});
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    var s = document.createElement("script");
    s.src = root + "search/" + path + ".js";
    s.async = true;
    s.onerror = function () { delete pending[path]; s.remove(); entry.reject(new Error(path)); };
    s.onload = function () { s.remove(); };
    document.head.appendChild(s);
    return entry.promise;
  }
  function arrived(path, value) { if (pending[path]) pending[path].resolve(value); }
  window.pinganSearch = {
    index: function (m) { arrived("index", m); },
    terms: function (n, group) { arrived("t/" + n, group); },
    docs: function (n, rows) { arrived("d/" + n, rows); },
    text: function (n, text) { arrived("x/" + n, text); },
    words: function (letter, list) { arrived("w/" + letter, list); }
  };

  // ---- terms: as generator/site/search/tokens.py cuts them ----
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var PIECES = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g"), IS_HAN = new RegExp("^[" + HAN + "]");
  var UNITS = new RegExp("[" + HAN + "]|[0-9a-z]+", "g");
  var STOP = " a an and are as at be by for from in into is it of on or the to with ";
  function fold(s) {
    s = s.normalize("NFKC").toLowerCase();
    return /[\u00c0-\u036f]/.test(s) ? s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : s;
  }
  function stem(w) { return w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w; }
  // a query's terms, each with the query's units (Chinese characters, words) it stands for
  function parts(text) {
    var out = [], units = 0, folded = fold(text), last = null;
    (folded.match(PIECES) || []).forEach(function (p) {
      last = null;
      if (IS_HAN.test(p)) {
        if (p.length === 1) out.push({term: p, covers: [units]});
        for (var i = 0; i + 1 < p.length; i++) out.push({term: p.slice(i, i + 2), covers: [units + i, units + i + 1]});
        units += p.length;
      } else if (STOP.indexOf(" " + p + " ") < 0 && p.length <= 32) {  // tokens.MAX_WORD
        last = {word: p, unit: units};
        out.push({term: stem(p), covers: [units++]});
      }
    });
    // the word being typed: the query's last, in Latin letters, nothing typed after it
    var typing = last && /^[a-z]/.test(last.word) && folded.slice(-last.word.length) === last.word ? last : null;
    var seen = {};
    out = out.filter(function (t) { return seen[t.term] ? false : (seen[t.term] = true); }).slice(0, 30);
    return {terms: out.map(function (t) { return t.term; }), covers: out.map(function (t) { return t.covers; }), units: units, typing: typing};
  }
  // what a title or query is made of, in order: Chinese characters and (stemmed) words
  function units(text) {
    return (fold(text).match(UNITS) || []).filter(function (u) { return STOP.indexOf(" " + u + " ") < 0; }).map(stem);
  }
  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) { h ^= term.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }
  // how a page's title answers the query: the same (a unit's full name), holding it as typed, or
  // holding its characters and words in the order typed (words typed together: 矛盾纠纷化解)
  // (the last unit of q, when it is a word being typed, also answers the words it begins)
  function titleFactor(q, title, typing) {
    var t = units(title);
    if (q.length && !/^[0-9]/.test(q[0])) while (t.length && /^[0-9]/.test(t[0])) t.shift();  // a task's number
    if (!q.length) return 1;
    if (typing) t = t.map(function (u) { return u.lastIndexOf(typing, 0) === 0 ? typing : u; });
    if (t.join(" ") === q.join(" ")) return 2;
    if ((" " + t.join(" ") + " ").indexOf(" " + q.join(" ") + " ") >= 0) return 1.5;
    for (var i = 0, j = 0; i < t.length && j < q.length; i++) if (t[i] === q[j]) j++;
    return j === q.length ? 1.3 : 1;
  }

  // ---- ranking ----
  // lists: the pages of each query term, then of each word the word being typed begins (``near``:
  // they count NEAR times as much, and the typed word counts as half found on a page only they hit)
  function candidates(m, q, lists, near) {
    // arrays by page rather than maps: a common term of a province's index has thousands of pages
    var score = new Float64Array(m.pages), hit = new Int32Array(m.pages), close = new Uint8Array(m.pages), seen = [];
    function add(flat, weight, k) {
      var n = flat.length / 2, idf = Math.log(1 + (m.pages - n + 0.5) / (n + 0.5)), doc = 0, w = weight * idf / m.scale;
      for (var i = 0; i < flat.length; i += 2) {
        doc += flat[i];
        if (!score[doc]) seen.push(doc);
        score[doc] += w * flat[i + 1];
        if (k < 0) close[doc] = 1; else hit[doc] |= 1 << k;
      }
    }
    lists.forEach(function (flat, k) { add(flat, 1, k); });
    near.forEach(function (flat) { add(flat, NEAR, -1); });
    var shares = new Map();  // the share of the query's units that a set of its terms (and a close word) covers
    function share(mask, closeOnly) {
      var key = mask * 2 + closeOnly, c = shares.get(key);
      if (c !== undefined) return c;
      var covered = {}; c = 0;
      q.covers.forEach(function (units, k) { if (mask & (1 << k)) units.forEach(function (u) { covered[u] = 1; }); });
      if (closeOnly && !covered[q.typing.unit]) covered[q.typing.unit] = 0.5;
      for (var u in covered) c += covered[u];
      shares.set(key, c /= q.units);
      return c;
    }
    var out = seen.map(function (doc) {  // times the square of the share of the query's units found
      var c = share(hit[doc], q.typing && close[doc] ? 1 : 0);
      // a word being typed: the pages that hold more of the query as typed come first (a word it only
      // begins counts half), so those with the word itself rank above those with only the words it begins
      return {doc: doc, score: score[doc] * c * c, tier: q.typing ? c : 0};
    });
    return out.sort(ranked);
  }
  function ranked(a, b) { return b.tier - a.tier || b.score - a.score || a.doc - b.doc; }
  // the best candidates with their titles, ranked again by how their titles answer the query: only
  // those that may still reach the SHOWN first need their titles (a title at most doubles a score)
  function withTitles(m, query, found, typing) {
    var last = found.length > SHOWN ? found[SHOWN - 1] : {score: 0, tier: -1};
    var top = found.slice(0, CANDIDATES).filter(function (r) {
      return r.tier > last.tier || (r.tier === last.tier && r.score >= last.score / 2);
    }), q = units(query);
    return Promise.all(top.map(function (r) { return load("d/" + Math.floor(r.doc / m.block)); })).then(function (blocks) {
      top.forEach(function (r, i) {
        var row = blocks[i][r.doc % m.block];
        r.url = row[0]; r.title = row[1]; r.section = row[2];
        r.score *= titleFactor(q, row[1], typing ? stem(typing.word) : null);
      });
      return top.sort(ranked);
    });
  }
  // a term's pages as index.py's _encoded writes them: [page - previous page, score, …]
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", VALUE = new Int8Array(128);
  for (var d = 0; d < 64; d++) VALUE[DIGITS.charCodeAt(d)] = d;
  function decoded(text) {
    var flat = [], n = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var v = VALUE[text.charCodeAt(i) & 127];
      n += (v & 31) * Math.pow(2, shift);
      if (v & 32) shift += 5; else { flat.push(n); n = 0; shift = 0; }
    }
    return flat;
  }
  function postings(m, t) {
    return load("t/" + shardOf(t, m.shards)).then(function (group) {
      return Object.prototype.hasOwnProperty.call(group, t) ? decoded(group[t]) : [];  // not "constructor"
    });
  }
  // the words of the index the word being typed begins (not the word itself), the most frequent first;
  // their list is loaded from the word's first letter on, so that it is there when PREFIX letters are
  function completions(q) {
    if (!q.typing) return Promise.resolve([]);
    var w = q.typing.word;
    return load("w/" + w[0]).then(function (list) {
      return w.length < PREFIX ? [] : list.filter(function (t) { return t.length > w.length && t.lastIndexOf(w, 0) === 0 && q.terms.indexOf(t) < 0; })
        .slice(0, COMPLETIONS);
    }, function () { return []; });  // no word of the index begins with that letter
  }
  function search(typed) {
    var q = parts(typed), query = typed.trim();
    if (!q.terms.length) return Promise.resolve({terms: [], total: 0, results: []});
    return index().then(function (m) {
      var exact = Promise.all(q.terms.map(function (t) { return postings(m, t); }));
      var more = completions(q);
      var near = more.then(function (words) { return Promise.all(words.map(function (t) { return postings(m, t); })); });
      return Promise.all([exact, near, more]).then(function (got) {
        var found = candidates(m, q, got[0], got[1]);
        // titles answer the word being typed with the words it begins when it is no word of the index yet
        var typing = got[2].length && !got[0][q.terms.indexOf(stem(q.typing.word))].length ? q.typing : null;
        return withTitles(m, query, found, typing).then(function (top) {
          return {terms: q.terms.concat(got[2]), total: found.length, results: top};
        });
      });
    });
  }

  // ---- what the reader sees ----
  function el(tag, cls) { var e = document.createElement(tag); if (cls) e.className = cls; return e; }
  function marked(text, qt) {  // [start, end) ranges of text that query terms cover
    var low = text.toLowerCase(), on = new Uint8Array(text.length);
    qt.forEach(function (t) {
      for (var at = low.indexOf(t); at >= 0; at = low.indexOf(t, at + 1)) on.fill(1, at, at + t.length);
    });
    return on;
  }
  function fill(node, text, on) {
    node.textContent = "";
    for (var i = 0; i < text.length;) {
      var j = i; while (j < text.length && on[j] === on[i]) j++;
      var part = document.createTextNode(text.slice(i, j));
      if (on[i]) { var m = el("mark"); m.setAttribute("data-md-highlight", ""); m.appendChild(part); node.appendChild(m); }
      else node.appendChild(part);
      i = j;
    }
  }
  function excerpt(node, text, qt) {
    var on = marked(text, qt), best = 0, bestAt = 0, sum = 0;
    for (var i = 0; i < text.length; i++) {  // the window of EXCERPT characters with the most marked
      sum += on[i] - (i >= EXCERPT ? on[i - EXCERPT] : 0);
      if (sum > best) { best = sum; bestAt = Math.max(0, i - EXCERPT + 1); }
    }
    var from = Math.max(0, bestAt - 10), to = Math.min(text.length, from + EXCERPT + 20);
    fill(node, (from ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : ""),
         Array.prototype.concat(from ? [0] : [], Array.from(on.subarray(from, to)), to < text.length ? [0] : []));
  }
  function count(n) {
    return n === 0 ? words["search.result.none"] : n === 1 ? words["search.result.one"]
      : words["search.result.other"].replace("#", n);
  }
  function render(query, answer) {
    var items = document.createDocumentFragment(), excerpts = [];
    answer.results.slice(0, SHOWN).forEach(function (r) {
      var li = el("li", "md-search-result__item"), a = el("a", "md-search-result__link");
      a.href = root + r.url; a.tabIndex = -1; a.setAttribute("data-page", r.url);
      var article = el("article", "md-search-result__article md-typeset");
      var h = el("h1"); fill(h, r.title, marked(r.title, answer.terms));
      article.append(el("div", "md-search-result__icon md-icon"), h);
      if (r.section) { var c = el("p", "pingan-search-card"); c.textContent = r.section; article.appendChild(c); }
      var p = el("p", "pingan-search-excerpt"); article.appendChild(p);
      excerpts.push(function () { load("x/" + r.doc).then(function (text) { excerpt(p, text, answer.terms); }, function () {}); });
      a.appendChild(article); li.appendChild(a); items.appendChild(li);
    });
    list.textContent = "";
    meta.textContent = query ? count(answer.total) : words["search.result.placeholder"];
    list.appendChild(items);
    box.setAttribute("data-answered", query);
    // the pages' texts are asked for once the results are on screen: adding their scripts costs time
    setTimeout(function () { excerpts.forEach(function (go) { go(); }); });
  }
  var asked = 0;
  function run() {
    var query = input.value.trim(), mine = ++asked;
    search(input.value).then(function (answer) { if (mine === asked) render(query, answer); }, function () {
      if (mine === asked) { list.textContent = ""; meta.textContent = box.getAttribute("data-failed"); box.setAttribute("data-answered", query); }
    });
  }

  // ---- Material's box: open, close, keys ----
  function open(on) {
    if (toggle.checked !== on) { toggle.checked = on; toggle.dispatchEvent(new Event("change")); }
  }
  input.addEventListener("input", run);
  input.addEventListener("focus", function () { open(true); index().catch(function () {}); });
  toggle.addEventListener("change", function () { if (toggle.checked && document.activeElement !== input) input.focus(); });
  if (input.value.trim()) { open(true); run(); }  // typed before this script ran
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }); });
  document.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    var active = document.activeElement, typing = active && (/^(input|textarea|select)$/i.test(active.tagName) || active.isContentEditable);
    if (!toggle.checked) {
      if (!typing && (e.key === "/" || e.key === "s" || e.key === "f")) { e.preventDefault(); open(true); input.focus(); input.select(); }
      return;
    }
    var links = [input].concat(Array.from(list.querySelectorAll(".md-search-result__link")));
    var at = links.indexOf(active);
    if (e.key === "Escape") { e.preventDefault(); open(false); input.blur(); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      links[(Math.max(at, 0) + (e.key === "ArrowDown" ? 1 : links.length - 1)) % links.length].focus();
    } else if (e.key === "Enter" && active === input && links.length > 1) { e.preventDefault(); links[1].click(); }
  });
})();

/* junheng — progressive enhancement of the site's pages. Every page works
   without it: the search box is a form that opens search.html (which lists
   everything), and tables are plain tables. With it: results as you type,
   filtering on search.html, and tables sorted by a click on a column header.
   The index is window.JUNHENG_SEARCH (static/search-index.js, loaded by a
   <script src>, so it works from file:// too). */
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-root") || "";

  function norm(s) {
    return Array.from(String(s).toLowerCase()).filter(function (c) {
      return /[\p{L}\p{N}]/u.test(c);
    }).join("");
  }

  /* The same search as src/render/search.rs: grams select candidates, the
     whole normalized query must appear in the title or the keywords. */
  function search(q) {
    var ix = window.JUNHENG_SEARCH;
    var n = Array.from(norm(q));
    if (!ix || n.length === 0) return [];
    var keys = [];
    if (n.length === 1) keys.push(n[0]);
    for (var i = 0; i + 1 < n.length; i++) keys.push(n[i] + n[i + 1]);
    var cand = null;
    keys.forEach(function (k) {
      var list = ix.grams[k] || [];
      if (cand === null) cand = list.slice();
      else cand = cand.filter(function (d) { return list.indexOf(d) >= 0; });
    });
    var nq = n.join("");
    var hits = [];
    (cand || []).forEach(function (d) {
      var doc = ix.docs[d];
      var rank = norm(doc[0]).indexOf(nq) >= 0 ? 0 : norm(doc[3]).indexOf(nq) >= 0 ? 1 : -1;
      if (rank >= 0) hits.push([rank, doc[1], d]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.map(function (h) {
      var doc = ix.docs[h[2]];
      return { title: doc[0], kind: ix.kinds[doc[1]], href: root + doc[2] };
    });
  }

  function resultList(hits, limit) {
    var ul = document.createElement("ul");
    ul.className = "search-results";
    hits.slice(0, limit).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = h.href;
      a.textContent = h.title;
      var k = document.createElement("span");
      k.className = "kind";
      k.textContent = h.kind;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(k);
      ul.appendChild(li);
    });
    return ul;
  }

  function setupBox(form) {
    var input = form.querySelector("input[type=search]");
    var out = form.querySelector(".search-live");
    if (!input || !out) return;
    input.addEventListener("input", function () {
      out.textContent = "";
      var q = input.value.trim();
      if (!q) return;
      var hits = search(q);
      var p = document.createElement("p");
      p.className = "search-count";
      p.textContent = hits.length ? "找到 " + hits.length + " 项" + (hits.length > 8 ? "（显示前 8 项，按回车查看全部）" : "") : "没有找到“" + q + "”";
      out.appendChild(p);
      if (hits.length) out.appendChild(resultList(hits, 8));
    });
  }

  /* search.html: filter the full list by ?q= (or the box on the page). */
  function setupSearchPage() {
    var page = document.getElementById("search-page");
    if (!page) return;
    var input = page.querySelector("input[type=search]");
    var live = document.getElementById("search-page-results");
    var all = document.getElementById("search-all");
    function run() {
      var q = input.value.trim();
      live.textContent = "";
      if (!q) { all.hidden = false; return; }
      all.hidden = true;
      var hits = search(q);
      var p = document.createElement("p");
      p.textContent = hits.length ? "“" + q + "”：找到 " + hits.length + " 项" : "没有找到“" + q + "”";
      live.appendChild(p);
      if (hits.length) live.appendChild(resultList(hits, 500));
    }
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) input.value = params.get("q");
    input.addEventListener("input", run);
    run();
  }

  /* Sort a table by a column: numbers as numbers (thousands separators,
     %, ✗ ignored), text by Chinese collation; click again to reverse. */
  function cellValue(td) {
    var t = (td ? td.textContent : "").trim();
    var n = t.replace(/[,，%✗✓*\s]/g, "").replace(/^([−-])/, "-");
    if (n !== "" && !isNaN(Number(n))) return { num: Number(n), text: t };
    return { num: null, text: t };
  }

  function setupSort(table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1 || !table.tBodies.length) return;
    var body = table.tBodies[0];
    if (body.rows.length < 3) return;
    for (var r = 0; r < body.rows.length; r++) {
      if (body.rows[r].cells.length !== head.rows[0].cells.length) return;
      for (var c = 0; c < body.rows[r].cells.length; c++) {
        if (body.rows[r].cells[c].colSpan > 1 || body.rows[r].cells[c].rowSpan > 1) return;
      }
    }
    Array.prototype.forEach.call(head.rows[0].cells, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.rows[0].cells, function (o) { o.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row._i = i; });
        rows.sort(function (x, y) {
          var a = cellValue(x.cells[col]), z = cellValue(y.cells[col]);
          var d;
          if (a.num !== null && z.num !== null) d = a.num - z.num;
          else if (a.num !== null) d = -1;
          else if (z.num !== null) d = 1;
          else d = a.text.localeCompare(z.text, "zh-CN");
          return (asc ? d : -d) || x._i - y._i;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), setupBox);
    setupSearchPage();
    Array.prototype.forEach.call(document.querySelectorAll("main table"), setupSort);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

// Browser checks of a built junheng site (run by tests/web.rs):
//   node check.mjs SITE_DIR [--browser PATH]
// For every page of the site (the archived snapshots under archive/ excepted):
//   - no horizontal overflow at 390 px nor at 1366 px (document.scrollingElement.scrollWidth <= innerWidth);
//   - no serious or critical axe-core violation;
//   - every mention of a school is a link (outside headings, summaries, <title>,
//     charts, and the school's own page); print.html, the print compilation, is exempt;
//   - no console error and no uncaught exception.
// And the search box, from file://: 黄水, 民族中学 and 大班额 find the right pages.
// Prints every failure and a closing line "N passed, N failed"; exits 1 on any failure.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const args = process.argv.slice(2);
const site = path.resolve(args[0] || "");
const bi = args.indexOf("--browser");
let browserPath = bi >= 0 ? args[bi + 1] : process.env.JUNHENG_BROWSER || "chromium";
if (!path.isAbsolute(browserPath)) {
  const hit = (process.env.PATH || "").split(path.delimiter).map((d) => path.join(d, browserPath)).find((p) => fs.existsSync(p));
  if (hit) browserPath = hit;
}
if (!args[0] || !fs.existsSync(path.join(site, "index.html"))) {
  console.error(`usage: node check.mjs SITE_DIR [--browser PATH] (no index.html in ${site})`);
  process.exit(2);
}

function pages(dir, rel = "") {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (r === "archive" || r === "static" || r === "data") continue;
      out.push(...pages(dir, r));
    } else if (e.name.endsWith(".html")) out.push(r);
  }
  return out.sort();
}

// School names and pages, from the site's own search index.
function schools() {
  const text = fs.readFileSync(path.join(site, "static/search-index.js"), "utf8");
  const ix = JSON.parse(text.replace(/^window\.JUNHENG_SEARCH=/, "").replace(/;\s*$/, ""));
  const k = ix.kinds.indexOf("学校");
  return ix.docs.filter((d) => d[1] === k).map((d) => ({ name: d[0], href: d[2] }));
}

const failures = [];
let passed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failures.push(what);
}

const url = (rel) => pathToFileURL(path.join(site, rel)).href;

const browser = await puppeteer.launch({
  executablePath: browserPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
try {
  const page = await browser.newPage();
  let errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`failed to load ${r.url()}`));

  const list = pages(site);
  const names = schools();
  check(list.length > 0 && names.length > 0, "the site has pages and schools");

  for (const rel of list) {
    errors = [];
    // Phone: no sideways scrolling.
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await page.goto(url(rel), { waitUntil: "load" });
    const phone = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      inner: window.innerWidth,
    }));
    check(phone.scroll <= phone.inner, `${rel}: scrolls sideways at 390 px (scrollWidth ${phone.scroll} > ${phone.inner})`);

    // The same page in a desktop window (relaid out, not reloaded).
    await page.setViewport({ width: 1366, height: 900, deviceScaleFactor: 1 });
    const desk = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      inner: window.innerWidth,
    }));
    check(desk.scroll <= desk.inner, `${rel}: scrolls sideways at 1366 px (scrollWidth ${desk.scroll} > ${desk.inner})`);

    // axe-core and the school links.
    await page.evaluate(axeSource);
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    check(axe.length === 0, `${rel}: axe ${axe.join("; ")}`);

    if (rel !== "print.html") {
      const own = names.find((s) => s.href === rel);
      const unlinked = await page.evaluate(
        (names, own) => {
          const skip = "a, h1, h2, h3, h4, h5, h6, summary, title, svg, script, style, head, label, option, button, code, pre";
          const found = [];
          const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!n.parentElement || n.parentElement.closest(skip)) continue;
            for (const s of names) {
              if (s !== own && n.data.includes(s)) found.push(`${s} in <${n.parentElement.tagName.toLowerCase()}>`);
            }
          }
          return found;
        },
        names.map((s) => s.name),
        own ? own.name : null,
      );
      check(unlinked.length === 0, `${rel}: school names not linked: ${unlinked.slice(0, 5).join("; ")}${unlinked.length > 5 ? ` (+${unlinked.length - 5})` : ""}`);
    }
    check(errors.length === 0, `${rel}: console errors: ${errors.join("; ")}`);
  }

  // Search from file://, in the box of the overview page and on search.html.
  const cases = [
    { q: "黄水", title: "石柱县黄水小学", h1: "石柱县黄水小学" },
    { q: "民族中学", title: "石柱县民族中学", h1: "石柱县民族中学" },
    { q: "大班额", title: "班级学生数", hash: true },
  ];
  for (const c of cases) {
    // The cases are the sample county's; on another county a case whose school is absent is skipped.
    if (c.h1 && !names.some((s) => s.name === c.h1)) {
      console.log(`skip search ${c.q}: no ${c.h1} in this county`);
      continue;
    }
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await page.goto(url("index.html"), { waitUntil: "load" });
    await page.type("#site-search", c.q);
    await page.waitForSelector(".search-live a", { timeout: 5000 }).catch(() => null);
    const hits = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".search-live a")).map((a) => ({ text: a.textContent, href: a.href })),
    );
    // A school is the first result; an item is among the results shown.
    const hit = c.h1 ? hits[0] : hits.find((h) => h.href.includes("#") && !h.href.includes("/chapters/") && !h.text.includes(c.q));
    check(hit && (c.h1 ? hit.text === c.title : true), `search ${c.q}: results ${JSON.stringify(hits.slice(0, 4))}, expected ${c.title}`);
    if (hit) {
      await page.goto(hit.href, { waitUntil: "load" });
      if (c.h1) {
        const h1 = await page.$eval("h1", (h) => h.textContent.trim());
        check(h1 === c.h1, `search ${c.q}: the result opens a page titled ${h1}, expected ${c.h1}`);
      } else {
        const target = await page.evaluate(() => {
          const id = decodeURIComponent(location.hash.slice(1));
          const el = id && document.getElementById(id);
          return el ? el.textContent : null;
        });
        check(target && target.includes(c.title), `search ${c.q}: the result's anchor ${hit.href} holds ${String(target).slice(0, 60)}`);
      }
    }
    // Without the box: search.html?q= lists the same results.
    await page.goto(`${url("search.html")}?q=${encodeURIComponent(c.q)}`, { waitUntil: "load" });
    const listed = await page.evaluate(() => Array.from(document.querySelectorAll("#search-page-results a")).map((a) => a.href));
    check(hit && listed.includes(hit.href), `search.html?q=${c.q}: ${listed.length} results, without ${hit && hit.href}`);
  }
  // Sorting a table of schools by a column reorders its rows.
  await page.goto(url("schools/index.html"), { waitUntil: "load" });
  const sorted = await page.evaluate(() => {
    const t = document.querySelector("main table");
    const b = t && t.querySelector("thead th:nth-child(1) button");
    if (!b) return null;
    const col = () => Array.from(t.tBodies[0].rows).map((r) => r.cells[0].textContent.trim());
    b.click();
    const asc = col();
    b.click();
    const desc = col();
    return { asc, desc };
  });
  check(
    sorted && sorted.asc.length > 2 && sorted.asc.join() === [...sorted.desc].reverse().join() && sorted.asc.join() !== sorted.desc.join(),
    `schools table sorts by its first column: ${JSON.stringify(sorted && sorted.asc.slice(0, 3))}`,
  );
} finally {
  await browser.close();
}

for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);

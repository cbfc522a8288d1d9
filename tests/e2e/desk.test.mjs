// herald's story desk in headless Chromium, as a reader uses it: an empty desk, the example
// loaded in one click, a story opened, a sentence clicked and its source shown with the
// sentence highlighted; an article pasted; at phone width, files uploaded and what is new
// since the last visit shown on top; a feed followed from the page on a server that wants a
// token, read at once, and removed; a desk of more stories than one page, every one reachable;
// a slow brief that must not cover the list the reader went back to. Screenshots go to
// target/e2e/.
//
// Run by scripts/e2e.sh: HERALD_BIN names the herald binary (default target/release/herald),
// CHROMIUM the browser (default /usr/bin/chromium).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// Articles written during the test are dated today: the store does not trust a date later
// than tomorrow (it lists such an article as undated).
const today = new Date().toISOString().slice(0, 10);
const bin = process.env.HERALD_BIN || join(root, "target/release/herald");
const shots = join(root, "target/e2e");
const work = mkdtempSync(join(tmpdir(), "herald-e2e-"));
let base;
let browser;
let site;

/** Starts `herald serve` on a free loopback port over `db` (with `extra` arguments) and
 * resolves with its address; the process is in `servers`, stopped at the end. */
const servers = [];
function startServer(db = "desk.db", extra = []) {
  return new Promise((ok, fail) => {
    const server = spawn(bin, ["serve", "--db", join(work, db), "--addr", "127.0.0.1:0", ...extra], {
      stdio: ["ignore", "ignore", "pipe"],
      // No proxy: the feed site of the last test is on loopback.
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(all|https?)_proxy$/i.test(k))),
    });
    servers.push(server);
    let log = "";
    const timer = setTimeout(() => fail(new Error(`herald serve did not start:\n${log}`)), 20000);
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    server.on("exit", (code) => { clearTimeout(timer); fail(new Error(`herald serve exited (${code}):\n${log}`)); });
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  base = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // Without the background-networking flags Chromium keeps dialing out, which this closed
    // network refuses; --no-sandbox because CI runs as root.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  for (const server of servers) { server.removeAllListeners("exit"); server.kill("SIGTERM"); }
  if (site) site.close();
  rmSync(work, { recursive: true, force: true });
});

/** Fails the test on any error the page logs or throws. */
function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

/** Clicks a brief sentence and checks that its source opens with it highlighted in view. */
async function clickSentenceAndSeeHighlight(page) {
  const sentence = page.locator("#brief .sentence").first();
  await sentence.waitFor();
  const quoted = (await sentence.evaluate((s) => s.firstChild.textContent)).replace(/\s+/g, " ").trim();
  await sentence.click();
  const mark = page.locator("#reader mark#highlight");
  await mark.waitFor({ state: "visible" });
  assert.equal((await mark.textContent()).replace(/\s+/g, " ").trim(), quoted, "the highlight is the clicked sentence");
  // In view: inside both the window and the reader's scrolling body.
  await page.waitForFunction(() => {
    const m = document.querySelector("#reader mark#highlight").getBoundingClientRect();
    const b = document.querySelector("#reader-body").getBoundingClientRect();
    return m.height > 0 && m.top >= b.top && m.bottom <= Math.min(b.bottom, innerHeight) + 1;
  });
  return quoted;
}

test("the desk at 1280 px: example, story, sentence to source, paste", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  await page.goto(base + "/");
  await page.getByRole("heading", { name: "No stories yet" }).waitFor();
  await page.screenshot({ path: join(shots, "desk-empty-1280.png") });

  await page.getByRole("button", { name: "Load the example" }).click();
  await page.locator("#story-list li").nth(1).waitFor();
  await page.locator("#toast").waitFor({ state: "hidden" });
  assert.equal(await page.locator("#story-list li").count(), 2, "the example tells two stories");
  await page.screenshot({ path: join(shots, "desk-list-1280.png") });

  await page.getByRole("heading", { name: /Syria/ }).click();
  await page.locator("#brief .sentence").first().waitFor();
  assert.ok(await page.locator("#sources li").count() >= 5, "every source is listed");
  assert.equal(await page.locator("#sources li", { hasText: "not used: about a different event" }).count(), 1,
    "the June G8 article is marked as set aside");
  await page.screenshot({ path: join(shots, "desk-story-1280.png"), fullPage: true });

  await clickSentenceAndSeeHighlight(page);
  await page.screenshot({ path: join(shots, "desk-source-1280.png") });
  await page.keyboard.press("Escape");
  await assert.rejects(page.locator("#reader mark").waitFor({ state: "visible", timeout: 500 }));

  // Paste an article about something else: it opens a story of its own.
  await page.getByRole("button", { name: "Add articles" }).click();
  await page.fill("#f-title", "Riverside library reopens after flood repairs");
  await page.fill("#f-site", "Valley Courier");
  await page.fill("#f-date", today);
  await page.fill("#f-text", "The riverside library reopened on Monday, eight months after floodwater filled its ground floor. " +
    "Volunteers carried more than 20,000 books to the upper floors before the water rose, the head librarian said.\n\n" +
    "The council paid for new floors and wiring, and the children's room moved upstairs for good.");
  await page.getByRole("button", { name: "Add to desk" }).click();
  await page.locator("#toast", { hasText: "1 new article" }).waitFor();
  await page.getByRole("heading", { name: /Riverside library/ }).waitFor();
  assert.deepEqual(errors, [], "no error in the page");
  await page.close();
});

test("the desk at 390 px: upload, what is new since the last visit, sentence to source", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // The reader was last here a moment ago: whatever is ingested from now on is new to them.
  const visited = new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z";
  await context.addInitScript((t) => {
    if (sessionStorage.getItem("herald.since") === null) localStorage.setItem("herald.lastVisit", t);
  }, visited);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(base + "/");
  await page.locator("#story-list li").nth(2).waitFor();
  await new Promise((r) => setTimeout(r, 1100));

  // A new version of a ferry article, uploaded as a JSON file.
  const file = join(work, "ferry-update.json");
  writeFileSync(file, JSON.stringify({
    id: "ferry-strike-2", title: "Kestrel Bay ferry strike ends with a deal", site: "Harbour News", date: today,
    text: "Talks to end the Kestrel Bay ferry strike ended in a deal on Wednesday, the ferry company and the crews' union said, after a second day without sailings to the islands.\n\n" +
      "The union agreed to return to work after the company put the crew cuts on hold for a year. Sailings to the islands resume on Thursday morning, and island schools reopen the same day.",
  }));
  await page.getByRole("button", { name: "Add articles" }).click();
  await page.getByRole("tab", { name: "Upload files" }).click();
  await page.setInputFiles("#files", file);
  await page.locator("#file-list", { hasText: "1 article ready" }).waitFor();
  await page.getByRole("button", { name: "Add to desk" }).click();
  await page.locator("#toast", { hasText: "1 new version" }).waitFor();
  // Found by its subject: the new version may be the article nearest the story's centroid
  // now, and then its title names the story.
  const ferry = page.locator("#story-list li", { hasText: /ferry/i });
  await ferry.locator(".badge", { hasText: "1 new" }).waitFor();
  await page.locator("#toast").waitFor({ state: "hidden" });
  await page.screenshot({ path: join(shots, "desk-list-390.png"), fullPage: true });

  await ferry.locator("a").click();
  const news = page.locator("#whats-new .sentence");
  await news.first().waitFor();
  assert.match(await page.locator("#whats-new").textContent(), /hold for a year|resume on Thursday|schools reopen/,
    "what is new comes from the new version");
  // Its id is the example's second ferry article's: the page updated in place.
  assert.equal(await page.locator("#sources li", { hasText: "version 2 of this article" }).count(), 1,
    "the upload is listed as the next version of the article whose id it has: " + await page.locator("#sources").textContent());
  await page.screenshot({ path: join(shots, "desk-story-390.png"), fullPage: true });

  await clickSentenceAndSeeHighlight(page);
  await page.screenshot({ path: join(shots, "desk-source-390.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `nothing wider than the phone (${overflow} px over)`);
  assert.deepEqual(errors, [], "no error in the page");
  await context.close();
});

/** A news site on loopback: a feed of two items and their pages (no robots.txt). */
function startSite() {
  const page = (title, text) => `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${text.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`;
  const pages = {
    "/news/dam.html": page("Valley dam to be raised by four metres", [
      "The regional water board voted on Tuesday to raise the Alder Valley dam by four metres, the largest change to the reservoir since it was built in 1962.",
      "The board said the work would start next spring and take three years, and that the higher wall would hold a fifth more water through dry summers.",
      "Farmers downstream welcomed the vote, while two villages on the shore asked for new roads before the water rises."]),
    "/news/dam-cost.html": page("Dam plan to cost 140 million, board says", [
      "Raising the Alder Valley dam by four metres will cost 140 million, the regional water board said on Wednesday, a day after it approved the plan.",
      "The board said the cost would be shared with the national government, and that the reservoir would hold a fifth more water once the work was done.",
      "Residents of the two shore villages said they would press for new roads to be built before the water level rises."]),
  };
  const feed = (base) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title><link>${base}/</link>` +
    `<item><title>Valley dam to be raised by four metres</title><link>${base}/news/dam.html</link><guid>${base}/news/dam.html</guid><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate></item>` +
    `<item><title>Dam plan to cost 140 million, board says</title><link>${base}/news/dam-cost.html</link><guid>${base}/news/dam-cost.html</guid><pubDate>Wed, 04 Mar 2026 09:00:00 GMT</pubDate></item>` +
    "</channel></rss>";
  return new Promise((ok) => {
    site = createServer((req, res) => {
      const base = `http://${req.headers.host}`;
      if (req.url === "/feed.rss") { res.writeHead(200, { "Content-Type": "application/rss+xml" }); res.end(feed(base)); }
      else if (pages[req.url]) { res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }); res.end(pages[req.url]); }
      else { res.writeHead(404, { "Content-Type": "text/plain" }); res.end("not found"); }
    });
    site.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${site.address().port}`));
  });
}

test("feeds: followed from the page on a server with a token, read at once, removed", async () => {
  const siteBase = await startSite();
  const watched = await startServer("feeds.db", ["--watch", "1h", "--token", "s3cret"]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  const asked = [];
  // The first write is refused for want of the token; the page asks for it once and keeps it.
  page.on("dialog", (d) => { asked.push(d.message()); d.accept("s3cret"); });
  await page.goto(watched + "/");
  await page.getByRole("heading", { name: "No stories yet" }).waitFor();

  await page.getByRole("button", { name: "Feeds" }).click();
  await page.locator("#feed-list", { hasText: "No feeds yet" }).waitFor();
  assert.match(await page.locator("#feeds-note").textContent(), /every 1 hour/);
  await page.fill("#feed-url", siteBase + "/feed.rss");
  await page.getByRole("button", { name: "Follow" }).click();
  await page.locator("#feeds-status", { hasText: "Following 127.0.0.1" }).waitFor();
  assert.equal(asked.length, 1, "the token was asked for once");
  // Read at once by the server's watch, not in an hour: the list says so within seconds.
  await page.locator("#feed-list .feed-state", { hasText: /^Read / }).waitFor({ timeout: 30000 });
  // The times the list shows are ones a browser reads (RFC 3339), not SQLite's own form.
  const times = await page.evaluate(async () => {
    const { feeds } = await (await fetch("/api/feeds")).json();
    return feeds.map((f) => [f.added, f.checked, Date.parse(f.added), Date.parse(f.checked)]);
  });
  for (const [added, checked, a, c] of times) {
    assert.ok(Number.isFinite(a) && Number.isFinite(c), `unreadable times: ${added}, ${checked}`);
    assert.ok(Math.abs(Date.now() - c) < 10 * 60 * 1000, `checked ${checked} is not about now`);
  }
  await page.screenshot({ path: join(shots, "desk-feeds-1280.png") });
  // Closing the dialog shows what the feed brought, without a reload.
  await page.getByRole("button", { name: "Close" }).click();
  const story = page.locator("#story-list li", { hasText: /dam/i });
  await story.first().waitFor();
  assert.match(await story.first().textContent(), /2 articles/, "both items joined one story");

  await page.getByRole("button", { name: "Feeds" }).click();
  await page.getByRole("button", { name: /Stop following/ }).click();
  await page.locator("#feed-list", { hasText: "No feeds yet" }).waitFor();
  assert.equal(asked.length, 1, "the kept token was sent with the removal");
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), [], "no error in the page but the expected 401");
  await page.close();
});

/** `count` articles about as many made-up events, in words no two share: each opens a story of
 * its own (or nearly: the store decides). */
function unrelatedArticles(count) {
  const syllables = ["ka", "lo", "mer", "tan", "vis", "dor", "pel", "qui", "rav", "sun", "bex", "tor", "lim", "gaz", "fen", "hol", "jur", "nop", "wex", "zil"];
  let seed = 7;
  const pick = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return syllables[(seed >>> 16) % syllables.length]; };
  const word = () => pick() + pick() + pick();
  return Array.from({ length: count }, (_, i) => {
    const place = word().replace(/^./, (c) => c.toUpperCase()), thing = word(), person = word().replace(/^./, (c) => c.toUpperCase());
    return {
      id: `made-up-${i}`, title: `${place} opens its ${thing}`, date: today,
      text: `The ${thing} of ${place} was opened on Monday by ${person}, officials in ${place} said. ` +
        `${person} told reporters the ${thing} had cost ${i + 3} million and would serve ${place} for decades.\n\n` +
        `Residents of ${place} welcomed the ${thing}, and ${person} promised a second ${thing} next year.`,
    };
  });
}

test("a desk of more stories than one page: every story can be reached", async () => {
  const many = await startServer("many.db");
  const response = await fetch(many + "/api/ingest", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ articles: unrelatedArticles(80) }),
  });
  assert.equal(response.status, 200, await response.text());
  const total = (await (await fetch(many + "/api/stories?limit=1")).json()).total;
  assert.ok(total > 50, `the articles tell more stories than one page holds (${total})`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  await page.goto(many + "/");
  await page.locator("#story-list li").nth(49).waitFor();
  assert.equal(await page.locator("#story-list li").count(), 50, "one page at first");
  const more = page.getByRole("button", { name: /Show more stories/ });
  assert.match(await more.textContent(), new RegExp(`\\(${total - 50} more\\)`));
  await more.click();
  await page.locator("#story-list li").nth(total - 1).waitFor();
  await assert.rejects(more.waitFor({ timeout: 500 }), "no more to show once every story is listed");
  const ids = await page.locator("#story-list li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.equal(new Set(ids).size, total, "every story once");
  // The last one opens like any other.
  await page.locator("#story-list li a").last().click();
  await page.locator("#brief .sentence").first().waitFor();
  assert.deepEqual(errors, [], "no error in the page");
  await page.close();
});

test("a slow brief does not cover the list the reader went back to", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  await page.goto(base + "/");
  await page.locator("#story-list li").first().waitFor();
  // Every brief takes a second and a half, as a big story's does.
  await page.route(/\/api\/stories\/[^/?]+(\?|$)/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.locator("#story-list li a").first().click();
  await page.locator(".loading", { hasText: "Writing the brief" }).waitFor();
  await page.goBack();
  await page.locator("#story-list li").first().waitFor();
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(await page.evaluate(() => location.hash), "", "still on the list");
  assert.equal(await page.locator("#story-list").count(), 1, "the list is still shown");
  assert.equal(await page.locator(".story-head").count(), 0, "the late brief was not drawn over it");
  await page.unroute(/\/api\/stories\/[^/?]+(\?|$)/);
  assert.deepEqual(errors, [], "no error in the page");
  await page.close();
});

test("an article's link is a link only when it is a web address", async () => {
  const desk = await startServer("links.db");
  const text = "The valley dam will be raised by four metres, the water board said on Tuesday. Work starts in spring and will take three years.";
  const response = await fetch(desk + "/api/ingest", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ articles: [
      { id: "hostile", title: "Valley dam to be raised", site: "Feed", url: "javascript:document.title='run'", text },
      { id: "fine", title: "Dam to rise four metres", site: "Post", url: "https://post.example/dam", text: text + " Farmers welcomed it." },
    ] }),
  });
  assert.equal(response.status, 200, await response.text());
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  await page.goto(desk + "/");
  await page.locator("#story-list li a").first().click();
  await page.locator("#sources li").nth(1).waitFor();
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.includes("https://post.example/dam"), `the web address is a link: ${hrefs}`);
  assert.deepEqual(hrefs.filter((h) => !/^(https?:|#|\/)/i.test(h)), [], "no other scheme is a link");
  assert.deepEqual(errors, [], "no error in the page");
  await page.close();
});

test("the summarize page on a server with a token asks for it once", async () => {
  const guarded = await startServer("try.db", ["--token", "s3cret"]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const errors = watchErrors(page);
  const asked = [];
  page.on("dialog", (d) => { asked.push(d.message()); d.accept("s3cret"); });
  await page.goto(guarded + "/try");
  await page.locator("#example").click();
  // The example arrives by a request of its own: summarizing before it is in would send the
  // two empty article boxes (a 400, and no summary to wait for).
  await page.locator("#status", { hasText: /Example loaded/ }).waitFor();
  await page.locator("#go").click();
  await page.locator("#summary li").first().waitFor();
  assert.equal(asked.length, 1, "the token was asked for once");
  await page.locator("#go").click();
  await page.locator("#status", { hasText: /sentence/ }).waitFor();
  assert.equal(asked.length, 1, "and then kept");
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), [], "no error in the page but the expected 401");
  await page.close();
});

test("a desk left open overnight starts a new visit when the reader comes back", async () => {
  const desk = await startServer("overnight.db");
  const ingest = (articles) => fetch(desk + "/api/ingest", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ articles }),
  });
  assert.equal((await ingest(unrelatedArticles(1))).status, 200);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // The reader was last here a while ago.
  await context.addInitScript(() => {
    if (sessionStorage.getItem("herald.since") === null) localStorage.setItem("herald.lastVisit", "2000-01-01T00:00:00Z");
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(desk + "/");
  await page.locator("#story-list .badge", { hasText: "1 new" }).waitFor();
  // The tab is left (the day's reading done), and the reader comes back the next morning: the
  // page says so by a hidden and a visible event; "the next morning" is the stamp of leaving
  // moved an hour back.
  const setVisibility = (state) => page.evaluate((s) => {
    Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);
  // (A second on: times have whole seconds, and an article of the second of leaving is new.)
  await new Promise((r) => setTimeout(r, 1100));
  await setVisibility("hidden");
  await page.evaluate(() => sessionStorage.setItem("herald.left", String(Date.now() - 3600 * 1000)));
  await setVisibility("visible");
  await page.locator(".lede .sub", { hasText: "Nothing new since your last visit" }).waitFor();
  assert.equal(await page.locator("#story-list .badge").count(), 0, "yesterday's article is not new today");
  // And a reload keeps this visit's starting point.
  await page.reload();
  await page.locator("#story-list li").first().waitFor();
  assert.equal(await page.locator("#story-list .badge").count(), 0, "after a reload too");
  assert.deepEqual(errors, [], "no error in the page");
  await context.close();
});

test("a web app of another origin calls the API only where --allow-origin names it", async () => {
  // The app: one page that posts the bundled example to a herald server with the token and
  // reads the stories, on a loopback port of its own (another origin).
  const app = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>app</title><script>
      async function call(server) {
        try {
          const cluster = await (await fetch(server + "/api/example")).json();
          const summary = await fetch(server + "/api/summarize", {
            method: "POST",
            headers: { "Content-Type": "application/json", "Authorization": "Bearer s3cret" },
            body: JSON.stringify({ cluster: cluster.cluster || cluster, sentences: 2 }),
          });
          const body = await summary.json();
          const stories = await (await fetch(server + "/api/stories")).json();
          return { status: summary.status, sentences: (body.sentences || []).length, stories: stories.stories.length };
        } catch (e) { return { error: String(e) }; }
      }
    </script>`);
  });
  const appBase = await new Promise((ok) => app.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${app.address().port}`)));
  try {
    const open = await startServer("cors.db", ["--token", "s3cret", "--allow-origin", appBase]);
    const closed = await startServer("nocors.db", ["--token", "s3cret"]);
    const page = await browser.newPage();
    await page.goto(appBase + "/");
    const allowed = await page.evaluate((server) => call(server), open);
    assert.deepEqual(allowed, { status: 200, sentences: 2, stories: 0 }, JSON.stringify(allowed));
    const refused = await page.evaluate((server) => call(server), closed);
    assert.match(refused.error || "", /Failed to fetch/, "the browser keeps the answer from another site's page: " + JSON.stringify(refused));
    await page.close();
  } finally {
    app.close();
  }
});

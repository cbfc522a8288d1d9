// herald's story desk in headless Chromium, as a reader uses it: an empty desk, the example
// loaded in one click, a story opened, a sentence clicked and its source shown with the
// sentence highlighted; an article pasted; at phone width, files uploaded and what is new
// since the last visit shown on top. Screenshots go to target/e2e/.
//
// Run by scripts/e2e.sh: HERALD_BIN names the herald binary (default target/release/herald),
// CHROMIUM the browser (default /usr/bin/chromium).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.HERALD_BIN || join(root, "target/release/herald");
const shots = join(root, "target/e2e");
const work = mkdtempSync(join(tmpdir(), "herald-e2e-"));
let server;
let base;
let browser;

/** Starts `herald serve` on a free loopback port and resolves with its address. */
function startServer() {
  return new Promise((ok, fail) => {
    server = spawn(bin, ["serve", "--db", join(work, "desk.db"), "--addr", "127.0.0.1:0"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
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
  if (server) { server.removeAllListeners("exit"); server.kill("SIGTERM"); }
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

  await page.getByRole("heading", { name: /Putin, Obama/ }).click();
  await page.locator("#brief .sentence").first().waitFor();
  assert.ok(await page.locator("#sources li").count() >= 5, "every source is listed");
  await page.screenshot({ path: join(shots, "desk-story-1280.png"), fullPage: true });

  await clickSentenceAndSeeHighlight(page);
  await page.screenshot({ path: join(shots, "desk-source-1280.png") });
  await page.keyboard.press("Escape");
  await assert.rejects(page.locator("#reader mark").waitFor({ state: "visible", timeout: 500 }));

  // Paste an article about something else: it opens a story of its own.
  await page.getByRole("button", { name: "Add articles" }).click();
  await page.fill("#f-title", "Riverside library reopens after flood repairs");
  await page.fill("#f-site", "Valley Courier");
  await page.fill("#f-date", "2030-03-04");
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
    id: "ferry-strike-2", title: "Kestrel Bay ferry strike ends with a deal", site: "Harbour News", date: "2030-01-02",
    text: "Talks to end the Kestrel Bay ferry strike ended in a deal on Wednesday, the ferry company and the crews' union said, after a second day without sailings to the islands.\n\n" +
      "The union agreed to return to work after the company put the crew cuts on hold for a year. Sailings to the islands resume on Thursday morning, and island schools reopen the same day.",
  }));
  await page.getByRole("button", { name: "Add articles" }).click();
  await page.getByRole("tab", { name: "Upload files" }).click();
  await page.setInputFiles("#files", file);
  await page.locator("#file-list", { hasText: "1 article ready" }).waitFor();
  await page.getByRole("button", { name: "Add to desk" }).click();
  await page.locator("#toast", { hasText: "1 new version" }).waitFor();
  const ferry = page.locator("#story-list li", { hasText: "Ferry crews strike" });
  await ferry.locator(".badge", { hasText: "1 new" }).waitFor();
  await page.locator("#toast").waitFor({ state: "hidden" });
  await page.screenshot({ path: join(shots, "desk-list-390.png"), fullPage: true });

  await ferry.locator("a").click();
  const news = page.locator("#whats-new .sentence");
  await news.first().waitFor();
  assert.match(await page.locator("#whats-new").textContent(), /hold for a year|resume on Thursday|schools reopen/,
    "what is new comes from the new version");
  await page.screenshot({ path: join(shots, "desk-story-390.png"), fullPage: true });

  await clickSentenceAndSeeHighlight(page);
  await page.screenshot({ path: join(shots, "desk-source-390.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `nothing wider than the phone (${overflow} px over)`);
  assert.deepEqual(errors, [], "no error in the page");
  await context.close();
});

// Browser test of the dashboard: Debian chromium driven by npm playwright-core.
//
// Builds a temporary store from the sample articles (testdata/samples/, or
// web/test/fixtures.jsonl when there are none) plus the seed article
// (../shared/samples/seed/article.txt, dated 2021-04-07), starts
// `build/sitrep serve` on a free loopback port, and checks that
//   1. the map draws every located event the API returns (at least one);
//   2. choosing the Russia-Ukraine dyad draws its timeline;
//   3. the seed article's view highlights its events (trigger spans).
// Saves a screenshot to build/dashboard.png.
//
// Run: node web/test/dashboard.test.mjs   (SITREP_BIN, SITREP_BUILD_DIR override paths;
// SITREP_TEST_DB=store and SITREP_TEST_DOC=id run the same checks on an
// existing store, e.g. one from `serve_bench --generate`, to debug the page
// when the engine codes no events yet)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, existsSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const buildDir = process.env.SITREP_BUILD_DIR || join(root, "build");
const sitrep = process.env.SITREP_BIN || join(buildDir, "sitrep");
const seed = resolve(root, "../shared/samples/seed/article.txt");
const SEED_ID = process.env.SITREP_TEST_DOC || "seed-nato-ukraine";

function run(args) {
  const r = spawnSync(sitrep, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sitrep ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r;
}

function startServer(db) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(sitrep, ["serve", "--db", db, "--port", "0", "--bind", "127.0.0.1"],
      { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => reject(new Error("server did not start:\n" + err)), 60000);
    child.stderr.on("data", chunk => {
      err += chunk;
      const m = err.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolvePromise({ child, base: m[1] }); }
    });
    child.on("exit", code => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${err}`)); });
  });
}

async function api(base, path) {
  const r = await fetch(base + path);
  assert.equal(r.status, 200, `${path}: HTTP ${r.status}`);
  return r.json();
}

async function main() {
  assert.ok(existsSync(sitrep), `no binary at ${sitrep} (build first)`);
  const tmp = mkdtempSync(join(tmpdir(), "sitrep-dash-"));
  const db = process.env.SITREP_TEST_DB || join(tmp, "dash.db");
  if (!process.env.SITREP_TEST_DB) {
    const samples = join(root, "testdata/samples");
    const texts = existsSync(samples)
      ? readdirSync(samples).filter(f => f.endsWith(".txt")).map(f => join(samples, f)) : [];
    if (texts.length) {
      run(["ingest", "--db", db, "--quiet", ...texts]);
    } else {
      run(["ingest", "--db", db, "--quiet", "--input", "jsonl", join(here, "fixtures.jsonl")]);
    }
    assert.ok(existsSync(seed), `seed article missing at ${seed}`);
    run(["ingest", "--db", db, "--quiet", "--id", SEED_ID, "--date", "2021-04-07",
      "--source", "seed", seed]);
  }

  const { child, base } = await startServer(db);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const failures = [];
  const check = async (name, fn) => {
    try { await fn(); console.log(`ok   ${name}`); }
    catch (e) { failures.push(name); console.log(`FAIL ${name}: ${e.message}`); }
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const external = [];
    page.on("request", req => { if (!req.url().startsWith(base)) external.push(req.url()); });
    page.on("pageerror", e => failures.push("page error: " + e.message));
    await page.goto(base + "/");
    await page.waitForSelector("body[data-ready='1']", { timeout: 30000 });

    await check("map draws located events", async () => {
      assert.ok(await page.locator("#map path.country").count() > 100, "country shapes not drawn");
      let n = (await api(base, "/api/events?located=1&happened=1&limit=5000")).count;
      if (n === 0) {
        // Only document-level locations so far: the map shows them when asked.
        await page.check("#show-fallback");
        n = (await api(base, "/api/events?located=1&happened=1&fallback=1&limit=5000")).count;
        await page.waitForFunction(k => document.querySelectorAll("#map circle.event").length === k, n);
      }
      assert.ok(n > 0, "the store has no located events");
      await page.waitForFunction(k => document.querySelectorAll("#map circle.event").length === k, n,
        { timeout: 10000 });
    });

    await check("Russia-Ukraine dyad draws its timeline", async () => {
      const { dyads } = await api(base, "/api/dyads?limit=100");
      assert.ok(dyads.some(d => d.dyad === "RUS-UKR"), "no RUS-UKR dyad in the store: " +
        dyads.map(d => d.dyad).join(", "));
      await page.selectOption("#dyad-select", "RUS-UKR");
      const line = page.locator("#timeline path.timeline-line.conflict");
      await line.waitFor({ state: "attached", timeout: 10000 });  // one point draws a zero-size path
      const d = await line.getAttribute("d");
      assert.ok(d && d.startsWith("M"), "empty timeline path");
      assert.ok(await page.locator("#timeline .timeline-point").count() > 0, "no timeline points");
      assert.match(await page.textContent("#timeline-caption"), /RUS-UKR/);
    });

    await check("seed article view highlights its events", async () => {
      const doc = await api(base, "/api/documents/" + SEED_ID);
      assert.ok(doc.events.length > 0, "the seed article has no events");
      await page.evaluate(id => { location.hash = "#doc=" + id; }, SEED_ID);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      await page.waitForSelector("#article-text mark.span-verb", { timeout: 10000 });
      const verbs = await page.locator("#article-text mark.span-verb").allTextContents();
      assert.ok(verbs.length > 0, "no highlighted triggers");
      // Every highlighted trigger is text of the event's own trigger span.
      const text = new TextEncoder().encode(doc.text);
      const triggers = doc.spans.filter(s => s.kind === "verb")
        .map(s => new TextDecoder().decode(text.slice(s.span[0], s.span[1])));
      for (const v of verbs) assert.ok(triggers.some(t => t.includes(v)), `unexpected highlight "${v}"`);
      assert.ok(await page.locator("#article-events li").count() === doc.events.length);
    });

    await check("no request leaves the server (offline)", async () => {
      assert.deepEqual(external, []);
    });

    // Show the timeline again (the article check reloaded the page) for the screenshot.
    if (await page.locator("#dyad-select option[value='RUS-UKR']").count()) {
      await page.selectOption("#dyad-select", "RUS-UKR");
      await page.locator("#timeline path.timeline-line").first().waitFor({ state: "attached", timeout: 10000 }).catch(() => {});
    }
    mkdirSync(buildDir, { recursive: true });
    await page.screenshot({ path: join(buildDir, "dashboard.png"), fullPage: true });
    console.log("screenshot: " + join(buildDir, "dashboard.png"));
  } finally {
    await browser.close();
    child.kill("SIGTERM");
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failures.length) {
    console.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log("dashboard test passed");
}

main().catch(e => { console.error(e); process.exit(1); });

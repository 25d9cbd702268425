// The end-to-end harness: a real mesoclinic server on a fresh SQLite database with the demo
// clinic group and its logins, serving the built app (web/dist), and Debian's chromium driven
// by playwright-core. Every page a test opens is watched: a console error, a request that fails
// or a server error fails the test, unless the test said it expects that problem reply.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { after, before } from "node:test";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, "../dist");
const binary = process.env.MESOCLINIC_BIN ?? path.resolve(here, "../../build/dev/src/app/mesoclinic");
// The generator of synthetic trichoscopy images with known hairs, built beside the server.
export const trichometryBench = path.resolve(path.dirname(binary), "../../bench/trichometry_bench");
export const outputRoot = process.env.E2E_OUTPUT ?? path.resolve(here, "../e2e-output");
export const password = "demo clinic password";

function run(args, input) {
  const result = spawnSync(binary, args, { input, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`mesoclinic ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

// Starts a server with the demo clinic group (staff logins included) on its own database.
export async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), "mesoclinic-e2e-"));
  const db = `sqlite:${path.join(dir, "clinic.db")}`;
  run(["demo", "--db", db, "--patients", "40", "--seed", "1", "--staff"], `${password}\n`);
  let listen = "127.0.0.1:0";
  let child = null;
  const server = {
    url: "",
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
    // Serves the same database again on the same address with the server's clock set to `at`
    // (an ISO instant) and running on from there, by Debian's faketime (libfaketime): how a test
    // reaches a session that has begun without waiting for it. The browser keeps the real time.
    async restartAt(at) {
      await stopChild();
      await spawnServer(at);
    },
  };
  async function stopChild() {
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    child = null;
  }
  async function spawnServer(at) {
    const args = ["serve", "--db", db, "--listen", listen, "--web-root", webRoot];
    // libfaketime is preloaded into the server itself (the faketime wrapper would stand between
    // the test and the server, and not pass on the signal that stops it). Steady-clock timers
    // (timeouts, rate limits) keep real time; only the wall clock moves. The dev build's
    // AddressSanitizer wants to be the first library loaded; libfaketime comes first.
    const faking = at && {
      LD_PRELOAD: faketimeLibrary(),
      FAKETIME: `@${at.replace("T", " ").replace(/(\.\d+)?Z$/, "")}`,
      TZ: "UTC",
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
      ASAN_OPTIONS: [process.env.ASAN_OPTIONS, "verify_asan_link_order=0"].filter(Boolean).join(":"),
    };
    const env = at ? { ...process.env, ...faking } : process.env;
    child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], env });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    server.url = await new Promise((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        const found = /serving on (http:\/\/[^\s]+)/.exec(stdout);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    });
    listen = server.url.replace("http://", "");
  }
  await spawnServer(null);
  return server;
}

// Debian's libfaketime (package libfaketime, which faketime depends on), the thread-safe build.
function faketimeLibrary() {
  const files = spawnSync("dpkg", ["-L", "libfaketime"], { encoding: "utf8" }).stdout ?? "";
  const found = files.split("\n").find((f) => f.endsWith("/libfaketimeMT.so.1"));
  if (!found) throw new Error("libfaketime is not installed (scripts/setup installs it)");
  return found;
}

// One server and one browser for the tests of a file, started before them and stopped after:
// `env.server` and `env.browser` are set once the file's tests run.
export function serverAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    // As root chromium needs --no-sandbox; the rest keep it off a network it cannot reach.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

// A watched page in its own context (cookies of its own) at `viewport`; `touch`: a touch screen
// (a tablet's coarse pointer), as the chair's tablet has.
export async function openPage(browser, server, testName, viewport = { width: 1366, height: 900 }, { touch = false } = {}) {
  const context = await browser.newContext({ viewport, locale: "en-GB", timezoneId: "Europe/Istanbul", hasTouch: touch });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  const problems = [];
  const expected = []; // [{pattern, status}]
  const excusedStatuses = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const status = /status of (\d{3})/.exec(text);
    if (status && excusedStatuses.includes(Number(status[1]))) return;
    problems.push(`console error: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const why = request.failure()?.errorText ?? "";
    // A navigation (page.goto) cancels the old page's requests still in flight: not a failure.
    if (why === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${why}`);
  });
  page.on("response", (response) => {
    const status = response.status();
    if (status < 400) return;
    const url = response.url();
    const allowed = expected.find((e) => e.pattern.test(url) && e.status === status);
    if (allowed) {
      excusedStatuses.push(status);
      return;
    }
    problems.push(`HTTP ${status}: ${response.request().method()} ${url}`);
  });
  const folder = path.join(outputRoot, testName.replace(/[^a-z0-9]+/gi, "-").toLowerCase());
  mkdirSync(folder, { recursive: true });
  let shots = 0;
  return {
    page,
    context,
    folder,
    // A problem reply the test provokes on purpose (a refused booking, the signed-out check).
    expectProblem(pattern, status) {
      expected.push({ pattern, status });
    },
    // Fails with everything that went wrong on the page so far.
    assertClean() {
      if (problems.length) throw new Error(`the page had problems:\n${problems.join("\n")}`);
    },
    // Saves a screenshot and checks the page with axe-core: no serious or critical violation.
    async check(name) {
      // Whole-page pictures: the sticky header and action bar are laid in place, not midway down
      // (set through the CSSOM, which the app's CSP allows, unlike an injected style sheet).
      const unstick = (on) =>
        page.evaluate((on) => {
          for (const bar of document.querySelectorAll(".top, .actions--sticky")) bar.style.position = on ? "static" : "";
        }, on);
      await unstick(true);
      await page.screenshot({ path: path.join(folder, `${String(++shots).padStart(2, "0")}-${name}.png`), fullPage: true });
      await unstick(false);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      if (bad.length) {
        throw new Error(
          `accessibility violations on ${name}:\n` +
            bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`).join("\n"),
        );
      }
      if (problems.length) throw new Error(`the page had problems on ${name}:\n${problems.join("\n")}`);
    },
    async close() {
      await context.close();
    },
  };
}

export async function signIn(page, username) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// A client of the JSON API signed in as `username`, for setting up what a test starts from.
export async function apiAs(server, username) {
  const signedIn = await fetch(`${server.url}/api/v1/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (signedIn.status !== 201) throw new Error(`sign-in as ${username}: ${signedIn.status}`);
  const cookie = signedIn.headers.get("set-cookie").split(";")[0];
  const { csrf_token: csrf } = await signedIn.json();
  const call = async (method, target, body, extra = {}) => {
    // A Buffer is sent as it is (an image, its type in `extra`); anything else as JSON.
    const raw = Buffer.isBuffer(body);
    const reply = await fetch(`${server.url}${target}`, {
      method,
      headers: {
        ...extra,
        Cookie: cookie,
        "X-CSRF-Token": csrf,
        Origin: server.url,
        ...(body === undefined || raw ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
    const text = await reply.text();
    if (reply.status >= 400) throw new Error(`${method} ${target}: ${reply.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (t) => call("GET", t),
    // An action naming the version read (If-Match) when `ifMatch` is given.
    post: (t, b, ifMatch) => call("POST", t, b, ifMatch ? { "If-Match": ifMatch } : {}),
    // An image uploaded as a photo's body.
    upload: (t, jpeg) => call("POST", t, jpeg, { "Content-Type": "image/jpeg" }),
    // A change naming the version read, as another admin's browser would send it.
    patch: (t, b, ifMatch) => call("PATCH", t, b, { "If-Match": ifMatch }),
    // A document replaced whole; the first save of a settings document has no version to name.
    put: (t, b, ifMatch) => call("PUT", t, b, ifMatch ? { "If-Match": ifMatch } : {}),
    // The version a read names (its ETag), for a change made as another browser would.
    etag: async (t) => (await fetch(`${server.url}${t}`, { headers: { Cookie: cookie } })).headers.get("etag"),
  };
}

// Waits (up to 5 s) for `check` to hold, as a page shows what it read again.
export async function until(check) {
  for (let waited = 0; !(await check()); waited += 100) {
    if (waited > 5000) throw new Error(`never came true: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

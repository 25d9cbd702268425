// Benchmark: the staff web app's first load and the Today page with 200 appointments.
//   node bench/web_app.mjs            (after scripts/setup and a dev or release build)
// Prints the gzipped size of what the first load fetches (index.html, its script and styles;
// target: under 150 KB) and the time from opening Today to its 200th appointment card on
// screen in headless chromium (target: under 300 ms), median of 7 runs. The appointments are
// served to the page by the browser's request interception, so the figure is the app's own
// rendering, not the server's. Figures belong in docs/performance.md.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "web");
const { launchBrowser, openPage, signIn, startServer } = await import(path.join(web, "e2e/harness.mjs"));

// The first load: index.html and every script and stylesheet it names.
const dist = path.join(web, "dist");
const index = readFileSync(path.join(dist, "index.html"), "utf8");
const named = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let total = gzipSync(index).length;
for (const file of named) total += gzipSync(readFileSync(path.join(dist, file))).length;
const all = readdirSync(path.join(dist, "assets"));
console.log(`first load: ${(total / 1024).toFixed(1)} KB gzipped (${named.length + 1} files; ${all.length} assets in all)`);

const server = await startServer();
const browser = await launchBrowser();
try {
  const watched = await openPage(browser, server, "bench today 200", { width: 1920, height: 1080 });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${server.url}/`);
  await signIn(page, "front.desk");
  await page.getByRole("heading", { name: "Worklist" }).waitFor();

  const day = "2027-02-02";
  const practitioners = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, username: `dr.number${i}` }));
  const patients = Array.from({ length: 200 }, (_, i) => ({ id: `pt${i}`, family_name: `Family${i}`, given_name: `Given${i}` }));
  const items = patients.map((p, i) => {
    const start = 9 * 60 + Math.floor(i / 8) * 20;
    const time = (m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    const clock = (m) => ({ local: `${day}T${time(m)}`, utc_offset: "+00:00", utc: `${day}T${time(m)}:00Z` });
    return {
      id: `a${i}`, clinic_id: "c", patient_id: p.id, practitioner_id: `p${i % 8}`, room_id: "r",
      course_id: null, session_number: (i % 8) + 1, starts: clock(start), ends: clock(start + 20),
      minutes: 20, status: "booked", note: "",
    };
  });
  const sheet = { items, next_cursor: null, from: day, to: day, time_zone: "Europe/London", patients, practitioners };
  await page.route(/\/api\/v1\/clinics\/[^/]+\/appointments/, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(sheet) }),
  );

  const runs = [];
  for (let i = 0; i < 7; ++i) {
    await page.goto(`${server.url}/patients`);
    await page.getByRole("heading", { name: "Patients" }).waitFor();
    const started = await page.evaluate(() => performance.now());
    await page.evaluate((target) => {
      history.pushState(null, "", target);
      dispatchEvent(new PopStateEvent("popstate"));
    }, `/today?day=${day}`);
    await page.waitForFunction(() => document.querySelectorAll("article.appointment").length === 200);
    runs.push((await page.evaluate(() => performance.now())) - started);
  }
  runs.sort((a, b) => a - b);
  console.log(`Today with 200 appointments: median ${runs[3].toFixed(0)} ms (runs ${runs.map((r) => r.toFixed(0)).join(", ")} ms)`);
  await watched.close();
} finally {
  await browser.close();
  await server.stop();
}

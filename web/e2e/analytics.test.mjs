// Clinic analytics: a practitioner opens them from the menu at the demo's London clinic (where
// the demo's courses run) and reads, for each protocol and period, the figures the API gives
// (each rendered cell compared with the JSON); groups them by month, and the address and the
// table follow; downloads the same table as CSV; asks for a span with no course and a span the
// server refuses. On a tablet the table scrolls inside its box with the protocol kept in view.
// An admin reads them too; reception and auditors have no menu item, and the address says the
// page is not theirs (the API refuses them as well).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { apiAs, openPage, password, serverAndBrowser, signIn } from "./harness.mjs";

const env = serverAndBrowser();

const columns = [
  "Protocol",
  "Courses started",
  "Completion",
  "Density change",
  "Responders",
  "AEs per 100 sessions",
  "No-shows",
  "Revenue",
  "Diameter change",
];

// Waits (up to 5 s) for `check` to hold.
async function until(check) {
  for (let waited = 0; !(await check()); waited += 100) {
    if (waited > 5000) throw new Error(`never came true: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// What each figure cell of a row should say, in English, worked out from the API's row as a
// reader would: the value, or a dash, and what it was counted from.
function expectedCells(row) {
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const percent = (p) => new Intl.NumberFormat("en", { style: "percent", ...oneDecimal }).format(p / 100);
  const change = (p) => new Intl.NumberFormat("en", { style: "percent", signDisplay: "exceptZero", ...oneDecimal }).format(p / 100);
  const rate = (r) => new Intl.NumberFormat("en", oneDecimal).format(r);
  const currency = new Intl.NumberFormat("en", { style: "currency", currency: row.revenue.currency });
  const money = currency.format(row.revenue.minor_units / 10 ** currency.resolvedOptions().maximumFractionDigits);
  const or = (value, shown, note, none) => (value === null ? ["—", none] : [shown(value), note]);
  const sessions = (n) => (n === 1 ? "session" : "sessions");
  return {
    started: [String(row.courses_started), ""],
    completion: or(row.completion_percent, percent, `${row.courses_completed} of ${row.courses_ended} ended`, "none ended yet"),
    density: or(row.density_change_percent, change, `n = ${row.density_courses}`, "none measured yet"),
    responders: or(row.responder_percent, percent, `${row.responders} of ${row.responder_courses} measured`, "none measured yet"),
    aes: or(row.adverse_events_per_100_sessions, rate, `${row.adverse_events} in ${row.sessions_attended} ${sessions(row.sessions_attended)}`, "no session yet"),
    "no-shows": or(row.no_show_percent, percent, `${row.sessions_missed} of ${row.sessions_attended + row.sessions_missed} ${sessions(row.sessions_attended + row.sessions_missed)}`, "no session yet"),
    revenue: [money, `${row.sessions_attended} ${sessions(row.sessions_attended)} attended`],
    diameter: or(row.diameter_change_percent, change, `n = ${row.diameter_courses}`, "none measured yet"),
  };
}

// Every row of the API's reply is on the page, in its period's group, with the figures it gives;
// and nothing else is.
async function assertTableShows(page, reply) {
  const table = page.locator("table.analytics-table");
  assert.deepEqual((await table.locator("thead th").allTextContents()).map((h) => h.trim()), columns);
  assert.equal(await table.locator("tbody tr[data-protocol]").count(), reply.rows.length);
  const periods = [...new Set(reply.rows.map((r) => r.period))];
  assert.equal(await table.locator("tbody").count(), periods.length);
  for (const row of reply.rows) {
    const tr = table.locator(`tr[data-period="${row.period}"][data-protocol="${row.protocol_id}"]`);
    assert.equal((await tr.locator("th").textContent()).trim(), row.protocol_name);
    for (const [id, [value, note]] of Object.entries(expectedCells(row))) {
      const cell = tr.locator(`td.figure--${id}`);
      assert.equal(await cell.locator(".figure__value").textContent(), value, `${row.period} ${row.protocol_name} ${id}`);
      if (note) assert.match(await cell.locator(".figure__note").textContent(), new RegExp(`^${note.replace(/[+()]/g, "\\$&")}`), `${row.period} ${row.protocol_name} ${id}`);
      // A dash says why, also to a pointer (the cell's tooltip).
      if (value === "—") assert.match(await cell.getAttribute("title"), /^No (course|session)/);
    }
  }
}

test("a practitioner reads the clinic's analytics, groups them by month and downloads them", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const london = (await doctor.get("/api/v1/clinics")).items.find((c) => c.time_zone === "Europe/London");
  const base = `/api/v1/clinics/${london.id}/analytics`;
  const quarterly = await doctor.get(base);
  assert.equal(quarterly.period, "quarter");
  // The demo's courses: both protocols have begun courses, each row counts what it should.
  const protocols = (await doctor.get("/api/v1/protocols")).items.map((p) => p.name);
  assert.ok(quarterly.rows.length > 0, "the demo's courses are counted");
  for (const row of quarterly.rows) {
    assert.ok(protocols.includes(row.protocol_name), row.protocol_name);
    assert.ok(row.courses_started > 0);
    assert.ok(row.sessions_attended >= row.courses_started, "a course starts with an attended session");
    assert.equal(row.revenue.currency, "GBP");
    assert.ok(row.revenue.minor_units > 0);
  }
  assert.equal(quarterly.rows.reduce((n, r) => n + r.courses_started, 0), 10, "the demo's ten courses in progress");

  const watched = await openPage(env.browser, env.server, "practitioner analytics");
  const { page, context } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/analytics\?/, 422); // a span the server refuses, on purpose
  await page.goto(`${env.server.url}/today`);
  await signIn(page, "dr.demir");
  const banner = page.getByRole("banner");
  await banner.getByLabel("Clinic").selectOption({ label: london.name });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("heading", { name: "Clinic analytics" }).waitFor();
  await page.locator("table.analytics-table").waitFor();
  assert.equal(new URL(page.url()).pathname, "/analytics");
  await page.getByText(`${london.name} · `).waitFor();
  // The usual span: the fields show what the server chose, the address stays without it.
  const filters = page.getByRole("form", { name: "Figures to show" });
  assert.equal(await filters.getByLabel("From").inputValue(), quarterly.from);
  assert.equal(await filters.getByLabel("To").inputValue(), quarterly.to);
  assert.equal(await filters.getByLabel("Group by").inputValue(), "quarter");
  await assertTableShows(page, quarterly);
  // The definitions, for a reader without a pointer to hover the headers with.
  await page.getByText("How the figures are counted").click();
  await page.getByText("Hair density at least +10% against baseline at end of course").waitFor();
  await page.getByText(/No payments are recorded yet/).waitFor();
  await watched.check("analytics-by-quarter");

  // By month: the address and the table follow.
  await filters.getByLabel("Group by").selectOption({ label: "Month" });
  await until(() => new URL(page.url()).searchParams.get("period") === "month");
  const monthly = await doctor.get(`${base}?period=month`);
  await page.locator(`tr[data-period="${monthly.rows[0].period}"]`).first().waitFor();
  await assertTableShows(page, monthly);
  await watched.check("analytics-by-month");

  // The CSV of the table on screen: its link names the span and period shown.
  const link = page.getByRole("link", { name: "Download as CSV" });
  const href = new URL(await link.getAttribute("href"), env.server.url);
  assert.equal(href.pathname, base);
  assert.deepEqual(Object.fromEntries(href.searchParams), { from: monthly.from, to: monthly.to, period: "month", format: "csv" });
  const reply = await context.request.get(href.toString()); // the page's own cookies
  assert.equal(reply.status(), 200);
  assert.match(reply.headers()["content-type"], /^text\/csv/);
  assert.match(reply.headers()["content-disposition"], /^attachment/);
  const lines = (await reply.text()).split(/\r?\n/).filter((l) => l !== "");
  assert.match(lines[0], /protocol/i);
  assert.equal(lines.length, monthly.rows.length + 1, "a header row and one line per row");
  // And as the user gets it: a click saves the file.
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  assert.equal(readFileSync(await download.path(), "utf8").split(/\r?\n/).filter((l) => l !== "").length, lines.length);

  // A span before any course: the empty state, and the address keeps the span.
  await filters.getByLabel("From").fill("2025-01-01");
  await filters.getByLabel("To").fill("2025-01-31");
  await filters.getByRole("button", { name: "Show" }).click();
  await page.getByText("No course started in this period").waitFor();
  const asked = new URL(page.url()).searchParams;
  assert.deepEqual([asked.get("from"), asked.get("to"), asked.get("period")], ["2025-01-01", "2025-01-31", "month"]);
  assert.equal(await page.getByRole("link", { name: "Download as CSV" }).count(), 0);
  await watched.check("analytics-empty");

  // A span the server refuses: its message beside the field it names, and summarised above.
  await filters.getByLabel("From").fill("2025-03-01");
  await filters.getByRole("button", { name: "Show" }).click();
  await page.getByRole("alert").getByText("There is a problem").waitFor();
  assert.equal(await filters.locator("[aria-invalid=true]").count(), 1);
  await watched.check("analytics-refused");
  await page.getByRole("link", { name: "Back to the usual span" }).click();
  await page.locator("table.analytics-table").waitFor();
  assert.equal(new URL(page.url()).search, "");

  // On a tablet in landscape every column is in view; held upright, the table scrolls inside its
  // box (never the page), the protocol column staying in view.
  await page.setViewportSize({ width: 1024, height: 768 });
  assert.equal(await filters.getByLabel("Group by").inputValue(), "quarter");
  await page.locator(`tr[data-period="${quarterly.rows[0].period}"]`).first().waitFor();
  const box = page.locator(".analytics-wrap");
  const fits = () => box.evaluate((b) => b.scrollWidth <= b.clientWidth);
  assert.ok(await fits(), "every column in view at 1024 px");
  await watched.check("analytics-tablet");
  await page.setViewportSize({ width: 768, height: 1024 });
  await until(async () => !(await fits()));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "the page itself does not scroll sideways");
  await box.evaluate((b) => (b.scrollLeft = b.scrollWidth));
  const protocol = page.locator("tbody th.analytics-table__protocol").first();
  const [boxLeft, cellLeft] = [(await box.boundingBox()).x, (await protocol.boundingBox()).x];
  assert.ok(Math.abs(cellLeft - boxLeft) < 3, `the protocol column stays at the left (${cellLeft} against ${boxLeft})`);
  await watched.check("analytics-upright-scrolled");
  await page.setViewportSize({ width: 1024, height: 768 });

  // In Turkish.
  await box.evaluate((b) => (b.scrollLeft = 0));
  await banner.getByLabel("Language").selectOption("tr");
  await page.getByRole("heading", { name: "Klinik analizleri" }).waitFor();
  await page.getByRole("columnheader", { name: "Yoğunluk değişimi" }).waitFor();
  await watched.check("analytics-turkish");
  await banner.getByLabel("Dil").selectOption("en");
  watched.assertClean();
  await watched.close();
});

test("an admin reads the analytics too; reception and auditors have no way to them", async () => {
  const admin = await apiAs(env.server, "admin");
  const watched = await openPage(env.browser, env.server, "admin analytics");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${env.server.url}/`);
  await signIn(page, "admin");
  await page.waitForURL(/\/clinics$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("heading", { name: "Clinic analytics" }).waitFor();
  const clinicId = await page.getByRole("banner").getByLabel("Clinic").inputValue();
  const reply = await admin.get(`/api/v1/clinics/${clinicId}/analytics`);
  if (reply.rows.length > 0) {
    await page.locator("table.analytics-table").waitFor();
    await assertTableShows(page, reply);
  } else {
    await page.getByText("No course started in this period").waitFor();
  }
  await watched.check("admin-analytics");
  watched.assertClean();
  await watched.close();

  for (const [username, home] of [
    ["front.desk", /\/today$/],
    ["auditor", /\/patients$/],
  ]) {
    // The API refuses them: aggregates of clinical work are not theirs.
    const signedIn = await fetch(`${env.server.url}/api/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const cookie = signedIn.headers.get("set-cookie").split(";")[0];
    const refused = await fetch(`${env.server.url}/api/v1/clinics/${clinicId}/analytics`, { headers: { Cookie: cookie } });
    assert.equal(refused.status, 403, username);

    const other = await openPage(env.browser, env.server, `${username} analytics`);
    other.expectProblem(/\/api\/v1\/session$/, 401);
    await other.page.goto(`${env.server.url}/`);
    await signIn(other.page, username);
    await other.page.waitForURL(home);
    const menu = other.page.getByRole("navigation", { name: "Main" });
    await menu.getByRole("link").first().waitFor();
    assert.equal(await menu.getByRole("link", { name: "Analytics" }).count(), 0, username);
    await other.page.goto(`${env.server.url}/analytics`);
    await other.page.getByRole("heading", { name: "This page is not part of your role's work." }).waitFor();
    assert.equal(await other.page.getByRole("table").count(), 0);
    if (username === "front.desk") await other.check("reception-analytics");
    other.assertClean();
    await other.close();
  }
});

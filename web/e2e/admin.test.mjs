// The clinic's admin: sees the group's clinics and the settings pages, no patient work, in English or Turkish.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, serverAndBrowser, signIn } from "./harness.mjs";

const env = serverAndBrowser();

test("an admin sees the clinics, no patient pages, and can work in Turkish", async () => {
  const watched = await openPage(env.browser, env.server, "admin clinics");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${env.server.url}/`);
  await signIn(page, "admin");
  await page.waitForURL(/\/clinics$/);
  const table = page.getByRole("table");
  await table.getByRole("cell", { name: "Europe/London" }).waitFor();
  await table.getByRole("cell", { name: "Europe/Istanbul" }).waitFor();
  await watched.check("clinics");
  const menu = page.getByRole("navigation", { name: "Main" });
  // Clinic settings, staff, the catalogue, stock and rule sets the admin keeps, and the clinic's
  // analytics (aggregates, no patient named); no patient work.
  assert.deepEqual(await menu.getByRole("link").allTextContents(), ["Clinics", "Staff", "Catalogue", "Stock", "Rule sets", "Analytics"]);

  await page.goto(`${env.server.url}/patients`);
  await page.getByRole("heading", { name: "This page is not part of your role's work." }).waitFor();

  await page.getByLabel("Language").selectOption("tr");
  await page.getByRole("heading", { name: "Bu sayfa rolünüzün işlerinden biri değil." }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "tr");
  await page.getByRole("navigation", { name: "Ana menü" }).getByRole("link", { name: "Klinikler" }).click();
  await page.getByRole("columnheader", { name: "Saat dilimi" }).waitFor();
  await watched.check("clinics-turkish");
  watched.assertClean();
  await watched.close();
});

// An admin corrects what is already set up, in the browser: a protocol (after a refusal shown
// beside its field), a product and the clinic itself; a change made meanwhile by someone else is
// offered, not overwritten. Then a practitioner given a temporary password is sent to choose their
// own before anything else, and only then reaches Today.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";

const env = serverAndBrowser();

test("an admin edits a protocol, a product and a clinic", async () => {
  const watched = await openPage(env.browser, env.server, "admin edits");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401); // the first open asks who is signed in
  watched.expectProblem(/\/api\/v1\/protocols\/[^/]+$/, 422); // the sessions refused on purpose
  watched.expectProblem(/\/api\/v1\/products\/[^/]+$/, 412); // renamed meanwhile on purpose
  await page.goto(`${env.server.url}/`);
  await signIn(page, "admin");
  await page.waitForURL(/\/clinics$/);
  const menu = page.getByRole("navigation", { name: "Main" });

  // 1. A protocol: 12 sessions without a reason are refused beside the fields, 10 are kept.
  await menu.getByRole("link", { name: "Catalogue" }).click();
  const first = page.getByRole("table").getByRole("row").nth(1);
  const oldName = (await first.getByRole("cell").first().textContent()).trim();
  await page.getByRole("button", { name: `Edit ${oldName}` }).click();
  const form = page.getByRole("form", { name: "Edit protocol" });
  assert.equal(await form.getByLabel("Name", { exact: true }).inputValue(), oldName);
  await form.getByLabel("Name", { exact: true }).fill("Intensive course: 10 sessions");
  await form.getByLabel("Sessions", { exact: true }).fill("12");
  await form.getByRole("button", { name: "Save protocol" }).click();
  await form.getByRole("alert").getByText("There is a problem").waitFor();
  const reason = form.locator(".field--error", { has: page.getByLabel("Reason for another number of sessions") });
  assert.match(await reason.textContent(), /is required for a course outside 6 to 10 sessions/);
  assert.equal(await form.getByLabel("Reason for another number of sessions").getAttribute("aria-invalid"), "true");
  await watched.check("protocol-refused");
  await form.getByLabel("Sessions", { exact: true }).fill("10");
  await form.getByLabel("Days before each later session").fill("7, 7, 7, 7, 14, 14, 14, 14, 14");
  await form.getByRole("button", { name: "Save protocol" }).click();
  await page.getByText("Intensive course: 10 sessions saved.").waitFor();
  const edited = page.getByRole("row", { name: /Intensive course: 10 sessions/ });
  assert.equal((await edited.getByRole("cell").nth(2).textContent()).trim(), "10");
  assert.equal(await page.getByRole("form", { name: "Edit protocol" }).count(), 0);
  await watched.check("protocol-edited");

  // 2. A product renamed in its row; another admin renames it first, so the save is refused
  // (412) and the latest is offered instead of being overwritten.
  await page.getByRole("navigation", { name: "Catalogue" }).getByRole("link", { name: "Products" }).click();
  const otherAdmin = await apiAs(env.server, "admin");
  const product = (await otherAdmin.get("/api/v1/products")).items.find((p) => !p.retired);
  await page.getByRole("button", { name: `Edit ${product.name}` }).click();
  await page.getByLabel(`Name of ${product.name}`).fill(`${product.name} (mine)`);
  await otherAdmin.patch(`/api/v1/products/${product.id}`, { name: `${product.name} (theirs)` }, `"${product.version}"`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Someone else changed this after you opened it").waitFor();
  await watched.check("product-changed-meanwhile");
  await page.getByRole("button", { name: "Reload the latest" }).click();
  await page.getByRole("button", { name: `Edit ${product.name} (theirs)` }).click();
  await page.getByLabel(`Name of ${product.name} (theirs)`).fill("House mesotherapy vial, 5 ml");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("House mesotherapy vial, 5 ml saved.").waitFor();
  await page.getByRole("button", { name: "Edit House mesotherapy vial, 5 ml" }).waitFor();
  await watched.check("product-renamed");

  // 3. The clinic itself, from the list of clinics; the header names it anew.
  await menu.getByRole("link", { name: "Clinics" }).click();
  await page.getByRole("button", { name: "Edit Marylebone Hair Studio" }).click();
  const clinic = page.getByRole("form", { name: "Edit clinic" });
  assert.equal(await clinic.getByLabel("Time zone").inputValue(), "Europe/London");
  await clinic.getByLabel("Clinic name").fill("Marylebone Hair Studio, Harley Street");
  await watched.check("clinic-edit");
  await clinic.getByRole("button", { name: "Save clinic" }).click();
  await page.getByText("Marylebone Hair Studio, Harley Street saved.").waitFor();
  await page.getByRole("table").getByRole("link", { name: "Marylebone Hair Studio, Harley Street" }).waitFor();
  await page.getByRole("banner").getByRole("option", { name: "Marylebone Hair Studio, Harley Street" }).waitFor({ state: "attached" });

  watched.assertClean();
  await watched.close();
});

test("a new practitioner with a temporary password chooses their own before anything else", async () => {
  // The admin adds the account and gives it a temporary password (a reset is what makes the
  // server ask for a new one at the next sign-in).
  const admin = await apiAs(env.server, "admin");
  const london = (await admin.get("/api/v1/clinics")).items.find((c) => c.time_zone === "Europe/London");
  const made = await admin.post("/api/v1/users", {
    username: "dr.kaya",
    role: "practitioner",
    password: "a first password for kaya",
    clinic_ids: [london.id],
  });
  await admin.post(`/api/v1/users/${made.id}/password-reset`, { password: "temporary kaya words 7" });

  const watched = await openPage(env.browser, env.server, "temporary password");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/api\/v1\/session\/password$/, 422); // the weak password refused on purpose
  await page.goto(`${env.server.url}/`);
  await page.getByLabel("Username").fill("dr.kaya");
  await page.getByLabel("Password").fill("temporary kaya words 7");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Change your password" }).waitFor();
  await page.getByText("An admin gave you a temporary password.").waitFor();
  // Nothing else is on offer until the password is replaced.
  assert.equal(await page.getByRole("navigation", { name: "Main" }).getByRole("link").count(), 0);
  await watched.check("password-first");

  // A short one is refused beside the field, with the server's words.
  await page.getByLabel("Current password").fill("temporary kaya words 7");
  await page.getByLabel("New password").fill("kaya2026");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("alert").getByText("There is a problem").waitFor();
  const field = page.locator(".field--error", { has: page.getByLabel("New password") });
  assert.match(await field.textContent(), /must be at least 12 characters/);
  assert.equal(await page.getByLabel("New password").getAttribute("aria-invalid"), "true");
  await watched.check("password-refused");

  await page.getByLabel("New password").fill("copper kettle under quiet rain");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.waitForURL(/\/today$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Today" }).waitFor();
  await watched.check("today-after-password");

  // The new password is the one that signs in now; the header's name opens the page again.
  await page.getByRole("link", { name: /dr\.kaya · Practitioner/ }).click();
  await page.getByRole("heading", { level: 1, name: "Change your password" }).waitFor();
  assert.equal(await page.getByText("An admin gave you a temporary password.").count(), 0);
  const again = await fetch(`${env.server.url}/api/v1/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "dr.kaya", password: "copper kettle under quiet rain" }),
  });
  assert.equal(again.status, 201);
  assert.equal((await again.json()).user.must_change_password, false);
  watched.assertClean();
  await watched.close();
});

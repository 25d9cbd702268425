// Reception at the front desk: signs in, finds a patient as they type, books an appointment and
// moves it on the day sheet, and never reaches a page outside reception's work.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";
import { screenedPatient, workingDayAhead } from "./setup.mjs";

const env = serverAndBrowser();

test("reception books and moves an appointment and reaches no clinical page", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient } = await screenedPatient(doctor, { family_name: "Öztürk", given_name: "Zeynep" });
  const day = workingDayAhead();

  const watched = await openPage(env.browser, env.server, "reception books and moves");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401); // the first open asks who is signed in
  await page.goto(`${env.server.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await watched.check("sign-in");
  await signIn(page, "front.desk");
  await page.getByRole("heading", { name: "Worklist" }).waitFor();
  await page.waitForURL(/\/today$/);
  await watched.check("today");

  // Reception's menu holds its own work only.
  const menu = page.getByRole("navigation", { name: "Main" });
  assert.deepEqual(await menu.getByRole("link").allTextContents(), ["Today", "Patients"]);

  await menu.getByRole("link", { name: "Patients" }).click();
  await page.getByLabel("Find a patient").fill("özt");
  await page.getByRole("link", { name: "Öztürk, Zeynep" }).click();
  await page.getByRole("heading", { name: "Öztürk, Zeynep" }).waitFor();
  await page.getByRole("heading", { name: "Appointments" }).waitFor();
  // Nothing clinical on reception's view of the patient.
  for (const clinical of ["Suitability decisions", "Medical history", "Hair assessment", "Courses"]) {
    assert.equal(await page.getByRole("heading", { name: clinical }).count(), 0, clinical);
  }
  await watched.check("patient");

  await page.getByRole("button", { name: "Book appointment" }).click();
  await page.getByLabel("Practitioner").selectOption({ label: "dr.demir" });
  await page.getByLabel("Starts (clinic time)").fill(`${day}T18:00`);
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await page.getByText("Booked.").waitFor();
  await watched.check("booked");

  await page.goto(`${env.server.url}/today?day=${day}`);
  const card = page.getByRole("article", { name: /Öztürk, Zeynep/ });
  await card.waitFor();
  assert.match(await card.textContent(), /18:00–18:30/);
  await card.getByRole("button", { name: "Move" }).click();
  await card.getByLabel("New start (clinic time)").fill(`${day}T18:30`);
  await watched.check("moving");
  await card.getByRole("button", { name: "Move" }).click();
  await page.getByText(/^Moved 1 appointment\(s\): single appointment to /).waitFor();
  // The notice comes with the day sheet read again: the card already shows the new time.
  assert.match(await page.getByRole("article", { name: /Öztürk, Zeynep/ }).textContent(), /18:30–19:00/);
  await watched.check("moved");

  const booked = await doctor.get(`/api/v1/patients/${patient.id}/appointments`);
  assert.equal(booked.items.length, 1);
  assert.equal(booked.items[0].starts.local, `${day}T18:30`);

  // The patient asks for reminders: reception records the consent to be contacted, then (the
  // patient changing their mind) its withdrawal, with a note.
  await page.goto(`${env.server.url}/patients/${patient.id}`);
  const consents = page.locator("section.card", { has: page.getByRole("heading", { name: "Consents" }) });
  await consents.getByText("No consent recorded.").waitFor();
  await consents.getByRole("button", { name: "Record a consent" }).click();
  const form = consents.getByRole("form", { name: "Record a consent" });
  await form.getByRole("group", { name: "Consent to" }).getByLabel("To be contacted (reminders)").check();
  await form.getByRole("group", { name: "Given by" }).getByLabel("verbally").check();
  await form.getByRole("button", { name: "Record consent" }).click();
  await consents.getByText("Consent recorded.").waitFor();
  await consents.getByText("In force").waitFor();
  await watched.check("consent-recorded");
  await consents.getByRole("button", { name: "Withdraw: To be contacted (reminders)" }).click();
  await consents.getByLabel("Note on the withdrawal").fill("asked by phone");
  await consents.getByRole("button", { name: "Record the withdrawal" }).click();
  await consents.getByText("Withdrawal recorded.").waitFor();
  await consents.getByText(/^Withdrawn /).waitFor();
  const recorded = (await doctor.get(`/api/v1/patients/${patient.id}/consents`)).items;
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0].kind, "contact");
  assert.equal(recorded[0].in_force, false);
  assert.equal(recorded[0].withdrawal.note, "asked by phone");

  // Outside reception's work by address too: the page says so, and shows nothing of it.
  await page.goto(`${env.server.url}/clinics`);
  await page.getByRole("heading", { name: "This page is not part of your role's work." }).waitFor();
  assert.equal(await page.getByRole("table").count(), 0);
  await watched.check("not-reception");
  // Nor the clinical pages of the patient just booked: forms, screening, planning, charting.
  for (const clinical of ["history", "assessment", "suitability", "plan", `sessions/${booked.items[0].id}/chart`]) {
    await page.goto(`${env.server.url}/patients/${patient.id}/${clinical}`);
    await page.getByRole("heading", { name: "This page is not part of your role's work." }).waitFor();
    assert.equal(await page.getByRole("form").count(), 0, clinical);
  }
  // And the patient's page has no way to them: no next steps, no clinical record.
  await page.goto(`${env.server.url}/patients/${patient.id}`);
  await page.getByRole("heading", { name: /Öztürk, Zeynep/ }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Next steps" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Suitability decisions" }).count(), 0);
  watched.assertClean();
  await watched.close();
});

test("a session that ends mid-form asks to sign in again and keeps what was typed", async () => {
  const watched = await openPage(env.browser, env.server, "session ends mid-form");
  const { page, context } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/api\/v1\/patients$/, 401);
  await page.goto(`${env.server.url}/patients/new`);
  await signIn(page, "front.desk");
  await page.getByRole("heading", { name: "New patient" }).waitFor();
  await page.getByLabel("Family name").fill("Kaya");
  await page.getByLabel("Given name").fill("Elif");
  await page.getByLabel("Date of birth").fill("1990-02-03");

  await context.clearCookies(); // the session ends (as after a timeout)
  await page.getByRole("button", { name: "Add patient" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("Your session has ended.").waitFor();
  await watched.check("sign-in-again");
  await dialog.getByLabel("Username").fill("front.desk");
  await dialog.getByLabel("Password").fill("demo clinic password");
  await dialog.getByRole("button", { name: "Sign in" }).click();

  // The form's request went on after sign-in: the patient exists, once.
  await page.getByRole("heading", { name: "Kaya, Elif" }).waitFor();
  await watched.check("created-after-sign-in");
  const desk = await apiAs(env.server, "front.desk");
  const found = await desk.get("/api/v1/patients?name=kaya");
  assert.equal(found.items.filter((p) => p.given_name === "Elif").length, 1);
  watched.assertClean();
  await watched.close();
});

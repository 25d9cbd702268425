// The practitioner: opens a screened patient from Today's day sheet and reads the clinical story
// (the decision with each fired rule and its facts, history and assessment with their versions).
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";
import { screenedPatient, workingDayAhead } from "./setup.mjs";

const env = serverAndBrowser();

test("a practitioner reads a patient's clinical story from the day sheet, on a tablet", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient } = await screenedPatient(doctor, { family_name: "Demir", given_name: "Selin" });
  const day = workingDayAhead();
  const practitioners = (await doctor.get(`/api/v1/clinics/${patient.clinic_id}/appointments?limit=1`)).practitioners;
  const me = practitioners.find((p) => p.username === "dr.demir");
  await doctor.post("/api/v1/appointments", {
    patient_id: patient.id,
    practitioner_id: me.id,
    starts: { local: `${day}T18:00` },
    minutes: 30,
  });

  const watched = await openPage(env.browser, env.server, "practitioner clinical story", { width: 1024, height: 768 });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${env.server.url}/today?day=${day}`);
  await signIn(page, "dr.demir");
  const card = page.getByRole("article", { name: /Demir, Selin/ });
  await card.waitFor();
  await watched.check("day-sheet");
  await card.getByRole("link", { name: "Demir, Selin" }).click();

  await page.getByRole("heading", { name: "Suitability decisions" }).waitFor();
  const decisions = page.locator("section.card", { has: page.getByRole("heading", { name: "Suitability decisions" }) });
  await decisions.getByText("Suitable", { exact: true }).waitFor();
  const history = page.locator("section.card", { has: page.getByRole("heading", { name: "Medical history" }) });
  assert.match(await history.textContent(), /Version 1/);
  assert.match(await history.textContent(), /Allergies: none/);
  const assessment = page.locator("section.card", { has: page.getByRole("heading", { name: "Hair assessment" }) });
  assert.match(await assessment.textContent(), /Ludwig I · Vertex, Mid-scalp/);
  await watched.check("clinical-story");
  watched.assertClean();
  await watched.close();
});

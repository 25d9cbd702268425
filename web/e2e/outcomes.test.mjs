// Outcomes on a 1024x768 tablet: a practitioner opens a demo patient's course from the patient's
// record, records the baseline (a value out of range refused under its row, then corrected) and
// the end of course, and reads the change against baseline, the responder statement and the
// progress charts. Reception cannot open the page by its address; an admin sets the clinic's
// responder rule, and a change made meanwhile is offered rather than overwritten.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";

const env = serverAndBrowser();
const tablet = { width: 1024, height: 768 };

// A demo patient of dr.demir's clinic with a course and nothing measured for it yet.
async function unmeasuredCourse(doctor) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patients = (await doctor.get(`/api/v1/patients?limit=100`)).items.filter((p) => p.clinic_id === london.id);
  for (const patient of patients) {
    for (const course of (await doctor.get(`/api/v1/patients/${patient.id}/courses`)).items) {
      const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
      if (outcomes.measurements.length === 0 && course.sessions.some((s) => s.status === "attended")) {
        return { patient, course, clinic: london };
      }
    }
  }
  throw new Error("no demo course without measurements");
}

// Fills row `n` (from 1) of the measurement form.
async function fillRow(page, n, { measure, zone, value }) {
  const row = page.getByRole("group", { name: `Measurement ${n}` });
  await row.getByLabel("Measure", { exact: true }).selectOption({ label: measure });
  await row.getByLabel("Zone", { exact: true }).selectOption({ label: zone });
  await row.getByLabel("Value", { exact: true }).fill(value);
  return row;
}

// Waits (up to 5 s) for `check` to hold, as a page shows what it read again.
async function until(check) {
  for (let waited = 0; !(await check()); waited += 100) {
    if (waited > 5000) throw new Error(`never came true: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// How many pixels of a canvas are drawn on.
async function inkOf(canvas) {
  return canvas.evaluate((c) => {
    const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ++drawn;
    return drawn;
  });
}

test("a practitioner records a course's outcomes and reads its progress", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient, course } = await unmeasuredCourse(doctor);
  const name = `${patient.family_name}, ${patient.given_name}`;
  const watched = await openPage(env.browser, env.server, "practitioner records outcomes", tablet);
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/measurements$/, 422); // the out-of-range density, on purpose

  // From the course on the patient's record.
  await page.goto(`${env.server.url}/patients/${patient.id}`);
  await signIn(page, "dr.demir");
  await page.getByRole("heading", { name: "Courses" }).waitFor();
  await page.locator(`article.course a[href="/patients/${patient.id}/courses/${course.id}/outcomes"]`).click();
  await page.waitForURL(new RegExp(`/patients/${patient.id}/courses/${course.id}/outcomes$`));
  await page.getByRole("heading", { name: "Outcomes and progress" }).waitFor();
  await page.getByRole("link", { name }).waitFor();
  const responder = page.locator("section.card", { has: page.getByRole("heading", { name: "Response to the course" }) });
  await responder.getByText("Not yet known").waitFor();
  assert.match(await responder.textContent(), /Hair density \+10% at end of course/);
  // The baseline was due at the first session, which has been: overdue.
  const points = page.locator("ol.time-points > li");
  assert.match(await points.first().textContent(), /Baseline.*Overdue/);
  await watched.check("outcomes-before");

  // The baseline: three zones of density (one refused, then corrected), shedding, diameter.
  await page.getByRole("button", { name: "Record measurements", exact: true }).click();
  const form = page.getByRole("form", { name: "Record measurements" });
  assert.equal(await form.getByRole("group", { name: "Time point" }).getByLabel("Baseline").isChecked(), true);
  await fillRow(page, 1, { measure: "Hair density", zone: "Vertex", value: "120" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 2, { measure: "Hair density", zone: "Frontal", value: "140" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const third = await fillRow(page, 3, { measure: "Hair density", zone: "Mid-scalp", value: "5000" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const fourth = await fillRow(page, 4, { measure: "Shedding", zone: "Whole scalp", value: "95" });
  // Shedding is counted after a standard wash or with a comb: the method is asked for.
  await fourth.getByLabel("Method").selectOption({ label: "Standard wash" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 5, { measure: "Mean shaft diameter", zone: "Vertex", value: "58,5" });
  assert.match(await page.getByRole("group", { name: "Measurement 5" }).textContent(), /µm/);
  await form.getByRole("button", { name: "Save measurements" }).click();
  await form.getByRole("alert").getByText("There is a problem").waitFor();
  // The server's message under the row it is about, naming the field, which is marked.
  const refused = third.locator(".measure-row__errors");
  assert.match(await refused.textContent(), /^Value: must be 0 to \d+ hairs\/cm2/);
  assert.equal(await third.getByLabel("Value", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByRole("group", { name: "Measurement 1" }).locator(".measure-row__errors").count(), 0);
  assert.match(await form.getByRole("alert").textContent(), /Measurement 3: Value/);
  await watched.check("measurement-refused");
  await third.getByLabel("Value", { exact: true }).fill("130");
  await form.getByRole("button", { name: "Save measurements" }).click();
  await page.getByText("Measurements recorded.").waitFor();
  assert.equal(await page.getByRole("form", { name: "Record measurements" }).count(), 0);
  assert.match(await points.first().textContent(), /Baseline.*Measured/);
  assert.equal((await doctor.get(`/api/v1/courses/${course.id}/outcomes`)).measurements.length, 5);

  // The end of course, started from its row among the time points.
  await page.getByRole("button", { name: "Record measurements: End of course" }).click();
  assert.equal(await form.getByRole("group", { name: "Time point" }).getByLabel("End of course").isChecked(), true);
  await fillRow(page, 1, { measure: "Hair density", zone: "Vertex", value: "138" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 2, { measure: "Hair density", zone: "Frontal", value: "150" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 3, { measure: "Hair density", zone: "Mid-scalp", value: "145" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 4, { measure: "Shedding", zone: "Whole scalp", value: "60" });
  await page.getByRole("group", { name: "Measurement 4" }).getByLabel("Method").selectOption({ label: "Standard wash" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, 5, { measure: "Mean shaft diameter", zone: "Vertex", value: "63" });
  // The patient's own view, on the 7-point scale.
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const own = page.getByRole("group", { name: "Measurement 6" });
  await own.getByLabel("Measure", { exact: true }).selectOption({ label: "Self-assessment" });
  await own.getByLabel("Value", { exact: true }).selectOption({ label: "+2" });
  assert.match(await own.textContent(), /The patient's own/);
  // A row added by mistake is taken off again.
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await form.getByRole("button", { name: "Remove measurement 7" }).click();
  assert.equal(await page.getByRole("group", { name: "Measurement 7" }).count(), 0);
  await watched.check("recording-end-of-course");
  await form.getByRole("button", { name: "Save measurements" }).click();
  await page.getByText("Measurements recorded.").waitFor();

  // The answer first: density rose 15%, 7% and 11.5% (a mean above the clinic's 10%).
  await responder.getByText("Responded", { exact: true }).waitFor();
  const changes = page.locator("section.card", { has: page.getByRole("heading", { name: "Change against baseline" }) });
  const vertex = changes.getByRole("row", { name: /Hair density Vertex End of course/ });
  assert.match(await vertex.textContent(), /120 hairs\/cm².*138 hairs\/cm².*\+18 hairs\/cm².*\+15%/);
  const shedding = changes.getByRole("row", { name: /Shedding Whole scalp End of course/ });
  assert.match(await shedding.textContent(), /−35 hairs|-35 hairs/);
  // Each chart is drawn on its canvas; the density chart has a line for each of the three zones.
  const charts = page.locator("figure.progress-chart");
  assert.equal(await charts.count(), 3);
  for (let i = 0; i < 3; ++i) {
    const canvas = charts.nth(i).locator("canvas");
    await canvas.waitFor();
    assert.ok((await inkOf(canvas)) > 2000, `chart ${i + 1} is drawn`);
  }
  await watched.check("outcomes-after");

  const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
  assert.equal(outcomes.responder, true);
  assert.equal(outcomes.measurements.length, 11);
  assert.deepEqual(
    outcomes.measurements.filter((m) => m.measure === "self_assessment").map((m) => [m.time_point, m.value, m.method]),
    [["end_of_course", 2, "patient"]],
  );
  assert.deepEqual(
    outcomes.measurements.filter((m) => m.measure === "mean_shaft_diameter").map((m) => m.value),
    [58.5, 63],
  );
  watched.assertClean();
  await watched.close();

  // Reception cannot open the page by its address, and the patient's record has no way to it.
  const desk = await openPage(env.browser, env.server, "reception outcomes", tablet);
  desk.expectProblem(/\/api\/v1\/session$/, 401);
  await desk.page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(desk.page, "front.desk");
  await desk.page.getByRole("heading", { name: "This page is not part of your role's work." }).waitFor();
  assert.equal(await desk.page.getByRole("heading", { name: "Response to the course" }).count(), 0);
  await desk.page.goto(`${env.server.url}/patients/${patient.id}`);
  await desk.page.getByRole("heading", { name: "Appointments" }).waitFor();
  assert.equal(await desk.page.getByRole("link", { name: "Outcomes and progress" }).count(), 0);
  desk.assertClean();
  await desk.close();
});

test("an admin sets the responder rule; a change made meanwhile is offered, not overwritten", async () => {
  const admin = await apiAs(env.server, "admin");
  const london = (await admin.get("/api/v1/clinics")).items.find((c) => c.time_zone === "Europe/London");
  const path = `/api/v1/clinics/${london.id}/outcome-settings`;
  const watched = await openPage(env.browser, env.server, "admin responder rule");
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/outcome-settings$/, 422); // out of range, on purpose
  watched.expectProblem(/\/outcome-settings$/, 428); // first saved by someone else meanwhile
  watched.expectProblem(/\/outcome-settings$/, 412); // changed by someone else meanwhile
  await page.goto(`${env.server.url}/clinics/${london.id}`);
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Clinic settings" }).getByRole("link", { name: "Outcomes" }).click();
  const form = page.getByRole("form", { name: "Outcomes" });
  assert.equal(await form.getByLabel("Measure").inputValue(), "hair_density");
  assert.equal(await form.getByLabel("Time point").inputValue(), "end_of_course");

  // Out of range: the server's message beside the field.
  await form.getByLabel("At least (% above baseline)").fill("500");
  await form.getByRole("button", { name: "Save the responder rule" }).click();
  await form.getByText(/must be 1 to 200/).first().waitFor();
  await watched.check("responder-rule-refused");

  // Another admin saves the rule first: this page read the defaults, so it is asked to reload.
  await admin.put(path, { responder: { measure: "hair_density", time_point: "month_3", min_percent: 15 } });
  await form.getByLabel("At least (% above baseline)").fill("20");
  await form.getByRole("button", { name: "Save the responder rule" }).click();
  await page.getByText("Someone else changed this after you opened it").waitFor();
  await page.getByRole("button", { name: "Reload the latest" }).click();
  await until(async () => (await form.getByLabel("Time point").inputValue()) === "month_3");
  await form.getByLabel("Measure").selectOption({ label: "Mean shaft diameter" });
  await form.getByLabel("At least (% above baseline)").fill("20");
  await form.getByRole("button", { name: "Save the responder rule" }).click();
  await form.getByText("Saved.").waitFor();
  assert.deepEqual((await admin.get(path)).responder, { measure: "mean_shaft_diameter", time_point: "month_3", min_percent: 20 });
  await watched.check("responder-rule-saved");

  // Changed again elsewhere, naming the version it read: this page's next save is refused (412).
  await admin.put(path, { responder: { measure: "hair_density", time_point: "end_of_course", min_percent: 10 } }, await admin.etag(path));
  await form.getByLabel("At least (% above baseline)").fill("25");
  await form.getByRole("button", { name: "Save the responder rule" }).click();
  await page.getByText("Someone else changed this after you opened it").waitFor();
  await page.getByRole("button", { name: "Reload the latest" }).click();
  await until(async () => (await form.getByLabel("At least (% above baseline)").inputValue()) === "10");
  watched.assertClean();
  await watched.close();
});

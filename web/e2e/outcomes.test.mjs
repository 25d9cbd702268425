// Outcomes on a 1024x768 tablet: a practitioner opens a demo patient's course (measured at
// baseline by the demo) from the patient's record, adds a zone's baseline (a value out of range
// and a self-assessment at baseline refused, each under its row, then put right), records the end
// of course, and reads the change against baseline, the responder statement and the progress
// charts. Reception cannot open the page by its address; an admin sets the clinic's
// responder rule, and a change made meanwhile is offered rather than overwritten.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";

const env = serverAndBrowser();
const tablet = { width: 1024, height: 768 };

// A demo patient of dr.demir's clinic whose course the demo measured at baseline only (the demo
// measures its courses on time), with the hair density it found in each zone.
async function courseMeasuredAtBaseline(doctor) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patients = (await doctor.get(`/api/v1/patients?limit=100`)).items.filter((p) => p.clinic_id === london.id);
  for (const patient of patients) {
    for (const course of (await doctor.get(`/api/v1/patients/${patient.id}/courses`)).items) {
      const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
      const points = new Set(outcomes.measurements.map((m) => m.time_point));
      const density = outcomes.measurements.filter((m) => m.measure === "hair_density" && m.zone);
      if (points.size === 1 && points.has("baseline") && density.length > 0 && !density.some((m) => m.zone === "occipital")) {
        return { patient, course, outcomes, density };
      }
    }
  }
  throw new Error("no demo course measured at baseline only");
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
  const { patient, course, outcomes: before, density } = await courseMeasuredAtBaseline(doctor);
  const zoneNames = { frontal_hairline: "Hairline", frontal: "Frontal", mid_scalp: "Mid-scalp", vertex: "Vertex" };
  const name = `${patient.family_name}, ${patient.given_name}`;
  const watched = await openPage(env.browser, env.server, "practitioner records outcomes", tablet);
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/measurements$/, 422); // the refused values, on purpose

  // From the course on the patient's record.
  await page.goto(`${env.server.url}/patients/${patient.id}`);
  await signIn(page, "dr.demir");
  await page.getByRole("heading", { name: "Courses" }).waitFor();
  await page.locator(`article.course a[href="/patients/${patient.id}/courses/${course.id}/outcomes"]`).click();
  await page.getByRole("heading", { name: "Outcomes and progress" }).waitFor();
  await page.getByRole("link", { name }).waitFor();
  const responder = page.locator("section.card", { has: page.getByRole("heading", { name: "Response to the course" }) });
  await responder.getByText("Not yet known").waitFor();
  assert.match(await responder.textContent(), /Hair density \+10% at end of course/);
  const points = page.locator("ol.time-points > li");
  assert.match(await points.first().textContent(), /Baseline.*Measured/);
  await watched.check("outcomes-before");

  // A zone the demo did not measure, at baseline: one value out of range and a self-assessment
  // (which has nothing to compare with at baseline) are refused, each under its own row.
  await page.getByRole("button", { name: "Record measurements", exact: true }).click();
  const form = page.getByRole("form", { name: "Record measurements" });
  await form.getByRole("group", { name: "Time point" }).getByLabel("Baseline").check();
  const first = await fillRow(page, 1, { measure: "Hair density", zone: "Occipital", value: "5000" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const second = await fillRow(page, 2, { measure: "Mean shaft diameter", zone: "Occipital", value: "60,5" });
  assert.match(await second.textContent(), /µm/);
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const third = page.getByRole("group", { name: "Measurement 3" });
  await third.getByLabel("Measure", { exact: true }).selectOption({ label: "Self-assessment" });
  await third.getByLabel("Value", { exact: true }).selectOption({ label: "+1" });
  assert.match(await third.textContent(), /The patient's own/);
  await form.getByRole("button", { name: "Save measurements" }).click();
  await form.getByRole("alert").getByText("There is a problem").waitFor();
  assert.match(await first.locator(".measure-row__errors").textContent(), /^Value: must be 0 to \d+ hairs\/cm2/);
  assert.equal(await first.getByLabel("Value", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await second.locator(".measure-row__errors").count(), 0);
  assert.match(await third.locator(".measure-row__errors").textContent(), /^Time point: .*baseline/);
  assert.match(await form.getByRole("alert").textContent(), /Measurement 1: Value/);
  await watched.check("measurement-refused");
  await first.getByLabel("Value", { exact: true }).fill("150");
  await form.getByRole("button", { name: "Remove measurement 3" }).click();
  await form.getByRole("button", { name: "Save measurements" }).click();
  await page.getByText("Measurements recorded.").waitFor();
  assert.equal(await page.getByRole("form", { name: "Record measurements" }).count(), 0);

  // The end of course, started from its row among the time points: density 15% up in every zone
  // the demo measured, 160 at the back of the head, less shedding, and the patient's own view.
  await page.getByRole("button", { name: "Record measurements: End of course" }).click();
  assert.equal(await form.getByRole("group", { name: "Time point" }).getByLabel("End of course").isChecked(), true);
  let n = 0;
  for (const m of density) {
    if (n > 0) await form.getByRole("button", { name: "Add a measurement" }).click();
    await fillRow(page, ++n, { measure: "Hair density", zone: zoneNames[m.zone], value: String(Math.round(m.value * 1.15)) });
  }
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, ++n, { measure: "Hair density", zone: "Occipital", value: "160" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await fillRow(page, ++n, { measure: "Mean shaft diameter", zone: "Occipital", value: "64" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const shedding = await fillRow(page, ++n, { measure: "Shedding", zone: "Whole scalp", value: "60" });
  // Shedding is counted after a standard wash or with a comb: the method is asked for.
  await shedding.getByLabel("Method").selectOption({ label: "Standard wash" });
  await form.getByRole("button", { name: "Add a measurement" }).click();
  const own = page.getByRole("group", { name: `Measurement ${++n}` });
  await own.getByLabel("Measure", { exact: true }).selectOption({ label: "Self-assessment" });
  await own.getByLabel("Value", { exact: true }).selectOption({ label: "+2" });
  // A row added by mistake is taken off again.
  await form.getByRole("button", { name: "Add a measurement" }).click();
  await form.getByRole("button", { name: `Remove measurement ${n + 1}` }).click();
  assert.equal(await page.getByRole("group", { name: `Measurement ${n + 1}` }).count(), 0);
  await watched.check("recording-end-of-course");
  await form.getByRole("button", { name: "Save measurements" }).click();
  await page.getByText("Measurements recorded.").waitFor();

  // The answer first, then the change per zone and the charts.
  await responder.getByText("Responded", { exact: true }).waitFor();
  const changes = page.locator("section.card", { has: page.getByRole("heading", { name: "Change against baseline" }) });
  const occipital = changes.getByRole("row", { name: /Hair density Occipital End of course/ });
  assert.match(await occipital.textContent(), /150 hairs\/cm².*160 hairs\/cm².*\+10 hairs\/cm².*\+6\.7%/);
  const diameter = changes.getByRole("row", { name: /Mean shaft diameter Occipital End of course/ });
  assert.match(await diameter.textContent(), /60\.5 µm.*64 µm.*\+3\.5 µm.*\+5\.8%/);
  for (const m of density) {
    const row = changes.getByRole("row", { name: new RegExp(`Hair density ${zoneNames[m.zone]} End of course`) });
    assert.match(await row.textContent(), new RegExp(`${m.value} hairs/cm².*${Math.round(m.value * 1.15)} hairs/cm²`));
  }
  // Each chart is drawn on its canvas: density, diameter, shedding, and the pain of the demo's
  // signed sessions.
  const charts = page.locator("figure.progress-chart");
  assert.equal(await charts.count(), 4);
  await charts.nth(3).getByText("Pain per session").waitFor();
  for (let i = 0; i < 4; ++i) {
    const canvas = charts.nth(i).locator("canvas");
    await canvas.waitFor();
    assert.ok((await inkOf(canvas)) > 2000, `chart ${i + 1} is drawn`);
  }
  await watched.check("outcomes-after");

  const after = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
  assert.equal(after.responder, true);
  assert.equal(after.measurements.length, before.measurements.length + 2 + density.length + 4);
  assert.deepEqual(
    // Measured together, they come back in no particular order among themselves.
    after.measurements
      .filter((m) => m.zone === "occipital")
      .map((m) => [m.time_point, m.measure, m.value])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    [
      ["baseline", "hair_density", 150],
      ["baseline", "mean_shaft_diameter", 60.5],
      ["end_of_course", "hair_density", 160],
      ["end_of_course", "mean_shaft_diameter", 64],
    ],
  );
  assert.deepEqual(
    after.measurements.filter((m) => m.measure === "self_assessment").map((m) => [m.time_point, m.value, m.method]),
    [["end_of_course", 2, "patient"]],
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

// Outcomes on a 1024x768 tablet: a practitioner opens a demo patient's course (measured at
// baseline by the demo) from the patient's record, adds a zone's baseline (a value out of range
// and a self-assessment at baseline refused, each under its row, then put right), records the end
// of course, and reads the change against baseline, the responder statement and the progress
// charts. Reception cannot open the page by its address; an admin sets the clinic's
// responder rule, and a change made meanwhile is offered rather than overwritten. Photos: a
// practitioner photographs a course at baseline and at its end, compares them with the slider
// and side by side, and downloads the course report; a patient without a consent to photos is
// told so in plain words, and nothing is kept until the consent is recorded.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn, until } from "./harness.mjs";
import { scalpPng } from "./images.mjs";

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

// A London patient's course with a baseline and no consent to photos (no demo patient has one),
// other than the patients in `skip`.
async function courseWithoutPhotoConsent(doctor, skip = []) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patients = (await doctor.get(`/api/v1/patients?limit=100`)).items.filter((p) => p.clinic_id === london.id && !skip.includes(p.id));
  for (const patient of patients) {
    const consents = (await doctor.get(`/api/v1/patients/${patient.id}/consents?limit=200`)).items;
    if (consents.some((c) => c.kind === "photos" && c.in_force)) continue;
    for (const course of (await doctor.get(`/api/v1/patients/${patient.id}/courses`)).items) {
      const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
      const baseline = outcomes.time_points.find((p) => p.time_point === "baseline");
      if (baseline.due_on && outcomes.measurements.some((m) => m.time_point === "baseline")) return { patient, course, outcomes };
    }
  }
  throw new Error("no demo course of a patient without a consent to photos");
}

// The date as the page writes it in English (the browser's Intl): "Dec 3, 2026".
const shownDate = (page, day) =>
  page.evaluate((d) => new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`)), day);

// The time point the form offers for a photo taken on `day`: the one due nearest to it.
function likelyPoint(outcomes, day) {
  const away = (p) => Math.abs(Date.parse(p.due_on) - Date.parse(day));
  return outcomes.time_points.filter((p) => p.due_on).reduce((a, b) => (away(b) < away(a) ? b : a)).time_point;
}

const pointNames = {
  baseline: "Baseline",
  mid_course: "Mid-course",
  end_of_course: "End of course",
  month_3: "3 months after",
  month_6: "6 months after",
  month_12: "12 months after",
  maintenance: "Maintenance",
};

test("a practitioner photographs a course before and after, compares them and downloads the report", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient, course, outcomes } = await courseWithoutPhotoConsent(doctor);
  const baselineDay = outcomes.time_points.find((p) => p.time_point === "baseline").due_on;
  // The consent to photos was signed before the first session (recorded late, as paper forms are).
  const signed = new Date(`${baselineDay}T08:00:00Z`);
  signed.setUTCDate(signed.getUTCDate() - 2);
  await doctor.post(`/api/v1/patients/${patient.id}/consents`, { kind: "photos", method: "signed_form", given_at: signed.toISOString().replace(/\.\d+Z$/, "Z") });
  // The end of course measured, so the progress charts have a line to draw.
  const density = outcomes.measurements.filter((m) => m.measure === "hair_density" && m.time_point === "baseline");
  await doctor.post(`/api/v1/courses/${course.id}/measurements`, {
    time_point: "end_of_course",
    measurements: density.map((m) => ({ measure: "hair_density", value: Math.round(m.value * 1.2), unit: m.unit, zone: m.zone, method: "trichoscopy" })),
  });

  const watched = await openPage(env.browser, env.server, "practitioner compares photos", tablet, { touch: true });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(page, "dr.demir");
  const photos = page.locator("section.photos");
  await photos.getByRole("heading", { name: "Photos", exact: true }).waitFor();
  await photos.getByText("No photos of this course yet.", { exact: false }).waitFor();
  const today = await page.evaluate(() => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date()));

  // The baseline set's front photo, uploaded on a later day: the day chosen moves the time point
  // (and the session) with it.
  await photos.getByRole("button", { name: "Add a photo" }).click();
  const form = page.getByRole("form", { name: "Add a photo" });
  const pointGroup = form.getByRole("group", { name: "Time point" });
  assert.equal(await pointGroup.getByLabel(pointNames[likelyPoint(outcomes, today)], { exact: true }).isChecked(), true);
  // On a tablet the camera opens from its own button; a file can be chosen too.
  await form.getByText("Take a photo").waitFor();
  await form.getByLabel("Taken on").fill(baselineDay);
  assert.equal(await pointGroup.getByLabel("Baseline", { exact: true }).isChecked(), true);
  assert.match(await form.getByLabel("Taken at session").locator("option:checked").textContent(), /^Session 1 · /);
  // Without a view chosen nothing is sent, and the form says what is missing beside it.
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByRole("group", { name: "View" }).getByText("Choose the view the photo shows.").waitFor();
  await form.getByRole("group", { name: "View" }).getByLabel("Front", { exact: true }).check();
  await form.getByLabel("Choose a file").setInputFiles({ name: "front-baseline.png", mimeType: "image/png", buffer: scalpPng({ hairs: 450, seed: 3 }) });
  await form.getByRole("img", { name: "The chosen photo" }).waitFor();
  await watched.check("photo-chosen");
  await form.screenshot({ path: path.join(watched.folder, "upload-form.png") });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByText("Photo saved: Front, Baseline.").waitFor();
  // The next photo's view is chosen afresh; the time point stays.
  assert.equal(await form.getByRole("group", { name: "View" }).getByLabel("Front", { exact: true }).isChecked(), false);
  const byView = photos.locator(".photos-by-view");
  const baselineDate = await shownDate(page, baselineDay);
  await byView.getByRole("link", { name: `Front, Baseline, ${baselineDate}` }).waitFor();
  await photos.getByText("Compared here once a view has two photos").waitFor();

  // The end of course, today, with the time point chosen by hand.
  await form.getByLabel("Taken on").fill("");
  await form.getByRole("group", { name: "View" }).getByLabel("Front", { exact: true }).check();
  await pointGroup.getByLabel("End of course", { exact: true }).check();
  await form.getByLabel("Choose a file").setInputFiles({ name: "front-end.png", mimeType: "image/png", buffer: scalpPng({ hairs: 1500, seed: 4 }) });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByText("Photo saved: Front, End of course.").waitFor();
  const todayDate = await shownDate(page, today);
  await byView.getByRole("link", { name: `Front, End of course, ${todayDate}` }).waitFor();
  // A photo of another view, which has nothing to be compared with yet.
  await form.getByRole("group", { name: "View" }).getByLabel("Crown (vertex)", { exact: true }).check();
  await form.getByLabel("Choose a file").setInputFiles({ name: "crown.png", mimeType: "image/png", buffer: scalpPng({ width: 360, height: 480, hairs: 900, seed: 5 }) });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByText("Photo saved: Crown (vertex), End of course.").waitFor();
  await form.getByRole("button", { name: "Close" }).click();
  assert.equal(await page.getByRole("form", { name: "Add a photo" }).count(), 0);

  // Before and after: the first and the latest front photo, each side named.
  const compare = photos.locator(".photo-compare");
  const before = compare.getByRole("img", { name: `Before: Baseline · ${baselineDate}` });
  const after = compare.getByRole("img", { name: `After: End of course · ${todayDate}` });
  await before.waitFor();
  await after.waitFor();
  await compare.scrollIntoViewIfNeeded(); // the full images are fetched once near the screen
  for (const image of [before, after]) await until(() => image.evaluate((i) => i.complete && i.naturalWidth > 0));
  assert.match(await compare.locator(".compare__tag--before").textContent(), /^Before: Baseline/);
  assert.match(await compare.locator(".compare__tag--after").textContent(), /^After: End of course/);
  const slider = compare.getByRole("slider", { name: "Divider between before and after" });
  assert.equal(await slider.inputValue(), "50");
  const stage = compare.locator(".compare__stage");
  // Where the divider stands, as a share of the frame's width.
  const dividerAt = async () => {
    const frame = await stage.boundingBox();
    const line = await compare.locator(".compare__divider").boundingBox();
    return (line.x + line.width / 2 - frame.x) / frame.width;
  };
  assert.ok(Math.abs((await dividerAt()) - 0.5) < 0.02);
  await page.locator("section.photos").scrollIntoViewIfNeeded();
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(watched.folder, "compare-slider-50.png") });
  // The keyboard: ten steps left, then the end.
  await slider.focus();
  for (let i = 0; i < 10; ++i) await page.keyboard.press("ArrowLeft");
  assert.equal(await slider.inputValue(), "40");
  assert.equal(await slider.getAttribute("aria-valuetext"), "40% of the width shows before");
  assert.ok(Math.abs((await dividerAt()) - 0.4) < 0.02);
  await page.keyboard.press("End");
  assert.equal(await slider.inputValue(), "100");
  // A drag across the photo: the divider follows the pointer.
  const frame = await stage.boundingBox();
  await page.mouse.move(frame.x + frame.width * 0.9, frame.y + frame.height / 2);
  await page.mouse.down();
  await page.mouse.move(frame.x + frame.width * 0.6, frame.y + frame.height / 2, { steps: 5 });
  await page.mouse.move(frame.x + frame.width * 0.3, frame.y + frame.height / 2, { steps: 5 });
  await page.mouse.up();
  assert.ok(Math.abs(Number(await slider.inputValue()) - 30) <= 2, `slider at ${await slider.inputValue()}`);
  assert.ok(Math.abs((await dividerAt()) - 0.3) < 0.03);
  // A tap on the photo moves it there too.
  await stage.tap({ position: { x: frame.width * 0.7, y: frame.height / 2 } });
  assert.ok(Math.abs(Number(await slider.inputValue()) - 70) <= 2, `slider at ${await slider.inputValue()}`);
  await page.screenshot({ path: path.join(watched.folder, "compare-slider-70.png") });
  await watched.check("photos-compare-slider");

  // Side by side.
  await compare.getByRole("group", { name: "Show" }).getByLabel("Side by side").check();
  const figures = compare.locator(".compare-side figure");
  assert.equal(await figures.count(), 2);
  assert.match(await figures.nth(0).textContent(), new RegExp(`Before: Baseline · ${baselineDate}`));
  assert.match(await figures.nth(1).textContent(), new RegExp(`After: End of course · ${todayDate}`));
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(watched.folder, "compare-side-by-side.png") });
  await watched.check("photos-side-by-side");

  // A thumbnail opens the full image over the page.
  await byView.getByRole("link", { name: `Front, Baseline, ${baselineDate}` }).click();
  const viewer = page.getByRole("dialog", { name: `Front, Baseline, ${baselineDate}` });
  await viewer.waitFor();
  const full = viewer.getByRole("img");
  await until(() => full.evaluate((i) => i.complete && i.naturalWidth === 480));
  await page.screenshot({ path: path.join(watched.folder, "photo-viewer.png") });
  await viewer.getByRole("button", { name: "Close" }).click();
  await until(async () => (await page.getByRole("dialog").count()) === 0);

  // The progress chart beside the photos is drawn.
  const chart = page.locator("figure.progress-chart").first().locator("canvas");
  await chart.waitFor();
  assert.ok((await inkOf(chart)) > 2000);

  // The course report from the link at the top: a PDF.
  const report = page.getByRole("link", { name: "Course report (PDF)" });
  const reply = await page.request.get(new URL(await report.getAttribute("href"), env.server.url).href);
  assert.equal(reply.status(), 200);
  assert.match(reply.headers()["content-type"], /^application\/pdf/);
  const pdf = await reply.body();
  assert.equal(pdf.subarray(0, 4).toString("latin1"), "%PDF");
  writeFileSync(path.join(watched.folder, "course-report.pdf"), pdf);

  // What the server kept: three photos of the course, the baseline one at noon on its day.
  const kept = (await doctor.get(`/api/v1/patients/${patient.id}/photos`)).items;
  assert.deepEqual(
    kept.map((p) => [p.view, p.time_point, p.course_id]),
    [
      ["front", "baseline", course.id],
      ["front", "end_of_course", course.id],
      ["vertex", "end_of_course", course.id],
    ],
  );
  assert.equal(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(kept[0].taken_at)), baselineDay);
  // Taken at the session of its day, which the form chose for it.
  assert.equal(kept[0].appointment_id, course.sessions.find((a) => a.starts.local.startsWith(baselineDay)).id);
  watched.assertClean();
  await watched.close();
});

test("a patient without a consent to photos: the practitioner is told so plainly, and nothing is kept", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const photographed = [];
  for (const p of (await doctor.get("/api/v1/patients?limit=100")).items) {
    const consents = (await doctor.get(`/api/v1/patients/${p.id}/consents?limit=200`)).items;
    if (consents.some((c) => c.kind === "photos")) photographed.push(p.id);
  }
  const { patient, course } = await courseWithoutPhotoConsent(doctor, photographed);
  const watched = await openPage(env.browser, env.server, "photos without consent", tablet);
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/photos\?/, 415); // not an image, on purpose
  watched.expectProblem(/\/photos\?/, 409); // no consent, on purpose
  await page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(page, "dr.demir");
  const photos = page.locator("section.photos");
  await photos.getByText("No photos of this course yet.", { exact: false }).waitFor();
  await photos.getByRole("button", { name: "Add a photo" }).click();
  const form = page.getByRole("form", { name: "Add a photo" });
  // Said before a photo is taken in vain.
  await form.getByText("The patient has no consent to photos in force. Record it on their page").waitFor();
  await form.getByRole("group", { name: "View" }).getByLabel("Top", { exact: true }).check();

  // A file that is not a picture is refused for what it is, whatever its name says.
  await form.getByLabel("Choose a file").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not a picture at all") });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByRole("alert").getByText("This file is not a JPEG or PNG image.", { exact: false }).waitFor();

  // A real photo, refused for want of consent: said plainly, with the way to the consents.
  await form.getByLabel("Choose a file").setInputFiles({ name: "top.png", mimeType: "image/png", buffer: scalpPng({ hairs: 700, seed: 9 }) });
  await form.getByRole("button", { name: "Save photo" }).click();
  const alert = form.getByRole("alert");
  await alert.getByText("The photo was not kept.").waitFor();
  assert.match(await alert.textContent(), /The patient has no consent to photos in force \(for the day the photo was taken, or now\)\. Record their consent to photos first/);
  await watched.check("photo-refused-no-consent");
  await form.screenshot({ path: path.join(watched.folder, "refused-form.png") });
  assert.equal(await photos.locator(".photo-thumb").count(), 0);
  await photos.getByText("No photos of this course yet.", { exact: false }).waitFor();
  assert.equal((await doctor.get(`/api/v1/patients/${patient.id}/photos`)).items.length, 0);

  // To the consents, recorded there; back on the course the photo is kept.
  await alert.getByRole("link", { name: "Go to the patient's consents" }).click();
  const consentsHeading = page.getByRole("heading", { name: "Consents", exact: true });
  await consentsHeading.waitFor();
  await until(() => consentsHeading.evaluate((h) => document.activeElement === h));
  await page.getByRole("button", { name: "Record a consent" }).click();
  const consentForm = page.getByRole("form", { name: "Record a consent" });
  await consentForm.getByRole("group", { name: "Consent to" }).getByLabel("Photos").check();
  await consentForm.getByRole("group", { name: "Given by" }).getByLabel("signed form").check();
  await consentForm.getByRole("button", { name: "Record consent" }).click();
  await page.getByText("Consent recorded.").waitFor();
  await page.goBack();
  await photos.getByRole("button", { name: "Add a photo" }).click();
  assert.equal(await form.getByText("The patient has no consent to photos in force.").count(), 0);
  await form.getByRole("group", { name: "View" }).getByLabel("Top", { exact: true }).check();
  await form.getByLabel("Choose a file").setInputFiles({ name: "top.png", mimeType: "image/png", buffer: scalpPng({ hairs: 700, seed: 9 }) });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByText(/^Photo saved: Top, /).waitFor();
  assert.equal(await photos.locator(".photo-thumb").count(), 1);
  assert.equal((await doctor.get(`/api/v1/patients/${patient.id}/photos`)).items.length, 1);
  watched.assertClean();
  await watched.close();
});

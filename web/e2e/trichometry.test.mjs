// Trichometry on a 1024x768 tablet: a practitioner adds a trichoscopy image of the vertex with
// its calibration to a course, has its hairs counted, checks them on the image, removes a mark
// that is no hair (by the keyboard, as a switch user would) and marks a hair the engine missed
// (two taps: exit, then end), saves, and accepts; the course then holds the accepted figures as
// its measurements, naming the photo, and the result is final.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn, trichometryBench, until } from "./harness.mjs";
import { trichoscopyJpeg } from "./images.mjs";

const env = serverAndBrowser();
const tablet = { width: 1024, height: 768 };

// A London demo patient's course, with a consent to photos recorded for it.
async function courseToPhotograph(doctor) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patients = (await doctor.get(`/api/v1/patients?limit=100`)).items.filter((p) => p.clinic_id === london.id);
  for (const patient of patients) {
    const course = (await doctor.get(`/api/v1/patients/${patient.id}/courses`)).items[0];
    if (!course) continue;
    await doctor.post(`/api/v1/patients/${patient.id}/consents`, { kind: "photos", method: "signed_form" });
    return { patient, course };
  }
  throw new Error("no demo course in London");
}

// The figure in the review's table, by its row and column (1: as it stands, 2: as counted).
async function figure(review, name, column = 1) {
  return (await review.locator(".trichometry__figures tr", { has: review.page().getByRole("rowheader", { name, exact: true }) }).locator("td").nth(column - 1).textContent()).trim();
}

test("a practitioner counts the hairs of a trichoscopy image, corrects them and accepts the figures", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient, course } = await courseToPhotograph(doctor);
  const { jpeg, truth } = trichoscopyJpeg(trichometryBench, 4);

  const watched = await openPage(env.browser, env.server, "practitioner reviews a hair count", tablet, { touch: true });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/trichometry$/, 404); // not counted yet
  await page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(page, "dr.demir");
  const photos = page.locator("section.photos");
  await photos.getByRole("heading", { name: "Photos", exact: true }).waitFor();

  // The image added as a trichoscopy image: a zone and the calibration instead of a view.
  await photos.getByRole("button", { name: "Add a photo" }).click();
  const form = page.getByRole("form", { name: "Add a photo" });
  await form.getByRole("group", { name: "Kind of photo" }).getByLabel("Trichoscopy image").check();
  assert.equal(await form.getByRole("group", { name: "View" }).count(), 0);
  await form.getByLabel("Choose a file").setInputFiles({ name: "vertex.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByRole("group", { name: "Zone" }).getByText("Choose the zone the image shows.").waitFor();
  await form.getByRole("group", { name: "Zone" }).getByLabel("Vertex", { exact: true }).check();
  await form.getByLabel("Calibration (µm per pixel)").fill(String(truth.um_per_px));
  await form.getByRole("button", { name: "Save photo" }).click();
  await form.getByText("Trichoscopy image saved: Vertex,", { exact: false }).waitFor();
  await form.getByRole("button", { name: "Close" }).click();

  // Counted on request.
  const section = photos.locator("section.trichoscopy");
  await section.getByRole("button", { name: "Review the hair count" }).click();
  await section.getByText("Not counted", { exact: false }).or(section.getByRole("button", { name: "Count the hairs" })).first().waitFor();
  await section.getByRole("button", { name: "Count the hairs" }).click();
  const review = section.locator(".trichometry");
  await review.locator(".trichometry__figures").waitFor();
  await review.getByText("Under review", { exact: false }).waitFor();
  const counted = Number(await figure(review, "Hairs counted"));
  // The whole image is counted: at least the hairs of the generator's target area.
  assert.ok(counted >= truth.figures.hair_count * 0.9, `${counted} hairs counted, ${truth.figures.hair_count} in the target area`);
  const map = review.getByRole("group", { name: "The image with the hairs found drawn over it" });
  await map.scrollIntoViewIfNeeded();
  await until(() => map.locator("image").evaluate((i) => i.getBBox().width > 0));
  await page.screenshot({ path: path.join(watched.folder, "counted.png") });
  await watched.check("hairs-counted");
  assert.equal(await review.getByRole("button", { name: "Accept these figures" }).isEnabled(), true);

  // A mark that is no hair, removed from the keyboard: shown at once, saved on request.
  const first = review.getByRole("button", { name: /^Hair \d+, \d+ µm, (vellus, )?counted: tap to remove it$/ }).first();
  await first.focus();
  await page.keyboard.press("Enter");
  await review.getByText("Not saved yet: 1 removed, 0 added.").waitFor();
  assert.equal(await review.getByRole("button", { name: "Accept these figures" }).isEnabled(), false);
  await review.getByText("Save the corrections before accepting.").waitFor();

  // A missed hair marked with two taps: where it leaves the scalp, then where it ends.
  await review.getByRole("button", { name: "Mark a missed hair" }).click();
  await review.getByText("Tap where the hair leaves the scalp.").waitFor();
  const box = await map.boundingBox();
  await map.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
  await review.getByText("Now tap where its visible shaft ends.").waitFor();
  await map.click({ position: { x: box.width * 0.54, y: box.height * 0.42 } });
  await review.getByText("Not saved yet: 1 removed, 1 added.").waitFor();
  await review.getByRole("button", { name: /, 40 µm, added by you: tap to take it away$/ }).waitFor();
  await page.screenshot({ path: path.join(watched.folder, "marked.png") });
  await watched.check("hairs-marked");

  await review.getByRole("button", { name: "Save the corrections" }).click();
  await review.getByText("Corrections saved", { exact: false }).waitFor();
  assert.equal(await figure(review, "Hairs counted"), String(counted));
  assert.equal(await figure(review, "Hairs counted", 2), String(counted));
  await review.getByRole("columnheader", { name: "As corrected" }).waitFor();
  // The removal and the addition are the server's now: its figures and its hairs say so.
  const photoId = (await doctor.get(`/api/v1/patients/${patient.id}/photos?limit=200`)).items.find((p) => p.kind === "trichoscopy").id;
  const kept = await doctor.get(`/api/v1/photos/${photoId}/trichometry`);
  assert.equal(kept.correction.removed.length, 1);
  assert.equal(kept.correction.added.length, 1);
  assert.equal(kept.correction.added[0].width_um, 40);
  assert.equal(kept.figures.hair_count, counted);
  assert.equal(kept.accepted_at, null);

  // Accepted: final, and the course's measurements of the vertex, naming the photo.
  await review.getByRole("button", { name: "Accept these figures" }).click();
  await review.getByText("Accepted: 4 measurements recorded for the course.").waitFor();
  await review.getByText("Accepted: these figures are the course's measurements", { exact: false }).waitFor();
  assert.equal(await review.getByRole("button", { name: "Save the corrections" }).count(), 0);
  assert.equal(await review.getByRole("button", { name: /tap to remove it$/ }).count(), 0);
  const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
  const fromPhoto = outcomes.measurements.filter((m) => m.photo_id === photoId);
  assert.equal(fromPhoto.length, 4);
  assert.ok(fromPhoto.every((m) => m.zone === "vertex" && m.method === "trichoscopy"));
  assert.equal(fromPhoto.find((m) => m.measure === "hair_density").value, Math.round(kept.figures.density_per_cm2 * 10) / 10);
  await review.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(watched.folder, "accepted.png"), fullPage: true });
  await watched.check("hair-count-accepted");
  watched.assertClean();
  await watched.close();
});

// Trichometry on a 1024x768 tablet: a practitioner adds a trichoscopy image of the vertex with
// its calibration to a course, has its hairs counted, checks them on the image, removes a mark
// that is no hair (by the keyboard, as a switch user would) and marks a hair the engine missed
// (two taps: exit, then end), saves, and accepts; the course then holds the accepted figures as
// its measurements, naming the photo, and the result is final.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn, trichometryBench, until } from "./harness.mjs";
import { trichoscopyGrowth, trichoscopyJpeg, trichoscopyVisits } from "./images.mjs";

const env = serverAndBrowser();
const tablet = { width: 1024, height: 768 };

// A London demo patient's course, with a consent to photos recorded for it (given at `given`,
// now if absent); `skip` courses are passed over (another test's).
async function courseToPhotograph(doctor, given, skip = []) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patients = (await doctor.get(`/api/v1/patients?limit=100`)).items.filter((p) => p.clinic_id === london.id);
  for (const patient of patients) {
    const course = (await doctor.get(`/api/v1/patients/${patient.id}/courses`)).items[0];
    if (!course || skip.includes(course.id)) continue;
    await doctor.post(`/api/v1/patients/${patient.id}/consents`, { kind: "photos", method: "signed_form", ...(given ? { given_at: given } : {}) });
    return { patient, course };
  }
  throw new Error("no demo course in London");
}

const day = 24 * 3600 * 1000;

// The courses another test has photographed already, to be passed over.
async function coursesWithPhotos(doctor) {
  const courses = [];
  for (const p of (await doctor.get(`/api/v1/patients?limit=100`)).items) {
    for (const photo of (await doctor.get(`/api/v1/patients/${p.id}/photos?limit=200`)).items) {
      if (photo.course_id) courses.push(photo.course_id);
    }
  }
  return courses;
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
  watched.expectProblem(/\/trichometry\/change$/, 404); // no earlier image of the zone
  watched.expectProblem(/\/trichometry\/growth$/, 404); // no phototrichogram
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
  // The exits the engine is less sure of are ringed orange, named so, and counted in a hint.
  const lessSure = await review.getByRole("button", { name: /, counted, less sure: tap to remove it$/ }).count();
  assert.ok(lessSure > 0 && lessSure < counted, `${lessSure} of ${counted} less sure`);
  await review.getByText(`Check the ${lessSure} broken orange rings first`, { exact: false }).waitFor();
  const lessSureRing = map.locator(".hair--less-sure .hair__exit").first();
  assert.equal(await lessSureRing.evaluate((ring) => getComputedStyle(ring).stroke), "rgb(255, 149, 0)");
  assert.notEqual(await lessSureRing.evaluate((ring) => getComputedStyle(ring).strokeDasharray), "none");
  assert.equal(await map.locator(".hair--counted:not(.hair--less-sure) .hair__exit").first().evaluate((ring) => getComputedStyle(ring).stroke), "rgb(255, 59, 48)");

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

test("a practitioner counts a marked area of the baseline image, then sees the change at follow-up hair by hair", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const taken = new Date(Date.now() - 60 * day).toISOString();
  const { patient, course } = await courseToPhotograph(doctor, new Date(Date.now() - 90 * day).toISOString(), await coursesWithPhotos(doctor));
  const { baseline, followUp, truth } = trichoscopyVisits(trichometryBench, 3);
  const photos = `/api/v1/patients/${patient.id}/photos?kind=trichoscopy&zone=vertex&course_id=${course.id}`;
  const before = await doctor.upload(`${photos}&time_point=baseline&um_per_pixel=${truth.baseline.um_per_px}&taken_at=${encodeURIComponent(taken)}`, baseline);
  const later = await doctor.upload(`${photos}&time_point=end_of_course&um_per_pixel=${truth.follow_up.um_per_px}`, followUp);

  const watched = await openPage(env.browser, env.server, "practitioner compares two visits", tablet, { touch: true });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  watched.expectProblem(/\/trichometry$/, 404); // not counted yet
  watched.expectProblem(/\/trichometry\/change$/, 404); // the baseline has nothing earlier
  watched.expectProblem(/\/trichometry\/growth$/, 404); // neither is a phototrichogram
  await page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(page, "dr.demir");
  const section = page.locator("section.trichoscopy");
  const item = (timePoint) => section.locator(".trichoscopy__item", { hasText: timePoint });

  // The baseline counted over the site's marked area (two taps on its corners), vellus at 40 um.
  await item("Baseline").getByRole("button", { name: "Review the hair count" }).click();
  const first = item("Baseline").locator(".trichometry");
  const areas = first.getByRole("group", { name: "Area to count" });
  // The image is 1600 x 1200 at about 5 um a pixel: a square of 0.25 cm2 is the largest it holds.
  await areas.getByLabel("A square of 0.25 cm² at the centre").waitFor();
  await areas.getByLabel("An area I mark on the image").check();
  await first.getByText("Tap one corner of the area on the image.").waitFor();
  const picture = first.getByRole("img", { name: "The image with the area to count outlined in yellow" });
  await picture.scrollIntoViewIfNeeded();
  await until(() => picture.locator("image").evaluate((i) => i.getBBox().width > 0));
  const area = truth.baseline.target_area;
  const box = await picture.boundingBox();
  const scale = box.width / before.width;
  await picture.click({ position: { x: area.left * scale, y: area.top * scale } });
  await first.getByText("Now tap the opposite corner.").waitFor();
  await picture.click({ position: { x: (area.left + area.width) * scale, y: (area.top + area.height) * scale } });
  await first.getByText("Area marked.", { exact: false }).waitFor();
  await first.getByRole("group", { name: "Vellus hairs are those thinner than" }).getByLabel("40 µm (as TrichoScan reports)").check();
  await page.screenshot({ path: path.join(watched.folder, "area-marked.png") });
  await watched.check("area-marked");
  await first.getByRole("button", { name: "Count the hairs" }).click();
  await first.locator(".trichometry__figures").waitFor();
  await first.getByText("vellus means thinner than 40 µm.", { exact: false }).waitFor();
  await first.getByText("No earlier counted image of this zone to compare with yet.").waitFor();
  const counted = await doctor.get(`/api/v1/photos/${before.id}/trichometry`);
  assert.equal(counted.vellus_under_um, 40);
  // The area is the one tapped, to the pixel or two a tap on a scaled image is off by.
  for (const side of ["left", "top", "width", "height"]) {
    assert.ok(Math.abs(counted.target_area[side] - area[side]) <= 2 / scale, `${side}: ${counted.target_area[side]}, marked ${area[side]}`);
  }
  await first.getByRole("button", { name: "Accept these figures" }).click();
  await first.getByText("Accepted: these figures are the course's measurements", { exact: false }).waitFor();
  await item("Baseline").getByRole("button", { name: "Close" }).click();

  // The follow-up counted over its whole image; the change is counted in the baseline's area.
  await item("End of course").getByRole("button", { name: "Review the hair count" }).click();
  const second = item("End of course").locator(".trichometry");
  await second.getByRole("button", { name: "Count the hairs" }).click();
  const change = second.locator(".trichometry__change");
  await change.getByRole("heading", { name: /^Change since the image of Baseline, / }).waitFor();
  const compared = await doctor.get(`/api/v1/photos/${later.id}/trichometry/change`);
  assert.equal(compared.baseline_photo_id, before.id);
  const signed = (n) => (n > 0 ? `+${n}` : String(n));
  await change.getByText(`Change in the same area, matched hair to hair: ${signed(compared.change)} (${signed(compared.change_percent)}%).`).waitFor();
  await change.getByText(`${compared.lost} lost, ${compared.new_hairs} new, ${compared.persisting} found again.`).waitFor();
  await change.getByText(`Counted image by image: ${compared.baseline_count} then, ${compared.follow_up_count} now.`, { exact: false }).waitFor();
  // The hairs the change is made of are marked on the image, to check: + by each new hair's exit,
  // a ringed − where each lost one left the scalp, those of less sure exits broken.
  assert.ok(compared.lost + compared.new_hairs > 0, "this pair has hairs lost or new");
  await change.getByText(`On the image: + by each new hair (${compared.new_hairs}), and − in a pink ring where each lost one left the scalp (${compared.lost})`, { exact: false }).waitFor();
  const map = second.locator(".hair-map");
  assert.equal(await map.locator(".hair-map__new").count(), compared.new_hairs);
  assert.equal(await map.locator(".hair-map__lost").count(), compared.lost);
  // Each a button, to add it back, where it lies in the area counted (this image's whole view).
  const inView = compared.lost_exits.filter(({ at: [x, y] }) => x >= 0 && y >= 0 && x < later.width && y < later.height);
  const lostRings = map.getByRole("button", { name: "A hair lost since the earlier image left the scalp here: add it back if it is still there" });
  assert.equal(await lostRings.count(), inView.length);
  if (compared.new_hairs > 0) {
    const place = compared.new_hair_places[0];
    await map.getByRole("img", { name: `Hair ${place + 1}: new since the earlier image` }).waitFor();
  }
  const lessSureLost = compared.lost_exits.filter((l) => l.less_sure).length;
  assert.equal(await map.locator(".hair-map__lost--less-sure").count(), lessSureLost);
  if (compared.lost > 0) {
    const [x, y] = compared.lost_exits[0].at;
    const ring = map.locator(".hair-map__lost circle").first();
    assert.equal(Number(await ring.getAttribute("cx")), x);
    assert.equal(Number(await ring.getAttribute("cy")), y);
    assert.equal(await ring.evaluate((c) => getComputedStyle(c).stroke), "rgb(255, 79, 216)");
  }
  await map.screenshot({ path: path.join(watched.folder, "change-map.png") });
  // A lost hair the practitioner sees still there is added back with a tap on its ring, as it was
  // at the earlier visit; saved, it is found again and the change is a hair less of a loss.
  await second.getByText("A lost hair the image still shows was missed here: tap its pink ring", { exact: false }).waitFor();
  // The ring farthest from the others (two close together share the tap); the page's header
  // stays on top as it scrolls, so it is brought to the middle first.
  const apart = (i) => Math.min(...inView.map((l, j) => (i === j ? Infinity : Math.hypot(l.at[0] - inView[i].at[0], l.at[1] - inView[i].at[1]))));
  const chosen = inView.map((_, i) => i).reduce((best, i) => (apart(i) > apart(best) ? i : best), 0);
  await lostRings.nth(chosen).evaluate((g) => g.scrollIntoView({ block: "center" }));
  await lostRings.nth(chosen).click();
  assert.equal(await lostRings.count(), compared.lost - 1);
  assert.equal(await map.locator(".hair--added").count(), 1);
  await second.getByRole("button", { name: "Save the corrections" }).click();
  await change.getByText(`${compared.lost - 1} lost, ${compared.new_hairs} new, ${compared.persisting + 1} found again.`).waitFor();
  const again = await doctor.get(`/api/v1/photos/${later.id}/trichometry/change`);
  assert.equal(again.lost, compared.lost - 1);
  assert.equal(again.change, compared.change + 1);
  const corrected = await doctor.get(`/api/v1/photos/${later.id}/trichometry`);
  // Added as the server gave it.
  assert.deepEqual(
    corrected.correction.added.map((a) => [a.exit, a.end, a.width_um]),
    [[inView[chosen].at, inView[chosen].end, inView[chosen].width_um]],
  );
  assert.equal(await map.locator(".hair-map__lost").count(), compared.lost - 1);
  await map.screenshot({ path: path.join(watched.folder, "change-map-put-back.png") });
  // The engine's count of the baseline area is near the truth drawn there.
  assert.ok(Math.abs(compared.baseline_count - truth.baseline_count) <= 0.15 * truth.baseline_count, `${compared.baseline_count} counted, ${truth.baseline_count} drawn`);
  await second.locator(".trichometry__figures").screenshot({ path: path.join(watched.folder, "change-figures.png") });
  await change.screenshot({ path: path.join(watched.folder, "change.png") });
  await watched.check("change-since-baseline");
  watched.assertClean();
  await watched.close();
});

test("a practitioner reads a phototrichogram under the re-imaged site and records its anagen share", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const { patient, course } = await courseToPhotograph(doctor, new Date(Date.now() - 30 * day).toISOString(), await coursesWithPhotos(doctor));
  const { day0, later, truth } = trichoscopyGrowth(trichometryBench, 6, 2);
  const photos = `/api/v1/patients/${patient.id}/photos?kind=trichoscopy&zone=vertex&time_point=mid_course&course_id=${course.id}`;
  const at = (daysAgo) => encodeURIComponent(new Date(Date.now() - daysAgo * day).toISOString());
  const first = await doctor.upload(`${photos}&um_per_pixel=${truth.day_0.um_per_px}&taken_at=${at(3)}`, day0);
  const second = await doctor.upload(`${photos}&um_per_pixel=${truth.later.um_per_px}&taken_at=${at(1)}`, later);
  // Day 0 counted over its target area and accepted; the later image counted over its whole view.
  const result = `/api/v1/photos/${first.id}/trichometry`;
  await doctor.post(result, { target_area: truth.day_0.target_area });
  await doctor.post(`${result}/acceptance`, {}, await doctor.etag(result));
  await doctor.post(`/api/v1/photos/${second.id}/trichometry`, {});
  const growth = await doctor.get(`/api/v1/photos/${second.id}/trichometry/growth`);
  assert.equal(growth.day_0_photo_id, first.id);
  assert.ok(Math.abs(growth.anagen_share_percent - truth.anagen_share_percent) <= 10, `${growth.anagen_share_percent}% found, ${truth.anagen_share_percent}% drawn`);

  const watched = await openPage(env.browser, env.server, "practitioner reads a phototrichogram", tablet, { touch: true });
  const { page } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  await page.goto(`${env.server.url}/patients/${patient.id}/courses/${course.id}/outcomes`);
  await signIn(page, "dr.demir");
  const items = page.locator("section.trichoscopy .trichoscopy__item");
  await until(async () => (await items.count()) === 2);
  const item = items.filter({ has: page.locator(`img[src="${second.thumbnail_url}"]`) });
  await item.getByRole("button", { name: "Review the hair count" }).click();
  const panel = item.locator(".trichometry__change", { has: page.getByRole("heading", { name: /^Phototrichogram: 2 days since the clipped site's image of Mid-course, / }) });
  await panel.waitFor();
  await panel.getByText(`Anagen share ${growth.anagen_share_percent}%: ${growth.growing} of ${growth.hairs_followed} hairs grew.`).waitFor();
  await panel.getByText("Accept both images' hair counts to record the anagen share for the course.").waitFor();

  // This image's count accepted, the anagen share is recorded on request, once.
  await item.getByRole("button", { name: "Accept these figures" }).click();
  await item.getByText("Accepted: these figures are the course's measurements", { exact: false }).waitFor();
  await panel.getByRole("button", { name: "Record the anagen share for the course" }).click();
  await panel.getByText("Anagen share recorded as the course's measurement.").waitFor();
  await panel.getByText(`Recorded as the course's anagen share: ${growth.anagen_share_percent}%.`).waitFor();
  assert.equal(await panel.getByRole("button", { name: "Record the anagen share for the course" }).count(), 0);
  const outcomes = await doctor.get(`/api/v1/courses/${course.id}/outcomes`);
  const anagen = outcomes.measurements.filter((m) => m.measure === "anagen_share");
  assert.equal(anagen.length, 1);
  assert.equal(anagen[0].photo_id, second.id);
  assert.equal(anagen[0].method, "phototrichogram");
  await panel.screenshot({ path: path.join(watched.folder, "phototrichogram.png") });
  await watched.check("anagen-share-recorded");
  watched.assertClean();
  await watched.close();
});

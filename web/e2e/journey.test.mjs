// The practitioner's whole journey on a 1024x768 tablet: a new patient, their medical history
// and hair assessment, the screening and decision, a course planned and agreed; then, with the
// server's clock at the first session, the session charted on the scalp map (two zones and one
// free point) with a lot, and signed; the aftercare handout printed and the calendar link copied.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, openPage, serverAndBrowser, signIn } from "./harness.mjs";
import { workingDayAhead } from "./setup.mjs";

const env = serverAndBrowser();
const tablet = { width: 1024, height: 768 };

test("a practitioner takes a new patient from intake to a signed session and its aftercare", async () => {
  const doctor = await apiAs(env.server, "dr.demir");
  const watched = await openPage(env.browser, env.server, "practitioner journey", tablet);
  const { page, context } = watched;
  watched.expectProblem(/\/api\/v1\/session$/, 401);
  // A new patient has no history or assessment, a session no chart yet: the API answers 404.
  watched.expectProblem(/\/(medical-history|hair-assessment|chart)$/, 404);
  // A print dialog cannot be driven headless: each window counts its calls to print instead.
  await context.addInitScript(() => {
    window.print = () => {
      window.__printed = (window.__printed ?? 0) + 1;
    };
  });

  // Intake.
  await page.goto(`${env.server.url}/patients/new`);
  await signIn(page, "dr.demir");
  await page.getByLabel("Family name").fill("Aksoy");
  await page.getByLabel("Given name").fill("Deniz");
  await page.getByLabel("Date of birth").fill("1990-05-14");
  await page.getByLabel("Sex").selectOption("female");
  await page.getByRole("button", { name: "Add patient" }).click();
  await page.getByRole("heading", { name: "Aksoy, Deniz" }).waitFor();
  const patientUrl = page.url();
  const patientId = patientUrl.split("/").pop();

  // Medical history: every question answered, none assumed.
  await page.getByRole("link", { name: "Record medical history" }).click();
  await page.getByRole("heading", { name: "Medical history" }).waitFor();
  for (const question of [
    "Any known allergies?",
    "Pregnant or breastfeeding?",
    "Bleeding disorder?",
    "Taking anticoagulants?",
    "In active cancer treatment?",
    "Tends to form keloids?",
  ]) {
    await page.getByRole("group", { name: question }).getByLabel("No").check();
  }
  await page.getByRole("group", { name: "Diabetes" }).getByLabel("None").check();
  await page.getByRole("group", { name: "Autoimmune disease" }).getByLabel("None").check();
  await watched.check("medical-history");
  await page.getByRole("button", { name: "Save medical history" }).click();
  await page.getByText("Medical history saved.").waitFor();

  // Hair assessment.
  await page.getByRole("link", { name: "Record hair assessment" }).click();
  await page.getByRole("group", { name: "Scale" }).getByLabel("Ludwig").check();
  await page.getByLabel("Stage").selectOption("II");
  const zones = page.getByRole("group", { name: "Zones affected" });
  await zones.getByLabel("Vertex").check();
  await zones.getByLabel("Mid-scalp").check();
  await page.getByLabel("Losing hair for (months)").fill("14");
  await page.getByLabel("Pull test: hairs out").fill("7");
  await page.getByLabel("Hairs shed a day").fill("110");
  await page.getByRole("group", { name: "Scalp condition" }).getByLabel("Normal").check();
  await watched.check("hair-assessment");
  await page.getByRole("button", { name: "Save hair assessment" }).click();
  await page.getByText("Hair assessment saved.").waitFor();

  // Screening and decision, for the formulation of a protocol the patient's clinic prices.
  const patient = await doctor.get(`/api/v1/patients/${patientId}`);
  const protocols = (await doctor.get("/api/v1/protocols?limit=200")).items.filter((p) => !p.retired_at);
  const protocol = protocols.find((p) => p.sessions === 4) ?? protocols[0];
  const formulation = (await doctor.get(`/api/v1/formulations/${protocol.formulation_id}`)).name;
  await page.getByRole("link", { name: "Screen and decide" }).click();
  await page.getByLabel("Formulation").selectOption({ label: formulation });
  await page.getByRole("button", { name: "Screen" }).click();
  await page.getByRole("heading", { name: /Proposed: Suitable/ }).waitFor();
  await watched.check("proposal");
  await page.getByRole("button", { name: "Accept the proposal" }).click();
  await page.getByText("Decision recorded.").waitFor();
  const decisions = page.locator("section.card", { has: page.getByRole("heading", { name: "Suitability decisions" }) });
  await decisions.getByText("Suitable", { exact: true }).waitFor();

  // The course: planned on the preferred days, agreed, every session booked.
  const start = workingDayAhead();
  await page.getByRole("link", { name: "Plan a course" }).click();
  await page.getByLabel("Protocol").selectOption(protocol.id);
  await page.getByLabel("First session on or after").fill(start);
  const days = page.getByRole("group", { name: "Preferred days" });
  await days.getByLabel("Tuesday").check();
  await days.getByLabel("Thursday").check();
  await page.getByRole("button", { name: "Propose sessions" }).click();
  const proposal = page.getByRole("form", { name: /Proposed course/ });
  await proposal.waitFor();
  assert.equal(await proposal.locator(".plan__session").count(), protocol.sessions);
  assert.match(await proposal.textContent(), /Cost estimate: .*\d/);
  await page.getByRole("group", { name: /agreed to the plan/ }).getByLabel("Verbally").check();
  await watched.check("course-plan");
  await page.getByRole("button", { name: "Record agreement and book" }).click();
  await page.getByText("Course agreed: every session is booked.").waitFor();
  await watched.check("patient-with-course");
  const course = (await doctor.get(`/api/v1/patients/${patientId}/courses`)).items[0];
  assert.equal(course.sessions.length, protocol.sessions);
  const first = course.sessions[0];
  // The last session moved two days later from the course on the patient's record.
  const last = course.sessions.at(-1);
  const later = new Date(`${last.starts.local}:00Z`);
  later.setUTCDate(later.getUTCDate() + 2);
  const laterLocal = later.toISOString().slice(0, 16);
  const lastRow = page.locator("ol.course__sessions li").last();
  await lastRow.getByRole("button", { name: /^Move: / }).click();
  await lastRow.getByLabel("New start (clinic time)").fill(laterLocal);
  await lastRow.getByRole("button", { name: "Move", exact: true }).click();
  await page.getByText(new RegExp(`^Moved 1 appointment\\(s\\): session ${protocol.sessions} to `)).waitFor();
  const moved = (await doctor.get(`/api/v1/courses/${course.id}`)).sessions.at(-1);
  assert.equal(moved.starts.local, laterLocal);

  assert.equal(first.starts.local.slice(0, 10) >= start, true);

  // Five minutes into the first session (the server's clock moves there; see restartAt).
  const at = new Date(Date.parse(first.starts.utc) + 5 * 60000).toISOString();
  await env.server.restartAt(at);
  const doctorThen = await apiAs(env.server, "dr.demir"); // sessions of a week ago have ended
  await page.goto(`${env.server.url}/patients/${patientId}`);
  await signIn(page, "dr.demir");
  const sessions = page.locator("ol.course__sessions li");
  await sessions.first().getByRole("link", { name: "Chart" }).click();
  await page.getByRole("heading", { name: "Chart the session" }).waitFor();

  // Two zones tapped and one free point placed on the scalp.
  const map = page.getByRole("group", { name: "Scalp seen from above, face at the top" });
  await map.getByRole("button", { name: "Vertex" }).click();
  await map.getByRole("button", { name: "Mid-scalp" }).click();
  await page.getByRole("textbox", { name: "Volume in ml, Vertex", exact: true }).fill("1.5");
  await page.getByRole("textbox", { name: "Injection points, Vertex", exact: true }).fill("40");
  await page.getByRole("textbox", { name: "Volume in ml, Mid-scalp", exact: true }).fill("1");
  // Stepped with the large buttons, as with gloves on: six times five points.
  for (let i = 0; i < 6; ++i) await page.getByRole("button", { name: "More: Injection points, Mid-scalp" }).click();
  assert.equal(await page.getByRole("textbox", { name: "Injection points, Mid-scalp", exact: true }).inputValue(), "30");
  await page.getByRole("button", { name: "Place points" }).click();
  const box = await map.boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.12);
  await page.getByRole("textbox", { name: "Volume in ml, point 1", exact: true }).fill("0.2");
  // From the keyboard a point goes to the middle of the zone named (taken off again here).
  await map.getByRole("button", { name: "Place a point in Occipital" }).press("Enter");
  await page.getByRole("textbox", { name: "Volume in ml, point 2", exact: true }).waitFor();
  await page.getByRole("row", { name: /Point 2/ }).getByRole("button", { name: "Remove" }).click();
  assert.equal(await page.getByRole("textbox", { name: "Volume in ml, point 2", exact: true }).count(), 0);

  await page.getByRole("group", { name: "Technique" }).getByLabel("Nappage").check();
  await page.getByLabel("Needle gauge (G)").fill("32");
  await page.getByLabel("Needle length (mm)").fill("4");
  await page.getByLabel("Depth (mm)").fill("1.5");

  // A recalled lot is refused with its reason; a good one of the protocol's formulation is taken.
  const lots = (await doctorThen.get(`/api/v1/lots?clinic_id=${patient.clinic_id}&limit=200`)).items;
  const products = (await doctorThen.get("/api/v1/products?limit=200")).items;
  const recalled = lots.find((l) => l.recalled);
  const good = lots.find(
    (l) => l.usable && products.find((p) => p.id === l.product_id)?.formulation_id === protocol.formulation_id,
  );
  const lotField = page.getByLabel("Lot number");
  if (recalled) {
    await lotField.fill(recalled.number);
    await lotField.press("Enter");
    await page.getByRole("alert").getByText(`Lot ${recalled.number} cannot be used`).waitFor();
  }
  await lotField.fill(good.number);
  await lotField.press("Enter"); // as a scanner does
  await page.getByRole("cell", { name: good.number, exact: true }).waitFor();
  await page.getByRole("group", { name: "Pain score" }).getByLabel("3", { exact: true }).check();
  // The draft is saved as the practitioner goes, without a button.
  await page.getByText(/^Draft saved at \d\d:\d\d$/).waitFor();
  const draft = await doctorThen.get(`/api/v1/appointments/${first.id}/chart`);
  assert.equal(draft.status, "draft");
  assert.equal(draft.pain_score, 3);
  await watched.check("chart-at-the-chair");
  // Signing asks once.
  await page.getByRole("button", { name: "Sign chart" }).click();
  await page.getByText("Sign now? A signed chart can only be corrected, with a reason.").waitFor();
  await page.getByRole("button", { name: "Sign now" }).click();

  // Aftercare: dated restrictions, the handout printed, the calendar link copied.
  await page.getByRole("heading", { name: "Aftercare" }).waitFor();
  await page.getByText("Chart signed.").waitFor();
  const restrictions = page.locator("ul.restrictions");
  assert.match(await restrictions.textContent(), /No hair washing\s*until/);
  await watched.check("aftercare");
  const [handout] = await Promise.all([context.waitForEvent("page"), page.getByRole("button", { name: "Print handout" }).click()]);
  await handout.waitForLoadState("load");
  await handout.waitForFunction(() => window.__printed === 1);
  assert.match(await handout.textContent("body"), /Aksoy/);
  await handout.screenshot({ path: `${watched.folder}/handout.png`, fullPage: true });
  await handout.close();
  await page.getByRole("button", { name: "Copy calendar link" }).click();
  await page.getByText("Copied:").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, new RegExp(`^${env.server.url}/calendar/`));
  const calendar = await fetch(copied);
  assert.equal(calendar.status, 200);
  assert.match(await calendar.text(), /BEGIN:VCALENDAR/);

  // What was signed is what the practitioner tapped.
  const chart = await doctorThen.get(`/api/v1/appointments/${first.id}/chart`);
  assert.equal(chart.status, "signed");
  assert.deepEqual(chart.zones.map((z) => z.zone).sort(), ["mid_scalp", "vertex"]);
  assert.equal(chart.points.length, 1);
  assert.ok(chart.points[0].y < 0.2, "the free point is near the front, where it was tapped");
  assert.deepEqual(chart.lots.map((l) => l.number), [good.number]);
  assert.equal(chart.pain_score, 3);
  watched.assertClean();
  await watched.close();
});

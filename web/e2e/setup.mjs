// What tests start from, made through the API as staff would: patients screened and decided.
const londonHolidays = ["2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29"];

// A day at least two days ahead in London on which dr.demir works there (Tuesday or Thursday)
// and the clinic is open.
export function workingDayAhead() {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const day = new Date(`${today}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 2);
  for (;;) {
    const iso = day.toISOString().slice(0, 10);
    if ([2, 4].includes(day.getUTCDay()) && !londonHolidays.includes(iso)) return iso;
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

// A new patient at the London clinic with a history, an assessment and a suitable decision.
export async function screenedPatient(doctor, names) {
  const clinics = (await doctor.get("/api/v1/clinics")).items;
  const london = clinics.find((c) => c.time_zone === "Europe/London");
  const patient = await doctor.post("/api/v1/patients", {
    clinic_id: london.id,
    ...names,
    date_of_birth: "1988-04-12",
    sex: "female",
  });
  const base = `/api/v1/patients/${patient.id}`;
  await doctor.post(`${base}/medical-history`, {
    allergies: [],
    pregnant_or_breastfeeding: false,
    bleeding_disorder: false,
    anticoagulants: false,
    active_cancer_treatment: false,
    diabetes: "none",
    autoimmune: "none",
    keloid_tendency: false,
  });
  await doctor.post(`${base}/hair-assessment`, {
    scale: "ludwig",
    stage: "I",
    affected_zones: ["vertex", "mid_scalp"],
    loss_duration_months: 18,
    pull_test: { hairs_out: 6, hairs_pulled: 60 },
    shedding_count: 90,
    scalp_conditions: [],
  });
  const formulation = (await doctor.get("/api/v1/formulations")).items.find((f) => !f.retired);
  const proposal = await doctor.post(`${base}/suitability`, { formulation_id: formulation.id });
  const decision = {
    outcome: "suitable",
    formulation_id: formulation.id,
    rule_set_version: proposal.rule_set.version,
    medical_history_version: proposal.medical_history_version,
    hair_assessment_version: proposal.hair_assessment_version,
  };
  if (proposal.proposed_outcome !== "suitable") decision.override_reason = "set up for the browser test";
  await doctor.post(`${base}/decisions`, decision);
  return { patient, clinic: london, formulation };
}

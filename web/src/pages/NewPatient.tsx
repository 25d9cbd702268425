// A new patient at the clinic being worked at; the server checks every rule and names the field.
import { useState } from "preact/hooks";
import { api, ApiProblem } from "../api/client";
import type { Patient } from "../api/types";
import { currentClinicId } from "../clinic";
import { useT } from "../i18n/i18n";
import { navigate } from "../router";
import { useObservable } from "../state";
import { Button, ErrorSummary, asProblem } from "../ui/forms";
import { PatientFields, emptyPatient, type PatientDraft } from "./PatientForm";

export function NewPatientPage() {
  const t = useT();
  const clinicId = useObservable(currentClinicId);
  const [draft, setDraft] = useState<PatientDraft>(emptyPatient);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const labels: Record<string, string> = {
    "/family_name": t("patient.familyName"),
    "/given_name": t("patient.givenName"),
    "/date_of_birth": t("patient.dateOfBirth"),
    "/phone": t("patient.phone"),
    "/email": t("patient.email"),
    "/reminder_channel": t("patient.reminders"),
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const created = await api.create<Patient>("/api/v1/patients", { clinic_id: clinicId, ...draft });
      navigate(`/patients/${created.id}`);
    } catch (error) {
      setProblem(asProblem(error));
      setBusy(false);
    }
  };

  return (
    <section class="page page--form" aria-labelledby="new-patient-title">
      <h1 id="new-patient-title">{t("patients.new")}</h1>
      <form onSubmit={submit} noValidate>
        <ErrorSummary problem={problem} labels={labels} />
        <PatientFields draft={draft} onChange={setDraft} problem={problem} identity />
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t("common.saving") : t("patient.create")}
        </Button>
      </form>
    </section>
  );
}

// Booking a single appointment for the patient: practitioner, clinic time, length. The server
// decides whether it may be booked (hours, free room, a favourable decision) and says why not.
import { useEffect, useState } from "preact/hooks";
import { api, ApiProblem } from "../api/client";
import type { Appointment, ClinicSchedule } from "../api/types";
import { useT } from "../i18n/i18n";
import { Button, ErrorSummary, Field, asProblem } from "../ui/forms";

export function BookAppointment(props: { patientId: string; clinicId: string; onBooked: (a: Appointment) => void }) {
  const t = useT();
  const [practitioners, setPractitioners] = useState<{ id: string; username: string }[]>([]);
  const [practitionerId, setPractitionerId] = useState("");
  const [starts, setStarts] = useState("");
  const [minutes, setMinutes] = useState(30);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => {
    // The clinic's day sheet names the practitioners who work there.
    api
      .get<ClinicSchedule>(`/api/v1/clinics/${props.clinicId}/appointments?limit=1`)
      .then((sheet) => {
        setPractitioners(sheet.practitioners);
        setPractitionerId((current) => current || sheet.practitioners[0]?.id || "");
      })
      .catch((error) => setProblem(asProblem(error)));
  }, [props.clinicId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const booked = await api.create<Appointment>("/api/v1/appointments", {
        patient_id: props.patientId,
        practitioner_id: practitionerId,
        starts: { local: starts },
        minutes,
      });
      props.onBooked(booked);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="book-title">
      <h2 id="book-title">{t("book.title")}</h2>
      <ErrorSummary
        problem={problem}
        labels={{ "/practitioner_id": t("book.practitioner"), "/starts/local": t("book.starts"), "/minutes": t("book.minutes") }}
      />
      <Field label={t("book.practitioner")} field="/practitioner_id" problem={problem}>
        {(id, describedBy) => (
          <select id={id} aria-describedby={describedBy} value={practitionerId} onChange={(e) => setPractitionerId(e.currentTarget.value)}>
            {practitioners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.username}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("book.starts")} field="/starts/local" problem={problem}>
        {(id, describedBy, invalid) => (
          <input
            id={id}
            type="datetime-local"
            step={300}
            required
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={starts}
            onInput={(e) => setStarts(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label={t("book.minutes")} field="/minutes" problem={problem}>
        {(id, describedBy) => (
          <select id={id} aria-describedby={describedBy} value={minutes} onChange={(e) => setMinutes(Number(e.currentTarget.value))}>
            {[15, 30, 45, 60, 90].map((m) => (
              <option key={m} value={m}>
                {t("book.minutesValue", { n: m })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button type="submit" variant="primary" busy={busy}>
        {busy ? t("common.saving") : t("book.submit")}
      </Button>
    </form>
  );
}

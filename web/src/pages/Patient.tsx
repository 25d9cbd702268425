// A patient: the header that stays in view (name, age, birth date, phone) and, below, the
// appointments; contact details edited in place with the version the page read (If-Match).
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, api, request } from "../api/client";
import type { Appointment, Page, Patient } from "../api/types";
import { formatDate, formatTime, hasMessage, useLanguage, useT } from "../i18n/i18n";
import { Button, ErrorSummary, Progress, asProblem, SubmitOrCancel } from "../ui/forms";
import type { MessageKey } from "../i18n/catalogue";
import { navigate, searchParam } from "../router";
import { session } from "../session";
import { Link } from "../ui/Link";
import { useObservable } from "../state";
import { BookAppointment } from "./BookAppointment";
import { ClinicalRecord } from "./ClinicalRecord";
import { Consents } from "./patient/Consents";
import { PatientFields, type PatientDraft } from "./PatientForm";

function ageOn(birth: string, today: Date): number {
  const [y, m, d] = birth.split("-").map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  return age;
}

export function PatientPage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const id = props.params.id;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [etag, setEtag] = useState("");
  const [appointments, setAppointments] = useState<Appointment[] | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<PatientDraft | null>(null);
  const [saveProblem, setSaveProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // A form that saved and came back here says so once (?saved=history and the like).
  const saved = searchParam("saved");
  const [notice, setNotice] = useState(saved && hasMessage(`record.saved.${saved}`) ? t(`record.saved.${saved}` as MessageKey) : "");
  // Said once: a reload or a link copied from the address bar does not say it again.
  useEffect(() => {
    if (saved) navigate(`/patients/${id}`, { replace: true });
  }, [saved, id]);
  const [booking, setBooking] = useState(false);
  const state = useObservable(session);
  const role = state.status === "signed-in" ? state.info.user.role : "reception";
  const canChange = role === "practitioner" || role === "reception";
  // Clinical data is for practitioners and auditors only; reception sees contact and appointments.
  const clinical = role === "practitioner" || role === "auditor";

  useEffect(() => {
    let live = true;
    setPatient(null);
    request<Patient>("GET", `/api/v1/patients/${id}`)
      .then((reply) => {
        if (!live) return;
        setPatient(reply.data);
        setEtag(reply.etag ?? "");
      })
      .catch((error) => live && setProblem(asProblem(error)));
    api
      .get<Page<Appointment>>(`/api/v1/patients/${id}/appointments?limit=200`)
      .then((page) => live && setAppointments(page.items))
      .catch((error) => live && setProblem(asProblem(error)));
    return () => {
      live = false;
    };
  }, [id]);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setSaveProblem(null);
    try {
      const reply = await request<Patient>("PATCH", `/api/v1/patients/${id}`, {
        body: { phone: draft.phone, email: draft.email, preferred_language: draft.preferred_language, reminder_channel: draft.reminder_channel },
        ifMatch: etag,
      });
      setPatient(reply.data);
      setEtag(reply.etag ?? "");
      setEditing(false);
      setNotice(t("patient.saved"));
    } catch (error) {
      setSaveProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (problem && !patient) return <section class="page"><ErrorSummary problem={problem} /></section>;
  if (!patient) return <Progress label={t("common.loading")} />;
  return (
    <section class="page" aria-labelledby="patient-name">
      <header class="patient-banner">
        <h1 id="patient-name">
          {patient.family_name}, {patient.given_name}
        </h1>
        <p>
          {t("patient.age", { years: ageOn(patient.date_of_birth, new Date()) })} · {formatDate(lang, patient.date_of_birth)} ·{" "}
          {t(`sex.${patient.sex}`)}
          {patient.phone && <> · {patient.phone}</>}
          {patient.email && <> · {patient.email}</>}
        </p>
        {canChange && !editing && (
          <Button
            onClick={() => {
              setDraft({ ...patient });
              setEditing(true);
              setNotice("");
            }}
          >
            {t("patient.edit")}
          </Button>
        )}
      </header>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {editing && draft && (
        <form class="panel" onSubmit={save} noValidate aria-label={t("patient.edit")}>
          <ErrorSummary problem={saveProblem} />
          <PatientFields draft={draft} onChange={setDraft} problem={saveProblem} identity={false} />
          <SubmitOrCancel busy={busy} label={t("common.save")} onCancel={() => setEditing(false)} />
        </form>
      )}
      {role === "practitioner" && (
        <nav class="toolbar" aria-label={t("record.next")}>
          <Link class="button button--secondary" href={`/patients/${id}/history`}>{t("record.history")}</Link>
          <Link class="button button--secondary" href={`/patients/${id}/assessment`}>{t("record.assessment")}</Link>
          <Link class="button button--secondary" href={`/patients/${id}/suitability`}>{t("record.screen")}</Link>
          <Link class="button button--secondary" href={`/patients/${id}/plan`}>{t("record.plan")}</Link>
        </nav>
      )}
      {clinical && <ClinicalRecord patientId={patient.id} canChange={role === "practitioner"} />}
      <Consents patientId={patient.id} canChange={canChange} show={searchParam("show") === "consents"} />
      <div class="toolbar">
        <h2>{t("patient.appointments")}</h2>
        {canChange && !booking && (
          <Button variant="primary" onClick={() => setBooking(true)}>
            {t("book.open")}
          </Button>
        )}
      </div>
      {booking && (
        <BookAppointment
          patientId={patient.id}
          clinicId={patient.clinic_id}
          onBooked={(booked) => {
            setAppointments([...(appointments ?? []), booked].sort((a, b) => a.starts.utc.localeCompare(b.starts.utc)));
            setBooking(false);
            setNotice(t("book.booked"));
          }}
        />
      )}
      {!appointments && <Progress label={t("common.loading")} />}
      {appointments && appointments.length === 0 && <p class="empty">{t("patient.noAppointments")}</p>}
      {appointments && appointments.length > 0 && (
        <ul class="results">
          {appointments.map((a) => (
            <li key={a.id}>
              <strong>
                {formatDate(lang, a.starts.local)} {formatTime(lang, a.starts.local)}
              </strong>{" "}
              · {a.session_number ? t("today.session", { n: a.session_number }) : t("today.single")} · {t(`status.${a.status}`)}
              {a.status === "attended" && a.course_id && (
                <>
                  {" · "}
                  <Link href={`/patients/${id}/sessions/${a.id}/aftercare`}>{t("record.aftercare")}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

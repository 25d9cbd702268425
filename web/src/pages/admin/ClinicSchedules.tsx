// Practitioners' working weeks and absences at the clinic: the planner books only practitioners
// with a week here, so one without says so. The practitioners are the clinic's practitioner accounts.
import { useState } from "preact/hooks";
import type { Page } from "../../api/types";
import type { ClinicDetail, PractitionerSchedule, StaffUser } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Notice, useDocument, useResource } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";
import { WeekEditor, compactWeek, weekLabels } from "./WeekEditor";

const noSchedule: PractitionerSchedule = { working_hours: {}, absences: [] };

function ScheduleForm(props: { clinic: ClinicDetail; user: StaffUser }) {
  const t = useT();
  const doc = useDocument<PractitionerSchedule>(`/api/v1/clinics/${props.clinic.id}/practitioners/${props.user.id}/schedule`, true, noSchedule);
  if (doc.problem) return <ErrorSummary problem={doc.problem} />;
  if (!doc.draft || doc.loading) return <Progress label={t("common.loading")} />;
  const draft = doc.draft;
  const problem = doc.action.problem;
  const setAbsence = (index: number, key: "first_day" | "last_day" | "reason", value: string) =>
    doc.setDraft({ ...draft, absences: draft.absences.map((a, i) => (i === index ? { ...a, [key]: value } : a)) });
  return (
    <form
      noValidate
      aria-label={t("admin.schedule.of", { name: props.user.username })}
      onSubmit={(e) => {
        e.preventDefault();
        void doc.save(t("patient.saved"), { working_hours: compactWeek(draft.working_hours), absences: draft.absences });
      }}
    >
      <p class="hint">{t("admin.hours.zone", { zone: props.clinic.time_zone })}</p>
      {!doc.etag && <p class="notice">{t("admin.schedule.unset", { name: props.user.username })}</p>}
      <Notice text={doc.action.notice} />
      <ErrorSummary problem={problem} labels={weekLabels("/working_hours", draft.working_hours, t)} />
      <WeekEditor
        week={draft.working_hours}
        pointer="/working_hours"
        problem={problem}
        closedLabel={t("admin.schedule.off")}
        onChange={(week) => doc.setDraft({ ...draft, working_hours: week })}
      />
      <h3>{t("admin.schedule.absences")}</h3>
      {draft.absences.length === 0 && <p class="empty">{t("admin.schedule.noAbsences")}</p>}
      {draft.absences.map((absence, index) => (
        <fieldset key={index} class="row-editor">
          <legend class="visually-hidden">{t("admin.schedule.absence", { n: index + 1 })}</legend>
          <TextField label={t("admin.schedule.firstDay")} type="date" field={`/absences/${index}/first_day`} problem={problem} value={absence.first_day} onInput={(v) => setAbsence(index, "first_day", v)} />
          <TextField label={t("admin.schedule.lastDay")} type="date" field={`/absences/${index}/last_day`} problem={problem} value={absence.last_day} onInput={(v) => setAbsence(index, "last_day", v)} />
          <TextField label={t("admin.hours.reason")} optional field={`/absences/${index}/reason`} problem={problem} value={absence.reason ?? ""} onInput={(v) => setAbsence(index, "reason", v)} />
          <Button type="button" variant="danger" onClick={() => doc.setDraft({ ...draft, absences: draft.absences.filter((_, i) => i !== index) })}>
            {t("admin.week.remove")}
          </Button>
        </fieldset>
      ))}
      <Button type="button" class="add-row" onClick={() => doc.setDraft({ ...draft, absences: [...draft.absences, { first_day: "", last_day: "", reason: "" }] })}>
        {t("admin.schedule.addAbsence")}
      </Button>
      <div class="actions">
        <Button type="submit" variant="primary" busy={doc.action.busy}>
          {doc.action.busy ? t("common.saving") : t("admin.schedule.save")}
        </Button>
      </div>
    </form>
  );
}

export function ClinicSchedules(props: { clinic: ClinicDetail }) {
  const t = useT();
  const users = useResource<Page<StaffUser>>("/api/v1/users?limit=200");
  const [chosen, setChosen] = useState("");
  const practitioners = (users.data?.items ?? []).filter((u) => u.role === "practitioner" && u.active && u.clinic_ids.includes(props.clinic.id));
  const user = practitioners.find((u) => u.id === chosen) ?? practitioners[0];
  return (
    <div>
      <h2>{t("admin.clinic.schedules")}</h2>
      {users.problem && <ErrorSummary problem={users.problem} />}
      {users.loading && <Progress label={t("common.loading")} />}
      {!users.loading && practitioners.length === 0 && <p class="empty">{t("admin.schedule.none")}</p>}
      {user && (
        <>
          <SelectField
            label={t("book.practitioner")}
            field="/user_id"
            problem={null}
            value={user.id}
            onChange={setChosen}
            options={practitioners.map((p) => ({ value: p.id, label: p.username }))}
          />
          <ScheduleForm key={user.id} clinic={props.clinic} user={user} />
        </>
      )}
    </div>
  );
}

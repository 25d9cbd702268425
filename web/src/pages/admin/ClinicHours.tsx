// Opening hours in the clinic's own time, the days it is closed, and its healing period. Until
// they are saved nothing can be booked at the clinic, so the page says so.
import type { ClinicCalendar, ClinicDetail } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Notice, useDocument } from "../../ui/data";
import { TextField } from "../../ui/inputs";
import { WeekEditor, compactWeek, weekLabels } from "./WeekEditor";

export function ClinicHours(props: { clinic: ClinicDetail }) {
  const t = useT();
  const doc = useDocument<ClinicCalendar>(`/api/v1/clinics/${props.clinic.id}/calendar`);
  if (doc.problem) return <ErrorSummary problem={doc.problem} />;
  if (!doc.draft) return <Progress label={t("common.loading")} />;
  const draft = doc.draft;
  const problem = doc.action.problem;
  const setClosure = (index: number, key: "date" | "reason", value: string) =>
    doc.setDraft({ ...draft, closures: draft.closures.map((c, i) => (i === index ? { ...c, [key]: value } : c)) });
  const unset = !doc.etag;
  return (
    <form
      noValidate
      aria-labelledby="hours-title"
      onSubmit={(e) => {
        e.preventDefault();
        // Only what the input takes: the zone and clinic id read back are the clinic's own.
        void doc.save(t("patient.saved"), {
          opening_hours: compactWeek(draft.opening_hours),
          closures: draft.closures,
          healing_days: draft.healing_days,
        });
      }}
    >
      <h2 id="hours-title">{t("admin.clinic.hours")}</h2>
      <p class="hint">{t("admin.hours.zone", { zone: props.clinic.time_zone })}</p>
      {unset && <p class="notice">{t("admin.hours.unset")}</p>}
      <Notice text={doc.action.notice} />
      <ErrorSummary problem={problem} labels={weekLabels("/opening_hours", draft.opening_hours, t)} />
      <WeekEditor
        week={draft.opening_hours}
        pointer="/opening_hours"
        problem={problem}
        closedLabel={t("admin.hours.closed")}
        onChange={(week) => doc.setDraft({ ...draft, opening_hours: week })}
      />
      <h3>{t("admin.hours.closures")}</h3>
      {draft.closures.length === 0 && <p class="empty">{t("admin.hours.noClosures")}</p>}
      {draft.closures.map((closure, index) => (
        <fieldset key={index} class="row-editor">
          <legend class="visually-hidden">{t("admin.hours.closure", { n: index + 1 })}</legend>
          <TextField label={t("admin.hours.date")} type="date" field={`/closures/${index}/date`} problem={problem} value={closure.date} onInput={(v) => setClosure(index, "date", v)} />
          <TextField label={t("admin.hours.reason")} optional field={`/closures/${index}/reason`} problem={problem} value={closure.reason ?? ""} onInput={(v) => setClosure(index, "reason", v)} />
          <Button type="button" variant="danger" onClick={() => doc.setDraft({ ...draft, closures: draft.closures.filter((_, i) => i !== index) })}>
            {t("admin.week.remove")}
          </Button>
        </fieldset>
      ))}
      <Button type="button" class="add-row" onClick={() => doc.setDraft({ ...draft, closures: [...draft.closures, { date: "", reason: "" }] })}>
        {t("admin.hours.addClosure")}
      </Button>
      <TextField
        label={t("admin.hours.healing")}
        hint={t("admin.hours.healingHint")}
        type="number"
        min={1}
        max={14}
        field="/healing_days"
        problem={problem}
        value={String(draft.healing_days)}
        onInput={(v) => doc.setDraft({ ...draft, healing_days: Number(v) })}
      />
      <Button type="submit" variant="primary" busy={doc.action.busy}>
        {doc.action.busy ? t("common.saving") : t("admin.hours.save")}
      </Button>
    </form>
  );
}

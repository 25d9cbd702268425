// The clinic's responder rule: which measure, at which time point, must be how many percent above
// baseline for a patient to count as having responded to a course. Admins change it (with the
// version read, so a change made meanwhile is offered rather than overwritten); the server checks
// the choices and the range.
import { responderMeasures, timePoints, type OutcomeSettings, type ResponderRule } from "../../api/outcome-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { EditProblems, Notice, useDocument, useRole } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";
// The outcome words come with this code (see the area file).
import "../../i18n/areas/outcomes";

export function ClinicOutcomes(props: { clinicId: string }) {
  const t = useT();
  const admin = useRole() === "admin";
  const doc = useDocument<OutcomeSettings>(`/api/v1/clinics/${props.clinicId}/outcome-settings`);
  if (doc.problem) return <ErrorSummary problem={doc.problem} />;
  if (!doc.draft) return <Progress label={t("common.loading")} />;
  const rule = doc.draft.responder;
  const problem = doc.action.problem;
  const set = (change: Partial<ResponderRule>) => doc.setDraft({ responder: { ...rule, ...change } });
  const labels = {
    "/responder/measure": t("admin.outcomes.measure"),
    "/responder/time_point": t("admin.outcomes.timePoint"),
    "/responder/min_percent": t("admin.outcomes.minPercent"),
  };
  return (
    <form
      class="page--form"
      noValidate
      aria-labelledby="outcomes-title"
      onSubmit={(e) => {
        e.preventDefault();
        void doc.save(t("patient.saved"));
      }}
    >
      <h2 id="outcomes-title">{t("admin.clinic.outcomes")}</h2>
      <p class="hint">{t("admin.outcomes.why")}</p>
      <Notice text={doc.action.notice} />
      <EditProblems problem={problem} labels={labels} onReload={() => void (doc.action.clear(), doc.reload())} />
      <SelectField
        label={labels["/responder/measure"]}
        field="/responder/measure"
        problem={problem}
        value={rule.measure}
        onChange={(measure) => set({ measure: measure as ResponderRule["measure"] })}
        options={responderMeasures.map((m) => ({ value: m, label: t(`measure.${m}` as MessageKey) }))}
      />
      <SelectField
        label={labels["/responder/time_point"]}
        field="/responder/time_point"
        problem={problem}
        value={rule.time_point}
        onChange={(point) => set({ time_point: point as ResponderRule["time_point"] })}
        options={timePoints.filter((p) => p !== "baseline").map((p) => ({ value: p, label: t(`timePoint.${p}` as MessageKey) }))}
      />
      <TextField
        label={labels["/responder/min_percent"]}
        field="/responder/min_percent"
        problem={problem}
        type="number"
        min={1}
        max={200}
        value={String(rule.min_percent ?? "")}
        onInput={(v) => set({ min_percent: (v.trim() === "" ? null : Number(v)) as number })}
      />
      {admin && (
        <Button type="submit" variant="primary" busy={doc.action.busy}>
          {doc.action.busy ? t("common.saving") : t("admin.outcomes.save")}
        </Button>
      )}
    </form>
  );
}

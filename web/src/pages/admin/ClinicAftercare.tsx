// The clinic's aftercare rules: for each restriction its minimum and recommended days, or "until
// healed" (the clinic's healing period). Signing a session turns them into end times; the server
// checks the numbers.
import type { AftercareRule } from "../../api/admin-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Notice, useDocument, useRole } from "../../ui/data";
import { TextField } from "../../ui/inputs";

const known = ["no_washing", "no_sun", "no_swimming_or_sauna", "no_scalp_massage", "no_alcohol"];

function days(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

export function ClinicAftercare(props: { clinicId: string }) {
  const t = useT();
  const admin = useRole() === "admin";
  const doc = useDocument<{ rules: AftercareRule[] }>(`/api/v1/clinics/${props.clinicId}/aftercare-rules`);
  if (doc.problem) return <ErrorSummary problem={doc.problem} />;
  if (!doc.draft) return <Progress label={t("common.loading")} />;
  const draft = doc.draft;
  const problem = doc.action.problem;
  const setRule = (index: number, change: Partial<AftercareRule>) =>
    doc.setDraft({ rules: draft.rules.map((r, i) => (i === index ? { ...r, ...change } : r)) });
  return (
    <form
      noValidate
      aria-labelledby="aftercare-title"
      onSubmit={(e) => {
        e.preventDefault();
        void doc.save(t("patient.saved"));
      }}
    >
      <h2 id="aftercare-title">{t("admin.clinic.aftercare")}</h2>
      <p class="hint">{t("admin.aftercare.why")}</p>
      <Notice text={doc.action.notice} />
      <ErrorSummary problem={problem} />
      {draft.rules.map((rule, index) => (
        <fieldset key={rule.id} class="row-editor">
          <legend>{known.includes(rule.id) ? t(`admin.aftercare.${rule.id}` as MessageKey) : rule.id}</legend>
          <TextField label={t("admin.aftercare.minimum")} type="number" min={0} max={60} optional field={`/rules/${index}/minimum_days`} problem={problem} value={rule.minimum_days?.toString() ?? ""} onInput={(v) => setRule(index, { minimum_days: days(v) })} />
          <TextField label={t("admin.aftercare.recommended")} type="number" min={0} max={60} optional field={`/rules/${index}/recommended_days`} problem={problem} value={rule.recommended_days?.toString() ?? ""} onInput={(v) => setRule(index, { recommended_days: days(v) })} />
          <label class="check">
            <input type="checkbox" checked={Boolean(rule.until_healed)} onChange={(e) => setRule(index, { until_healed: e.currentTarget.checked })} />
            {t("admin.aftercare.untilHealed")}
          </label>
        </fieldset>
      ))}
      {admin && (
        <Button type="submit" variant="primary" busy={doc.action.busy}>
          {doc.action.busy ? t("common.saving") : t("admin.aftercare.save")}
        </Button>
      )}
    </form>
  );
}

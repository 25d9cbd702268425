// The hair assessment form: the scale and stage, the zones affected, how long, the pull test and
// shedding, and the scalp's condition. Saved as a new version with the ETag of the one it
// started from, as the medical history is.
import { scalpConditions, scales, zones, type HairAssessment, type Scale, type Zone } from "../../api/chair-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { CheckboxGroup, RadioGroup } from "../../ui/choices";
import { Button, ErrorSummary, Field } from "../../ui/forms";
import { Pending, PatientHeading, usePatient } from "./common";
import { VersionNote, useVersionedForm } from "./versioned";

// Each scale's stages as the API documents them, offered as a list; the server checks again.
const stages: Record<Scale, string[]> = {
  norwood_hamilton: ["I", "II", "IIa", "III", "IIIa", "III vertex", "IV", "IVa", "V", "Va", "VI", "VII"],
  ludwig: ["I", "II", "III"],
  sinclair: ["1", "2", "3", "4", "5"],
};

interface Draft {
  scale: Scale | null;
  stage: string;
  affected_zones: Zone[];
  loss_duration_months: string;
  hairs_out: string;
  hairs_pulled: string;
  shedding_count: string;
  scalp_conditions: string[];
  notes: string;
}

function draftFrom(a: HairAssessment | null): Draft {
  return {
    scale: a?.scale ?? null,
    stage: a?.stage ?? "",
    affected_zones: a?.affected_zones ?? [],
    loss_duration_months: a ? String(a.loss_duration_months) : "",
    hairs_out: a?.pull_test ? String(a.pull_test.hairs_out) : "",
    hairs_pulled: a?.pull_test ? String(a.pull_test.hairs_pulled) : "60",
    shedding_count: a?.shedding_count != null ? String(a.shedding_count) : "",
    scalp_conditions: a?.scalp_conditions ?? [],
    notes: a?.notes ?? "",
  };
}

// A number field's text as the API wants it: a number, or the text itself (the server then
// names the field), or null when left empty.
function numberOrText(text: string): number | string | null {
  if (text.trim() === "") return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

export function AssessmentFormPage(props: { params: Record<string, string> }) {
  const t = useT();
  const id = props.params.id;
  const patient = usePatient(id);
  const { latest, loadProblem, draft, setDraft, problem, busy, submit, startAgain } = useVersionedForm<HairAssessment, Draft>(
    id,
    "hair-assessment",
    draftFrom,
  );

  if (!latest || !draft) return <section class="page"><Pending problem={loadProblem} /></section>;
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const save = async (event: Event) => {
    event.preventDefault();
    await submit({
      scale: draft.scale,
      stage: draft.stage,
      affected_zones: draft.affected_zones,
      loss_duration_months: numberOrText(draft.loss_duration_months),
      pull_test:
        draft.hairs_out.trim() === ""
          ? null
          : { hairs_out: numberOrText(draft.hairs_out), hairs_pulled: numberOrText(draft.hairs_pulled) ?? 60 },
      shedding_count: numberOrText(draft.shedding_count),
      scalp_conditions: draft.scalp_conditions,
      ...(draft.notes ? { notes: draft.notes } : {}),
    });
  };
  const numberField = (name: "loss_duration_months" | "hairs_out" | "hairs_pulled" | "shedding_count", field: string, optional: boolean) => (
    <Field label={t(`assessment.${name}`)} field={field} problem={problem} optional={optional}>
      {(fid, described, invalid) => (
        <input
          id={fid}
          inputMode="numeric"
          class="input--short"
          value={draft[name]}
          aria-describedby={described}
          aria-invalid={invalid || undefined}
          onInput={(e) => set({ [name]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  return (
    <section class="page page--form">
      <PatientHeading patient={patient} patientId={id} title={t("assessment.title")} />
      <VersionNote latest={latest.data} problem={problem} onStartAgain={startAgain} />
      <form onSubmit={save} noValidate>
        <ErrorSummary problem={problem} />
        <RadioGroup
          legend={t("assessment.scale")}
          field="/scale"
          problem={problem}
          inline
          options={scales.map((s) => ({ value: s, label: t(`scale.${s}`) }))}
          value={draft.scale}
          onChange={(scale) => set({ scale, stage: stages[scale].includes(draft.stage) ? draft.stage : "" })}
        />
        <Field label={t("assessment.stage")} field="/stage" problem={problem}>
          {(fid, described, invalid) => (
            <select
              id={fid}
              value={draft.stage}
              aria-describedby={described}
              aria-invalid={invalid || undefined}
              onChange={(e) => set({ stage: e.currentTarget.value })}
            >
              <option value="">{draft.scale ? t("assessment.chooseStage") : t("assessment.scaleFirst")}</option>
              {(draft.scale ? stages[draft.scale] : []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <CheckboxGroup
          legend={t("assessment.zones")}
          field="/affected_zones"
          problem={problem}
          options={zones.map((z) => ({ value: z, label: t(`zone.${z}` as MessageKey) }))}
          value={draft.affected_zones}
          onChange={(affected_zones) => set({ affected_zones })}
        />
        {numberField("loss_duration_months", "/loss_duration_months", false)}
        <div class="field-row">
          {numberField("hairs_out", "/pull_test/hairs_out", true)}
          {numberField("hairs_pulled", "/pull_test/hairs_pulled", true)}
        </div>
        {numberField("shedding_count", "/shedding_count", true)}
        <CheckboxGroup
          legend={t("assessment.scalp")}
          field="/scalp_conditions"
          problem={problem}
          options={scalpConditions.map((c) => ({ value: c, label: t(`scalp.${c}` as MessageKey) }))}
          value={draft.scalp_conditions}
          onChange={(scalp_conditions) => set({ scalp_conditions })}
        />
        <Field label={t("chair.notes")} field="/notes" problem={problem} optional>
          {(fid, described) => (
            <textarea id={fid} rows={3} value={draft.notes} aria-describedby={described} onInput={(e) => set({ notes: e.currentTarget.value })} />
          )}
        </Field>
        <div class="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t("common.saving") : t("assessment.save")}
          </Button>
        </div>
      </form>
    </section>
  );
}

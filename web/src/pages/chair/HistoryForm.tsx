// The medical history form: every screening fact asked as a question with no answer assumed
// (the server refuses a history with one left out). A new version starts from the latest one
// and is saved with its ETag, so two people editing at once cannot overwrite each other.
import { ApiProblem } from "../../api/client";
import type { MedicalHistory } from "../../api/chair-types";
import { useT } from "../../i18n/i18n";
import { RadioGroup, YesNo, splitList } from "../../ui/choices";
import { Button, ErrorSummary, Field } from "../../ui/forms";
import { Pending, PatientHeading, usePatient } from "./common";
import { VersionNote, useVersionedForm } from "./versioned";

const facts = ["pregnant_or_breastfeeding", "bleeding_disorder", "anticoagulants", "active_cancer_treatment", "keloid_tendency"] as const;
type Fact = (typeof facts)[number];

interface Draft {
  // Whether the patient has allergies is asked as a question of its own: an empty list is never
  // taken to mean "none" (the allergy check at the chair relies on it).
  hasAllergies: boolean | null;
  allergies: string;
  medications: string;
  conditions: string;
  answers: Record<Fact, boolean | null>;
  diabetes: MedicalHistory["diabetes"] | null;
  autoimmune: MedicalHistory["autoimmune"] | null;
  notes: string;
}

function draftFrom(history: MedicalHistory | null): Draft {
  const answers = Object.fromEntries(facts.map((f) => [f, history ? history[f] : null])) as Record<Fact, boolean | null>;
  return {
    hasAllergies: history ? history.allergies.length > 0 : null,
    allergies: history?.allergies.join(", ") ?? "",
    medications: history?.medications?.join(", ") ?? "",
    conditions: history?.conditions?.join(", ") ?? "",
    answers,
    diabetes: history?.diabetes ?? null,
    autoimmune: history?.autoimmune ?? null,
    notes: history?.notes ?? "",
  };
}

export function HistoryFormPage(props: { params: Record<string, string> }) {
  const t = useT();
  const id = props.params.id;
  const patient = usePatient(id);
  const { latest, loadProblem, draft, setDraft, problem, setProblem, busy, submit, startAgain } = useVersionedForm<MedicalHistory, Draft>(
    id,
    "medical-history",
    draftFrom,
  );

  if (!latest || !draft) return <section class="page"><Pending problem={loadProblem} /></section>;

  const save = async (event: Event) => {
    event.preventDefault();
    const allergies = splitList(draft.allergies);
    if (draft.hasAllergies && allergies.length === 0) {
      setProblem(new ApiProblem(422, { errors: [{ field: "/allergies", message: t("history.allergiesMissing") }] }));
      return;
    }
    // Unanswered questions are sent as null so the server names each one that is missing.
    await submit({
      allergies: draft.hasAllergies === null ? null : draft.hasAllergies ? allergies : [],
      medications: splitList(draft.medications),
      conditions: splitList(draft.conditions),
      ...draft.answers,
      diabetes: draft.diabetes,
      autoimmune: draft.autoimmune,
      ...(draft.notes ? { notes: draft.notes } : {}),
    });
  };
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const text = (name: "allergies" | "medications" | "conditions", hint?: string) => (
    <Field label={t(`history.${name}`)} field={`/${name}`} problem={problem} hint={hint} optional={name !== "allergies"}>
      {(fid, described, invalid) => (
        <input
          id={fid}
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
      <PatientHeading patient={patient} patientId={id} title={t("history.title")} />
      <VersionNote latest={latest.data} problem={problem} onStartAgain={startAgain} />
      <form onSubmit={save} noValidate>
        <ErrorSummary problem={problem} />
        <YesNo
          legend={t("history.hasAllergies")}
          field="/allergies"
          problem={draft.hasAllergies === null ? problem : null}
          yes={t("common.yes")}
          no={t("common.no")}
          value={draft.hasAllergies}
          onChange={(v) => set({ hasAllergies: v })}
        />
        {draft.hasAllergies && text("allergies", t("history.allergiesHint"))}
        {facts.map((fact) => (
          <YesNo
            key={fact}
            legend={t(`history.${fact}`)}
            field={`/${fact}`}
            problem={problem}
            yes={t("common.yes")}
            no={t("common.no")}
            value={draft.answers[fact]}
            onChange={(v) => set({ answers: { ...draft.answers, [fact]: v } })}
          />
        ))}
        <RadioGroup
          legend={t("history.diabetes")}
          field="/diabetes"
          problem={problem}
          inline
          options={(["none", "controlled", "uncontrolled"] as const).map((v) => ({ value: v, label: t(`history.diabetes.${v}`) }))}
          value={draft.diabetes}
          onChange={(v) => set({ diabetes: v })}
        />
        <RadioGroup
          legend={t("history.autoimmune")}
          field="/autoimmune"
          problem={problem}
          inline
          options={(["none", "stable", "in_flare"] as const).map((v) => ({ value: v, label: t(`history.autoimmune.${v}`) }))}
          value={draft.autoimmune}
          onChange={(v) => set({ autoimmune: v })}
        />
        {text("medications")}
        {text("conditions")}
        <Field label={t("chair.notes")} field="/notes" problem={problem} optional>
          {(fid, described) => (
            <textarea id={fid} rows={3} value={draft.notes} aria-describedby={described} onInput={(e) => set({ notes: e.currentTarget.value })} />
          )}
        </Field>
        <div class="actions">
          <Button type="submit" variant="primary" busy={busy}>
            {busy ? t("common.saving") : t("history.save")}
          </Button>
        </div>
      </form>
    </section>
  );
}

// Screening and the decision: the rules in force propose an outcome for a formulation, with every
// rule that fired and its facts; the practitioner accepts it or records another outcome with the
// reason. The versions screened travel with the decision, so a record changed meanwhile is
// refused by the server (409) rather than decided on unseen.
import { useState } from "preact/hooks";
import { ApiProblem, api } from "../../api/client";
import { outcomes, type Formulation, type Outcome, type Proposal } from "../../api/chair-types";
import type { Page } from "../../api/types";
import { useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { RadioGroup } from "../../ui/choices";
import { Button, ErrorSummary, Field, Progress, asProblem } from "../../ui/forms";
import { FiredRules, useOutcomeName } from "./FiredRules";
import { Pending, PatientHeading, useLoad, usePatient } from "./common";

export function SuitabilityPage(props: { params: Record<string, string> }) {
  const t = useT();
  const outcomeName = useOutcomeName();
  const id = props.params.id;
  const patient = usePatient(id);
  const [formulations, loadProblem] = useLoad(
    () => api.get<Page<Formulation>>("/api/v1/formulations?limit=200").then((p) => p.items.filter((f) => !f.retired)),
    [],
  );
  const [formulationId, setFormulationId] = useState("");
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [reason, setReason] = useState("");
  const [reassessOn, setReassessOn] = useState("");
  const [reassess, setReassess] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  if (!formulations) return <section class="page"><Pending problem={loadProblem} /></section>;

  const screen = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setProposal(null);
    try {
      const reply = await api.post<Proposal>(`/api/v1/patients/${id}/suitability`, { formulation_id: formulationId || null });
      setProposal(reply);
      setOutcome(reply.proposed_outcome);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const decide = async (event: Event) => {
    event.preventDefault();
    if (!proposal) return;
    setBusy(true);
    setProblem(null);
    try {
      await api.create(`/api/v1/patients/${id}/decisions`, {
        outcome,
        formulation_id: proposal.formulation_id,
        rule_set_version: proposal.rule_set.version,
        medical_history_version: proposal.medical_history_version,
        hair_assessment_version: proposal.hair_assessment_version,
        override_reason: reason.trim() || null,
        reassess_on: reassessOn || null,
        reassess: reassess.trim() || null,
      });
      navigate(`/patients/${id}?saved=decision`);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const differs = proposal && outcome !== proposal.proposed_outcome;
  return (
    <section class="page page--form">
      <PatientHeading patient={patient} patientId={id} title={t("suitability.title")} />
      <form onSubmit={screen} noValidate>
        {!proposal && <ErrorSummary problem={problem} />}
        <Field label={t("suitability.formulation")} field="/formulation_id" problem={proposal ? null : problem} hint={t("suitability.formulationHint")}>
          {(fid, described) => (
            <select id={fid} value={formulationId} aria-describedby={described} disabled={busy} onChange={(e) => {
              setFormulationId(e.currentTarget.value);
              setProposal(null);
            }}>
              <option value="">{t("suitability.noFormulation")}</option>
              {formulations.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div class="actions">
          <Button type="submit" variant={proposal ? "secondary" : "primary"} busy={busy && !proposal}>
            {t("suitability.screen")}
          </Button>
        </div>
      </form>
      {busy && !proposal && <Progress label={t("suitability.screening")} />}
      {proposal && (
        <form class="panel" onSubmit={decide} noValidate aria-labelledby="proposal-title">
          <h2 id="proposal-title">
            {t("suitability.proposed")} <span class={`badge badge--${proposal.proposed_outcome}`}>{outcomeName(proposal.proposed_outcome)}</span>
          </h2>
          <p class="hint">{t("suitability.basis", { rules: proposal.rule_set.name, ruleVersion: proposal.rule_set.version, history: proposal.medical_history_version, assessment: proposal.hair_assessment_version })}</p>
          {proposal.allergens.length > 0 && <p class="warning">{t("suitability.allergens", { list: proposal.allergens.join(", ") })}</p>}
          <FiredRules rules={proposal.fired_rules} />
          <ErrorSummary problem={problem} />
          <RadioGroup
            legend={t("suitability.decision")}
            field="/outcome"
            problem={problem}
            options={outcomes.map((o) => ({ value: o, label: o === proposal.proposed_outcome ? t("suitability.asProposed", { outcome: outcomeName(o) }) : outcomeName(o) }))}
            value={outcome}
            onChange={setOutcome}
          />
          <Field
            label={t("suitability.overrideReason")}
            field="/override_reason"
            problem={problem}
            optional={!differs && proposal.proposed_outcome !== "practitioner_decision"}
            hint={t("suitability.overrideHint")}
          >
            {(fid, described, invalid) => (
              <textarea id={fid} rows={3} value={reason} aria-describedby={described} aria-invalid={invalid || undefined} onInput={(e) => setReason(e.currentTarget.value)} />
            )}
          </Field>
          <Field label={t("suitability.reassessOn")} field="/reassess_on" problem={problem} optional={outcome !== "not_now"}>
            {(fid, described, invalid) => (
              <input id={fid} type="date" value={reassessOn} aria-describedby={described} aria-invalid={invalid || undefined} onInput={(e) => setReassessOn(e.currentTarget.value)} />
            )}
          </Field>
          <Field label={t("suitability.reassess")} field="/reassess" problem={problem} optional>
            {(fid, described) => <input id={fid} value={reassess} aria-describedby={described} onInput={(e) => setReassess(e.currentTarget.value)} />}
          </Field>
          <div class="actions">
            <Button type="submit" variant="primary" busy={busy}>
              {differs ? t("suitability.recordOverride") : t("suitability.accept")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

// The course planner: the practitioner picks a protocol, a start date and the patient's
// preferred days and times; the server places every session in the clinic's calendar (or says
// why one cannot be placed and offers the nearest alternatives) and prices the course. The
// patient's agreement to the plan and its cost is recorded with the booking of every session,
// all at once or none.
import { useRef, useState } from "preact/hooks";
import { ApiProblem, api } from "../../api/client";
import type { CoursePlan, PlannedSession, Protocol } from "../../api/chair-types";
import type { Page } from "../../api/types";
import type { MessageKey } from "../../i18n/catalogue";
import { formatDate, formatMoney, formatWhen, useLanguage, useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { CheckboxGroup, RadioGroup } from "../../ui/choices";
import { Button, ErrorSummary, Field, Progress, asProblem } from "../../ui/forms";
import { Pending, PatientHeading, useLoad, usePatient } from "./common";

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const methods = ["signed_form", "electronic_signature", "verbal"] as const;

interface Request {
  protocol_id: string;
  start_date: string;
  weekdays: string[];
  from: string;
  to: string;
  discountPercent: string;
  discountReason: string;
}

function requestBody(r: Request) {
  const preferences: Record<string, unknown> = {};
  if (r.weekdays.length) preferences.weekdays = r.weekdays;
  if (r.from || r.to) preferences.times = [{ from: r.from, to: r.to }];
  return {
    protocol_id: r.protocol_id,
    ...(Object.keys(preferences).length ? { preferences } : {}),
    ...(r.discountPercent ? { discount: { percent: Number(r.discountPercent), reason: r.discountReason } } : {}),
  };
}

export function CoursePlannerPage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const id = props.params.id;
  const patient = usePatient(id);
  const [protocols, loadProblem] = useLoad(
    () => api.get<Page<Protocol>>("/api/v1/protocols?limit=200").then((p) => p.items.filter((x) => !x.retired_at)),
    [],
  );
  const [form, setForm] = useState<Request>({ protocol_id: "", start_date: "", weekdays: [], from: "", to: "", discountPercent: "", discountReason: "" });
  const [plan, setPlan] = useState<CoursePlan | null>(null);
  // The sessions to book: the plan's, with any alternative picked for one that could not be placed.
  const [chosen, setChosen] = useState<PlannedSession[]>([]);
  const [method, setMethod] = useState<(typeof methods)[number] | null>(null);
  const [guardianName, setGuardianName] = useState("");
  const [guardianRelationship, setGuardianRelationship] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);

  if (!protocols) return <section class="page"><Pending problem={loadProblem} /></section>;
  // Any change of the request sets the proposal aside, and a reply to an older request is
  // dropped: what is agreed is always the plan made from what the form says.
  const set = (change: Partial<Request>) => {
    setForm({ ...form, ...change });
    setPlan(null);
    asked.current += 1;
  };

  const propose = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const ask = ++asked.current;
    try {
      const reply = await api.post<CoursePlan>(`/api/v1/patients/${id}/course-plans`, { ...requestBody(form), start_date: form.start_date });
      if (ask !== asked.current) return;
      setPlan(reply);
      setChosen(reply.sessions);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const agree = async (event: Event) => {
    event.preventDefault();
    if (!plan) return;
    setBusy(true);
    setProblem(null);
    try {
      const guardian = guardianName || guardianRelationship ? { name: guardianName, relationship: guardianRelationship } : undefined;
      await api.create(`/api/v1/patients/${id}/courses`, {
        ...requestBody(form),
        sessions: chosen.map((s) => ({ number: s.number, starts: s.starts, practitioner_id: s.practitioner_id })),
        agreement: { agreed: true, method, cost_shown: plan.cost_estimate, ...(guardian ? { guardian } : {}) },
      });
      navigate(`/patients/${id}?saved=course`);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const pick = (alternative: PlannedSession) =>
    setChosen([...chosen.filter((s) => s.number !== alternative.number), alternative].sort((a, b) => a.number - b.number));
  const complete = plan !== null && chosen.length === plan.protocol.sessions;

  return (
    <section class="page page--form">
      <PatientHeading patient={patient} patientId={id} title={t("planner.title")} />
      <form onSubmit={propose} noValidate>
        {!plan && <ErrorSummary problem={problem} />}
        <Field label={t("planner.protocol")} field="/protocol_id" problem={plan ? null : problem}>
          {(fid, described, invalid) => (
            <select id={fid} value={form.protocol_id} aria-describedby={described} aria-invalid={invalid || undefined} onChange={(e) => set({ protocol_id: e.currentTarget.value })}>
              <option value="">{t("planner.chooseProtocol")}</option>
              {protocols.map((p) => (
                <option key={p.id} value={p.id}>
                  {t("planner.protocolOption", { name: p.name, sessions: p.sessions, minutes: p.appointment_minutes })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("planner.startDate")} field="/start_date" problem={plan ? null : problem}>
          {(fid, described, invalid) => (
            <input id={fid} type="date" value={form.start_date} aria-describedby={described} aria-invalid={invalid || undefined} onInput={(e) => set({ start_date: e.currentTarget.value })} />
          )}
        </Field>
        <CheckboxGroup
          legend={t("planner.weekdays")}
          field="/preferences/weekdays"
          problem={plan ? null : problem}
          hint={t("planner.weekdaysHint")}
          options={weekdays.map((d) => ({ value: d, label: t(`weekday.${d}` as MessageKey) }))}
          value={form.weekdays}
          onChange={(w) => set({ weekdays: w })}
        />
        <div class="field-row">
          <Field label={t("planner.from")} field="/preferences/times/0/from" problem={plan ? null : problem} optional>
            {(fid, described) => <input id={fid} type="time" value={form.from} aria-describedby={described} onInput={(e) => set({ from: e.currentTarget.value })} />}
          </Field>
          <Field label={t("planner.to")} field="/preferences/times/0/to" problem={plan ? null : problem} optional>
            {(fid, described) => <input id={fid} type="time" value={form.to} aria-describedby={described} onInput={(e) => set({ to: e.currentTarget.value })} />}
          </Field>
        </div>
        <div class="field-row">
          <Field label={t("planner.discount")} field="/discount/percent" problem={plan ? null : problem} optional>
            {(fid, described) => <input id={fid} class="input--short" inputMode="numeric" value={form.discountPercent} aria-describedby={described} onInput={(e) => set({ discountPercent: e.currentTarget.value })} />}
          </Field>
          <Field label={t("planner.discountReason")} field="/discount/reason" problem={plan ? null : problem} optional>
            {(fid, described) => <input id={fid} value={form.discountReason} aria-describedby={described} onInput={(e) => set({ discountReason: e.currentTarget.value })} />}
          </Field>
        </div>
        <div class="actions">
          <Button type="submit" variant={plan ? "secondary" : "primary"} busy={busy && !plan}>
            {t("planner.propose")}
          </Button>
        </div>
      </form>
      {busy && !plan && <Progress label={t("planner.planning")} />}
      {plan && (
        <form class="panel" onSubmit={agree} noValidate aria-labelledby="plan-title">
          <h2 id="plan-title">{t("planner.proposal", { name: plan.protocol.name })}</h2>
          <p class="hint">{t("today.zone", { zone: plan.time_zone })}</p>
          <ol class="plan">
            {Array.from({ length: plan.protocol.sessions }, (_, i) => i + 1).map((n) => {
              const session = chosen.find((s) => s.number === n);
              const unplaced = plan.unplaced.find((u) => u.number === n);
              return (
                <li key={n} class={session ? "plan__session" : "plan__session plan__session--unplaced"}>
                  <strong>{t("planner.session", { n })}</strong>{" "}
                  {session ? (
                    <>
                      {formatWhen(lang, session.starts.local)}
                      {!session.on_preferred_slot && <span class="hint"> · {t("planner.notPreferred")}</span>}
                    </>
                  ) : (
                    unplaced && (
                      <>
                        <span class="warning">{t("planner.unplaced", { date: formatDate(lang, unplaced.target_date), reason: unplaced.reason })}</span>
                        {unplaced.alternatives.length > 0 && (
                          <span class="plan__alternatives">
                            {unplaced.alternatives.map((a) => (
                              <Button key={a.starts.utc} type="button" onClick={() => pick(a)}>
                                {formatWhen(lang, a.starts.local)}
                              </Button>
                            ))}
                          </span>
                        )}
                      </>
                    )
                  )}
                </li>
              );
            })}
          </ol>
          <p class="plan__cost">
            {t("planner.cost")}: <strong>{formatMoney(lang, plan.cost_estimate)}</strong>
          </p>
          {plan.recall && <p class="hint">{t("planner.recall", { date: formatDate(lang, plan.recall.due) })}</p>}
          <ErrorSummary problem={problem} />
          <RadioGroup
            legend={t("planner.method")}
            field="/agreement/method"
            problem={problem}
            hint={t("planner.methodHint", { cost: formatMoney(lang, plan.cost_estimate) })}
            options={methods.map((m) => ({ value: m, label: t(`consent.${m}` as MessageKey) }))}
            value={method}
            onChange={setMethod}
          />
          <div class="field-row">
            <Field label={t("planner.guardianName")} field="/agreement/guardian/name" problem={problem} optional hint={t("planner.guardianHint")}>
              {(fid, described) => <input id={fid} value={guardianName} aria-describedby={described} onInput={(e) => setGuardianName(e.currentTarget.value)} />}
            </Field>
            <Field label={t("planner.guardianRelationship")} field="/agreement/guardian/relationship" problem={problem} optional>
              {(fid, described) => <input id={fid} value={guardianRelationship} aria-describedby={described} onInput={(e) => setGuardianRelationship(e.currentTarget.value)} />}
            </Field>
          </div>
          <div class="actions">
            <Button type="submit" variant="primary" busy={busy} disabled={!complete}>
              {t("planner.agree")}
            </Button>
            {!complete && <span class="hint">{t("planner.pickAll")}</span>}
          </div>
        </form>
      )}
    </section>
  );
}

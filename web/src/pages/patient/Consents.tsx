// The patient's consents (to treatment, with each course's agreement; to photos; to be
// contacted), whether each is in force, and, for the front desk and practitioners, recording a
// new one or its withdrawal. Without a consent to be contacted in force no reminder is composed,
// so this is where reception starts when a patient asks for reminders. Opened with `show` (a link
// from a photo refused for want of consent), the section is brought into view once it is read.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem, api } from "../../api/client";
import type { Page } from "../../api/types";
import type { MessageKey } from "../../i18n/catalogue";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { RadioGroup } from "../../ui/choices";
import { Button, ErrorSummary, Field, asProblem } from "../../ui/forms";
import { Pending, useLoad } from "../chair/common";

interface Consent {
  id: string;
  kind: "treatment" | "photos" | "contact";
  method: string;
  given_at: string;
  guardian: { name: string; relationship: string } | null;
  withdrawal: { withdrawn_at: string; note: string } | null;
  in_force: boolean;
}

const kinds = ["contact", "photos"] as const;
const methods = ["signed_form", "electronic_signature", "verbal"] as const;

export function Consents(props: { patientId: string; canChange: boolean; show?: boolean }) {
  const t = useT();
  const lang = useLanguage();
  const base = `/api/v1/patients/${props.patientId}/consents`;
  const [consents, loadProblem, setConsents] = useLoad(() => api.get<Page<Consent>>(`${base}?limit=200`).then((p) => p.items), [props.patientId]);
  const [recording, setRecording] = useState(false);
  const [kind, setKind] = useState<(typeof kinds)[number] | null>(null);
  const [method, setMethod] = useState<(typeof methods)[number] | null>(null);
  const [guardianName, setGuardianName] = useState("");
  const [guardianRelationship, setGuardianRelationship] = useState("");
  const [withdrawing, setWithdrawing] = useState("");
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = consents !== null;
  useEffect(() => {
    if (!props.show || !loaded) return;
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus();
  }, [props.show, loaded]);

  if (!consents) return <Pending problem={loadProblem} />;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    setNotice("");
    try {
      await work();
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const record = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const guardian = guardianName || guardianRelationship ? { name: guardianName, relationship: guardianRelationship } : undefined;
      const made = await api.create<Consent>(base, { kind, method, ...(guardian ? { guardian } : {}) });
      setConsents([...consents, made]);
      setRecording(false);
      setKind(null);
      setMethod(null);
      setGuardianName("");
      setGuardianRelationship("");
      setNotice(t("consents.saved"));
    });
  };
  const withdraw = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const changed = await api.post<Consent>(`${base}/${withdrawing}/withdrawal`, note.trim() ? { note } : {});
      setConsents(consents.map((c) => (c.id === changed.id ? changed : c)));
      setWithdrawing("");
      setNote("");
      setNotice(t("consents.withdrawnNow"));
    });
  };
  const methodName = (m: string) => t(`consents.method.${m}` as MessageKey);
  return (
    <section class="card" aria-labelledby="consents-title">
      <h2 id="consents-title" class="consents__title" tabIndex={-1} ref={heading}>
        {t("consents.title")}
      </h2>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {!recording && !withdrawing && <ErrorSummary problem={problem} />}
      {consents.length === 0 && <p class="empty">{t("consents.none")}</p>}
      <ul class="consents">
        {consents.map((c) => (
          <li key={c.id}>
            <div>
              <strong>{t(`consents.kind.${c.kind}` as MessageKey)}</strong>{" "}
              <span class={c.in_force ? "badge badge--suitable" : "badge badge--not_now"}>
                {c.in_force ? t("consents.inForce") : t("consents.withdrawn", { when: formatInstant(lang, c.withdrawal?.withdrawn_at ?? null) })}
              </span>
              <p class="hint">
                {t("consents.given", { when: formatInstant(lang, c.given_at), method: methodName(c.method) })}
                {c.guardian && <> · {t("consents.byGuardian", c.guardian)}</>}
                {c.withdrawal?.note && <> · {c.withdrawal.note}</>}
              </p>
            </div>
            {props.canChange && c.in_force && withdrawing !== c.id && (
              <Button onClick={() => setWithdrawing(c.id)} aria-label={`${t("consents.withdraw")}: ${t(`consents.kind.${c.kind}` as MessageKey)}`}>
                {t("consents.withdraw")}
              </Button>
            )}
            {withdrawing === c.id && (
              <form class="consents__withdraw" onSubmit={withdraw} noValidate>
                <ErrorSummary problem={problem} />
                <Field label={t("consents.withdrawNote")} field="/note" problem={problem} optional hint={t("consents.withdrawHint")}>
                  {(fid, described) => <input id={fid} value={note} aria-describedby={described} onInput={(e) => setNote(e.currentTarget.value)} />}
                </Field>
                <div class="actions">
                  <Button type="submit" variant="danger" busy={busy}>
                    {t("consents.withdrawConfirm")}
                  </Button>
                  <Button
                    type="button"
                    onClick={() => {
                      setWithdrawing("");
                      setProblem(null);
                    }}
                  >
                    {t("common.cancel")}
                  </Button>
                </div>
              </form>
            )}
          </li>
        ))}
      </ul>
      {props.canChange && !recording && (
        <Button onClick={() => setRecording(true)}>{t("consents.record")}</Button>
      )}
      {recording && (
        <form onSubmit={record} noValidate aria-label={t("consents.record")}>
          <ErrorSummary problem={problem} />
          <RadioGroup legend={t("consents.kind")} field="/kind" problem={problem} inline options={kinds.map((k) => ({ value: k, label: t(`consents.kind.${k}`) }))} value={kind} onChange={setKind} />
          <RadioGroup legend={t("consents.method")} field="/method" problem={problem} inline options={methods.map((m) => ({ value: m, label: methodName(m) }))} value={method} onChange={setMethod} />
          <div class="field-row">
            <Field label={t("consents.guardianName")} field="/guardian/name" problem={problem} optional hint={t("consents.guardianHint")}>
              {(fid, described) => <input id={fid} value={guardianName} aria-describedby={described} onInput={(e) => setGuardianName(e.currentTarget.value)} />}
            </Field>
            <Field label={t("consents.guardianRelationship")} field="/guardian/relationship" problem={problem} optional>
              {(fid, described) => <input id={fid} value={guardianRelationship} aria-describedby={described} onInput={(e) => setGuardianRelationship(e.currentTarget.value)} />}
            </Field>
          </div>
          <div class="actions">
            <Button type="submit" variant="primary" busy={busy}>
              {t("consents.save")}
            </Button>
            <Button
              type="button"
              onClick={() => {
                setRecording(false);
                setProblem(null);
              }}
            >
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

// A signed session's aftercare: each restriction's end on the clinic's clock, the day the marks
// count as healed and the next session (with the server's warning when it falls before that);
// the handout to print (HTML) or keep (PDF), the patient's calendar link to copy, and the
// reminders queued for this session with where each stands.
import { useState } from "preact/hooks";
import { ApiProblem, api } from "../../api/client";
import type { Aftercare, Reminder } from "../../api/chair-types";
import type { Page } from "../../api/types";
import type { MessageKey } from "../../i18n/catalogue";
import { formatWhen, hasMessage, useLanguage, useT } from "../../i18n/i18n";
import { location } from "../../router";
import { session } from "../../session";
import { useObservable } from "../../state";
import { Button, ErrorSummary, asProblem } from "../../ui/forms";
import { Pending, PatientHeading, useLoad, usePatient } from "./common";

export function AftercarePage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const { id, appointment } = props.params;
  const justSigned = useObservable(location).includes("signed=1");
  const patient = usePatient(id);
  const [data, loadProblem, setData] = useLoad(async () => {
    const [plan, reminders] = await Promise.all([
      api.get<Aftercare>(`/api/v1/appointments/${appointment}/aftercare`),
      api.get<Page<Reminder & { appointment_id: string }>>(`/api/v1/patients/${id}/reminders?limit=200`),
    ]);
    return { plan, reminders: reminders.items.filter((r) => r.appointment_id === appointment) };
  }, [appointment]);
  const [link, setLink] = useState("");
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState("");
  // Making a calendar link and sending a reminder again are the front desk's and practitioners'
  // (the auditor reads).
  const state = useObservable(session);
  const canAct = state.status === "signed-in" && ["practitioner", "reception"].includes(state.info.user.role);

  if (!data) return <section class="page"><Pending problem={loadProblem} /></section>;
  const { plan } = data;
  const handout = (format: string, paper?: string) =>
    `/api/v1/appointments/${appointment}/handout?format=${format}${paper ? `&paper=${paper}` : ""}`;

  // The handout opens in its own tab and the print dialog follows once it has loaded.
  const print = () => {
    const tab = window.open(handout("html"), "_blank");
    tab?.addEventListener("load", () => tab.print());
  };
  // One link per visit: a second press copies the same link again rather than making another
  // (each made link stays valid until revoked). A clipboard the browser refuses is not a
  // failure: the link is on screen to copy by hand.
  const copyLink = async () => {
    setBusy(true);
    setProblem(null);
    try {
      let url = link;
      if (!url) {
        const made = await api.create<{ path: string }>(`/api/v1/patients/${id}/calendar-subscriptions`, {});
        url = `${window.location.origin}${made.path}`;
        setLink(url);
      }
      setCopied(await navigator.clipboard.writeText(url).then(() => true, () => false));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const retry = async (reminder: Reminder) => {
    setProblem(null);
    setRetrying(reminder.id);
    try {
      const again = await api.post<Reminder & { appointment_id: string }>(`/api/v1/reminders/${reminder.id}/retry`);
      setData({ ...data, reminders: data.reminders.map((r) => (r.id === again.id ? again : r)) });
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setRetrying("");
    }
  };
  return (
    <section class="page">
      <PatientHeading patient={patient} patientId={id} title={t("aftercare.title")} />
      {justSigned && (
        <p class="notice" role="status">
          {t("aftercare.signed")}
        </p>
      )}
      <ErrorSummary problem={problem} />
      <div class="clinical">
        <section class="card" aria-labelledby="restrictions-title">
          <h2 id="restrictions-title">{t("aftercare.restrictions")}</h2>
          <p class="hint">{t("today.zone", { zone: plan.time_zone })}</p>
          <ul class="restrictions">
            {plan.restrictions.map((r) => (
              <li key={r.rule_id}>
                <strong>{hasMessage(`restriction.${r.rule_id}`) ? t(`restriction.${r.rule_id}` as MessageKey) : r.rule_id.replaceAll("_", " ")}</strong>
                <span>
                  {t("aftercare.until", { when: formatWhen(lang, r.until.local) })}
                  {r.better_until && <> · {t("aftercare.betterUntil", { when: formatWhen(lang, r.better_until.local) })}</>}
                </span>
              </li>
            ))}
          </ul>
          <p>{t("aftercare.healed", { when: formatWhen(lang, plan.healed_at.local) })}</p>
          {plan.next_session && <p>{t("aftercare.next", { when: formatWhen(lang, plan.next_session.starts.local) })}</p>}
          {plan.next_session_conflict && <p class="warning">{plan.next_session_conflict}</p>}
        </section>
        <section class="card" aria-labelledby="handout-title">
          <h2 id="handout-title">{t("aftercare.handout")}</h2>
          <div class="actions">
            <Button variant="primary" onClick={print}>
              {t("aftercare.print")}
            </Button>
            <a class="button button--secondary" href={handout("pdf", "a4")} target="_blank" rel="noopener">
              {t("aftercare.pdfA4")}
            </a>
            <a class="button button--secondary" href={handout("pdf", "letter")} target="_blank" rel="noopener">
              {t("aftercare.pdfLetter")}
            </a>
          </div>
          {canAct && (
            <>
              <h2>{t("aftercare.calendar")}</h2>
              <p class="hint">{t("aftercare.calendarHint")}</p>
              <Button busy={busy} onClick={() => void copyLink()}>
                {t("aftercare.copyLink")}
              </Button>
            </>
          )}
          {link && (
            <p class="notice" role="status">
              {copied ? t("aftercare.copied") : t("aftercare.copyByHand")} <code class="link-text">{link}</code>
            </p>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="reminders-title">
        <h2 id="reminders-title">{t("aftercare.reminders")}</h2>
        {data.reminders.length === 0 && <p class="empty">{t("aftercare.noReminders")}</p>}
        {data.reminders.length > 0 && (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t("aftercare.due")}</th>
                <th scope="col">{t("aftercare.what")}</th>
                <th scope="col">{t("aftercare.to")}</th>
                <th scope="col">{t("aftercare.status")}</th>
              </tr>
            </thead>
            <tbody>
              {data.reminders.map((r) => (
                <tr key={r.id}>
                  <td>{formatWhen(lang, r.due.local)}</td>
                  <td>{r.subject}</td>
                  <td>
                    {t(`channel.${r.channel}` as MessageKey)} · {r.recipient}
                  </td>
                  <td>
                    {t(`reminder.${r.status}` as MessageKey)}
                    {canAct && (r.status === "failed" || r.status === "unconfirmed") && (
                      <Button busy={retrying === r.id} onClick={() => void retry(r)}>
                        {t("aftercare.retry")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

// The patient's story in the order it happened, newest first: every version of the medical
// history and the hair assessment (with what it said), each decision, each course agreed (with
// the way to its outcomes), and each session with its chart and aftercare. The cards beside it
// show where things stand now.
import type { Course, Decision, HairAssessment, MedicalHistory } from "../../api/chair-types";
import type { ComponentChildren } from "preact";
import type { MessageKey } from "../../i18n/catalogue";
import { formatInstant, formatWhen, useLanguage, useT } from "../../i18n/i18n";
import { Link } from "../../ui/Link";
import { useOutcomeName } from "./FiredRules";
import { Pending, loadVersioned, useLoad } from "./common";

interface Event {
  utc: string; // for the order
  when: string;
  what: string;
  detail: ComponentChildren;
}

// Versions 1..latest of a record (the latest is already at hand).
async function allVersions<T extends { version: number }>(path: string, latest: T | null): Promise<T[]> {
  if (!latest) return [];
  const earlier: (T | null)[] = await Promise.all(
    Array.from({ length: latest.version - 1 }, (_, i) => loadVersioned<T>(`${path}?version=${i + 1}`).then((l) => l.data)),
  );
  return [...earlier.filter((v) => v !== null), latest] as T[];
}

export function Timeline(props: {
  patientId: string;
  history: MedicalHistory | null;
  assessment: HairAssessment | null;
  decisions: Decision[];
  courses: Course[];
}) {
  const t = useT();
  const lang = useLanguage();
  const outcome = useOutcomeName();
  const base = `/api/v1/patients/${props.patientId}`;
  const [versions, problem] = useLoad(
    () =>
      Promise.all([allVersions(`${base}/medical-history`, props.history), allVersions(`${base}/hair-assessment`, props.assessment)]),
    [props.patientId, props.history?.version, props.assessment?.version],
  );
  if (!versions) return <Pending problem={problem} />;
  const [histories, assessments] = versions;
  const zone = (z: string) => t(`zone.${z}` as MessageKey);
  const events: Event[] = [
    ...histories.map((h) => ({
      utc: h.recorded_at,
      when: formatInstant(lang, h.recorded_at),
      what: t("timeline.history", { n: h.version }),
      detail: `${t("clinical.allergies")}: ${h.allergies.length ? h.allergies.join(", ") : t("clinical.none")}${
        h.medications?.length ? ` · ${t("clinical.medications")}: ${h.medications.join(", ")}` : ""
      }`,
    })),
    ...assessments.map((a) => ({
      utc: a.recorded_at,
      when: formatInstant(lang, a.recorded_at),
      what: t("timeline.assessment", { n: a.version }),
      detail: `${t(`scale.${a.scale}` as MessageKey)} ${a.stage} · ${a.affected_zones.map(zone).join(", ")}`,
    })),
    ...props.decisions.map((d) => ({
      utc: d.decided_at,
      when: formatInstant(lang, d.decided_at),
      what: t("timeline.decision"),
      detail: <span class={`badge badge--${d.outcome}`}>{outcome(d.outcome)}</span>,
    })),
    ...props.courses.map((c) => ({
      utc: c.created_at,
      when: formatInstant(lang, c.created_at),
      what: t("timeline.course"),
      detail: (
        <>
          {c.protocol.name} · <Link href={`/patients/${props.patientId}/courses/${c.id}/outcomes`}>{t("record.outcomes")}</Link>
        </>
      ),
    })),
    ...props.courses.flatMap((c) =>
      c.sessions.map((s) => ({
        utc: s.starts.utc,
        when: formatWhen(lang, s.starts.local),
        what: s.session_number ? t("planner.session", { n: s.session_number }) : t("today.single"),
        detail: (
          <>
            {t(`status.${s.status}`)}
            {s.status !== "cancelled" && (
              <> · <Link href={`/patients/${props.patientId}/sessions/${s.id}/chart`}>{t("record.chart")}</Link></>
            )}
            {s.status === "attended" && (
              <> · <Link href={`/patients/${props.patientId}/sessions/${s.id}/aftercare`}>{t("record.aftercare")}</Link></>
            )}
          </>
        ),
      })),
    ),
  ].sort((a, b) => b.utc.localeCompare(a.utc));
  return (
    <section class="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("timeline.title")}</h2>
      {events.length === 0 && <p class="empty">{t("timeline.empty")}</p>}
      <ol>
        {events.map((e, i) => (
          <li key={i}>
            <span class="timeline__when">{e.when}</span>
            <strong>{e.what}</strong>
            <span>{e.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

// The patient's clinical story for practitioners and auditors: the timeline of everything
// recorded, then where things stand: the suitability decisions (newest first) with every rule
// that fired and its facts, the current medical history and hair assessment, and the courses
// with their sessions. Reception never loads this part.
import { useEffect, useState } from "preact/hooks";
import { api, ApiProblem } from "../api/client";
import type { Course, Decision, HairAssessment as Assessment, MedicalHistory as History } from "../api/chair-types";
import type { Page } from "../api/types";
import type { MessageKey } from "../i18n/catalogue";
import { formatDate, useLanguage, useT } from "../i18n/i18n";
import { CourseSessions } from "./chair/CourseSessions";
import { FiredRules } from "./chair/FiredRules";
import { Timeline } from "./chair/Timeline";
import { ErrorSummary, Progress, asProblem } from "../ui/forms";

// A record not yet taken is a 404: shown as "not recorded", not as an error.
async function latest<T>(path: string): Promise<T | null> {
  try {
    return await api.get<T>(path);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

// `canChange`: the practitioner may move a course's sessions; the auditor reads.
export function ClinicalRecord(props: { patientId: string; canChange: boolean }) {
  const t = useT();
  const lang = useLanguage();
  const [data, setData] = useState<{
    history: History | null;
    assessment: Assessment | null;
    decisions: Decision[];
    courses: Course[];
  } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  useEffect(() => {
    let live = true;
    const base = `/api/v1/patients/${props.patientId}`;
    Promise.all([
      latest<History>(`${base}/medical-history`),
      latest<Assessment>(`${base}/hair-assessment`),
      api.get<Page<Decision>>(`${base}/decisions?limit=200`),
      api.get<Page<Course>>(`${base}/courses?limit=200`),
    ])
      .then(([history, assessment, decisions, courses]) => {
        if (live) setData({ history, assessment, decisions: [...decisions.items].reverse(), courses: courses.items });
      })
      .catch((error) => live && setProblem(asProblem(error)));
    return () => {
      live = false;
    };
  }, [props.patientId]);

  if (problem) return <ErrorSummary problem={problem} />;
  if (!data) return <Progress label={t("common.loading")} />;
  const outcome = (name: string) => t(`outcome.${name}` as MessageKey);
  return (
    <>
      <Timeline
        patientId={props.patientId}
        history={data.history}
        assessment={data.assessment}
        decisions={data.decisions}
        courses={data.courses}
      />
      <div class="clinical">
        <section class="card" aria-labelledby="decisions-title">
          <h2 id="decisions-title">{t("clinical.decisions")}</h2>
          {data.decisions.length === 0 && <p class="empty">{t("clinical.noDecision")}</p>}
          {data.decisions.map((d) => (
            <article key={d.id} class="decision">
              <p>
                <span class={`badge badge--${d.outcome}`}>{outcome(d.outcome)}</span> {formatDate(lang, d.decided_at.slice(0, 10))}
                {d.overridden && <> · {t("clinical.overridden", { proposed: outcome(d.proposed_outcome) })}</>}
              </p>
              {d.override_reason && <p class="hint">{d.override_reason}</p>}
              {d.reassess_on && <p class="hint">{t("clinical.reassessOn", { date: formatDate(lang, d.reassess_on) })}</p>}
              {d.fired_rules.length > 0 && <FiredRules rules={d.fired_rules} />}
            </article>
          ))}
        </section>
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">{t("clinical.history")}</h2>
          {data.history ? (
            <>
              <p class="hint">
                {t("clinical.version", { n: data.history.version, date: formatDate(lang, data.history.recorded_at.slice(0, 10)) })}
              </p>
              <p>
                <strong>{t("clinical.allergies")}:</strong> {data.history.allergies.length ? data.history.allergies.join(", ") : t("clinical.none")}
              </p>
              {data.history.medications && data.history.medications.length > 0 && (
                <p>
                  <strong>{t("clinical.medications")}:</strong> {data.history.medications.join(", ")}
                </p>
              )}
            </>
          ) : (
            <p class="empty">{t("clinical.notRecorded")}</p>
          )}
        </section>
        <section class="card" aria-labelledby="assessment-title">
          <h2 id="assessment-title">{t("clinical.assessment")}</h2>
          {data.assessment ? (
            <>
              <p class="hint">
                {t("clinical.version", { n: data.assessment.version, date: formatDate(lang, data.assessment.recorded_at.slice(0, 10)) })}
              </p>
              <p>
                {t(`scale.${data.assessment.scale}` as MessageKey)} {data.assessment.stage} ·{" "}
                {data.assessment.affected_zones.map((z) => t(`zone.${z}` as MessageKey)).join(", ")}
              </p>
            </>
          ) : (
            <p class="empty">{t("clinical.notRecorded")}</p>
          )}
        </section>
        <section class="card" aria-labelledby="courses-title">
          <h2 id="courses-title">{t("clinical.courses")}</h2>
          {data.courses.length === 0 && <p class="empty">{t("clinical.noCourse")}</p>}
          {data.courses.map((c) => (
            <CourseSessions key={c.id} course={c} patientId={props.patientId} canChange={props.canChange} />
          ))}
        </section>
      </div>
    </>
  );
}

// A course's outcomes (practitioners record and read, auditors read): whether the patient
// responded, first; the time points and when each falls; the change against baseline per
// measure and zone; the progress charts; the photos, before and after; every measurement. A
// practitioner records a visit's measurements and adds photos here, and the page reads the
// outcomes again once measurements are kept.
import { useMemo, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Course } from "../../api/chair-types";
import type { CourseOutcomes, Measure, TimePoint } from "../../api/outcome-types";
import { clinics } from "../../clinic";
import { useLanguage, useT } from "../../i18n/i18n";
import { useObservable } from "../../state";
import { Notice, useResource, useRole } from "../../ui/data";
import { Button } from "../../ui/forms";
import { PainChart } from "./PainChart";
import { Photos } from "./Photos";
import { Pending, PatientHeading, useLoad, usePatient } from "../chair/common";
import { Changes } from "./Changes";
import { MeasurementForm } from "./MeasurementForm";
import { Measurements } from "./Measurements";
import { ProgressChart, linesOf } from "./ProgressChart";
import { Responder } from "./Responder";
import { TimePoints } from "./TimePoints";
import { outcomeWords } from "./words";
import "../../styles/outcomes.css";

const charted: Measure[] = ["hair_density", "mean_shaft_diameter", "shedding_count"];

// Today on the clinic's calendar (the browser's when the clinic is not at hand).
function todayIn(timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
}

// The time point to record unless another is chosen: the first one due and not yet measured.
function nextDue(outcomes: CourseOutcomes): TimePoint {
  const open = outcomes.time_points.filter((p) => !p.measured);
  return (open.find((p) => p.due_on !== null) ?? open[0])?.time_point ?? "maintenance";
}

export function OutcomesPage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const { id, course: courseId } = props.params;
  const patient = usePatient(id);
  const [course, courseProblem] = useLoad(() => api.get<Course>(`/api/v1/courses/${courseId}`), [courseId]);
  const outcomes = useResource<CourseOutcomes>(`/api/v1/courses/${courseId}/outcomes`);
  const canRecord = useRole() === "practitioner";
  const known = useObservable(clinics);
  const timeZone = known.find((c) => c.id === patient?.clinic_id)?.time_zone;
  const today = todayIn(timeZone);
  const words = useMemo(() => outcomeWords(t, lang), [lang]);
  const lines = useMemo(
    () => (outcomes.data ? charted.map((m) => ({ measure: m, lines: linesOf(outcomes.data!.changes, m) })) : []),
    [outcomes.data],
  );
  const [recording, setRecording] = useState<TimePoint | null>(null);
  const [addingPhoto, setAddingPhoto] = useState(false);
  const [notice, setNotice] = useState("");

  const data = outcomes.data;
  if (!data || !course) {
    return (
      <section class="page">
        <PatientHeading patient={patient} patientId={id} title={t("outcomes.title")} />
        <Pending problem={outcomes.problem ?? courseProblem} />
      </section>
    );
  }
  const record = (point: TimePoint) => {
    setNotice("");
    setRecording(point);
  };
  return (
    <section class="page page--outcomes">
      <div class="outcomes-heading">
        <PatientHeading patient={patient} patientId={id} title={t("outcomes.title")} />
        <div class="outcomes-actions">
          <a class="button button--secondary" href={`/api/v1/courses/${courseId}/report`} target="_blank" rel="noopener">
            {t("outcomes.report")}
          </a>
          {canRecord && !addingPhoto && (
            // The form is further down, with the photos: opening it brings it into view.
            <Button type="button" onClick={() => setAddingPhoto(true)}>
              {t("photos.add")}
            </Button>
          )}
          {canRecord && recording === null && (
            <Button type="button" variant="primary" onClick={() => record(nextDue(data))}>
              {t("outcomes.record")}
            </Button>
          )}
        </div>
      </div>
      <p class="hint outcomes-course">
        {course.protocol.name} ·{" "}
        {t("clinical.sessionsDone", {
          done: course.sessions.filter((s) => s.status === "attended").length,
          total: course.protocol.sessions,
        })}
      </p>
      <Notice text={notice} />
      {recording !== null && (
        <MeasurementForm
          courseId={courseId}
          timePoint={recording}
          sessions={course.sessions}
          today={today}
          words={words}
          onCancel={() => setRecording(null)}
          onSaved={async () => {
            await outcomes.reload();
            setRecording(null);
            setNotice(t("outcomes.form.saved"));
          }}
        />
      )}
      <div class="outcomes-summary">
        <Responder outcomes={data} words={words} />
        <TimePoints outcomes={data} words={words} today={today} onRecord={canRecord && recording === null ? record : undefined} />
      </div>
      <Changes changes={data.changes} words={words} />
      <section class="card" aria-labelledby="charts-title">
        <h2 id="charts-title">{t("outcomes.charts")}</h2>
        <div class="charts">
          {lines.map((l) => (
            <ProgressChart key={l.measure} measure={l.measure} lines={l.lines} words={words} />
          ))}
          <PainChart sessions={data.sessions} />
        </div>
      </section>
      <Photos
        patientId={id}
        courseId={courseId}
        outcomes={data}
        sessions={course.sessions}
        today={today}
        timeZone={timeZone}
        canAdd={canRecord}
        adding={addingPhoto}
        onAdding={setAddingPhoto}
        words={words}
        onAccepted={() => void outcomes.reload()}
      />
      <Measurements measurements={data.measurements} words={words} />
    </section>
  );
}

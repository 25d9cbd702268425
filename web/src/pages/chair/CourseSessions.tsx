// One course's sessions on the patient's record (read by practitioners and auditors only): the
// way to the course's outcomes, then each session with its time and status, the way to its
// chart and aftercare, and, while booked, moving it; the sessions the server moved with it are
// updated in place and named in the notice.
import { useState } from "preact/hooks";
import type { Course } from "../../api/chair-types";
import type { Appointment } from "../../api/types";
import { formatWhen, useLanguage, useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { MoveForm, movedMessage } from "../MoveAppointment";

export function CourseSessions(props: { course: Course; patientId: string; canChange: boolean }) {
  const t = useT();
  const lang = useLanguage();
  const [sessions, setSessions] = useState<Appointment[]>(props.course.sessions);
  const [moving, setMoving] = useState("");
  const [notice, setNotice] = useState("");
  const base = `/patients/${props.patientId}/sessions`;
  return (
    <article class="course">
      <p>
        <strong>{props.course.protocol.name}</strong> ·{" "}
        {t("clinical.sessionsDone", {
          done: sessions.filter((s) => s.status === "attended").length,
          total: props.course.protocol.sessions,
        })}
      </p>
      <p>
        <Link href={`/patients/${props.patientId}/courses/${props.course.id}/outcomes`}>{t("record.outcomes")}</Link>
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ol class="course__sessions">
        {sessions.map((s) => (
          <li key={s.id}>
            <span>
              {formatWhen(lang, s.starts.local)} · {t(`status.${s.status}`)}
            </span>
            {s.status !== "cancelled" && <Link href={`${base}/${s.id}/chart`}>{t("record.chart")}</Link>}
            {s.status === "attended" && <Link href={`${base}/${s.id}/aftercare`}>{t("record.aftercare")}</Link>}
            {props.canChange && s.status === "booked" && moving !== s.id && (
              <Button onClick={() => setMoving(s.id)} aria-label={`${t("move.open")}: ${formatWhen(lang, s.starts.local)}`}>
                {t("move.open")}
              </Button>
            )}
            {moving === s.id && (
              <MoveForm
                appointment={s}
                onCancel={() => setMoving("")}
                onMoved={(moved) => {
                  setSessions(sessions.map((old) => moved.find((m) => m.id === old.id) ?? old));
                  setMoving("");
                  setNotice(movedMessage(t, lang, moved));
                }}
              />
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}

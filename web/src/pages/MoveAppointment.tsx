// Moving a booked appointment to a new clinic time, from the day sheet or a patient's course.
// For a course session the server moves later sessions too, only as far as their intervals
// require; the reply lists every appointment that moved, and the message names each one, so
// nobody has to hunt for what else changed.
import { useState } from "preact/hooks";
import { ApiProblem, api } from "../api/client";
import type { Appointment } from "../api/types";
import { formatWhen, useT, type Translate } from "../i18n/i18n";
import type { Language } from "../i18n/catalogue";
import { Button, ErrorSummary, asProblem } from "../ui/forms";

// "Moved 2 appointment(s): session 3 to Tuesday, December 15, 10:15; session 4 to …".
export function movedMessage(t: Translate, lang: Language, moved: Appointment[]): string {
  const each = moved.map((a) =>
    t("move.each", {
      what: a.session_number ? t("today.session", { n: a.session_number }) : t("today.single"),
      when: formatWhen(lang, a.starts.local),
    }),
  );
  return t("today.moved", { count: moved.length, list: each.join("; ") });
}

export function MoveForm(props: { appointment: Appointment; onMoved: (moved: Appointment[]) => void; onCancel: () => void }) {
  const t = useT();
  const [to, setTo] = useState(props.appointment.starts.local);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const move = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const reply = await api.post<{ moved: Appointment[] }>(`/api/v1/appointments/${props.appointment.id}/reschedule`, {
        starts: { local: to },
      });
      props.onMoved(reply.moved);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <form class="appointment__move" onSubmit={move}>
        <label>
          {t("today.moveTo")}
          <input type="datetime-local" step={300} required value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <Button type="submit" variant="primary" busy={busy}>
          {t("today.moveConfirm")}
        </Button>
        <Button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </Button>
      </form>
      <ErrorSummary problem={problem} />
    </>
  );
}

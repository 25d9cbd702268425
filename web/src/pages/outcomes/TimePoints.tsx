// The course's time points in order, each with the day it falls due and whether it was
// measured; one that came and went unmeasured stands out (in words and colour), and a
// practitioner can start recording any of them from its row.
import type { CourseOutcomes, TimePoint } from "../../api/outcome-types";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import type { OutcomeWords } from "./words";

export function TimePoints(props: {
  outcomes: CourseOutcomes;
  words: OutcomeWords;
  today: string; // YYYY-MM-DD on the clinic's calendar
  onRecord?: (point: TimePoint) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  return (
    <section class="card" aria-labelledby="time-points-title">
      <h2 id="time-points-title">{t("outcomes.timePoints")}</h2>
      <ol class="time-points">
        {props.outcomes.time_points.map((p) => {
          const overdue = !p.measured && p.due_on !== null && p.due_on < props.today;
          const state = p.measured ? "measured" : overdue ? "overdue" : "notYet";
          return (
            <li key={p.time_point} class={`time-point time-point--${state}`}>
              <strong>{props.words.timePoint(p.time_point)}</strong>
              <span class="time-point__due">
                {p.due_on ? t("outcomes.due", { date: formatDate(lang, p.due_on) }) : t("outcomes.atMaintenance")}
              </span>
              <span class="time-point__state">
                <span aria-hidden="true">{p.measured ? "✓ " : overdue ? "! " : ""}</span>
                {t(`outcomes.${state}`)}
              </span>
              {props.onRecord && !p.measured ? (
                <Button
                  type="button"
                  aria-label={`${t("outcomes.record")}: ${props.words.timePoint(p.time_point)}`}
                  onClick={() => props.onRecord?.(p.time_point)}
                >
                  {t("outcomes.recordShort")}
                </Button>
              ) : (
                <span />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

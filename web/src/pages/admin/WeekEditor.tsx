// A working week as the API writes it (weekday -> from/to ranges in clinic time), edited day by
// day: shared by the clinic's opening hours and a practitioner's working hours. The server checks
// overlaps and order; its message for a range or a day shows beside it.
import type { ApiProblem } from "../../api/client";
import { weekdays, type TimeRange, type Week, type Weekday } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import { TextField } from "../../ui/inputs";

export function WeekEditor(props: { week: Week; onChange: (week: Week) => void; pointer: string; problem: ApiProblem | null; closedLabel: string }) {
  const t = useT();
  const setDay = (day: Weekday, ranges: TimeRange[]) => props.onChange({ ...props.week, [day]: ranges });
  return (
    <div class="week-editor">
      {weekdays.map((day) => {
        const ranges = props.week[day] ?? [];
        const dayProblem = props.problem?.forField(`${props.pointer}/${day}`);
        return (
          <fieldset key={day} class={dayProblem ? "week-editor__day field--error" : "week-editor__day"}>
            <legend>{t(`admin.day.${day}`)}</legend>
            {dayProblem && <p class="field__error">{dayProblem}</p>}
            {ranges.length === 0 && <p class="empty week-editor__closed">{props.closedLabel}</p>}
            {ranges.map((range, index) => {
              const at = `${props.pointer}/${day}/${index}`;
              const change = (key: keyof TimeRange) => (value: string) =>
                setDay(day, ranges.map((r, i) => (i === index ? { ...r, [key]: value } : r)));
              // A range as a whole (it ends before it starts, it overlaps another) is named by its index.
              const rangeProblem = props.problem?.forField(at);
              return (
                <div key={index} class={rangeProblem ? "week-editor__range field--error" : "week-editor__range"}>
                  {rangeProblem && <p class="field__error week-editor__message">{rangeProblem}</p>}
                  <TextField label={t("admin.week.from")} type="time" field={`${at}/from`} problem={props.problem} value={range.from} onInput={change("from")} />
                  <TextField label={t("admin.week.to")} type="time" field={`${at}/to`} problem={props.problem} value={range.to} onInput={change("to")} />
                  <Button type="button" variant="danger" onClick={() => setDay(day, ranges.filter((_, i) => i !== index))}>
                    {t("admin.week.remove")}
                  </Button>
                </div>
              );
            })}
            <Button type="button" onClick={() => setDay(day, [...ranges, { from: "09:00", to: "17:00" }])}>
              {t("admin.week.add")}
            </Button>
          </fieldset>
        );
      })}
    </div>
  );
}

// Names for the error summary: "Monday 09:00–08:00" rather than "/opening_hours/monday/0".
export function weekLabels(pointer: string, week: Week, t: ReturnType<typeof useT>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const day of weekdays) {
    const name = t(`admin.day.${day}`);
    labels[`${pointer}/${day}`] = name;
    (week[day] ?? []).forEach((range, index) => {
      const at = `${pointer}/${day}/${index}`;
      labels[at] = `${name} ${range.from}–${range.to}`;
      labels[`${at}/from`] = `${name} ${t("admin.week.from")}`;
      labels[`${at}/to`] = `${name} ${t("admin.week.to")}`;
    });
  }
  return labels;
}

// Days with no ranges are left out: the API reads a missing day as closed.
export function compactWeek(week: Week): Week {
  return Object.fromEntries(Object.entries(week).filter(([, ranges]) => ranges && ranges.length > 0));
}

// Recording one visit's measurements at the chair: the time point (the next one due unless
// another is chosen), the session they were taken at, then a row per measure and zone with its
// value; the unit and method are the measure's, as the API names them. The server judges the
// values: its message for a row's field is shown in that row.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api/client";
import { zones, type Zone } from "../../api/chair-types";
import { measures, timePoints, vocabulary, type Measure, type MeasurementVisit, type Method, type TimePoint } from "../../api/outcome-types";
import type { Appointment } from "../../api/types";
import { formatWhen, useLanguage, useT } from "../../i18n/i18n";
import { RadioGroup } from "../../ui/choices";
import { useAction } from "../../ui/data";
import { ErrorSummary, SubmitOrCancel } from "../../ui/forms";
import { SelectField } from "../../ui/inputs";
import { MeasurementRow, type Row } from "./MeasurementRow";
import type { OutcomeWords } from "./words";

let nextKey = 0;
function newRow(measure: Measure = "hair_density"): Row {
  return { key: ++nextKey, measure, zone: "", value: "", method: vocabulary[measure].methods[0] };
}

// A value as typed: a number (a decimal comma taken as a point), or the text itself for the
// server to name, or null when left empty.
function valueOf(text: string): number | string | null {
  const typed = text.trim();
  if (typed === "") return null;
  const n = Number(/^[-+]?\d+,\d+$/.test(typed) ? typed.replace(",", ".") : typed);
  return Number.isFinite(n) ? n : typed;
}

export function MeasurementForm(props: {
  courseId: string;
  timePoint: TimePoint;
  sessions: Appointment[];
  today: string;
  words: OutcomeWords;
  onSaved: (count: number) => Promise<void> | void;
  onCancel: () => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  const action = useAction();
  const [point, setPoint] = useState<TimePoint>(props.timePoint);
  // The course's session today, when there is one, is where these were most likely taken.
  const usable = props.sessions.filter((s) => s.status !== "cancelled");
  const [session, setSession] = useState(usable.find((s) => s.starts.local.startsWith(props.today))?.id ?? "");
  const [rows, setRows] = useState<Row[]>(() => [newRow()]);
  const problem = action.problem;
  // Opened from a time point further down: brought into view, its heading focused.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus();
  }, []);

  const change = (index: number, next: Row) => setRows(rows.map((r, i) => (i === index ? next : r)));
  const labels: Record<string, string> = {
    "/time_point": t("outcomes.form.timePoint"),
    "/session_id": t("outcomes.form.session"),
  };
  rows.forEach((_, i) => {
    const row = t("outcomes.form.row", { n: i + 1 });
    for (const [field, key] of [
      ["measure", "outcomes.form.measure"],
      ["zone", "outcomes.form.zone"],
      ["value", "outcomes.form.value"],
      ["unit", "outcomes.form.unit"],
      ["method", "outcomes.form.method"],
      ["time_point", "outcomes.form.timePoint"],
    ] as const) {
      labels[`/measurements/${i}/${field}`] = `${row}: ${t(key)}`;
    }
    labels[`/measurements/${i}`] = row;
  });

  const save = (event: Event) => {
    event.preventDefault();
    const body: MeasurementVisit = {
      time_point: point,
      session_id: session || null,
      measurements: rows.map((r) => ({
        measure: r.measure,
        value: valueOf(r.value),
        unit: vocabulary[r.measure].unit,
        zone: (r.zone || null) as Zone | null,
        method: r.method as Method,
      })),
    };
    void action.run(async () => {
      await api.create(`/api/v1/courses/${props.courseId}/measurements`, body);
      await props.onSaved(rows.length);
    });
  };

  return (
    <form class="card measurement-form" noValidate aria-labelledby="record-title" onSubmit={save}>
      <h2 id="record-title" tabIndex={-1} ref={heading}>{t("outcomes.record")}</h2>
      <p class="hint">{t("outcomes.form.hint")}</p>
      <ErrorSummary problem={problem} labels={labels} />
      <RadioGroup
        legend={t("outcomes.form.timePoint")}
        field="/time_point"
        problem={problem}
        inline
        large
        options={timePoints.map((p) => ({ value: p, label: w.timePoint(p) }))}
        value={point}
        onChange={setPoint}
      />
      <SelectField
        label={t("outcomes.form.session")}
        field="/session_id"
        problem={problem}
        optional
        value={session}
        onChange={setSession}
        options={[
          { value: "", label: t("outcomes.form.noSession") },
          ...usable.map((s) => ({
            value: s.id,
            label: `${t("planner.session", { n: s.session_number ?? "" })} · ${formatWhen(lang, s.starts.local)}`,
          })),
        ]}
      />
      {rows.map((row, i) => (
        <MeasurementRow
          key={row.key}
          index={i}
          row={row}
          problem={problem}
          words={w}
          measures={measures}
          zones={zones}
          onChange={(next) => change(i, next)}
          onRemove={rows.length > 1 ? () => setRows(rows.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <p>
        <button
          type="button"
          class="button button--secondary button--add"
          // The next row measures the same as the last one, in another zone: density is taken zone by zone.
          onClick={() => setRows([...rows, newRow(rows[rows.length - 1]?.measure)])}
        >
          + {t("outcomes.form.add")}
        </button>
      </p>
      <SubmitOrCancel busy={action.busy} label={t("outcomes.form.save")} onCancel={props.onCancel} />
    </form>
  );
}

// The analytics table: one group of rows per period, one row per protocol, the figures a clinic
// manager asks first on the left (started, completion, density change, responders, adverse
// events, no-shows, revenue). Each figure cell gives its value and, under it, what it was counted
// from ("2 of 2 ended", "n = 3"), or a dash and why there is no figure yet. The column headers
// carry the definitions as tooltips; the same words are under the table for touch screens.
import type { AnalyticsRow, ClinicAnalytics } from "../../api/analytics-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import type { FigureWords } from "./figures";

interface Cell {
  // Null: no figure yet (its denominator is 0), shown as a dash with `why`.
  value: string | null;
  note: string;
  why?: string;
}

interface Column {
  id: string;
  label: MessageKey;
  definition: string;
  cell: (row: AnalyticsRow) => Cell;
}

function FigureCell(props: { id: string; cell: Cell }) {
  const { value, note, why } = props.cell;
  if (value === null) {
    return (
      <td class={`numeric figure figure--${props.id} figure--none`} title={why}>
        <span class="figure__value" aria-hidden="true">
          —
        </span>
        <span class="figure__note">
          {note}
          <span class="visually-hidden">: {why}</span>
        </span>
      </td>
    );
  }
  return (
    <td class={`numeric figure figure--${props.id}`}>
      <span class="figure__value">{value}</span>
      {note && <span class="figure__note">{note}</span>}
    </td>
  );
}

export function AnalyticsTable(props: { data: ClinicAnalytics; words: FigureWords; timePoint: string; definitions: Record<string, string> }) {
  const t = useT();
  const w = props.words;
  const d = props.definitions;
  const columns: Column[] = [
    {
      id: "started",
      label: "analytics.col.started",
      definition: d.started,
      cell: (r) => ({ value: w.count(r.courses_started), note: "" }),
    },
    {
      id: "completion",
      label: "analytics.col.completion",
      definition: d.completion,
      cell: (r) =>
        r.completion_percent === null
          ? { value: null, note: t("analytics.none.ended"), why: t("analytics.why.completion") }
          : { value: w.percent(r.completion_percent), note: t("analytics.ofEnded", { n: w.count(r.courses_completed), of: w.count(r.courses_ended) }) },
    },
    {
      id: "density",
      label: "analytics.col.density",
      definition: d.density,
      cell: (r) =>
        r.density_change_percent === null
          ? { value: null, note: t("analytics.none.measured"), why: t("analytics.why.density") }
          : { value: w.change(r.density_change_percent), note: t("analytics.measured", { n: w.count(r.density_courses) }) },
    },
    {
      id: "responders",
      label: "analytics.col.responders",
      definition: d.responders,
      cell: (r) =>
        r.responder_percent === null
          ? { value: null, note: t("analytics.none.measured"), why: t("analytics.why.responders", { timePoint: props.timePoint }) }
          : { value: w.percent(r.responder_percent), note: t("analytics.ofMeasured", { n: w.count(r.responders), of: w.count(r.responder_courses) }) },
    },
    {
      id: "aes",
      label: "analytics.col.aes",
      definition: d.aes,
      cell: (r) =>
        r.adverse_events_per_100_sessions === null
          ? { value: null, note: t("analytics.none.sessions"), why: t("analytics.why.aes") }
          : { value: w.rate(r.adverse_events_per_100_sessions), note: w.sessions("analytics.inSessions", r.sessions_attended, { n: r.adverse_events, of: r.sessions_attended }) },
    },
    {
      id: "no-shows",
      label: "analytics.col.noShows",
      definition: d.noShows,
      cell: (r) =>
        r.no_show_percent === null
          ? { value: null, note: t("analytics.none.sessions"), why: t("analytics.why.noShows") }
          : {
              value: w.percent(r.no_show_percent),
              note: w.sessions("analytics.ofSessions", r.sessions_attended + r.sessions_missed, {
                n: r.sessions_missed,
                of: r.sessions_attended + r.sessions_missed,
              }),
            },
    },
    {
      id: "revenue",
      label: "analytics.col.revenue",
      definition: d.revenue,
      cell: (r) => ({ value: w.money(r.revenue), note: w.sessions("analytics.attended", r.sessions_attended, { n: r.sessions_attended }) }),
    },
    {
      id: "diameter",
      label: "analytics.col.diameter",
      definition: d.diameter,
      cell: (r) =>
        r.diameter_change_percent === null
          ? { value: null, note: t("analytics.none.measured"), why: t("analytics.why.density") }
          : { value: w.change(r.diameter_change_percent), note: t("analytics.measured", { n: w.count(r.diameter_courses) }) },
    },
  ];

  // The API orders rows by period, then protocol name: consecutive rows of a period form its group.
  const groups: AnalyticsRow[][] = [];
  for (const row of props.data.rows) {
    const last = groups[groups.length - 1];
    if (last && last[0].period === row.period) last.push(row);
    else groups.push([row]);
  }

  return (
    <div class="table-wrap analytics-wrap" tabIndex={0} role="region" aria-labelledby="analytics-caption">
      <table class="table analytics-table">
        <caption id="analytics-caption" class="visually-hidden">
          {t("analytics.caption")}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="analytics-table__protocol">
              {t("analytics.col.protocol")}
            </th>
            {columns.map((c) => (
              <th key={c.id} scope="col" class={`numeric figure--${c.id}`} title={c.definition}>
                {t(c.label)}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((rows) => {
          const first = rows[0];
          return (
            <tbody key={first.period}>
              <tr class="analytics-table__period">
                <th scope="rowgroup" colSpan={columns.length + 1}>
                  <span class="analytics-table__period-name">
                    {w.period(first, props.data.period)}
                    <span class="analytics-table__period-dates">{w.span(first.period_start, first.period_end)}</span>
                  </span>
                </th>
              </tr>
              {rows.map((row) => (
                <tr key={`${row.period} ${row.protocol_id}`} data-period={row.period} data-protocol={row.protocol_id}>
                  <th scope="row" class="analytics-table__protocol">
                    {row.protocol_name}
                  </th>
                  {columns.map((c) => (
                    <FigureCell key={c.id} id={c.id} cell={c.cell(row)} />
                  ))}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

// The pain the patient rated at each signed session, by session number, on the fixed 0..10
// scale of the chart form (so two courses' charts compare at a glance). Sessions not signed yet
// leave a gap rather than a zero: no score is not "no pain".
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { chartAxis, fitToWidth } from "./chart-frame";
import type { CourseOutcomes } from "../../api/outcome-types";
import { useT } from "../../i18n/i18n";

const height = 240;
const colour = "#1c2430";

export function PainChart(props: { sessions: CourseOutcomes["sessions"] }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const scored = props.sessions.some((s) => s.pain !== null);

  useEffect(() => {
    const target = box.current;
    if (!target || !scored) return;
    const data: uPlot.AlignedData = [props.sessions.map((s) => s.number), props.sessions.map((s) => s.pain)];
    const axis = chartAxis;
    const chart = new uPlot(
      {
        width: target.clientWidth,
        height,
        padding: [12, 16, 0, 0],
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: [0, 10] } },
        axes: [
          {
            ...axis,
            label: t("outcomes.pain.session"),
            labelSize: 20,
            labelFont: "13px system-ui, sans-serif",
            splits: () => props.sessions.map((s) => s.number),
            values: (_u, splits) => splits.map((n) => String(n)),
          },
          { ...axis, size: 40, splits: () => [0, 2, 4, 6, 8, 10] },
        ],
        series: [{}, { label: t("outcomes.pain.title"), stroke: colour, width: 3, spanGaps: false, points: { size: 9, fill: colour } }],
      },
      data,
      target,
    );
    return fitToWidth(chart, target, height);
  }, [props.sessions, scored]);

  return (
    <figure class="progress-chart">
      <figcaption>
        <strong>{t("outcomes.pain.title")}</strong> <span class="hint">({t("outcomes.pain.unit")})</span>
      </figcaption>
      {scored ? (
        <div ref={box} class="progress-chart__plot" role="img" aria-label={t("outcomes.pain.label")} />
      ) : (
        <p class="empty">{t("outcomes.pain.empty")}</p>
      )}
    </figure>
  );
}

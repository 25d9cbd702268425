// One measure's progress drawn by uPlot: the measure at baseline and each later time point the
// server compared, one line per zone, each named at its end (colour is never the only clue) with
// its baseline as a dashed reference line. The points are the server's (its change rows); the
// figures themselves are in the table of changes, which the chart's description points to.
// uPlot styles its elements through the CSSOM (element.style), which the app's CSP allows.
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { chartAxis, fitToWidth } from "./chart-frame";
import "uplot/dist/uPlot.min.css";
import { timePoints, vocabulary, type Measure, type OutcomeChange, type TimePoint } from "../../api/outcome-types";
import type { Zone } from "../../api/chair-types";
import { useLanguage, useT } from "../../i18n/i18n";
import type { OutcomeWords } from "./words";

// Each zone keeps its colour in every chart, the zones measured most often the most distinct;
// all at 3:1 or more against white (WCAG 1.4.11).
const colours: Record<Zone | "whole", string> = {
  frontal: "#0072b2",
  mid_scalp: "#b84300",
  vertex: "#7b3294",
  whole: "#1c2430",
  frontal_hairline: "#0b6b68",
  occipital: "#ad1457",
  left_temporal: "#8a5300",
  right_temporal: "#33691e",
  left_parietal: "#455a64",
  right_parietal: "#5d4037",
};
const colourOf = (zone: Zone | null) => colours[zone ?? "whole"];
const height = 240;

export interface ChartLines {
  points: TimePoint[]; // along the x axis, baseline first
  zones: { zone: Zone | null; baseline: number; values: (number | null)[] }[];
  unit: string;
}

// The server's change rows for one measure as lines: every zone it compared, at baseline and at
// each time point it has a value for.
export function linesOf(changes: OutcomeChange[], measure: Measure): ChartLines | null {
  const rows = changes.filter((c) => c.measure === measure);
  if (rows.length === 0) return null;
  const points = timePoints.filter((p) => p === "baseline" || rows.some((r) => r.time_point === p));
  const zones: ChartLines["zones"] = [];
  for (const row of rows) {
    let line = zones.find((z) => z.zone === row.zone);
    if (!line) {
      line = { zone: row.zone, baseline: row.baseline, values: points.map((p) => (p === "baseline" ? row.baseline : null)) };
      zones.push(line);
    }
    line.values[points.indexOf(row.time_point)] = row.value;
  }
  return { points, zones, unit: rows[0].unit };
}

// Each line's name beside its last point, nudged apart so that two ending close stay readable.
function labelEnds(names: string[], lineColours: string[]) {
  return (u: uPlot) => {
    const ctx = u.ctx;
    const ratio = uPlot.pxRatio;
    const ends: { name: string; colour: string; x: number; y: number }[] = [];
    names.forEach((name, i) => {
      const data = u.data[1 + i * 2];
      let last = data.length - 1;
      while (last >= 0 && data[last] == null) --last;
      if (last < 0) return;
      ends.push({ name, colour: lineColours[i], x: u.valToPos(last, "x", true), y: u.valToPos(data[last] as number, "y", true) });
    });
    const gap = 15 * ratio;
    ends.sort((a, b) => a.y - b.y);
    for (let i = 1; i < ends.length; ++i) ends[i].y = Math.max(ends[i].y, ends[i - 1].y + gap);
    ctx.save();
    ctx.font = `600 ${13 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = "middle";
    ctx.textAlign = "left";
    for (const end of ends) {
      ctx.fillStyle = end.colour;
      ctx.fillText(end.name, end.x + 8 * ratio, end.y);
    }
    ctx.restore();
  };
}

export function ProgressChart(props: { measure: Measure; lines: ChartLines | null; words: OutcomeWords }) {
  const t = useT();
  const lang = useLanguage();
  const box = useRef<HTMLDivElement>(null);
  const w = props.words;
  const title = w.measure(props.measure);
  const lines = props.lines;

  useEffect(() => {
    const target = box.current;
    if (!target || !lines) return;
    const names = lines.zones.map((z) => w.zone(z.zone));
    const series: uPlot.Series[] = [{}];
    const data: uPlot.AlignedData = [lines.points.map((_, i) => i)];
    lines.zones.forEach((z, i) => {
      const colour = colourOf(z.zone);
      series.push({ label: names[i], stroke: colour, width: 3, spanGaps: true, points: { size: 9, fill: colour } });
      series.push({ label: `${names[i]} (${t("timePoint.baseline")})`, stroke: colour, width: 1.5, dash: [6, 5], points: { show: false } });
      data.push(z.values, lines.points.map(() => z.baseline));
    });
    const axis = chartAxis;
    const chart = new uPlot(
      {
        width: target.clientWidth,
        height,
        padding: [12, Math.min(120, 12 + Math.max(...names.map((n) => n.length)) * 7.5), 0, 0],
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.3, max + 0.3] } },
        axes: [
          { ...axis, splits: () => lines.points.map((_, i) => i), values: (_u, splits) => splits.map((i) => w.timePoint(lines.points[i])) },
          // The unit is in the caption above.
          { ...axis, size: 52, values: (_u, splits) => splits.map((v) => w.number(v)) },
        ],
        series,
        hooks: { draw: [labelEnds(names, lines.zones.map((z) => colourOf(z.zone)))] },
      },
      data,
      target,
    );
    return fitToWidth(chart, target, height);
  }, [lines, w]);

  return (
    <figure class="progress-chart">
      <figcaption>
        <strong>{title}</strong> <span class="hint">({w.unit(vocabulary[props.measure].unit)})</span>
      </figcaption>
      {lines ? (
        <>
          <div ref={box} class="progress-chart__plot" role="img" aria-label={t("outcomes.chart.label", { measure: title, unit: w.unit(lines.unit) })} />
          <p class="hint progress-chart__key">{t("outcomes.chart.baseline")}</p>
        </>
      ) : (
        <p class="empty">{t("outcomes.chart.empty", { measure: title.toLocaleLowerCase(lang) })}</p>
      )}
    </figure>
  );
}

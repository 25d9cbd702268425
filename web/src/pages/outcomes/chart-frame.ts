// What the outcome charts share: the look of their axes, and a chart kept as wide as its box
// until the page drops it.
import type uPlot from "uplot";

export const chartAxis = {
  stroke: "#4a5565",
  font: "13px system-ui, sans-serif",
  grid: { stroke: "#e6eaef" },
  ticks: { stroke: "#d5dbe3" },
};

// Follows `target`'s width; the returned cleanup stops following and destroys the chart.
export function fitToWidth(chart: uPlot, target: HTMLElement, height: number): () => void {
  const resize = new ResizeObserver(() => chart.setSize({ width: target.clientWidth, height }));
  resize.observe(target);
  return () => {
    resize.disconnect();
    chart.destroy();
  };
}

// The scalp seen from above, face at the top, drawn as SVG: DOMAIN.md's nine zones to tap (each a
// button, so a keyboard reaches it too) and, in point mode, free points placed where tapped.
// Points are kept normalised to 0..1 of the drawing (0,0 top left), as the chart stores them.
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/catalogue";
import type { ChartPoint, Zone } from "../api/chair-types";

const width = 400;
const height = 480;

// Each zone's area before it is clipped to the head's outline: the front band, then front, middle
// and crown down the centre, temples and sides left and right (the patient's right is on the
// right, as seen from behind and above), and the back of the head across the bottom.
const areas: Record<Zone, { x: number; y: number; w: number; h: number; labelX?: number; labelY?: number }> = {
  frontal_hairline: { x: 135, y: 0, w: 130, h: 85, labelY: 68 },
  frontal: { x: 135, y: 85, w: 130, h: 75 },
  mid_scalp: { x: 135, y: 160, w: 130, h: 100 },
  vertex: { x: 135, y: 260, w: 130, h: 90 },
  // Label the sides nearer the middle, where the head's outline leaves them room.
  left_temporal: { x: 0, y: 0, w: 135, h: 180, labelX: 100, labelY: 125 },
  right_temporal: { x: 265, y: 0, w: 135, h: 180, labelX: 300, labelY: 125 },
  left_parietal: { x: 0, y: 180, w: 135, h: 170, labelX: 92 },
  right_parietal: { x: 265, y: 180, w: 135, h: 170, labelX: 308 },
  occipital: { x: 0, y: 350, w: 400, h: 130, labelY: 400 },
};

const round = (v: number) => Math.round(v * 1000) / 1000;

// A zone's name one word to a line, centred on (x, y), so narrow zones keep their whole name.
function ZoneLabel(props: { x: number; y: number; name: string }) {
  const words = props.name.split(" ");
  const top = props.y - ((words.length - 1) * 17) / 2;
  return (
    <text x={props.x} y={top} text-anchor="middle" dominant-baseline="middle" aria-hidden="true">
      {words.map((word, i) => (
        <tspan key={i} x={props.x} y={top + i * 17}>
          {word}
        </tspan>
      ))}
    </text>
  );
}

export function ScalpMap(props: {
  selected: Zone[];
  points: ChartPoint[];
  placing: boolean;
  onZone: (zone: Zone) => void;
  onPoint: (x: number, y: number) => void;
  // A signed chart's picture: nothing to tap, and the zones are listed beside it in words.
  readOnly?: boolean;
}) {
  const t = useT();
  const place = (event: MouseEvent) => {
    if (!props.placing) return;
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    props.onPoint(round(x), round(y));
  };
  return (
    <svg
      class={`scalp${props.placing ? " scalp--placing" : ""}`}
      viewBox={`0 0 ${width} ${height}`}
      role={props.readOnly ? "img" : "group"}
      aria-label={t("chart.map")}
      onClick={place}
    >
      <defs>
        <clipPath id="scalp-outline">
          <ellipse cx="200" cy="250" rx="160" ry="210" />
        </clipPath>
      </defs>
      <path class="scalp__nose" d="M185 44 L200 14 L215 44 Z" aria-hidden="true" />
      <ellipse class="scalp__ear" cx="38" cy="250" rx="14" ry="34" aria-hidden="true" />
      <ellipse class="scalp__ear" cx="362" cy="250" rx="14" ry="34" aria-hidden="true" />
      <g clip-path="url(#scalp-outline)">
        {(Object.keys(areas) as Zone[]).map((zone) => {
          const a = areas[zone];
          const on = props.selected.includes(zone);
          const name = t(`zone.${zone}` as MessageKey);
          return (
            <g
              key={zone}
              class={`scalp__zone${on ? " scalp__zone--on" : ""}`}
              role={props.readOnly ? undefined : "button"}
              tabindex={props.readOnly ? undefined : 0}
              aria-pressed={props.placing || props.readOnly ? undefined : on}
              aria-label={props.readOnly ? undefined : props.placing ? t("chart.placeIn", { zone: name }) : name}
              onClick={(e) => {
                // In point mode a tap places the point where it lands (the svg's handler).
                if (props.placing || props.readOnly) return;
                e.stopPropagation();
                props.onZone(zone);
              }}
              onKeyDown={(e) => {
                if (props.readOnly || (e.key !== "Enter" && e.key !== " ")) return;
                e.preventDefault();
                // From the keyboard a point goes to the middle of the zone's name.
                if (props.placing) props.onPoint(round((a.labelX ?? a.x + a.w / 2) / width), round((a.labelY ?? a.y + a.h / 2) / height));
                else props.onZone(zone);
              }}
            >
              <rect x={a.x} y={a.y} width={a.w} height={a.h} />
              <ZoneLabel x={a.labelX ?? a.x + a.w / 2} y={a.labelY ?? a.y + a.h / 2} name={name} />
            </g>
          );
        })}
      </g>
      <ellipse class="scalp__outline" cx="200" cy="250" rx="160" ry="210" aria-hidden="true" />
      {props.points.map((p, i) => (
        <g key={i} class="scalp__point" aria-hidden="true">
          <circle cx={p.x * width} cy={p.y * height} r="9" />
          <text x={p.x * width} y={p.y * height} text-anchor="middle" dominant-baseline="central">
            {i + 1}
          </text>
        </g>
      ))}
    </svg>
  );
}

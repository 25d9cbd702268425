// A trichoscopy photo with the hairs of its trichometry result drawn over it, for the
// practitioner to check and correct with a finger: the target area, each counted hair's shaft
// (green, vellus blue) with its exit ringed red (orange and broken where the engine is less sure
// of it: a colour-blind eye tells those by the breaks), hairs seen but not counted in grey, those
// removed dashed red, those added white. A counted hair is a button (tap or Enter) that removes
// it, a removed or added one a button that puts it back or takes it away; in adding mode two taps
// on the photo mark a missed hair's exit, then its end. Since an earlier image, the hairs the change
// is made of are marked over them (ChangeMarks).
import type { PixelPoint, TrichometryChange, TrichometryHair, TrichometryResult } from "../../api/trichometry-types";
import { useT } from "../../i18n/i18n";
import { ChangeMarks } from "./ChangeMarks";

// A counted hair the engine found and is less sure of: the practitioner's first look.
export const toCheckFirst = (hair: TrichometryHair) => hair.source === "found" && hair.counted && hair.less_sure;

export function HairMap(props: {
  imageUrl: string;
  width: number;
  height: number;
  result: TrichometryResult;
  hairs: TrichometryHair[]; // as marked so far
  editable: boolean;
  exitMarked: PixelPoint | null; // adding: the exit tapped, waiting for the end
  change?: TrichometryChange | null; // since an earlier image: its new hairs and lost ones marked
  onLost?: (index: number) => void; // a lost hair's ring tapped: it is still there, add it back
  onHair: (index: number) => void;
  onPoint?: (point: PixelPoint) => void; // adding: a tap on the photo, in its pixels
}) {
  const t = useT();
  // Lines a few pixels wide on the screen whatever the photo's size; fingers get a wider band.
  const unit = props.width / 600;
  const tapped = (event: MouseEvent) => {
    if (!props.onPoint) return;
    const svg = event.currentTarget as SVGSVGElement;
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    props.onPoint([Math.round(at.x * 100) / 100, Math.round(at.y * 100) / 100]);
  };
  const area = props.result.target_area;
  return (
    <svg
      class={`hair-map${props.onPoint ? " hair-map--adding" : ""}`}
      viewBox={`0 0 ${props.width} ${props.height}`}
      role="group"
      aria-label={t("trichometry.map")}
      onClick={tapped}
    >
      <image href={props.imageUrl} width={props.width} height={props.height} />
      <rect class="hair-map__area" x={area.left} y={area.top} width={area.width} height={area.height} stroke-width={unit * 1.5} />
      {props.hairs.map((hair, index) => {
        const points = hair.line.map((p) => p.join(",")).join(" ");
        const [x, y] = hair.line[0];
        const kind = hair.source === "removed_by_practitioner" ? "removed" : hair.source === "added_by_practitioner" ? "added" : hair.counted ? (hair.vellus ? "vellus" : "counted") : "seen";
        const actionable = props.editable && !props.onPoint && kind !== "seen";
        const lessSure = toCheckFirst(hair);
        const label = t(`trichometry.hair.${kind}${lessSure ? "LessSure" : ""}` as "trichometry.hair.counted", { n: index + 1, width: Math.round(hair.width_um) });
        return (
          <g key={index} class={`hair hair--${kind}${lessSure ? " hair--less-sure" : ""}`}>
            <polyline points={points} class="hair__shaft" stroke-width={unit * (kind === "seen" ? 1 : 1.6)} stroke-dasharray={kind === "removed" ? `${unit * 4} ${unit * 3}` : undefined} />
            {kind !== "seen" && <circle cx={x} cy={y} r={unit * 4} class="hair__exit" stroke-width={unit * 1.2} stroke-dasharray={lessSure ? `${unit * 2} ${unit * 1.4}` : undefined} />}
            {actionable && (
              <polyline
                points={points}
                class="hair__touch"
                stroke-width={unit * 14}
                role="button"
                tabindex={0}
                aria-label={label}
                onClick={(event) => {
                  event.stopPropagation();
                  props.onHair(index);
                }}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    props.onHair(index);
                  }
                }}
              />
            )}
          </g>
        );
      })}
      {props.change && <ChangeMarks change={props.change} hairs={props.hairs} area={area} unit={unit} onLost={props.onPoint ? undefined : props.onLost} />}
      {props.exitMarked && <circle class="hair-map__pending" cx={props.exitMarked[0]} cy={props.exitMarked[1]} r={unit * 6} stroke-width={unit * 1.5} />}
    </svg>
  );
}

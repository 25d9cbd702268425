// The hairs a change since an earlier image is made of, drawn over the later image's HairMap for
// the practitioner to check (GET .../trichometry/change: new_hair_places, lost_exits).
import type { TrichometryChange, TrichometryHair, TrichometryResult } from "../../api/trichometry-types";
import { useT } from "../../i18n/i18n";

// Since an earlier image, the hairs the change is made of, to check: a "+" beside each new hair's
// exit, a "−" in a ring where each lost hair left the scalp (broken where the engine was less
// sure of that exit). Glyphs, not only a colour, tell them apart. With `onLost`, a lost hair's
// ring within the area counted is a button that adds it back (an added hair leaves the scalp in
// that area); one added back already (a hair added at its exit) is not marked.
export function ChangeMarks(props: { change: TrichometryChange; hairs: TrichometryHair[]; area: TrichometryResult["target_area"]; unit: number; onLost?: (index: number) => void }) {
  const t = useT();
  const u = props.unit;
  const glyph = (x: number, y: number, text: string) => (
    <text x={x + u * 5} y={y - u * 4} font-size={u * 20} stroke-width={u * 2} class="hair-map__glyph">
      {text}
    </text>
  );
  return (
    <g class="hair-map__change">
      {props.change.new_hair_places.map((place) => {
        const hair = props.hairs[place];
        if (!hair) return null;
        const [x, y] = hair.line[0];
        return (
          <g key={`new-${place}`} class="hair-map__new" role="img" aria-label={t("trichometry.change.newHair", { n: place + 1 })}>
            {glyph(x, y, "+")}
          </g>
        );
      })}
      {props.change.lost_exits.map((lost, i) => {
        const [x, y] = lost.at;
        const addedBack = props.hairs.some((h) => h.source === "added_by_practitioner" && Math.hypot(h.line[0][0] - x, h.line[0][1] - y) < 0.5);
        if (addedBack) return null;
        const a = props.area;
        const inArea = x >= a.left && x < a.left + a.width && y >= a.top && y < a.top + a.height;
        const onLost = inArea ? props.onLost : undefined;
        const putBack = () => onLost?.(i);
        return (
          <g
            key={`lost-${i}`}
            class={`hair-map__lost${lost.less_sure ? " hair-map__lost--less-sure" : ""}${onLost ? " hair-map__lost--button" : ""}`}
            role={onLost ? "button" : "img"}
            tabindex={onLost ? 0 : undefined}
            aria-label={onLost ? t("trichometry.change.lostHairButton") : t("trichometry.change.lostHair")}
            onClick={
              onLost
                ? (event) => {
                    event.stopPropagation();
                    putBack();
                  }
                : undefined
            }
            onKeyDown={
              onLost
                ? (event) => {
                    if (event.key === "Enter" || event.key === " ") {
                      event.preventDefault();
                      putBack();
                    }
                  }
                : undefined
            }
          >
            <circle cx={x} cy={y} r={u * 4} stroke-width={u * 1.2} stroke-dasharray={lost.less_sure ? `${u * 2} ${u * 1.4}` : undefined} />
            {onLost && <circle cx={x + u * 3} cy={y - u * 3} r={u * 11} class="hair-map__lost-touch" />}
            {glyph(x, y, "\u2212")}
          </g>
        );
      })}
    </g>
  );
}

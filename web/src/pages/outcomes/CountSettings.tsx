// What a trichoscopy image's hairs are counted over, chosen before they are counted: the area
// (the whole image, a centred square of a set size so that visits count alike, or a
// rectangle the practitioner marks on the image with two taps) and the width under which a hair
// is vellus (30 um, or 40 um as TrichoScan reports). The server checks the area again; this
// only proposes one that fits the image.
import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client";
import type { Photo } from "../../api/photo-types";
import type { PixelPoint, TrichometryRequest } from "../../api/trichometry-types";
import { useLanguage, useT } from "../../i18n/i18n";
import { RadioGroup } from "../../ui/choices";

type AreaChoice = "whole" | "square" | "marked";
type Area = TrichometryRequest["target_area"];

// The squares a site is counted over, in cm2: the same one at every visit keeps the counts
// comparable, and the largest the image holds counts the most hairs.
const squares = [1, 0.5, 0.25, 0.1];

// The largest of those squares the image holds, at its centre, and its area in cm2.
function centredSquare(photo: Photo): { area: Area; cm2: number } | null {
  if (!photo.um_per_pixel) return null;
  const um = photo.um_per_pixel;
  const cm2 = squares.find((a) => Math.sqrt(a) * 1e4 / um <= Math.min(photo.width, photo.height));
  if (!cm2) return null;
  const side = (Math.sqrt(cm2) * 1e4) / um;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { area: { left: round((photo.width - side) / 2), top: round((photo.height - side) / 2), width: round(side), height: round(side) }, cm2 };
}

// The rectangle two opposite corners span.
function spanned(a: PixelPoint, b: PixelPoint): Area {
  return { left: Math.min(a[0], b[0]), top: Math.min(a[1], b[1]), width: Math.abs(a[0] - b[0]), height: Math.abs(a[1] - b[1]) };
}

// The request the choices make, or null while a marked area still lacks a corner.
export function useCountSettings(photo: Photo) {
  const [area, setArea] = useState<AreaChoice>("whole");
  const [corners, setCorners] = useState<PixelPoint[]>([]);
  const [vellus, setVellus] = useState<"30" | "40">("30");
  const square = centredSquare(photo);
  const target: Area | null = area === "square" ? (square?.area ?? null) : area === "marked" ? (corners.length === 2 ? spanned(corners[0], corners[1]) : null) : undefined;
  const body: TrichometryRequest | null = target === null ? null : { vellus_under_um: Number(vellus), ...(target ? { target_area: target } : {}) };
  return { area, setArea, corners, setCorners, vellus, setVellus, square, target, body };
}

export function CountSettings(props: { photo: Photo; settings: ReturnType<typeof useCountSettings>; problem: ApiProblem | null }) {
  const t = useT();
  const lang = useLanguage();
  const s = props.settings;
  const { photo } = props;
  const unit = photo.width / 600;
  const tapped = (event: MouseEvent) => {
    if (s.area !== "marked") return;
    const svg = event.currentTarget as SVGSVGElement;
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const point: PixelPoint = [Math.round(Math.min(Math.max(at.x, 0), photo.width) * 100) / 100, Math.round(Math.min(Math.max(at.y, 0), photo.height) * 100) / 100];
    s.setCorners(s.corners.length === 1 ? [s.corners[0], point] : [point]);
  };
  const shown = s.target ?? (s.target === undefined ? { left: 0, top: 0, width: photo.width, height: photo.height } : null);
  const options: { value: AreaChoice; label: string }[] = [{ value: "whole", label: t("trichometry.area.whole") }];
  if (s.square) options.push({ value: "square", label: t("trichometry.area.square", { area: new Intl.NumberFormat(lang).format(s.square.cm2) }) });
  options.push({ value: "marked", label: t("trichometry.area.marked") });
  return (
    <div class="count-settings">
      <RadioGroup
        legend={t("trichometry.area")}
        field="/target_area"
        problem={props.problem}
        options={options}
        value={s.area}
        onChange={(value) => (s.setArea(value), s.setCorners([]))}
      />
      {/* Always there, so that screen readers announce each prompt as its text changes. */}
      <p class="trichometry__prompt" role="status">
        {s.area !== "marked" ? "" : s.corners.length === 1 ? t("trichometry.area.tapOpposite") : s.corners.length === 2 ? t("trichometry.area.marked.done") : t("trichometry.area.tapCorner")}
      </p>
      <svg
        class={`hair-map${s.area === "marked" ? " hair-map--adding" : ""}`}
        viewBox={`0 0 ${photo.width} ${photo.height}`}
        role="img"
        aria-label={t("trichometry.area.picture")}
        onClick={tapped}
      >
        <image href={photo.image_url} width={photo.width} height={photo.height} />
        {shown && <rect class="hair-map__area" x={shown.left} y={shown.top} width={shown.width} height={shown.height} stroke-width={unit * 2} />}
        {s.corners.length === 1 && <circle class="hair-map__pending" cx={s.corners[0][0]} cy={s.corners[0][1]} r={unit * 6} stroke-width={unit * 1.5} />}
      </svg>
      <RadioGroup
        legend={t("trichometry.vellusUnder")}
        field="/vellus_under_um"
        problem={props.problem}
        inline
        options={[
          { value: "30", label: t("trichometry.vellusUnder.30") },
          { value: "40", label: t("trichometry.vellusUnder.40") },
        ]}
        value={s.vellus}
        onChange={s.setVellus}
      />
    </div>
  );
}

// The change since the earlier image of the same zone, counted hair by hair by the server (the
// later image registered onto the earlier one, each hair matched one to one), under a counted
// image's figures: the change in the earlier image's area, how many hairs were lost, new and
// found again, how the thickness of those found again changed, and (smaller, since they are not
// the change) the two images' counts of that area each on its own. Read again
// whenever the result changes (a correction changes its hairs).
import { useEffect } from "preact/hooks";
import { ApiProblem, request } from "../../api/client";
import type { Photo } from "../../api/photo-types";
import type { TrichometryChange as Change } from "../../api/trichometry-types";
import { useT } from "../../i18n/i18n";
import { Pending, useLoad } from "../chair/common";
import type { OutcomeWords } from "./words";

// The change, or the reason there is none: 404 (no earlier measured image of the zone) and 422
// (the two images are not of one site) are answers here, not failures.
async function changeOf(photoId: string): Promise<{ change: Change } | { none: ApiProblem }> {
  try {
    return { change: (await request<Change>("GET", `/api/v1/photos/${photoId}/trichometry/change`)).data };
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 422)) return { none: error };
    throw error;
  }
}

export function TrichometryChange(props: {
  photo: Photo;
  version: number;
  earlier: (photoId: string) => string | null;
  words: OutcomeWords;
  onLoaded?: (change: Change | null) => void; // to mark on the image the hairs it is made of
}) {
  const t = useT();
  const w = props.words;
  const [loaded, problem] = useLoad(() => changeOf(props.photo.id), [props.photo.id, props.version]);
  const { onLoaded } = props;
  useEffect(() => onLoaded?.(loaded && "change" in loaded ? loaded.change : null), [loaded, onLoaded]);
  if (!loaded) return <Pending problem={problem} />;
  if ("none" in loaded) {
    const reason = loaded.none.status === 404 ? t("trichometry.change.none") : (loaded.none.forField("/follow_up") ?? loaded.none.forField("/photo") ?? loaded.none.detail);
    return <p class="trichometry__change-none">{reason}</p>;
  }
  const c = loaded.change;
  const since = props.earlier(c.baseline_photo_id);
  return (
    <section class="trichometry__change" aria-labelledby={`change-${props.photo.id}`}>
      <h4 id={`change-${props.photo.id}`}>{since ? t("trichometry.change.since", { image: since }) : t("trichometry.change.sinceEarlier")}</h4>
      <p class="trichometry__change-headline">{t("trichometry.change.headline", { change: w.signedNumber(c.change), percent: w.percent(c.change_percent) })}</p>
      <p>{t("trichometry.change.matched", { persisting: w.number(c.persisting), lost: w.number(c.lost), gained: w.number(c.new_hairs) })}</p>
      {c.lost + c.new_hairs > 0 && <p>{t("trichometry.change.marked", { lost: w.number(c.lost), gained: w.number(c.new_hairs) })}</p>}
      <p>{t("trichometry.change.diameter", { change: w.signed(c.persisting_diameter_change_um, "um") })}</p>
      <p class="field__hint">{t("trichometry.change.separate", { then: w.number(c.baseline_count), now: w.number(c.follow_up_count) })}</p>
    </section>
  );
}

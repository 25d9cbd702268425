// The phototrichogram under a counted image taken 12 hours to 14 days after a counted image of
// the same zone (the clipped site's day 0): how many of day 0's hairs grew (the anagen share) and
// how fast, counted hair by hair by the server; and, once both counts are accepted, the anagen
// share recorded as the course's measurement on request (once), offered once both counts are
// accepted. Read again whenever the result changes.
import { ApiProblem, request } from "../../api/client";
import type { Phototrichogram } from "../../api/trichometry-types";
import type { Photo } from "../../api/photo-types";
import { useT } from "../../i18n/i18n";
import { Notice, useAction } from "../../ui/data";
import { Button, ErrorSummary } from "../../ui/forms";
import { Pending, useLoad } from "../chair/common";
import type { OutcomeWords } from "./words";

// The growth; null where there is no day-0 image (404: most images are no phototrichogram); the
// reason where the server cannot follow day 0's hairs into this image (422).
async function growthOf(photoId: string): Promise<{ growth: Phototrichogram | null; refused?: ApiProblem }> {
  try {
    return { growth: (await request<Phototrichogram>("GET", `/api/v1/photos/${photoId}/trichometry/growth`)).data };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return { growth: null };
    if (error instanceof ApiProblem && error.status === 422) return { growth: null, refused: error };
    throw error;
  }
}

export function PhototrichogramPanel(props: { photo: Photo; version: number; accepted: boolean; canChange: boolean; earlier: (photoId: string) => string | null; words: OutcomeWords }) {
  const t = useT();
  const w = props.words;
  const action = useAction();
  const [loaded, problem, setLoaded] = useLoad(() => growthOf(props.photo.id), [props.photo.id, props.version]);
  if (!loaded) return <Pending problem={problem} />;
  const g = loaded.growth;
  if (loaded.refused) {
    const r = loaded.refused;
    return <p class="trichometry__change-none">{t("phototrichogram.refused", { reason: r.forField("/follow_up") ?? r.forField("/photo") ?? r.forField("/day_0") ?? r.detail })}</p>;
  }
  if (!g) return null;
  const since = props.earlier(g.day_0_photo_id);
  const record = () =>
    action.run(async () => {
      const reply = await request<Phototrichogram & { measurement_withheld: string | null }>("POST", `/api/v1/photos/${props.photo.id}/trichometry/growth`, { body: { day_0_photo_id: g.day_0_photo_id } });
      setLoaded({ growth: reply.data });
      // The one reason an image of a course is withheld: taken before the course was agreed.
      return reply.data.measurement_withheld ? t("phototrichogram.withheld") : t("phototrichogram.recorded");
    });
  return (
    <section class="trichometry__change" aria-labelledby={`growth-${props.photo.id}`}>
      <h4 id={`growth-${props.photo.id}`}>{since ? t("phototrichogram.since", { image: since, days: w.number(Math.round(g.days * 10) / 10) }) : t("phototrichogram.sinceEarlier", { days: w.number(Math.round(g.days * 10) / 10) })}</h4>
      <p class="trichometry__change-headline">{t("phototrichogram.anagen", { share: w.value(g.anagen_share_percent, "%"), growing: w.number(g.growing), followed: w.number(g.hairs_followed) })}</p>
      <p>{t("phototrichogram.rate", { rate: w.number(g.growth_mm_per_day) })}</p>
      <Notice text={action.notice} />
      <ErrorSummary problem={action.problem} />
      {g.measurement ? (
        <p>{t("phototrichogram.isMeasurement", { share: w.value(g.measurement.value, "%") })}</p>
      ) : props.canChange && props.accepted && g.day_0_accepted ? (
        <Button type="button" busy={action.busy} onClick={record}>
          {t("phototrichogram.record")}
        </Button>
      ) : (
        props.canChange && <p class="field__hint">{t("phototrichogram.acceptFirst")}</p>
      )}
    </section>
  );
}

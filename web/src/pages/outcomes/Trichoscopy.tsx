// The course's trichoscopy images under its photos: each with its zone and time point, and its
// hair count opened one at a time for review (TrichometryReview), since an image is large and a
// review takes the width of the screen.
import { useState } from "preact/hooks";
import { ApiProblem, request } from "../../api/client";
import type { Photo } from "../../api/photo-types";
import type { TrichometryResult } from "../../api/trichometry-types";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import { Pending, useLoad } from "../chair/common";
import { clinicDay } from "./photo-time";
import { TrichometryReview } from "./TrichometryReview";
import type { OutcomeWords } from "./words";
// The trichometry words come with this code (see the area file).
import "../../i18n/areas/trichometry";

// The photo's result and its ETag, or null while it has not been counted.
async function resultOf(photoId: string): Promise<{ result: TrichometryResult; etag: string } | null> {
  try {
    const reply = await request<TrichometryResult>("GET", `/api/v1/photos/${photoId}/trichometry`);
    return { result: reply.data, etag: reply.etag ?? `"${reply.data.version}"` };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}

// The photo's result loaded, wrapped so that "not counted yet" (null) is not taken for "still
// loading" (which useLoad also says with null).
function Loaded(props: { photo: Photo; canChange: boolean; words: OutcomeWords; earlier: (photoId: string) => string | null; onAccepted: () => void }) {
  const [loaded, problem] = useLoad(async () => ({ found: await resultOf(props.photo.id) }), [props.photo.id]);
  if (!loaded) return <Pending problem={problem} />;
  return <TrichometryReview photo={props.photo} initial={loaded.found} canChange={props.canChange} words={props.words} earlier={props.earlier} onAccepted={props.onAccepted} />;
}

export function Trichoscopy(props: { photos: Photo[]; canChange: boolean; timeZone: string | undefined; words: OutcomeWords; onAccepted: () => void }) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  const [open, setOpen] = useState<string | null>(null);
  // An image of the course by its time point and day; one outside the course is not named.
  const earlier = (photoId: string) => {
    const photo = props.photos.find((p) => p.id === photoId);
    return photo ? `${w.timePoint(photo.time_point)}, ${formatDate(lang, clinicDay(photo.taken_at, props.timeZone))}` : null;
  };
  if (props.photos.length === 0) return null;
  return (
    <section class="trichoscopy" aria-labelledby="trichoscopy-title">
      <h3 id="trichoscopy-title">{t("trichometry.title")}</h3>
      <ul class="trichoscopy__list">
        {props.photos.map((photo) => (
          <li key={photo.id} class="trichoscopy__item">
            <div class="trichoscopy__head">
              <img src={photo.thumbnail_url} alt="" width={96} />
              <span>
                {w.zone(photo.zone)} · {w.timePoint(photo.time_point)}
              </span>
              <Button type="button" aria-expanded={open === photo.id} onClick={() => setOpen(open === photo.id ? null : photo.id)}>
                {open === photo.id ? t("trichometry.close") : t("trichometry.open")}
              </Button>
            </div>
            {open === photo.id && <Loaded photo={photo} canChange={props.canChange} words={w} earlier={earlier} onAccepted={props.onAccepted} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

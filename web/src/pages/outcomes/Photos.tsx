// The course's photos on its outcomes page: before and after compared, then every photo by view;
// a practitioner adds photos here (the form opens from the section's button, or the page's). The photos are
// the patient's list narrowed to this course; whether a consent to photos is in force is read
// once, so the form can say so before a photo is taken in vain.
import { api } from "../../api/client";
import type { CourseOutcomes } from "../../api/outcome-types";
import type { Photo } from "../../api/photo-types";
import type { Appointment, Page } from "../../api/types";
import { useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import { Pending, useLoad } from "../chair/common";
import { PhotoCompare } from "./PhotoCompare";
import { PhotoUpload } from "./PhotoUpload";
import { PhotosByView } from "./PhotosByView";
import { Trichoscopy } from "./Trichoscopy";
// The trichometry words (among them "photos.noViews") come with this code.
import "../../i18n/areas/trichometry";
import { byTaken } from "./photo-time";
import type { OutcomeWords } from "./words";

// Every photo of the patient, page by page, then this course's in the order taken.
async function coursePhotos(patientId: string, courseId: string): Promise<Photo[]> {
  const found: Photo[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Photo> = await api.get(`/api/v1/patients/${patientId}/photos?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    found.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return byTaken(found.filter((p) => p.course_id === courseId));
}

function standard(photos: Photo[]): Photo[] {
  return photos.filter((p) => p.kind === "standard" && p.view !== null);
}

async function photosConsented(patientId: string): Promise<boolean> {
  const page = await api.get<Page<{ kind: string; in_force: boolean }>>(`/api/v1/patients/${patientId}/consents?limit=200`);
  return page.items.some((c) => c.kind === "photos" && c.in_force);
}

export function Photos(props: {
  patientId: string;
  courseId: string;
  outcomes: CourseOutcomes;
  sessions: Appointment[];
  today: string;
  timeZone: string | undefined;
  canAdd: boolean;
  adding: boolean; // the form is open
  onAdding: (open: boolean) => void;
  words: OutcomeWords;
  onAccepted: () => void; // a hair count accepted: the course has new measurements
}) {
  const t = useT();
  const [photos, problem, setPhotos] = useLoad(() => coursePhotos(props.patientId, props.courseId), [props.patientId, props.courseId]);
  const [consented] = useLoad(
    () => (props.canAdd ? photosConsented(props.patientId) : Promise.resolve(true)),
    [props.patientId, props.canAdd],
  );
  return (
    <section class="card photos" aria-labelledby="photos-title">
      <div class="photos__heading">
        <h2 id="photos-title">{t("photos.title")}</h2>
        {props.canAdd && !props.adding && (
          <Button type="button" variant="primary" onClick={() => props.onAdding(true)}>
            {t("photos.add")}
          </Button>
        )}
      </div>
      {props.canAdd && props.adding && (
        <PhotoUpload
          patientId={props.patientId}
          courseId={props.courseId}
          outcomes={props.outcomes}
          sessions={props.sessions}
          today={props.today}
          timeZone={props.timeZone}
          consented={consented}
          words={props.words}
          onSaved={(photo) => setPhotos((shown) => byTaken([...(shown ?? []), photo]))}
          onClose={() => props.onAdding(false)}
        />
      )}
      {photos ? (
        <>
          {standard(photos).length > 0 && <PhotoCompare photos={standard(photos)} timeZone={props.timeZone} words={props.words} />}
          <PhotosByView
            photos={standard(photos)}
            timeZone={props.timeZone}
            words={props.words}
            empty={photos.length > standard(photos).length ? t("photos.noViews") : props.canAdd ? t("photos.noneYet") : t("photos.none")}
          />
          <Trichoscopy photos={photos.filter((p) => p.kind === "trichoscopy")} canChange={props.canAdd} timeZone={props.timeZone} words={props.words} onAccepted={props.onAccepted} />
        </>
      ) : (
        <Pending problem={problem} />
      )}
    </section>
  );
}

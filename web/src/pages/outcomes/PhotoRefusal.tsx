// Why a photo was not kept, in plain words with what to do next, from the server's problem type:
// no consent to photos (with the way to the patient's consents), not a JPEG or PNG, too many
// bytes or pixels, or a file that does not decode whole. Other refusals (a field the server
// names) are the form's error summary's.
import { useEffect, useRef } from "preact/hooks";
import type { ApiProblem } from "../../api/client";
import { useT } from "../../i18n/i18n";
import { Link } from "../../ui/Link";

export type Refusal = "consent" | "notImage" | "tooLarge" | "tooManyPixels" | "unreadable";

export function refusalOf(problem: ApiProblem): Refusal | null {
  switch (problem.type) {
    case "consent-required":
      return "consent";
    case "not-an-image":
    case "unsupported-media-type":
      return "notImage";
    case "request-body-too-large":
      return "tooLarge";
    case "image-too-large":
      return "tooManyPixels";
    case "unreadable-image":
      return "unreadable";
  }
  return problem.status === 413 ? "tooLarge" : problem.status === 415 ? "notImage" : null;
}

// The answer to an upload (announced), or with `beforehand` the standing note that the patient
// has no consent to photos, shown before a photo is taken in vain.
export function PhotoRefusal(props: { patientId: string; kind: Refusal; beforehand?: boolean }) {
  const t = useT();
  // An answer is focused, so it is in view (the form is taller than a tablet's screen) and read.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.beforehand) return;
    box.current?.scrollIntoView({ block: "start" });
    box.current?.focus({ preventScroll: true });
  }, [props.kind, props.beforehand]);
  return (
    <div
      ref={box}
      class={props.beforehand ? "notice photo-refusal" : "error-summary photo-refusal"}
      role={props.beforehand ? undefined : "alert"}
      tabIndex={props.beforehand ? undefined : -1}
    >
      <p>
        {!props.beforehand && <strong class="photo-refusal__title">{t("photos.refused.title")} </strong>}
        {props.beforehand ? t("photos.consent.none") : t(`photos.refused.${props.kind}`)}
      </p>
      {props.kind === "consent" && (
        <p>
          <Link href={`/patients/${props.patientId}?show=consents`}>{t("photos.refused.toConsents")}</Link>
        </p>
      )}
    </div>
  );
}

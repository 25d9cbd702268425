// Adding a photo of the course at the chair: a view of the head, or a trichoscopy image of a zone
// with the dermoscope's calibration (its hairs are then counted under the photos); the view or
// zone and time point tapped (the time point the photo's day most likely belongs to unless
// another is chosen), the session it was taken at, the day when it was not today, then the
// photo itself, taken with the tablet's camera or chosen from a file, shown before it is sent.
// The server decides what it keeps; a refusal is said in plain words, and a missing consent to
// photos points to the patient's consents.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem, api, query } from "../../api/client";
import type { CourseOutcomes, TimePoint } from "../../api/outcome-types";
import { timePoints } from "../../api/outcome-types";
import { maxPhotoBytes, photoViews, type Photo, type PhotoView } from "../../api/photo-types";
import type { Appointment } from "../../api/types";
import { zones, type Zone } from "../../api/chair-types";
// The words of the trichoscopy fields come with the trichometry area.
import "../../i18n/areas/trichometry";
import { formatWhen, useLanguage, useT } from "../../i18n/i18n";
import { RadioGroup } from "../../ui/choices";
import { Notice } from "../../ui/data";
import { Button, ErrorSummary, Progress, asProblem } from "../../ui/forms";
import { SelectField, TextField } from "../../ui/inputs";
import { PhotoRefusal, refusalOf } from "./PhotoRefusal";
import { likelyTimePoint, noonOn } from "./photo-time";
import type { OutcomeWords } from "./words";

// A file's size as people read it: "840 kB", "4.2 MB".
function sizeOf(lang: string, bytes: number): string {
  const mega = bytes >= 1000 * 1000;
  return new Intl.NumberFormat(lang, {
    style: "unit",
    unit: mega ? "megabyte" : "kilobyte",
    maximumFractionDigits: mega ? 1 : 0,
  }).format(mega ? bytes / (1000 * 1000) : Math.max(1, bytes / 1000));
}

// A tablet or phone, whose camera a file input with `capture` opens directly.
const touch = typeof matchMedia === "function" && matchMedia("(pointer: coarse)").matches;

export function PhotoUpload(props: {
  patientId: string;
  courseId: string;
  outcomes: CourseOutcomes;
  sessions: Appointment[];
  today: string; // YYYY-MM-DD on the clinic's calendar
  timeZone: string | undefined;
  consented: boolean | null; // null: not known (yet)
  words: OutcomeWords;
  onSaved: (photo: Photo) => void;
  onClose: () => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  const [kind, setKind] = useState<"standard" | "trichoscopy">("standard");
  const [view, setView] = useState<PhotoView | null>(null);
  const [zone, setZone] = useState<Zone | null>(null);
  const [umPerPixel, setUmPerPixel] = useState("");
  const [day, setDay] = useState(""); // empty: taken today, now
  const taken = day || props.today;
  // The time point follows the day until one is chosen.
  const [chosenPoint, setChosenPoint] = useState<TimePoint | null>(null);
  const point = chosenPoint ?? likelyTimePoint(props.outcomes, taken);
  const usable = props.sessions.filter((s) => s.status !== "cancelled");
  const sessionOn = (d: string) => usable.find((s) => s.starts.local.startsWith(d))?.id ?? "";
  const [chosenSession, setChosenSession] = useState<string | null>(null);
  const session = chosenSession ?? sessionOn(taken);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the top of the page too: brought into view, its heading focused.
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "start" });
    heading.current?.focus({ preventScroll: true });
  }, []);
  // The chosen photo, shown from memory until it is sent; let go when another is chosen.
  useEffect(() => {
    if (!file) return;
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0] ?? null;
    input.value = ""; // the same file can be chosen again after a refusal
    if (!picked) return;
    setProblem(null);
    setNotice("");
    setFile(picked);
  };

  // A refusal before anything is sent, beside the field it is about.
  const refuse = (field: string, message: string) => setProblem(new ApiProblem(0, { detail: message, errors: [{ field, message }] }));

  const labels: Record<string, string> = {
    "/view": t("photos.form.view"),
    "/zone": t("photos.form.zone"),
    "/um_per_pixel": t("photos.form.umPerPixel"),
    "/time_point": t("photos.form.timePoint"),
    "/appointment_id": t("photos.form.session"),
    "/taken_at": t("photos.form.takenOn"),
    "/course_id": t("photos.form.course"),
    "/photo": t("photos.form.photo"),
  };
  const fieldProblem = problem && problem.errors.length > 0 ? problem : null;

  const save = async (event: Event) => {
    event.preventDefault();
    setNotice("");
    if (kind === "standard" && !view) return refuse("/view", t("photos.form.needView"));
    if (kind === "trichoscopy" && !zone) return refuse("/zone", t("photos.form.needZone"));
    if (!file) return refuse("/photo", t("photos.form.needFile"));
    if (file.size > maxPhotoBytes) return setProblem(new ApiProblem(413, { type: "request-body-too-large" }));
    setBusy(true);
    setProblem(null);
    try {
      const params = query({
        kind,
        view: kind === "standard" ? view : undefined,
        zone: kind === "trichoscopy" ? zone : undefined,
        // As typed: the server says if it is no calibration.
        um_per_pixel: kind === "trichoscopy" ? umPerPixel.trim().replace(",", ".") : undefined,
        time_point: point,
        course_id: props.courseId,
        appointment_id: session || undefined,
        // A day before today: noon on it, as the clinic's clock reads; today: now, by the server.
        taken_at: day && day !== props.today ? noonOn(day, props.timeZone) : undefined,
      });
      // The type as the browser read it from the file; the server reads the bytes themselves.
      const type = file.type === "image/png" ? "image/png" : file.type === "image/jpeg" ? "image/jpeg" : file.type || "application/octet-stream";
      const photo = await api.upload<Photo>(`/api/v1/patients/${props.patientId}/photos${params}`, file, type);
      setFile(null);
      setPreview("");
      // The next photo of the set is another view: chosen afresh, never carried over by mistake.
      setView(null);
      setNotice(
        kind === "standard" && view
          ? t("photos.form.saved", { view: w.view(view), timePoint: w.timePoint(point) })
          : t("photos.form.savedTrichoscopy", { zone: w.zone(zone), timePoint: w.timePoint(point) }),
      );
      props.onSaved(photo);
      // Back to the top of the form, where the next view is chosen under the notice.
      heading.current?.scrollIntoView({ block: "start" });
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const refusal = problem ? refusalOf(problem) : null;
  const fileMessage = problem?.forField("/photo");
  return (
    <form class="photo-upload" noValidate aria-labelledby="photo-upload-title" onSubmit={save}>
      <h3 id="photo-upload-title" tabIndex={-1} ref={heading}>
        {t("photos.add")}
      </h3>
      <Notice text={notice} />
      {props.consented === false && !refusal && <PhotoRefusal patientId={props.patientId} kind="consent" beforehand />}
      {refusal ? <PhotoRefusal patientId={props.patientId} kind={refusal} /> : <ErrorSummary problem={problem} labels={labels} />}
      <RadioGroup
        legend={t("photos.form.kind")}
        field="/kind"
        problem={fieldProblem}
        inline
        large
        options={[
          { value: "standard" as const, label: t("photos.form.kind.standard") },
          { value: "trichoscopy" as const, label: t("photos.form.kind.trichoscopy") },
        ]}
        value={kind}
        onChange={setKind}
      />
      {kind === "standard" ? (
        <RadioGroup
          legend={t("photos.form.view")}
          field="/view"
          problem={fieldProblem}
          inline
          large
          options={photoViews.map((v) => ({ value: v, label: w.view(v) }))}
          value={view}
          onChange={setView}
        />
      ) : (
        <>
          <RadioGroup
            legend={t("photos.form.zone")}
            field="/zone"
            problem={fieldProblem}
            inline
            large
            options={zones.map((z) => ({ value: z, label: w.zone(z) }))}
            value={zone}
            onChange={setZone}
          />
          <TextField
            label={t("photos.form.umPerPixel")}
            hint={t("photos.form.umPerPixelHint")}
            field="/um_per_pixel"
            problem={fieldProblem}
            value={umPerPixel}
            onInput={setUmPerPixel}
          />
        </>
      )}
      <RadioGroup
        legend={t("photos.form.timePoint")}
        field="/time_point"
        problem={fieldProblem}
        inline
        large
        options={timePoints.map((p) => ({ value: p, label: w.timePoint(p) }))}
        value={point}
        onChange={setChosenPoint}
      />
      <div class="field-row">
        <SelectField
          label={t("photos.form.session")}
          field="/appointment_id"
          problem={fieldProblem}
          optional
          value={session}
          onChange={setChosenSession}
          options={[
            { value: "", label: t("photos.form.noSession") },
            ...usable.map((s) => ({
              value: s.id,
              label: `${t("planner.session", { n: s.session_number ?? "" })} · ${formatWhen(lang, s.starts.local)}`,
            })),
          ]}
        />
        <TextField
          label={t("photos.form.takenOn")}
          hint={t("photos.form.takenOnHint")}
          field="/taken_at"
          problem={fieldProblem}
          optional
          type="date"
          value={day}
          onInput={setDay}
        />
      </div>
      <fieldset class={`photo-upload__file${fileMessage ? " field--error" : ""}`}>
        <legend>{t("photos.form.photo")}</legend>
        <p class="field__hint" id="photo-file-hint">
          {t("photos.form.photoHint")}
        </p>
        {fileMessage && <p class="field__error">{fileMessage}</p>}
        <div class="photo-upload__pick">
          {touch && <FilePicker camera busy={busy} onChange={choose} label={t("photos.form.take")} />}
          <FilePicker camera={false} busy={busy} onChange={choose} label={t("photos.form.choose")} />
        </div>
        {file ? (
          <div class="photo-upload__chosen">
            {preview && <img src={preview} alt={t("photos.form.preview")} />}
            <p>{t("photos.form.chosen", { name: file.name, size: sizeOf(lang, file.size) })}</p>
          </div>
        ) : (
          <p class="empty">{t("photos.form.noFile")}</p>
        )}
      </fieldset>
      {busy && <Progress label={t("photos.form.sending")} />}
      <div class="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t("photos.form.sending") : t("photos.form.save")}
        </Button>
        <Button type="button" onClick={props.onClose}>
          {t("common.close")}
        </Button>
      </div>
    </form>
  );
}

// A button that opens the file chooser for a JPEG or PNG; with `camera`, a tablet's camera
// straight away.
function FilePicker(props: { camera: boolean; busy: boolean; onChange: (event: Event) => void; label: string }) {
  return (
    <label class="button button--secondary photo-upload__picker">
      <input
        type="file"
        class="visually-hidden"
        accept="image/jpeg,image/png"
        capture={props.camera ? "environment" : undefined}
        aria-describedby="photo-file-hint"
        disabled={props.busy}
        onChange={props.onChange}
      />
      {props.label}
    </label>
  );
}

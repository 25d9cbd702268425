// Before and after: two photos of one view (the first and the latest unless others are chosen),
// laid over each other with a divider that a slider, a drag across the photo or the arrow keys
// move, or shown side by side. Each side is named by its time point and the clinic's day it was
// taken. Only views photographed at least twice can be compared. The full images are fetched
// when the comparison comes near the screen (each read is audited, and a page opened to record a
// measurement need not fetch them).
import { useState } from "preact/hooks";
import { photoViews, type Photo, type PhotoView } from "../../api/photo-types";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { RadioGroup } from "../../ui/choices";
import { SelectField } from "../../ui/inputs";
import { clinicDay } from "./photo-time";
import type { OutcomeWords } from "./words";

type Mode = "slider" | "side";

export function PhotoCompare(props: { photos: Photo[]; timeZone: string | undefined; words: OutcomeWords }) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  const [chosenView, setChosenView] = useState<PhotoView | null>(null);
  const [beforeId, setBeforeId] = useState<string | null>(null);
  const [afterId, setAfterId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("slider");
  const [split, setSplit] = useState(50);
  const [dragging, setDragging] = useState(false);

  const comparable = photoViews.filter((v) => props.photos.filter((p) => p.view === v).length >= 2);
  const view = chosenView && comparable.includes(chosenView) ? chosenView : comparable[0];
  const heading = <h3 id="photo-compare-title">{t("photos.compare.title")}</h3>;
  if (!view) {
    return (
      <section class="photo-compare" aria-labelledby="photo-compare-title">
        {heading}
        <p class="empty">{t("photos.compare.needTwo")}</p>
      </section>
    );
  }
  const ofView = props.photos.filter((p) => p.view === view);
  const before = ofView.find((p) => p.id === beforeId) ?? ofView[0];
  const after = ofView.find((p) => p.id === afterId) ?? ofView[ofView.length - 1];
  const label = (p: Photo) => `${w.timePoint(p.time_point)} · ${formatDate(lang, clinicDay(p.taken_at, props.timeZone))}`;
  const options = ofView.map((p) => ({ value: p.id, label: label(p) }));
  const beforeName = `${t("photos.compare.before")}: ${label(before)}`;
  const afterName = `${t("photos.compare.after")}: ${label(after)}`;
  // Both photos in the after photo's frame; a before photo of another shape is fitted inside it.
  const frame = { "--ratio": String(after.width / after.height), "--split": `${split}%` };

  // A drag across the photo moves the divider to the finger or pointer (vertical swipes still
  // scroll the page: see touch-action in the style sheet).
  const follow = (event: PointerEvent) => {
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    setSplit(Math.round(Math.min(100, Math.max(0, ((event.clientX - box.left) / box.width) * 100))));
  };

  return (
    <section class="photo-compare" aria-labelledby="photo-compare-title">
      {heading}
      <div class="photo-compare__choices">
        {comparable.length > 1 && (
          <SelectField
            label={t("photos.compare.view")}
            field="/view"
            problem={null}
            value={view}
            onChange={(v) => {
              setChosenView(v as PhotoView);
              setBeforeId(null);
              setAfterId(null);
            }}
            options={comparable.map((v) => ({ value: v, label: w.view(v) }))}
          />
        )}
        <SelectField label={t("photos.compare.before")} field="/before" problem={null} value={before.id} onChange={setBeforeId} options={options} />
        <SelectField label={t("photos.compare.after")} field="/after" problem={null} value={after.id} onChange={setAfterId} options={options} />
        <RadioGroup<Mode>
          legend={t("photos.compare.mode")}
          field="/mode"
          problem={null}
          inline
          options={[
            { value: "slider", label: t("photos.compare.slider") },
            { value: "side", label: t("photos.compare.side") },
          ]}
          value={mode}
          onChange={setMode}
        />
      </div>
      {before.id === after.id && <p class="hint">{t("photos.compare.same")}</p>}
      {mode === "slider" ? (
        <div class="compare" style={frame}>
          <div
            class={`compare__stage${dragging ? " compare__stage--dragging" : ""}`}
            onPointerDown={(event) => {
              (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
              setDragging(true);
              follow(event);
            }}
            onPointerMove={(event) => dragging && follow(event)}
            onPointerUp={() => setDragging(false)}
            onPointerCancel={() => setDragging(false)}
          >
            <img class="compare__after" src={after.image_url} alt={afterName} loading="lazy" draggable={false} />
            <img class="compare__before" src={before.image_url} alt={beforeName} loading="lazy" draggable={false} />
            <span class="compare__divider" aria-hidden="true">
              <span class="compare__knob">◀ ▶</span>
            </span>
            <span class="compare__tag compare__tag--before" aria-hidden="true">
              {beforeName}
            </span>
            <span class="compare__tag compare__tag--after" aria-hidden="true">
              {afterName}
            </span>
          </div>
          <input
            type="range"
            class="compare__range"
            min={0}
            max={100}
            step={1}
            value={split}
            aria-label={t("photos.compare.divider")}
            aria-valuetext={t("photos.compare.dividerAt", { n: split })}
            onInput={(event) => setSplit(Number(event.currentTarget.value))}
          />
          <p class="hint">{t("photos.compare.hint")}</p>
        </div>
      ) : (
        <div class="compare-side" style={frame}>
          <figure>
            <img src={before.image_url} alt={beforeName} loading="lazy" />
            <figcaption>{beforeName}</figcaption>
          </figure>
          <figure>
            <img src={after.image_url} alt={afterName} loading="lazy" />
            <figcaption>{afterName}</figcaption>
          </figure>
        </div>
      )}
    </section>
  );
}

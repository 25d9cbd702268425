// The course's photos as thumbnails, grouped by view in the order a set is taken, each named by
// its time point and the day it was taken (the clinic's). A thumbnail is a link to the full
// image, which opens over the page (or in a tab of its own, as any link can).
import { useEffect, useRef, useState } from "preact/hooks";
import { photoViews, type Photo } from "../../api/photo-types";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { Button } from "../../ui/forms";
import { clinicDay } from "./photo-time";
import type { OutcomeWords } from "./words";

export function PhotosByView(props: { photos: Photo[]; timeZone: string | undefined; words: OutcomeWords; empty: string }) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  const [open, setOpen] = useState<Photo | null>(null);
  const views = photoViews.filter((v) => props.photos.some((p) => p.view === v));
  const dateOf = (p: Photo) => formatDate(lang, clinicDay(p.taken_at, props.timeZone));
  const name = (p: Photo) => `${w.view(p.view!)}, ${w.timePoint(p.time_point)}, ${dateOf(p)}`;
  return (
    <section class="photos-by-view" aria-labelledby="photos-by-view-title">
      <h3 id="photos-by-view-title">{t("photos.byView")}</h3>
      {views.length === 0 && <p class="empty">{props.empty}</p>}
      <div class="photo-views">
        {views.map((v) => (
          <div key={v} class="photo-view">
            <h4>{w.view(v)}</h4>
            <ul class="photo-thumbs">
              {props.photos
                .filter((p) => p.view === v)
                .map((p) => (
                  <li key={p.id}>
                    <a
                      href={p.image_url}
                      class="photo-thumb"
                      target="_blank"
                      rel="noopener"
                      onClick={(event) => {
                        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                        event.preventDefault();
                        setOpen(p);
                      }}
                    >
                      <img src={p.thumbnail_url} alt={name(p)} loading="lazy" />
                      <span class="photo-thumb__point">{w.timePoint(p.time_point)}</span>
                      <span class="photo-thumb__date">{dateOf(p)}</span>
                    </a>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
      {open && <PhotoViewer photo={open} title={name(open)} onClose={() => setOpen(null)} closeLabel={t("common.close")} newTab={t("photos.newTab")} />}
    </section>
  );
}

// One photo at full size over the page, closed by its button, Escape or a tap outside it.
function PhotoViewer(props: { photo: Photo; title: string; closeLabel: string; newTab: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    const closed = () => props.onClose();
    element.addEventListener("close", closed);
    return () => element.removeEventListener("close", closed);
  }, [props.photo.id]);
  return (
    <dialog
      ref={dialog}
      class="photo-viewer"
      aria-label={props.title}
      onClick={(event) => {
        if (event.target === dialog.current) dialog.current?.close();
      }}
    >
      <div class="photo-viewer__bar">
        <p>
          <strong>{props.title}</strong>
        </p>
        <a href={props.photo.image_url} target="_blank" rel="noopener">
          {props.newTab}
        </a>
        <Button type="button" variant="primary" onClick={() => dialog.current?.close()}>
          {props.closeLabel}
        </Button>
      </div>
      <img src={props.photo.image_url} alt={props.title} width={props.photo.width} height={props.photo.height} />
    </dialog>
  );
}

// One trichoscopy photo's hair count, reviewed at the chair: counted by the engine on request,
// checked on the photo (HairMap), corrected by tapping hairs that are none and marking hairs it
// missed, saved, then accepted, which makes the figures the course's measurements and the
// result final. The server recomputes every figure; this page only shows the marks until they
// are saved.
import { useState } from "preact/hooks";
import { request } from "../../api/client";
import type { Photo } from "../../api/photo-types";
import type {
  PixelPoint,
  TrichometryAcceptance,
  TrichometryChange as TrichometryChangeReply,
  TrichometryFigures,
  TrichometryHair,
  TrichometryMarks,
  TrichometryResult,
} from "../../api/trichometry-types";
import { useT } from "../../i18n/i18n";
import { Notice, useAction } from "../../ui/data";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Stepper } from "../../ui/Stepper";
import { CountSettings, useCountSettings } from "./CountSettings";
import { HairMap, toCheckFirst } from "./HairMap";
import { PhototrichogramPanel } from "./PhototrichogramPanel";
import { TrichometryChange } from "./TrichometryChange";
import type { OutcomeWords } from "./words";

const none: TrichometryMarks = { removed: [], added: [] };

// The engine's hairs with `marks` laid over them: removed ones no longer counted, added ones last.
function marked(result: TrichometryResult, marks: TrichometryMarks): TrichometryHair[] {
  const found = result.hairs.filter((h) => h.source !== "added_by_practitioner");
  const hairs = found.map((h, i): TrichometryHair => {
    const wasRemoved = h.source === "removed_by_practitioner";
    const removed = marks.removed.includes(i);
    const counted = removed ? false : wasRemoved ? true : h.counted;
    return { ...h, counted, source: removed ? "removed_by_practitioner" : "found" };
  });
  for (const a of marks.added) {
    hairs.push({ line: [a.exit, a.end], length_um: 0, width_um: a.width_um, confidence: 1, counted: true, less_sure: false, vellus: a.width_um < result.vellus_under_um, source: "added_by_practitioner" });
  }
  return hairs;
}

const sameMarks = (a: TrichometryMarks, b: TrichometryMarks) => JSON.stringify(a) === JSON.stringify(b);

export function TrichometryReview(props: {
  photo: Photo;
  initial: { result: TrichometryResult; etag: string } | null; // null: not counted yet
  canChange: boolean;
  words: OutcomeWords;
  earlier: (photoId: string) => string | null; // an earlier image named for the change since it
  onAccepted: () => void;
}) {
  const t = useT();
  const w = props.words;
  const [state, setState] = useState(props.initial);
  const saved = state?.result.correction ? { removed: state.result.correction.removed, added: state.result.correction.added } : none;
  const [marks, setMarks] = useState<TrichometryMarks>(saved);
  const [adding, setAdding] = useState(false);
  const [exit, setExit] = useState<PixelPoint | null>(null);
  const [width, setWidth] = useState("40");
  const [change, setChange] = useState<TrichometryChangeReply | null>(null); // its hairs marked on the image
  const settings = useCountSettings(props.photo);
  const action = useAction();
  const [doing, setDoing] = useState(""); // what the progress line says while busy
  const run = (label: string, work: () => Promise<string | void>) => {
    setDoing(label);
    return action.run(work);
  };
  const { busy, problem, notice } = action;
  const keep = (reply: { data: TrichometryResult; etag: string | null }) => {
    setState({ result: reply.data, etag: reply.etag ?? `"${reply.data.version}"` });
    setMarks(reply.data.correction ? { removed: reply.data.correction.removed, added: reply.data.correction.added } : none);
  };

  if (!state) {
    return (
      <div class="trichometry">
        <ErrorSummary problem={problem} />
        {busy && <Progress label={doing} />}
        {props.canChange ? (
          <>
            <CountSettings photo={props.photo} settings={settings} problem={problem} />
            <Button
              type="button"
              variant="primary"
              busy={busy}
              disabled={!settings.body}
              onClick={() => run(t("trichometry.counting"), async () => keep(await request<TrichometryResult>("POST", `/api/v1/photos/${props.photo.id}/trichometry`, { body: settings.body, create: true })))}
            >
              {t("trichometry.count")}
            </Button>
          </>
        ) : (
          <p class="empty">{t("trichometry.notCounted")}</p>
        )}
      </div>
    );
  }

  const result = state.result;
  const final = result.accepted_at !== null;
  const editable = props.canChange && !final;
  const hairs = marked(result, marks);
  const lessSure = hairs.filter(toCheckFirst).length;
  const unsaved = !sameMarks(marks, saved);
  const foundCount = result.hairs.filter((h) => h.source !== "added_by_practitioner").length;
  const toggle = (index: number) => {
    if (index < foundCount) {
      const removed = marks.removed.includes(index) ? marks.removed.filter((i) => i !== index) : [...marks.removed, index];
      setMarks({ ...marks, removed });
    } else {
      setMarks({ ...marks, added: marks.added.filter((_, i) => i !== index - foundCount) });
    }
  };
  // A lost hair the image still shows: added back as a missed hair, as the server gives it (as it
  // was at the earlier visit, within what a correction takes).
  const putBack = (index: number) => {
    const lost = change?.lost_exits[index];
    if (!lost) return;
    setMarks({ ...marks, added: [...marks.added, { exit: lost.at, end: lost.end, width_um: lost.width_um }] });
  };
  const point = (p: PixelPoint) => {
    if (!exit) return setExit(p);
    const um = Number(width);
    setMarks({ ...marks, added: [...marks.added, { exit, end: p, width_um: Number.isFinite(um) ? um : 0 }] });
    setExit(null);
    setAdding(false);
  };
  const save = () =>
    run(t("trichometry.saving"), async () => {
      keep(await request<TrichometryResult>("PUT", `/api/v1/photos/${props.photo.id}/trichometry/correction`, { body: marks, ifMatch: state.etag }));
      return t("trichometry.saved");
    });
  const accept = () =>
    run(t("trichometry.accepting"), async () => {
      const reply = await request<TrichometryAcceptance>("POST", `/api/v1/photos/${props.photo.id}/trichometry/acceptance`, { body: {}, ifMatch: state.etag });
      keep(reply);
      props.onAccepted();
      return reply.data.measurements_withheld ? t("trichometry.acceptedWithheld") : t("trichometry.accepted", { n: reply.data.measurements.length });
    });

  return (
    <div class="trichometry">
      <Notice text={notice} />
      <ErrorSummary problem={problem} labels={{ "/added": t("trichometry.added"), "/removed": t("trichometry.removed") }} />
      <Figures figures={result.figures} automatic={result.correction ? result.automatic_figures : null} words={w} />
      <p class="field__hint">{t("trichometry.countedOver", { area: w.number(Math.round(result.figures.target_area_cm2 * 100) / 100), vellus: result.vellus_under_um })}</p>
      <TrichometryChange photo={props.photo} version={result.version} earlier={props.earlier} words={w} onLoaded={setChange} />
      <PhototrichogramPanel photo={props.photo} version={result.version} accepted={final} canChange={props.canChange} earlier={props.earlier} words={w} />
      <p class="trichometry__status">{final ? t("trichometry.final") : t("trichometry.underReview")}</p>
      <HairMap
        imageUrl={props.photo.image_url}
        width={props.photo.width}
        height={props.photo.height}
        result={result}
        hairs={hairs}
        editable={editable}
        exitMarked={exit}
        change={change}
        onLost={editable ? putBack : undefined}
        onHair={toggle}
        onPoint={adding ? point : undefined}
      />
      <p class="field__hint">{t("trichometry.legend")}</p>
      {!final && lessSure > 0 && <p class="field__hint">{t("trichometry.lessSure", { n: lessSure })}</p>}
      {editable && change && change.lost > 0 && <p class="field__hint">{t("trichometry.change.putBack")}</p>}
      {editable && (
        <>
          <div class="trichometry__add">
            <Button type="button" onClick={() => (setAdding(!adding), setExit(null))}>
              {adding ? t("trichometry.stopAdding") : t("trichometry.add")}
            </Button>
            <label class="trichometry__width">
              <span>{t("trichometry.width")}</span>
              <Stepper value={width} step={5} label={t("trichometry.width")} onChange={setWidth} />
            </label>
          </div>
          {adding && <p class="trichometry__prompt" role="status">{exit ? t("trichometry.tapEnd") : t("trichometry.tapExit")}</p>}
          {unsaved && <p role="status">{t("trichometry.unsaved", { removed: marks.removed.length, added: marks.added.length })}</p>}
          {busy && <Progress label={doing} />}
          <div class="actions">
            <Button type="button" variant={unsaved ? "primary" : "secondary"} busy={busy} disabled={!unsaved} onClick={save}>
              {t("trichometry.save")}
            </Button>
            <Button type="button" variant={unsaved ? "secondary" : "primary"} busy={busy} disabled={unsaved} onClick={accept}>
              {t("trichometry.accept")}
            </Button>
          </div>
          {unsaved && <p class="field__hint">{t("trichometry.saveFirst")}</p>}
        </>
      )}
    </div>
  );
}

function Figures(props: { figures: TrichometryFigures; automatic: TrichometryFigures | null; words: OutcomeWords }) {
  const t = useT();
  const w = props.words;
  const f = props.figures;
  // A count as it is; every other figure to a tenth, as the course's measurements are recorded.
  const shown = (figures: TrichometryFigures, key: keyof TrichometryFigures, unit: string) =>
    unit ? w.value(Math.round(figures[key] * 10) / 10, unit) : w.number(figures[key]);
  const rows: [string, keyof TrichometryFigures, string][] = [
    [t("trichometry.hairs"), "hair_count", ""],
    [t("trichometry.density"), "density_per_cm2", "hairs/cm2"],
    [t("trichometry.diameter"), "mean_diameter_um", "um"],
    [t("trichometry.vellus"), "vellus_share_percent", "%"],
  ];
  return (
    <table class="trichometry__figures">
      <thead>
        <tr>
          <th scope="col">{t("trichometry.figure")}</th>
          <th scope="col">{props.automatic ? t("trichometry.corrected") : t("trichometry.value")}</th>
          {props.automatic && <th scope="col">{t("trichometry.engine")}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, key, unit]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{shown(f, key, unit)}</td>
            {props.automatic && <td>{shown(props.automatic, key, unit)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

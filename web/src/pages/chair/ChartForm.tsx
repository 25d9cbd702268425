// The chart's fields at the chair, laid out for a 1024x768 tablet: the scalp map beside the
// zones and points it made, then technique and needle, lots, pain, adverse events and notes.
// Every field shows the server's message for it; nothing here judges a value.
import { useState } from "preact/hooks";
import { ApiProblem } from "../../api/client";
import { techniques, type AdverseEvent, type ChartFields, type Lot, type Product, type Zone } from "../../api/chair-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT, type Translate } from "../../i18n/i18n";
import { ScalpMap } from "../../ui/ScalpMap";
import { Stepper } from "../../ui/Stepper";
import { RadioGroup } from "../../ui/choices";
import { Button, Field } from "../../ui/forms";
import { LotPicker } from "./LotPicker";

// The form holds what is typed as text; numbers are read when the chart is sent.
export type ChartDraft = Omit<ChartFields, "needle_gauge" | "needle_length_mm" | "depth_mm" | "pain_score" | "zones" | "points"> & {
  zones: { zone: Zone; volume_ml: string; injection_points: string }[];
  points: { x: number; y: number; volume_ml: string }[];
  needle_gauge: string;
  needle_length_mm: string;
  depth_mm: string;
  pain_score: number | null;
};

export function emptyDraft(): ChartDraft {
  return { zones: [], points: [], technique: "" as ChartFields["technique"], needle_gauge: "", needle_length_mm: "", depth_mm: "", lots: [], pain_score: null, adverse_events: [], notes: "" };
}

export function draftOf(chart: ChartFields): ChartDraft {
  return {
    ...chart,
    zones: chart.zones.map((z) => ({ zone: z.zone, volume_ml: String(z.volume_ml), injection_points: String(z.injection_points) })),
    points: chart.points.map((p) => ({ x: p.x, y: p.y, volume_ml: String(p.volume_ml) })),
    needle_gauge: String(chart.needle_gauge),
    needle_length_mm: String(chart.needle_length_mm),
    depth_mm: String(chart.depth_mm),
    lots: chart.lots.map((l) => ({ lot_id: l.lot_id, vials: l.vials, number: l.number, expires_on: l.expires_on })),
  };
}

// A typed number, or the text itself so the server names the field that is not a number.
const num = (text: string): number | string => (text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text);

export function chartBody(d: ChartDraft) {
  return {
    zones: d.zones.map((z) => ({ zone: z.zone, volume_ml: num(z.volume_ml), injection_points: num(z.injection_points) })),
    points: d.points.map((p) => ({ x: p.x, y: p.y, volume_ml: num(p.volume_ml) })),
    technique: d.technique || null,
    needle_gauge: num(d.needle_gauge),
    needle_length_mm: num(d.needle_length_mm),
    depth_mm: num(d.depth_mm),
    lots: d.lots.map((l) => ({ lot_id: l.lot_id, vials: l.vials })),
    pain_score: d.pain_score,
    adverse_events: d.adverse_events.map((a) => ({ ...a, follow_up_on: a.follow_up_on || null })),
    ...(d.notes ? { notes: d.notes } : {}),
  };
}

const severities = ["mild", "moderate", "severe"] as const;

// The words for the fields the server may name, so the error summary never shows a pointer.
export function chartFieldNames(t: Translate, d: ChartDraft): Record<string, string> {
  const names: Record<string, string> = {
    "/zones": t("chart.zones"),
    "/points": t("chart.points"),
    "/technique": t("chart.technique"),
    "/needle_gauge": t("chart.needle_gauge"),
    "/needle_length_mm": t("chart.needle_length_mm"),
    "/depth_mm": t("chart.depth_mm"),
    "/lots": t("chart.lots"),
    "/pain_score": t("chart.pain"),
    "/notes": t("chair.notes"),
  };
  d.zones.forEach((z, i) => {
    const zone = t(`zone.${z.zone}` as MessageKey);
    names[`/zones/${i}/volume_ml`] = t("chart.volumeOf", { zone });
    names[`/zones/${i}/injection_points`] = t("chart.pointsOf", { zone });
  });
  d.points.forEach((_, i) => (names[`/points/${i}/volume_ml`] = t("chart.volumeOfPoint", { n: i + 1 })));
  d.lots.forEach((l, i) => (names[`/lots/${i}/vials`] = t("chart.vialsOf", { number: l.number ?? "" })));
  d.adverse_events.forEach((_, i) => {
    for (const [field, key] of [["kind", "chart.adverseKind"], ["severity", "chart.severity"], ["action_taken", "chart.actionTaken"], ["follow_up_on", "chart.followUpOn"]] as const) {
      names[`/adverse_events/${i}/${field}`] = `${t("chart.adverse")} ${i + 1}: ${t(key)}`;
    }
  });
  return names;
}

export function ChartForm(props: { draft: ChartDraft; onChange: (d: ChartDraft) => void; problem: ApiProblem | null; lots: Lot[]; products: Product[] }) {
  const t = useT();
  const [placing, setPlacing] = useState(false);
  const { draft, problem } = props;
  const set = (change: Partial<ChartDraft>) => props.onChange({ ...draft, ...change });
  const toggleZone = (zone: Zone) =>
    set({
      zones: draft.zones.some((z) => z.zone === zone)
        ? draft.zones.filter((z) => z.zone !== zone)
        : [...draft.zones, { zone, volume_ml: "", injection_points: "" }],
    });
  const zoneName = (zone: Zone) => t(`zone.${zone}` as MessageKey);
  // A table cell's stepper with the server's message for it written beneath, not only hovered.
  const cell = (value: string, step: number, label: string, field: string, onInput: (v: string) => void) => {
    const message = problem?.forField(field);
    const errorId = `cell-error-${field.replaceAll("/", "-")}`;
    return (
      <>
        <Stepper value={value} step={step} label={label} onChange={onInput} error={message} errorId={errorId} />
        {message && (
          <p class="field__error" id={errorId}>
            {message}
          </p>
        )}
      </>
    );
  };
  const text = (name: "needle_gauge" | "needle_length_mm" | "depth_mm") => (
    <Field label={t(`chart.${name}`)} field={`/${name}`} problem={problem}>
      {(fid, described, invalid) => (
        <input id={fid} class="input--short" inputMode="decimal" value={draft[name]} aria-describedby={described} aria-invalid={invalid || undefined} onInput={(e) => set({ [name]: e.currentTarget.value })} />
      )}
    </Field>
  );
  const setEvent = (i: number, change: Partial<AdverseEvent>) => {
    const next = [...draft.adverse_events];
    next[i] = { ...next[i], ...change };
    set({ adverse_events: next });
  };

  return (
    <>
      <div class="chart-layout">
        <div class="chart-layout__map">
          <div class="toolbar__group" role="group" aria-label={t("chart.mode")}>
            <Button type="button" aria-pressed={!placing} onClick={() => setPlacing(false)}>
              {t("chart.tapZones")}
            </Button>
            <Button type="button" aria-pressed={placing} onClick={() => setPlacing(true)}>
              {t("chart.placePoints")}
            </Button>
          </div>
          <ScalpMap
            selected={draft.zones.map((z) => z.zone)}
            points={draft.points.map((p) => ({ x: p.x, y: p.y, volume_ml: 0 }))}
            placing={placing}
            onZone={toggleZone}
            onPoint={(x, y) => set({ points: [...draft.points, { x, y, volume_ml: "" }] })}
          />
        </div>
        <div class="chart-layout__lists">
          <h2>{t("chart.zones")}</h2>
          {problem?.forField("/zones") && <p class="field__error">{problem.forField("/zones")}</p>}
          {draft.zones.length === 0 && <p class="empty">{t("chart.noZones")}</p>}
          {draft.zones.length > 0 && (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t("chart.zone")}</th>
                  <th scope="col">{t("chart.volume")}</th>
                  <th scope="col">{t("chart.injectionPoints")}</th>
                </tr>
              </thead>
              <tbody>
                {draft.zones.map((z, i) => {
                  const update = (change: Partial<ChartDraft["zones"][number]>) => {
                    const next = [...draft.zones];
                    next[i] = { ...z, ...change };
                    set({ zones: next });
                  };
                  return (
                    <tr key={z.zone}>
                      <th scope="row">{zoneName(z.zone)}</th>
                      <td>{cell(z.volume_ml, 0.1, t("chart.volumeOf", { zone: zoneName(z.zone) }), `/zones/${i}/volume_ml`, (v) => update({ volume_ml: v }))}</td>
                      <td>{cell(z.injection_points, 5, t("chart.pointsOf", { zone: zoneName(z.zone) }), `/zones/${i}/injection_points`, (v) => update({ injection_points: v }))}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <h2>{t("chart.points")}</h2>
          {draft.points.length === 0 && <p class="empty">{t("chart.noPoints")}</p>}
          {draft.points.length > 0 && (
            <table class="table">
              <tbody>
                {draft.points.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">{t("chart.point", { n: i + 1 })}</th>
                    <td>
                      {cell(p.volume_ml, 0.05, t("chart.volumeOfPoint", { n: i + 1 }), `/points/${i}/volume_ml`, (v) => {
                        const next = [...draft.points];
                        next[i] = { ...p, volume_ml: v };
                        set({ points: next });
                      })}{" "}
                      {t("chart.ml")}
                    </td>
                    <td>
                      <Button type="button" onClick={() => set({ points: draft.points.filter((_, j) => j !== i) })}>
                        {t("chart.remove")}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <RadioGroup
        legend={t("chart.technique")}
        field="/technique"
        problem={problem}
        inline
        options={techniques.map((v) => ({ value: v, label: t(`technique.${v}` as MessageKey) }))}
        value={draft.technique || null}
        onChange={(technique) => set({ technique })}
      />
      <div class="field-row">
        {text("needle_gauge")}
        {text("needle_length_mm")}
        {text("depth_mm")}
      </div>
      <LotPicker lots={props.lots} products={props.products} picked={draft.lots} problem={problem} onChange={(lots) => set({ lots })} />
      <RadioGroup
        legend={t("chart.pain")}
        field="/pain_score"
        problem={problem}
        hint={t("chart.painHint")}
        inline
        large
        options={Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }))}
        value={draft.pain_score === null ? null : String(draft.pain_score)}
        onChange={(v) => set({ pain_score: Number(v) })}
      />
      <fieldset class="choices">
        <legend>{t("chart.adverse")}</legend>
        {draft.adverse_events.map((a, i) => (
          <div key={i} class="field-row adverse">
            <Field label={t("chart.adverseKind")} field={`/adverse_events/${i}/kind`} problem={problem}>
              {(fid, d) => <input id={fid} value={a.kind} aria-describedby={d} onInput={(e) => setEvent(i, { kind: e.currentTarget.value })} />}
            </Field>
            <Field label={t("chart.severity")} field={`/adverse_events/${i}/severity`} problem={problem}>
              {(fid, d) => (
                <select id={fid} value={a.severity} aria-describedby={d} onChange={(e) => setEvent(i, { severity: e.currentTarget.value as AdverseEvent["severity"] })}>
                  {severities.map((s) => (
                    <option key={s} value={s}>
                      {t(`severity.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("chart.actionTaken")} field={`/adverse_events/${i}/action_taken`} problem={problem}>
              {(fid, d) => <input id={fid} value={a.action_taken} aria-describedby={d} onInput={(e) => setEvent(i, { action_taken: e.currentTarget.value })} />}
            </Field>
            <Field label={t("chart.followUpOn")} field={`/adverse_events/${i}/follow_up_on`} problem={problem} optional>
              {(fid, d) => <input id={fid} type="date" value={a.follow_up_on ?? ""} aria-describedby={d} onInput={(e) => setEvent(i, { follow_up_on: e.currentTarget.value })} />}
            </Field>
            <Button type="button" onClick={() => set({ adverse_events: draft.adverse_events.filter((_, j) => j !== i) })}>
              {t("chart.remove")}
            </Button>
          </div>
        ))}
        <Button type="button" onClick={() => set({ adverse_events: [...draft.adverse_events, { kind: "", severity: "mild", action_taken: "" }] })}>
          {t("chart.addAdverse")}
        </Button>
      </fieldset>
      <Field label={t("chair.notes")} field="/notes" problem={problem} optional>
        {(fid, described) => <textarea id={fid} rows={2} value={draft.notes ?? ""} aria-describedby={described} onInput={(e) => set({ notes: e.currentTarget.value })} />}
      </Field>
    </>
  );
}

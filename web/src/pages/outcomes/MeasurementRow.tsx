// One row of the measurement form: the measure, the zone (or the whole scalp), the value with the
// measure's unit beside it, and the method where the measure can be taken more than one way.
// The server's messages about the row are listed under it, each naming its field; the fields
// they name are marked invalid and described by them, so the row keeps its shape.
import type { ComponentChildren } from "preact";
import type { ApiProblem } from "../../api/client";
import type { Zone } from "../../api/chair-types";
import { vocabulary, type Measure, type Method } from "../../api/outcome-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Button, useFieldId } from "../../ui/forms";
import type { OutcomeWords } from "./words";

export interface Row {
  key: number;
  measure: Measure;
  zone: Zone | "";
  value: string;
  method: Method;
}

// The patient's 7-point self-assessment, much better first.
const selfScale = [3, 2, 1, 0, -1, -2, -3];

// The row's fields as the API names them, with their labels.
const fieldLabels: Record<string, MessageKey> = {
  measure: "outcomes.form.measure",
  zone: "outcomes.form.zone",
  value: "outcomes.form.value",
  unit: "outcomes.form.unit",
  method: "outcomes.form.method",
  time_point: "outcomes.form.timePoint",
};

export function MeasurementRow(props: {
  index: number;
  row: Row;
  problem: ApiProblem | null;
  words: OutcomeWords;
  measures: readonly Measure[];
  zones: readonly Zone[];
  onChange: (row: Row) => void;
  onRemove?: () => void;
}) {
  const t = useT();
  const id = useFieldId("measure-row");
  const { row, index, problem } = props;
  const w = props.words;
  const at = `/measurements/${index}`;
  const known = vocabulary[row.measure];
  const set = (change: Partial<Row>) => props.onChange({ ...row, ...change });
  const messages = (problem?.errors ?? []).filter((e) => e.field === at || e.field.startsWith(`${at}/`));
  const errorsId = messages.length ? `${id}-errors` : undefined;
  const invalid = (name: string) => messages.some((e) => e.field === `${at}/${name}`);
  const fieldName = (pointer: string) => {
    const key = fieldLabels[pointer.slice(at.length + 1)];
    return key ? `${t(key)}: ` : "";
  };
  // A labelled control of the row, marked when a message names it.
  const control = (name: string, label: string, input: (controlId: string, bad: boolean) => ComponentChildren) => (
    <div class={`field${invalid(name) ? " field--error" : ""}`}>
      <label for={`${id}-${name}`}>{label}</label>
      {input(`${id}-${name}`, invalid(name))}
    </div>
  );
  const selfLabel = (v: number) =>
    v === 3 || v === 0 || v === -3 ? t(`outcomes.self.${v}` as MessageKey) : v > 0 ? `+${v}` : `−${-v}`;
  const described = (bad: boolean) => (bad ? errorsId : undefined);

  return (
    <fieldset class={`measure-row${messages.length ? " measure-row--error" : ""}`}>
      <legend>{t("outcomes.form.row", { n: index + 1 })}</legend>
      <div class="measure-row__fields">
        {control("measure", t("outcomes.form.measure"), (cid, bad) => (
          <select
            id={cid}
            value={row.measure}
            aria-invalid={bad || undefined}
            aria-describedby={described(bad)}
            onChange={(e) => {
              const measure = e.currentTarget.value as Measure;
              // A score and a count are not typed the same way: the value starts again between them.
              const keep = (measure === "self_assessment") === (row.measure === "self_assessment");
              set({ measure, method: vocabulary[measure].methods[0], value: keep ? row.value : "" });
            }}
          >
            {props.measures.map((m) => (
              <option key={m} value={m}>
                {w.measure(m)}
              </option>
            ))}
          </select>
        ))}
        {control("zone", t("outcomes.form.zone"), (cid, bad) => (
          <select id={cid} value={row.zone} aria-invalid={bad || undefined} aria-describedby={described(bad)} onChange={(e) => set({ zone: e.currentTarget.value as Zone | "" })}>
            <option value="">{t("outcomes.wholeScalp")}</option>
            {props.zones.map((z) => (
              <option key={z} value={z}>
                {w.zone(z)}
              </option>
            ))}
          </select>
        ))}
        {control("value", t("outcomes.form.value"), (cid, bad) =>
          row.measure === "self_assessment" ? (
            <select id={cid} value={row.value} aria-invalid={bad || undefined} aria-describedby={described(bad)} onChange={(e) => set({ value: e.currentTarget.value })}>
              <option value="">{t("outcomes.self.choose")}</option>
              {selfScale.map((v) => (
                <option key={v} value={String(v)}>
                  {selfLabel(v)}
                </option>
              ))}
            </select>
          ) : (
            <span class="measure-row__value">
              <input
                id={cid}
                inputMode="decimal"
                autocomplete="off"
                value={row.value}
                aria-invalid={bad || undefined}
                aria-describedby={[`${id}-unit`, described(bad)].filter(Boolean).join(" ")}
                onInput={(e) => set({ value: e.currentTarget.value })}
              />
              <span class="measure-row__unit" id={`${id}-unit`}>
                {w.unit(known.unit)}
              </span>
            </span>
          ),
        )}
        {known.methods.length > 1 ? (
          control("method", t("outcomes.form.method"), (cid, bad) => (
            <select id={cid} value={row.method} aria-invalid={bad || undefined} aria-describedby={described(bad)} onChange={(e) => set({ method: e.currentTarget.value as Method })}>
              {known.methods.map((m) => (
                <option key={m} value={m}>
                  {w.method(m)}
                </option>
              ))}
            </select>
          ))
        ) : (
          <p class="measure-row__method">
            <span class="hint">{t("outcomes.form.method")}</span>
            <br />
            {w.method(row.method)}
          </p>
        )}
        <div class="measure-row__remove">
          {props.onRemove && (
            <Button type="button" aria-label={t("outcomes.form.removeOne", { n: index + 1 })} onClick={props.onRemove}>
              {t("outcomes.form.remove")}
            </Button>
          )}
        </div>
      </div>
      {messages.length > 0 && (
        <ul class="measure-row__errors" id={errorsId}>
          {messages.map((e) => (
            <li key={e.field} class="field__error">
              {fieldName(e.field)}
              {e.message}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

// One row of the measurement form: the measure, the zone (or the whole scalp), the value with the
// measure's unit beside it, and the method where the measure can be taken more than one way.
// The server's messages for the row's fields are shown at those fields; any other message about
// the row (its unit, say) under it.
import type { ApiProblem } from "../../api/client";
import type { Zone } from "../../api/chair-types";
import { vocabulary, type Measure, type Method } from "../../api/outcome-types";
import { useT } from "../../i18n/i18n";
import { Button, Field } from "../../ui/forms";
import { SelectField } from "../../ui/inputs";
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
  const { row, index, problem } = props;
  const w = props.words;
  const at = `/measurements/${index}`;
  const known = vocabulary[row.measure];
  const set = (change: Partial<Row>) => props.onChange({ ...row, ...change });
  const shown = [`${at}/measure`, `${at}/zone`, `${at}/value`, ...(known.methods.length > 1 ? [`${at}/method`] : [])];
  const others = (problem?.errors ?? []).filter((e) => (e.field === at || e.field.startsWith(`${at}/`)) && !shown.includes(e.field));
  const name = t("outcomes.form.row", { n: index + 1 });
  const selfLabel = (v: number) =>
    v === 3 || v === 0 || v === -3 ? t(`outcomes.self.${v}` as "outcomes.self.3") : v > 0 ? `+${v}` : `−${-v}`;
  return (
    <fieldset class={`measure-row${others.length ? " field--error" : ""}`}>
      <legend>{name}</legend>
      <div class="measure-row__fields">
        <SelectField
          label={t("outcomes.form.measure")}
          field={`${at}/measure`}
          problem={problem}
          value={row.measure}
          onChange={(m) => {
            const measure = m as Measure;
            set({ measure, method: vocabulary[measure].methods[0], value: measure === "self_assessment" || row.measure === "self_assessment" ? "" : row.value });
          }}
          options={props.measures.map((m) => ({ value: m, label: w.measure(m) }))}
        />
        <SelectField
          label={t("outcomes.form.zone")}
          field={`${at}/zone`}
          problem={problem}
          value={row.zone}
          onChange={(z) => set({ zone: z as Zone | "" })}
          options={[{ value: "", label: t("outcomes.wholeScalp") }, ...props.zones.map((z) => ({ value: z, label: w.zone(z) }))]}
        />
        <Field label={t("outcomes.form.value")} field={`${at}/value`} problem={problem}>
          {(id, describedBy, invalid) => (
            <span class="measure-row__value">
              {row.measure === "self_assessment" ? (
                <select id={id} value={row.value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => set({ value: e.currentTarget.value })}>
                  <option value="">{t("outcomes.self.choose")}</option>
                  {selfScale.map((v) => (
                    <option key={v} value={String(v)}>
                      {selfLabel(v)}
                    </option>
                  ))}
                </select>
              ) : (
                <>
                  <input
                    id={id}
                    class="input--short"
                    inputMode="decimal"
                    autocomplete="off"
                    value={row.value}
                    aria-describedby={describedBy}
                    aria-invalid={invalid || undefined}
                    onInput={(e) => set({ value: e.currentTarget.value })}
                  />
                  <span class="measure-row__unit">{w.unit(known.unit)}</span>
                </>
              )}
            </span>
          )}
        </Field>
        {known.methods.length > 1 ? (
          <SelectField
            label={t("outcomes.form.method")}
            field={`${at}/method`}
            problem={problem}
            value={row.method}
            onChange={(m) => set({ method: m as Method })}
            options={known.methods.map((m) => ({ value: m, label: w.method(m) }))}
          />
        ) : (
          <p class="measure-row__method">
            <span class="hint">{t("outcomes.form.method")}</span>
            <br />
            {w.method(row.method)}
          </p>
        )}
        {props.onRemove && (
          <Button type="button" class="measure-row__remove" aria-label={t("outcomes.form.removeOne", { n: index + 1 })} onClick={props.onRemove}>
            {t("outcomes.form.remove")}
          </Button>
        )}
      </div>
      {others.map((e) => (
        <p key={e.field} class="field__error">
          {e.message}
        </p>
      ))}
    </fieldset>
  );
}

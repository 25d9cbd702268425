// Every measurement of the course as recorded (the patient's self-assessment, which has no
// baseline to compare with, is only here), folded away under its count.
import type { OutcomeMeasurement } from "../../api/outcome-types";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { DataTable } from "../../ui/data";
import type { OutcomeWords } from "./words";

export function Measurements(props: { measurements: OutcomeMeasurement[]; words: OutcomeWords }) {
  const t = useT();
  const lang = useLanguage();
  const w = props.words;
  if (props.measurements.length === 0) return <p class="empty">{t("outcomes.none")}</p>;
  return (
    <details class="card measurements">
      <summary>
        <h2>{t("outcomes.all", { n: props.measurements.length })}</h2>
      </summary>
      <DataTable
        caption={t("outcomes.all", { n: props.measurements.length })}
        rows={props.measurements}
        rowKey={(m) => m.id}
        empty={t("outcomes.none")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("outcomes.col.timePoint"), cell: (m) => w.timePoint(m.time_point) },
          { label: t("outcomes.col.measure"), cell: (m) => w.measure(m.measure) },
          { label: t("outcomes.col.zone"), cell: (m) => w.zone(m.zone) },
          { label: t("outcomes.col.value"), numeric: true, cell: (m) => w.value(m.value, m.unit) },
          { label: t("outcomes.col.method"), cell: (m) => w.method(m.method) },
          { label: t("outcomes.col.when"), cell: (m) => formatInstant(lang, m.measured_at) },
        ]}
      />
    </details>
  );
}

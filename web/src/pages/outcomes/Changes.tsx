// The change against baseline as the server worked it out, per measure, zone and later time
// point: the baseline, the value, the difference in the measure's unit and in percent. No colour
// says better or worse: which way is better is the measure's, and not the app's to judge.
import type { OutcomeChange } from "../../api/outcome-types";
import { useT } from "../../i18n/i18n";
import { DataTable } from "../../ui/data";
import type { OutcomeWords } from "./words";

export function Changes(props: { changes: OutcomeChange[]; words: OutcomeWords }) {
  const t = useT();
  const w = props.words;
  return (
    <section class="card changes" aria-labelledby="changes-title">
      <h2 id="changes-title">{t("outcomes.changes")}</h2>
      <DataTable
        caption={t("outcomes.changes")}
        rows={props.changes}
        rowKey={(c) => `${c.measure}:${c.zone ?? ""}:${c.time_point}`}
        empty={t("outcomes.changesEmpty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("outcomes.col.measure"), cell: (c) => w.measure(c.measure) },
          { label: t("outcomes.col.zone"), cell: (c) => w.zone(c.zone) },
          { label: t("outcomes.col.timePoint"), cell: (c) => w.timePoint(c.time_point) },
          { label: t("outcomes.col.baseline"), numeric: true, cell: (c) => w.value(c.baseline, c.unit) },
          { label: t("outcomes.col.value"), numeric: true, cell: (c) => w.value(c.value, c.unit) },
          { label: t("outcomes.col.change"), numeric: true, cell: (c) => w.signed(c.change.absolute, c.unit) },
          { label: t("outcomes.col.percent"), numeric: true, cell: (c) => <strong>{w.percent(c.change.percent)}</strong> },
        ]}
      />
    </section>
  );
}

// A signed chart as read back: what was given where, with which lots, and how it went.
import type { Chart, Lot, Product } from "../../api/chair-types";
import type { MessageKey } from "../../i18n/catalogue";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { ScalpMap } from "../../ui/ScalpMap";

export function ChartSummary(props: { chart: Chart; lots: Lot[]; products: Product[] }) {
  const t = useT();
  const lang = useLanguage();
  const { chart } = props;
  const product = (lotId: string) => props.products.find((p) => p.id === props.lots.find((l) => l.id === lotId)?.product_id)?.name ?? "";
  return (
    <div class="chart-layout">
      <div class="chart-layout__map">
        <ScalpMap selected={chart.zones.map((z) => z.zone)} points={chart.points} placing={false} readOnly onZone={() => undefined} onPoint={() => undefined} />
      </div>
      <div class="chart-layout__lists">
        {chart.signed_at && <p class="hint">{t("chart.signedAt", { date: formatDate(lang, chart.signed_at.slice(0, 10)) })}</p>}
        {chart.correction_reason && <p class="hint">{t("chart.correctionOf", { reason: chart.correction_reason })}</p>}
        <ul class="summary">
          {chart.zones.map((z) => (
            <li key={z.zone}>
              {t(`zone.${z.zone}` as MessageKey)}: {z.volume_ml} {t("chart.ml")}, {t("chart.pointsCount", { n: z.injection_points })}
            </li>
          ))}
          {chart.points.map((p, i) => (
            <li key={i}>
              {t("chart.point", { n: i + 1 })}: {p.volume_ml} {t("chart.ml")}
            </li>
          ))}
        </ul>
        <p>
          {t(`technique.${chart.technique}` as MessageKey)} · {chart.needle_gauge}G · {chart.needle_length_mm} mm · {t("chart.depthValue", { mm: chart.depth_mm })}
        </p>
        <ul class="summary">
          {chart.lots.map((l) => (
            <li key={l.lot_id}>
              {t("chart.lotLine", { number: l.number ?? "", product: product(l.lot_id), vials: l.vials })}
            </li>
          ))}
        </ul>
        <p>{t("chart.painValue", { n: chart.pain_score })}</p>
        {chart.adverse_events.map((a, i) => (
          <p key={i} class="warning">
            {a.kind} ({t(`severity.${a.severity}` as MessageKey)}): {a.action_taken}
          </p>
        ))}
      </div>
    </div>
  );
}

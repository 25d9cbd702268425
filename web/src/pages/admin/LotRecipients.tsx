// Who received vials of a lot: what a recall needs, in one list. Names patients, so only
// practitioners and auditors reach it (the server's table says the same).
import type { LotRecipients } from "../../api/admin-types";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, useResource } from "../../ui/data";

export function LotRecipientsPage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const list = useResource<LotRecipients>(`/api/v1/lots/${props.params.id}/recipients?limit=200`);
  return (
    <section class="page" aria-labelledby="recipients-title">
      <p>
        <Link href="/stock">{t("admin.stock.back")}</Link>
      </p>
      <h1 id="recipients-title">{t("admin.lot.recipientsOf", { number: list.data?.number ?? "" })}</h1>
      {list.data?.recalled && <p class="notice">{t("admin.lot.isRecalled")}</p>}
      {list.problem && <ErrorSummary problem={list.problem} />}
      <DataTable
        caption={t("admin.lot.recipients")}
        rows={list.data?.items ?? null}
        rowKey={(r) => `${r.patient_id}-${r.appointment_id}`}
        empty={t("admin.lot.noRecipients")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("admin.lot.patient"), cell: (r) => <Link href={`/patients/${r.patient_id}`}>{t("admin.lot.openPatient")}</Link> },
          { label: t("admin.lot.vials"), cell: (r) => r.vials, numeric: true },
          { label: t("admin.lot.usedAt"), cell: (r) => formatInstant(lang, r.used_at) },
        ]}
      />
    </section>
  );
}

// Stock at one clinic: lots by expiry with whether each can be used (the server's judgement, in
// its words), receiving a delivery, and recalling a lot. Who received a recalled lot is patient
// data: the link shows only to the roles the server lets read it.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import type { Lot, Product } from "../../api/admin-types";
import { chooseClinic, clinics, currentClinicId } from "../../clinic";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { useObservable } from "../../state";
import { Button, ErrorSummary } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, Notice, useAction, useResource, useRole } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";

// A reading aid only (the server alone decides what is usable): lots this close to expiry are
// marked so they are used, or returned, first. The API has no such setting to read.
const kNearExpiryDays = 30;

function daysUntil(day: string, zone: string): number {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date());
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

function ReceiveLot(props: { clinicId: string; products: Product[]; onReceived: (lot: Lot) => void }) {
  const t = useT();
  const [draft, setDraft] = useState({ product_id: "", number: "", expires_on: "", quantity: "" });
  const action = useAction();
  const p = action.problem;
  const productId = draft.product_id || props.products[0]?.id || "";
  const labels = {
    "/product_id": t("admin.product.one"),
    "/number": t("admin.lot.number"),
    "/expires_on": t("admin.lot.expires"),
    "/quantity": t("admin.lot.quantity"),
  };
  return (
    <form
      class="panel page--form"
      noValidate
      aria-labelledby="receive-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const quantity = Number(draft.quantity);
          const body = { product_id: productId, clinic_id: props.clinicId, number: draft.number, expires_on: draft.expires_on, quantity: Number.isInteger(quantity) ? quantity : draft.quantity };
          const lot = await api.create<Lot>("/api/v1/lots", body);
          setDraft({ product_id: productId, number: "", expires_on: "", quantity: "" });
          props.onReceived(lot);
        });
      }}
    >
      <h2 id="receive-title">{t("admin.lot.receive")}</h2>
      <ErrorSummary problem={p} labels={labels} />
      <SelectField label={labels["/product_id"]} field="/product_id" problem={p} value={productId} options={props.products.map((x) => ({ value: x.id, label: x.name }))} onChange={(v) => setDraft({ ...draft, product_id: v })} />
      <TextField label={labels["/number"]} hint={t("admin.lot.numberHint")} field="/number" problem={p} value={draft.number} onInput={(v) => setDraft({ ...draft, number: v })} />
      <TextField label={labels["/expires_on"]} type="date" field="/expires_on" problem={p} value={draft.expires_on} onInput={(v) => setDraft({ ...draft, expires_on: v })} />
      <TextField label={labels["/quantity"]} type="number" min={1} field="/quantity" problem={p} value={draft.quantity} onInput={(v) => setDraft({ ...draft, quantity: v })} />
      <Button type="submit" variant="primary" busy={action.busy}>
        {action.busy ? t("common.saving") : t("admin.lot.receiveSubmit")}
      </Button>
    </form>
  );
}

export function StockPage() {
  const t = useT();
  const lang = useLanguage();
  const role = useRole();
  const mayHandle = role === "admin" || role === "practitioner";
  const maySeeRecipients = role === "practitioner" || role === "auditor";
  const all = useObservable(clinics);
  const clinicId = useObservable(currentClinicId);
  const clinic = all.find((c) => c.id === clinicId);
  const lots = useResource<Page<Lot>>(clinicId ? `/api/v1/lots?clinic_id=${clinicId}&limit=200` : null);
  const products = useResource<Page<Product>>("/api/v1/products?limit=200&include_retired=true");
  const [recalling, setRecalling] = useState("");
  const action = useAction();
  const productName = (id: string) => products.data?.items.find((x) => x.id === id)?.name ?? "";
  const zone = clinic?.time_zone ?? "UTC";
  return (
    <section class="page" aria-labelledby="stock-title">
      <h1 id="stock-title">{t("admin.stock.title")}</h1>
      <SelectField
        label={t("nav.clinic")}
        field="/clinic_id"
        problem={null}
        value={clinicId}
        options={all.map((c) => ({ value: c.id, label: c.name }))}
        onChange={chooseClinic}
      />
      <Notice text={action.notice} />
      <ErrorSummary problem={action.problem ?? lots.problem ?? products.problem} />
      <h2>{t("admin.stock.lotsAt", { clinic: clinic?.name ?? "" })}</h2>
      <DataTable
        caption={t("admin.stock.lotsAt", { clinic: clinic?.name ?? "" })}
        rows={lots.data?.items ?? null}
        rowKey={(l) => l.id}
        empty={t("admin.stock.empty")}
        loadingLabel={t("common.loading")}
        rowClass={(l) => (!l.usable ? "row--unusable" : undefined)}
        columns={[
          { label: t("admin.lot.number"), cell: (l) => <strong>{l.number}</strong> },
          { label: t("admin.product.one"), cell: (l) => productName(l.product_id) },
          {
            label: t("admin.lot.expires"),
            cell: (l) => {
              const left = daysUntil(l.expires_on, zone);
              return (
                <>
                  {formatDate(lang, l.expires_on)}
                  {l.usable && left <= kNearExpiryDays && <span class="flag flag--warn"> ⚠ {t("admin.lot.soon", { days: left })}</span>}
                </>
              );
            },
          },
          { label: t("admin.lot.quantity"), cell: (l) => l.quantity, numeric: true },
          { label: t("admin.status"), cell: (l) => (l.usable ? `✓ ${t("admin.lot.usable")}` : `✕ ${l.unusable_because ?? ""}`) },
          ...(mayHandle || maySeeRecipients
            ? [
                {
                  label: t("admin.actions"),
                  cell: (l: Lot) => (
                    <span class="actions">
                      {maySeeRecipients && <Link href={`/lots/${l.id}/recipients`}>{t("admin.lot.recipients")}</Link>}
                      {mayHandle && !l.recalled && recalling !== l.id && (
                        <Button variant="danger" aria-label={t("admin.lot.recallOne", { number: l.number })} onClick={() => setRecalling(l.id)}>
                          {t("admin.lot.recall")}
                        </Button>
                      )}
                      {recalling === l.id && (
                        <>
                          <Button
                            variant="danger"
                            busy={action.busy}
                            onClick={() =>
                              void action.run(async () => {
                                await api.post(`/api/v1/lots/${l.id}/recall`);
                                setRecalling("");
                                await lots.reload();
                                return t("admin.lot.recalled", { number: l.number });
                              })
                            }
                          >
                            {t("admin.lot.recallConfirm", { number: l.number })}
                          </Button>
                          <Button onClick={() => setRecalling("")}>{t("common.cancel")}</Button>
                        </>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayHandle && clinicId && products.data && (
        <ReceiveLot
          clinicId={clinicId}
          products={products.data.items.filter((x) => !x.retired)}
          onReceived={(lot) => {
            void action.run(async () => (await lots.reload(), t("admin.lot.received", { number: lot.number, count: lot.received ?? lot.quantity })));
          }}
        />
      )}
    </section>
  );
}

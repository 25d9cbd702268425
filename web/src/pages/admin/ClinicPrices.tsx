// What each protocol costs at this clinic, in its currency: a price per session, a package price
// (which the server lets win in the estimate), or both. A protocol the clinic has not priced
// cannot be agreed here, so the page says so.
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import type { Page } from "../../api/types";
import type { ClinicDetail, Protocol, ProtocolPrice } from "../../api/admin-types";
import { useLanguage, useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Notice, useAction, useResource } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";
import { formatMoney, moneyFromText, moneyToText } from "./money";

function PriceForm(props: { clinic: ClinicDetail; protocol: Protocol }) {
  const t = useT();
  const lang = useLanguage();
  const path = `/api/v1/clinics/${props.clinic.id}/protocols/${props.protocol.id}/price`;
  const price = useResource<ProtocolPrice>(path, true);
  const [perSession, setPerSession] = useState("");
  const [pack, setPack] = useState("");
  const action = useAction();
  useEffect(() => {
    setPerSession(moneyToText(price.data?.price_per_session ?? null));
    setPack(moneyToText(price.data?.package_price ?? null));
  }, [price.data]);
  if (price.loading) return <Progress label={t("common.loading")} />;
  if (price.problem) return <ErrorSummary problem={price.problem} />;
  const currency = props.clinic.currency;
  const labels = { "/price_per_session": t("admin.price.perSession", { currency }), "/package_price": t("admin.price.package", { currency }) };
  return (
    <form
      class="page--form"
      noValidate
      aria-label={t("admin.price.of", { name: props.protocol.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const body = { price_per_session: moneyFromText(perSession, currency), package_price: moneyFromText(pack, currency) };
          const reply = await request<ProtocolPrice>("PUT", path, { body, ifMatch: price.etag || undefined });
          price.replace(reply.data, reply.etag);
          return t("admin.price.saved", { name: props.protocol.name, cost: formatMoney(lang, reply.data.cost_estimate) });
        });
      }}
    >
      {price.data ? (
        <p>{t("admin.price.estimate", { cost: formatMoney(lang, price.data.cost_estimate), sessions: props.protocol.sessions })}</p>
      ) : (
        <p class="notice">{t("admin.price.unset")}</p>
      )}
      <Notice text={action.notice} />
      <ErrorSummary problem={action.problem} labels={labels} />
      <TextField label={labels["/price_per_session"]} field="/price_per_session" nested optional type="text" problem={action.problem} value={perSession} onInput={setPerSession} />
      <TextField label={labels["/package_price"]} field="/package_price" nested optional hint={t("admin.price.packageHint")} problem={action.problem} value={pack} onInput={setPack} />
      <Button type="submit" variant="primary" busy={action.busy}>
        {action.busy ? t("common.saving") : t("admin.price.save")}
      </Button>
    </form>
  );
}

export function ClinicPrices(props: { clinic: ClinicDetail }) {
  const t = useT();
  const protocols = useResource<Page<Protocol>>("/api/v1/protocols?limit=200");
  const [chosen, setChosen] = useState("");
  const inUse = (protocols.data?.items ?? []).filter((p) => !p.retired_at);
  const protocol = inUse.find((p) => p.id === chosen) ?? inUse[0];
  return (
    <div>
      <h2>{t("admin.clinic.prices")}</h2>
      {protocols.problem && <ErrorSummary problem={protocols.problem} />}
      {protocols.loading && <Progress label={t("common.loading")} />}
      {!protocols.loading && inUse.length === 0 && <p class="empty">{t("admin.price.noProtocols")}</p>}
      {protocol && (
        <>
          <SelectField
            label={t("admin.protocol.one")}
            field="/protocol_id"
            problem={null}
            value={protocol.id}
            onChange={setChosen}
            options={inUse.map((p) => ({ value: p.id, label: p.name }))}
          />
          <PriceForm key={protocol.id} clinic={props.clinic} protocol={protocol} />
        </>
      )}
    </div>
  );
}

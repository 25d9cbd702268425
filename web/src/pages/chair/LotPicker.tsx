// The lot picker: the number typed, or scanned (a scanner types it and presses Enter), is looked
// up among the clinic's lots. A lot the server marks unusable today (expired, recalled, empty)
// is refused here with its reason; allergy and decision conflicts are the server's to find when
// the chart is signed.
import { useState } from "preact/hooks";
import type { ApiProblem } from "../../api/client";
import type { Lot, Product } from "../../api/chair-types";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { Button, useFieldId } from "../../ui/forms";

export interface PickedLot {
  lot_id: string;
  vials: number;
  number?: string;
  expires_on?: string;
}

export function LotPicker(props: {
  lots: Lot[];
  products: Product[];
  picked: PickedLot[];
  problem: ApiProblem | null;
  onChange: (picked: PickedLot[]) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const id = useFieldId("lot");
  const [number, setNumber] = useState("");
  const [refusal, setRefusal] = useState("");
  const vialsError = (i: number) => props.problem?.forField(`/lots/${i}/vials`);
  const productName = (lot: Lot | undefined) => props.products.find((p) => p.id === lot?.product_id)?.name ?? "";

  const add = () => {
    const typed = number.trim();
    if (!typed) return;
    const lot = props.lots.find((l) => l.number.toLowerCase() === typed.toLowerCase());
    if (!lot) return setRefusal(t("chart.lotUnknown", { number: typed }));
    if (!lot.usable) return setRefusal(t("chart.lotRefused", { number: lot.number, reason: lot.unusable_because ?? "" }));
    setRefusal("");
    setNumber("");
    if (props.picked.some((p) => p.lot_id === lot.id)) return;
    props.onChange([...props.picked, { lot_id: lot.id, vials: 1, number: lot.number, expires_on: lot.expires_on }]);
  };
  const message = refusal || props.problem?.forField("/lots");
  return (
    <fieldset class={`lots${message ? " field--error" : ""}`}>
      <legend>{t("chart.lots")}</legend>
      <div class="field">
        <label for={id}>{t("chart.lotNumber")}</label>
        <p class="field__hint" id={`${id}-hint`}>
          {t("chart.lotHint")}
        </p>
        {message && (
          <p class="field__error" id={`${id}-error`} role="alert">
            {message}
          </p>
        )}
        <div class="inline-input">
          <input
            id={id}
            value={number}
            autoComplete="off"
            aria-describedby={`${id}-hint${message ? ` ${id}-error` : ""}`}
            aria-invalid={Boolean(message) || undefined}
            onInput={(e) => setNumber(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
          />
          <Button type="button" onClick={add}>
            {t("chart.addLot")}
          </Button>
        </div>
      </div>
      {props.picked.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("chart.lot")}</th>
              <th scope="col">{t("chart.product")}</th>
              <th scope="col">{t("chart.expires")}</th>
              <th scope="col">{t("chart.inStock")}</th>
              <th scope="col">{t("chart.vials")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("chart.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.picked.map((p, i) => {
              const lot = props.lots.find((l) => l.id === p.lot_id);
              return (
                <tr key={p.lot_id}>
                  <td>{p.number ?? lot?.number}</td>
                  <td>{productName(lot)}</td>
                  <td>{p.expires_on ? formatDate(lang, p.expires_on) : ""}</td>
                  <td>{lot?.quantity ?? ""}</td>
                  <td>
                    <input
                      class="input--short"
                      inputMode="numeric"
                      aria-label={t("chart.vialsOf", { number: p.number ?? "" })}
                      value={String(p.vials)}
                      onInput={(e) => {
                        const next = [...props.picked];
                        next[i] = { ...p, vials: Number(e.currentTarget.value) };
                        props.onChange(next);
                      }}
                      aria-invalid={Boolean(vialsError(i)) || undefined}
                      aria-describedby={vialsError(i) ? `${id}-vials-${i}` : undefined}
                    />
                    {vialsError(i) && (
                      <p class="field__error" id={`${id}-vials-${i}`}>
                        {vialsError(i)}
                      </p>
                    )}
                  </td>
                  <td>
                    <Button type="button" onClick={() => props.onChange(props.picked.filter((_, j) => j !== i))}>
                      {t("chart.remove")}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}

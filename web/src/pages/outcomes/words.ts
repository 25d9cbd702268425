// Saying outcome values in the user's language: a measure, time point, zone (or the whole
// scalp), unit, method and photo view by name, and numbers and changes formatted by Intl.
import type { Zone } from "../../api/chair-types";
import type { Measure, Method, ResponderRule, TimePoint } from "../../api/outcome-types";
import type { PhotoView } from "../../api/photo-types";
import type { Language, MessageKey } from "../../i18n/catalogue";
import { hasMessage, type Translate } from "../../i18n/i18n";
// The outcome words come with this code (see the area file).
import "../../i18n/areas/outcomes";

export function outcomeWords(t: Translate, lang: Language) {
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, signDisplay: "exceptZero" });
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const unit = (u: string) => {
    const key = `unit.${u}`;
    return hasMessage(key) ? t(key) : u;
  };
  return {
    measure: (m: Measure) => t(`measure.${m}` as MessageKey),
    timePoint: (p: TimePoint) => t(`timePoint.${p}` as MessageKey),
    zone: (z: Zone | null) => (z ? t(`zone.${z}` as MessageKey) : t("outcomes.wholeScalp")),
    method: (m: Method) => t(`method.${m}` as MessageKey),
    view: (v: PhotoView) => t(`photoView.${v}` as MessageKey),
    unit,
    number: (v: number) => number.format(v),
    // "12.5 hairs/cm²"; "5 %" is written "5%".
    value: (v: number, u: string) => (u === "%" ? `${number.format(v)}%` : `${number.format(v)} ${unit(u)}`),
    signedNumber: (v: number) => signed.format(v),
    signed: (v: number, u: string) => (u === "%" ? `${signed.format(v)}%` : `${signed.format(v)} ${unit(u)}`),
    // The API's percent is in percent (12.5 means 12.5%).
    percent: (p: number | null) => (p === null ? "—" : percent.format(p / 100)),
    // The rule's parts for a sentence: the measure as a name and mid-sentence, the time point
    // mid-sentence ("end of course").
    rule: (r: ResponderRule) => {
      const measure = t(`measure.${r.measure}` as MessageKey);
      return {
        measure,
        measureLower: measure.toLocaleLowerCase(lang),
        percent: number.format(r.min_percent),
        timePoint: t(`timePoint.${r.time_point}` as MessageKey).toLocaleLowerCase(lang),
      };
    },
  };
}

export type OutcomeWords = ReturnType<typeof outcomeWords>;

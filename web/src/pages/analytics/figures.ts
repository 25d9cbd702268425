// Saying the analytics figures in the user's language: counts, percentages and rates with one
// decimal, changes with their sign, money in the clinic's currency, and a period by its name
// ("Q1 2026", "January 2026") with the dates it covers.
import type { AnalyticsRow } from "../../api/analytics-types";
import type { Language } from "../../i18n/catalogue";
import type { Translate } from "../../i18n/i18n";
import { formatMoney } from "../admin/money";

// Clinic dates ("YYYY-MM-DD") are formatted as UTC so the browser's zone never shifts them.
const day = (date: string) => new Date(`${date}T00:00:00Z`);

export function figureWords(t: Translate, lang: Language) {
  const count = new Intl.NumberFormat(lang);
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const percent = new Intl.NumberFormat(lang, { style: "percent", ...oneDecimal });
  const change = new Intl.NumberFormat(lang, { style: "percent", signDisplay: "exceptZero", ...oneDecimal });
  const rate = new Intl.NumberFormat(lang, oneDecimal);
  const month = new Intl.DateTimeFormat(lang, { month: "long", year: "numeric", timeZone: "UTC" });
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });
  const plurals = new Intl.PluralRules(lang);
  return {
    // A note about `many` sessions in its singular or plural ("of 1 session", "of 2 sessions").
    sessions: (key: "analytics.inSessions" | "analytics.ofSessions" | "analytics.attended", many: number, values: Record<string, number>) => {
      const formatted = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, count.format(v)]));
      return t(`${key}.${plurals.select(many) === "one" ? "one" : "other"}`, formatted);
    },
    count: (n: number) => count.format(n),
    // The API's percentages are in percent (12.5 means 12.5%).
    percent: (p: number) => percent.format(p / 100),
    change: (p: number) => change.format(p / 100),
    rate: (r: number) => rate.format(r),
    money: (m: AnalyticsRow["revenue"]) => formatMoney(lang, m),
    date: (d: string) => dates.format(day(d)),
    span: (from: string, to: string) => dates.formatRange(day(from), day(to)),
    // A period by the name people use for it; the API's own label when it is of another shape.
    period: (row: Pick<AnalyticsRow, "period" | "period_start">, kind: string) => {
      const start = day(row.period_start);
      if (kind === "month") return month.format(start);
      if (kind === "year") return String(start.getUTCFullYear());
      const quarter = /^(\d{4})-Q([1-4])$/.exec(row.period);
      if (quarter) return t("analytics.quarter", { q: quarter[2], year: quarter[1] });
      return row.period;
    },
  };
}

export type FigureWords = ReturnType<typeof figureWords>;

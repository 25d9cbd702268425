// The user's language (English or Turkish, chosen in the header and remembered on this device)
// and the formatting of the clinic's dates and times in it.
import { catalogues, type Language, type MessageKey } from "./catalogue";
import { observable, useObservable } from "../state";

const stored = localStorage.getItem("mesoclinic.language");
export const language = observable<Language>(stored === "tr" || stored === "en" ? stored : "en");

export function setLanguage(next: Language): void {
  localStorage.setItem("mesoclinic.language", next);
  document.documentElement.lang = next;
  language.set(next);
}
document.documentElement.lang = language.get();

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translate(lang: Language, key: MessageKey, values?: Record<string, string | number>): string {
  // A key of an area whose words have not been fetched yet shows as itself rather than blank.
  let text = catalogues[lang][key] ?? key;
  if (values) {
    for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
}

// Whether the catalogue has words for `key`: for ids a clinic may make up itself (its own
// aftercare rules), which are shown as they are when the catalogue has none.
export function hasMessage(key: string): key is MessageKey {
  return key in catalogues.en;
}

// The translator for the current language; re-renders its component when the language changes.
export function useT(): Translate {
  const lang = useObservable(language);
  return (key, values) => translate(lang, key, values);
}

export function useLanguage(): Language {
  return useObservable(language);
}

// Clinic wall-clock values ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM") are shown as written on the
// clinic's clock: they are formatted as UTC so the browser's own zone never shifts them.
function wallClock(local: string): Date {
  return new Date(local.length === 10 ? `${local}T00:00:00Z` : `${local}:00Z`);
}

// Formatters are costly to make (a day sheet formats hundreds of times): one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Language, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" });
    formatters.set(key, found);
  }
  return found;
}

export function formatDate(lang: Language, local: string): string {
  return formatter(lang, "date", { dateStyle: "medium" }).format(wallClock(local));
}

export function formatWeekday(lang: Language, local: string): string {
  return formatter(lang, "weekday", { weekday: "long", day: "numeric", month: "long" }).format(wallClock(local));
}

export function formatTime(lang: Language, local: string): string {
  return formatter(lang, "time", { hour: "2-digit", minute: "2-digit", hour12: false }).format(wallClock(local));
}

// An amount in the currency's minor units (pence, kuruş) in the currency's own decimals.
export function formatMoney(lang: Language, money: { minor_units: number; currency: string }): string {
  const format = new Intl.NumberFormat(lang, { style: "currency", currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.minor_units / 10 ** digits);
}

// A clinic wall-clock time as "Tuesday 8 December, 10:30".
export function formatWhen(lang: Language, local: string): string {
  return `${formatWeekday(lang, local)}, ${formatTime(lang, local)}`;
}

// A record's instant (created, loaded, recorded at) in the user's own zone and language.
const instantFormatters = new Map<Language, Intl.DateTimeFormat>();
export function formatInstant(lang: Language, iso: string | null): string {
  if (!iso) return "—";
  let found = instantFormatters.get(lang);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    instantFormatters.set(lang, found);
  }
  return found.format(new Date(iso));
}

// The time of an instant on this device's clock ("10:42"), for "saved at" and the like.
export function formatClock(lang: Language, at: Date): string {
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
}

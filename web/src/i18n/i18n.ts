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
  let text = catalogues[lang][key];
  if (values) {
    for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  }
  return text;
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

export function formatDate(lang: Language, local: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(wallClock(local));
}

export function formatWeekday(lang: Language, local: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    wallClock(local),
  );
}

export function formatTime(lang: Language, local: string): string {
  return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" }).format(
    wallClock(local),
  );
}

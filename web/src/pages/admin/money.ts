// Money as the API keeps it (integer minor units and an ISO 4217 code) and as people type and
// read it (major units, formatted for their language).
import type { Money } from "../../api/admin-types";

function digits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(lang: string, money: Money): string {
  return new Intl.NumberFormat(lang, { style: "currency", currency: money.currency }).format(money.minor_units / 10 ** digits(money.currency));
}

// What was typed ("450", "450,50" or "450.50") as Money; null when left empty. Text that is no
// number goes to the server as it is, so its refusal names the field.
export function moneyFromText(text: string, currency: string): Money | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed.replace(",", "."));
  const minor = Number.isFinite(value) ? Math.round(value * 10 ** digits(currency)) : (trimmed as unknown as number);
  return { minor_units: minor, currency };
}

export function moneyToText(money: Money | null): string {
  return money ? String(money.minor_units / 10 ** digits(money.currency)) : "";
}

// The shapes the admin's, catalogue's, stock's and auditor's pages read (docs/openapi.yaml).
import type { Role } from "./types";

export interface Money {
  minor_units: number;
  currency: string;
}

export interface ClinicDetail {
  id: string;
  name: string;
  time_zone: string;
  currency: string;
  default_language: string;
  version: number;
}

export interface ClinicContact {
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface TimeRange {
  from: string; // HH:MM, clinic wall clock
  to: string;
}

export const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof weekdays)[number];
export type Week = Partial<Record<Weekday, TimeRange[]>>;

export interface ClinicCalendar {
  opening_hours: Week;
  closures: { date: string; reason?: string }[];
  healing_days: number;
  time_zone?: string;
}

export interface PractitionerSchedule {
  working_hours: Week;
  absences: { first_day: string; last_day: string; reason?: string }[];
}

export interface RoomDetail {
  id: string;
  name: string;
  retired: boolean;
  version: number;
}

export interface StaffUser {
  id: string;
  username: string;
  role: Role;
  clinic_ids: string[];
  active: boolean;
  must_change_password: boolean;
  version: number;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  clinic_ids: string[];
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  token?: string; // only in the reply that issues it
}

export interface Protocol {
  id: string;
  name: string;
  formulation_id: string;
  technique?: string;
  sessions: number;
  interval_days: number[];
  tolerance_days: number;
  appointment_minutes: number;
  recall_after_months: number;
  sessions_override_reason: string | null;
  version: number;
  retired_at: string | null;
}

export interface ProtocolPrice {
  currency: string;
  price_per_session: Money | null;
  package_price: Money | null;
  cost_estimate: Money;
  version: number;
}

export interface Ingredient {
  substance: string;
  amount_per_ml: number;
  unit: "mg" | "ug" | "IU";
}

export interface Formulation {
  id: string;
  name: string;
  ingredients: Ingredient[];
  retired: boolean;
  version: number;
}

export interface Product {
  id: string;
  name: string;
  formulation_id: string;
  vial_ml: number;
  retired: boolean;
  version: number;
}

export interface Lot {
  id: string;
  product_id: string;
  clinic_id: string;
  number: string;
  expires_on: string;
  quantity: number;
  recalled: boolean;
  usable: boolean;
  unusable_because: string | null;
  received?: number;
}

export interface LotRecipients {
  number: string;
  recalled: boolean;
  items: { patient_id: string; appointment_id: string; vials: number; used_at: string }[];
  next_cursor: string | null;
}

export interface RuleSetSummary {
  version: number;
  name: string;
  loaded_at: string;
  loaded_by: string;
}

export interface RuleSet extends RuleSetSummary {
  source: string;
  rules: { id: string; when: string; outcome: string; explanation: string }[];
}

export interface AftercareRule {
  id: string;
  minimum_days?: number | null;
  recommended_days?: number | null;
  until_healed?: boolean;
}

export interface AuditEntry {
  sequence: number;
  recorded_at: string;
  username: string;
  role: string;
  source_address: string;
  action: string;
  resource_type: string;
  resource_id: string;
  patient_id: string;
  outcome: "allowed" | "denied" | "failed";
}

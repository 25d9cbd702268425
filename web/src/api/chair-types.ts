// The shapes of the clinical replies the chair-side pages read: records, decisions, courses,
// charts, aftercare and reminders (docs/openapi.yaml is the whole contract).
import type { Appointment, ClinicTime } from "./types";

export const zones = [
  "frontal_hairline",
  "frontal",
  "mid_scalp",
  "vertex",
  "left_temporal",
  "right_temporal",
  "left_parietal",
  "right_parietal",
  "occipital",
] as const;
export type Zone = (typeof zones)[number];

export const outcomes = [
  "suitable",
  "guardian_consent",
  "practitioner_decision",
  "not_with_this_formulation",
  "not_now",
  "consider_transplantation",
  "refer_to_dermatologist",
] as const;
export type Outcome = (typeof outcomes)[number];

export interface MedicalHistory {
  version: number;
  recorded_at: string;
  conditions?: string[];
  medications?: string[];
  allergies: string[];
  pregnant_or_breastfeeding: boolean;
  bleeding_disorder: boolean;
  anticoagulants: boolean;
  active_cancer_treatment: boolean;
  diabetes: "none" | "controlled" | "uncontrolled";
  autoimmune: "none" | "stable" | "in_flare";
  keloid_tendency: boolean;
  notes?: string;
}

export const scales = ["norwood_hamilton", "ludwig", "sinclair"] as const;
export type Scale = (typeof scales)[number];
export const scalpConditions = ["normal", "dry", "oily", "inflamed", "infected", "scarred"] as const;

export interface HairAssessment {
  version: number;
  recorded_at: string;
  scale: Scale;
  stage: string;
  affected_zones: Zone[];
  loss_duration_months: number;
  pull_test: { hairs_out: number; hairs_pulled: number; positive?: boolean } | null;
  shedding_count: number | null;
  scalp_conditions: string[];
  notes?: string;
}

export interface FiredRule {
  rule_id: string;
  outcome: Outcome;
  explanation: string;
  facts: Record<string, unknown>;
}

export interface Proposal {
  proposed_outcome: Outcome;
  fired_rules: FiredRule[];
  allergens: string[];
  formulation_id: string | null;
  medical_history_version: number;
  hair_assessment_version: number;
  rule_set: { version: number; name: string };
}

export interface Decision extends Proposal {
  id: string;
  outcome: Outcome;
  overridden: boolean;
  override_reason: string | null;
  reassess: string | null;
  reassess_on: string | null;
  decided_at: string;
}

export interface Money {
  minor_units: number;
  currency: string;
}

export interface Formulation {
  id: string;
  name: string;
  retired: boolean;
}

export interface Protocol {
  id: string;
  name: string;
  formulation_id: string;
  sessions: number;
  interval_days: number[];
  appointment_minutes: number;
  retired_at: string | null;
}

export interface PlannedSession {
  number: number;
  starts: ClinicTime;
  ends: ClinicTime;
  practitioner_id: string;
  room_id: string;
  on_preferred_slot: boolean;
}

export interface Preferences {
  weekdays?: string[];
  times?: { from: string; to: string }[];
  practitioner_id?: string | null;
}

export interface CoursePlan {
  time_zone: string;
  protocol: { id: string; name: string; sessions: number };
  sessions: PlannedSession[];
  unplaced: { number: number; target_date: string; reason: string; alternatives: PlannedSession[] }[];
  complete: boolean;
  cost_estimate: Money;
  recall: { due: string; window_opens: string; window_closes: string } | null;
}

export interface Course {
  id: string;
  created_at: string;
  protocol: { name: string; sessions: number };
  cost_estimate: Money;
  sessions: Appointment[];
  gaps: { missed_or_cancelled: number; flagged: boolean };
  recall: { due: string } | null;
}

export interface ChartZone {
  zone: Zone;
  volume_ml: number;
  injection_points: number;
}
export interface ChartPoint {
  x: number;
  y: number;
  volume_ml: number;
  label?: string;
}
export interface AdverseEvent {
  kind: string;
  severity: "mild" | "moderate" | "severe";
  action_taken: string;
  follow_up_on?: string | null;
}
export const techniques = ["nappage", "point_by_point", "papule", "microneedling", "injector_gun"] as const;

export interface ChartFields {
  zones: ChartZone[];
  points: ChartPoint[];
  technique: (typeof techniques)[number];
  needle_gauge: number;
  needle_length_mm: number;
  depth_mm: number;
  lots: { lot_id: string; vials: number; number?: string; expires_on?: string }[];
  pain_score: number;
  adverse_events: AdverseEvent[];
  notes?: string;
}

export interface Chart extends ChartFields {
  appointment_id: string;
  patient_id: string;
  version: number;
  status: "draft" | "signed";
  signed_at: string | null;
  correction_reason: string | null;
}

export interface Lot {
  id: string;
  product_id: string;
  number: string;
  expires_on: string;
  quantity: number;
  recalled: boolean;
  usable: boolean;
  unusable_because: string | null;
}

export interface Product {
  id: string;
  name: string;
  formulation_id: string;
}

export interface Aftercare {
  appointment_id: string;
  patient_id: string;
  time_zone: string;
  session_end: ClinicTime;
  healed_at: ClinicTime;
  restrictions: { rule_id: string; until: ClinicTime; better_until: ClinicTime | null }[];
  next_session: Appointment | null;
  next_session_conflict: string | null;
}

export interface Reminder {
  id: string;
  kind: "appointment" | "aftercare" | "recall";
  channel: "email" | "sms";
  recipient: string;
  subject: string;
  due: ClinicTime;
  status: string;
  attempts: number;
  last_error: string | null;
}

// The shapes of a course's outcomes (measurements at named time points, the change against
// baseline, the responder flag) and the API's vocabulary for them: each measure's unit and the
// methods that can take it, so the form fills them in as the assessment form does its units.
// The ranges, whole numbers and what counts as a responder are the server's to judge.
import type { Zone } from "./chair-types";

export const timePoints = ["baseline", "mid_course", "end_of_course", "month_3", "month_6", "month_12", "maintenance"] as const;
export type TimePoint = (typeof timePoints)[number];

export const measures = [
  "hair_density",
  "follicular_unit_density",
  "mean_shaft_diameter",
  "vellus_share",
  "diameter_diversity",
  "anagen_share",
  "pull_test",
  "shedding_count",
  "self_assessment",
] as const;
export type Measure = (typeof measures)[number];

export type Method = "trichoscopy" | "phototrichogram" | "manual" | "standard_wash" | "comb_test" | "patient";

// Each measure's unit as the API spells it, and the methods that can take it (the first is the
// form's default).
export const vocabulary: Record<Measure, { unit: string; methods: Method[] }> = {
  hair_density: { unit: "hairs/cm2", methods: ["trichoscopy"] },
  follicular_unit_density: { unit: "FU/cm2", methods: ["trichoscopy"] },
  mean_shaft_diameter: { unit: "um", methods: ["trichoscopy"] },
  vellus_share: { unit: "%", methods: ["trichoscopy"] },
  diameter_diversity: { unit: "%", methods: ["trichoscopy"] },
  anagen_share: { unit: "%", methods: ["phototrichogram"] },
  pull_test: { unit: "hairs", methods: ["manual"] },
  shedding_count: { unit: "hairs", methods: ["standard_wash", "comb_test"] },
  self_assessment: { unit: "points", methods: ["patient"] },
};

// The measures a clinic's responder rule may name (the API's enum for it).
export const responderMeasures = ["hair_density", "follicular_unit_density", "mean_shaft_diameter", "anagen_share"] as const;

export interface ResponderRule {
  measure: Measure;
  time_point: TimePoint;
  min_percent: number;
}

export interface OutcomeSettings {
  responder: ResponderRule;
}

export interface OutcomeMeasurement {
  id: string;
  course_id: string;
  patient_id: string;
  session_id: string | null;
  time_point: TimePoint;
  measure: Measure;
  value: number;
  unit: string;
  zone: Zone | null; // null: the scalp as a whole
  method: Method;
  measured_at: string;
  measured_by: string;
}

export interface OutcomeChange {
  measure: Measure;
  zone: Zone | null;
  time_point: TimePoint;
  unit: string;
  baseline: number;
  value: number;
  change: { absolute: number; percent: number | null };
}

export interface CourseOutcomes {
  course_id: string;
  patient_id: string;
  responder_rule: ResponderRule;
  responder: boolean | null;
  time_points: { time_point: TimePoint; due_on: string | null; measured: boolean }[];
  measurements: OutcomeMeasurement[];
  changes: OutcomeChange[];
  // The course's sessions by number; pain from the signed chart (null until signed).
  sessions: { id: string; number: number; starts_on: string; status: string; pain: number | null; adverse_events: number }[];
}

// One visit's measurements, as posted.
export interface MeasurementVisit {
  time_point: TimePoint;
  session_id?: string | null;
  measurements: { measure: Measure; value: number | string | null; unit: string; zone: Zone | null; method: Method }[];
}

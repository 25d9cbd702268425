// The clinic analytics reply (GET /api/v1/clinics/{id}/analytics, operationId clinicAnalytics):
// one row per protocol and period with at least one course started, figures aggregated over
// courses so no patient is named. A percentage or rate is null when its denominator is 0.
import type { Money } from "./admin-types";
import type { Measure, TimePoint } from "./outcome-types";

export type AnalyticsPeriod = "month" | "quarter" | "year";

export interface AnalyticsRow {
  protocol_id: string;
  protocol_name: string;
  period: string; // "2026-01", "2026-Q1" or "2026"
  period_start: string; // YYYY-MM-DD
  period_end: string;
  courses_started: number;
  courses_ended: number;
  courses_completed: number;
  completion_percent: number | null;
  density_change_percent: number | null;
  density_courses: number;
  diameter_change_percent: number | null;
  diameter_courses: number;
  responders: number;
  responder_courses: number;
  responder_percent: number | null;
  sessions_attended: number;
  adverse_events: number;
  adverse_events_per_100_sessions: number | null;
  sessions_missed: number;
  no_show_percent: number | null;
  revenue: Money;
}

export interface ClinicAnalytics {
  clinic_id: string;
  from: string;
  to: string;
  period: AnalyticsPeriod;
  currency: string;
  responder_rule: { measure: Measure; time_point: TimePoint; min_percent: number };
  rows: AnalyticsRow[];
}

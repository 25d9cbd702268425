// The shapes of the API replies the app reads (see docs/openapi.yaml for the whole contract).

export type Role = "admin" | "practitioner" | "reception" | "auditor";

export interface SessionInfo {
  user: { id: string; username: string; role: Role; clinic_ids: string[]; must_change_password: boolean };
  csrf_token: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// A time on the clinic's calendar: its wall clock, the UTC offset then, and the instant.
export interface ClinicTime {
  local: string; // YYYY-MM-DDTHH:MM
  utc_offset: string;
  utc: string;
}

export interface Clinic {
  id: string;
  name: string;
  time_zone: string;
  currency: string;
  default_language: string;
}

export type AppointmentStatus = "booked" | "attended" | "missed" | "cancelled";

export interface Appointment {
  id: string;
  clinic_id: string;
  patient_id: string;
  practitioner_id: string;
  room_id: string;
  course_id: string | null;
  session_number: number | null;
  starts: ClinicTime;
  ends: ClinicTime;
  minutes: number;
  status: AppointmentStatus;
  note: string;
}

export interface ClinicSchedule extends Page<Appointment> {
  from: string;
  to: string;
  time_zone: string;
  patients: { id: string; family_name: string; given_name: string }[];
  practitioners: { id: string; username: string }[];
}

export interface Patient {
  id: string;
  clinic_id: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  sex: "female" | "male" | "other" | "unknown";
  phone: string | null;
  email: string | null;
  preferred_language: string;
  reminder_channel: "email" | "sms" | "none";
  version: number;
}

export interface WorklistItem {
  id: string;
  clinic_id: string;
  patient_id: string;
  course_id: string | null;
  kind: "recall" | "reassess" | "adverse_follow_up" | "reminder_failed" | "measurement_due";
  due_by: string;
  detail: string;
  status: "open" | "closed";
}

export interface Room {
  id: string;
  name: string;
  retired: boolean;
}

// Every page of the app and the roles whose work it is: the one table the menu and the address
// bar both obey (the server checks every request again by its own table).
import type { FunctionComponent } from "preact";
import type { Role } from "./api/types";
import type { MessageKey } from "./i18n/catalogue";
import { TodayPage } from "./pages/Today";
import { PatientsPage } from "./pages/Patients";
import { NewPatientPage } from "./pages/NewPatient";
import { PatientPage } from "./pages/Patient";
import { ClinicsPage } from "./pages/Clinics";
import { HistoryFormPage } from "./pages/chair/HistoryForm";
import { AssessmentFormPage } from "./pages/chair/AssessmentForm";
import { SuitabilityPage } from "./pages/chair/Suitability";
import { CoursePlannerPage } from "./pages/chair/CoursePlanner";
import { ChartPage } from "./pages/chair/ChartPage";
import { AftercarePage } from "./pages/chair/AftercarePage";

export interface PageRoute {
  pattern: string;
  page: FunctionComponent<{ params: Record<string, string> }>;
  roles: Role[];
  // Shown in the menu under this name.
  menu?: MessageKey;
}

export const routes: PageRoute[] = [
  { pattern: "/today", page: TodayPage, roles: ["practitioner", "reception"], menu: "nav.today" },
  { pattern: "/patients", page: PatientsPage, roles: ["practitioner", "reception", "auditor"], menu: "nav.patients" },
  { pattern: "/patients/new", page: NewPatientPage, roles: ["practitioner", "reception"] },
  { pattern: "/patients/:id", page: PatientPage, roles: ["practitioner", "reception", "auditor"] },
  { pattern: "/patients/:id/history", page: HistoryFormPage, roles: ["practitioner"] },
  { pattern: "/patients/:id/assessment", page: AssessmentFormPage, roles: ["practitioner"] },
  { pattern: "/patients/:id/suitability", page: SuitabilityPage, roles: ["practitioner"] },
  { pattern: "/patients/:id/plan", page: CoursePlannerPage, roles: ["practitioner"] },
  { pattern: "/patients/:id/sessions/:appointment/chart", page: ChartPage, roles: ["practitioner"] },
  // The aftercare plan, handout and reminders are the front desk's to hand out too (the API lets
  // reception read them); the chart itself is not.
  { pattern: "/patients/:id/sessions/:appointment/aftercare", page: AftercarePage, roles: ["practitioner", "reception", "auditor"] },
  { pattern: "/clinics", page: ClinicsPage, roles: ["admin"], menu: "nav.clinics" },
];

// Where a role starts after signing in.
export function homeOf(role: Role): string {
  return routes.find((r) => r.menu && r.roles.includes(role))?.pattern ?? "/patients";
}

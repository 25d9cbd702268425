// Every page of the app and the roles whose work it is: the one table the menu and the address
// bar both obey. Its roles follow the server's permission table (src/api/access.cc), which checks
// every request again: a page is listed for a role when that role may make the page's calls.
import type { FunctionComponent } from "preact";
import type { Role } from "./api/types";
import type { MessageKey } from "./i18n/catalogue";
import { TodayPage } from "./pages/Today";
import { PatientsPage } from "./pages/Patients";
import { NewPatientPage } from "./pages/NewPatient";
import { PatientPage } from "./pages/Patient";
// Not fetched later: it is the first page of an account with a temporary password.
import { PasswordPage } from "./pages/Password";
import { lazyPage } from "./ui/lazy";

// The chair-side and settings pages are fetched when first opened.
const HistoryFormPage = lazyPage(() => import("./pages/chair/HistoryForm").then((m) => m.HistoryFormPage));
const AssessmentFormPage = lazyPage(() => import("./pages/chair/AssessmentForm").then((m) => m.AssessmentFormPage));
const SuitabilityPage = lazyPage(() => import("./pages/chair/Suitability").then((m) => m.SuitabilityPage));
const CoursePlannerPage = lazyPage(() => import("./pages/chair/CoursePlanner").then((m) => m.CoursePlannerPage));
const ChartPage = lazyPage(() => import("./pages/chair/ChartPage").then((m) => m.ChartPage));
const AftercarePage = lazyPage(() => import("./pages/chair/AftercarePage").then((m) => m.AftercarePage));
// The outcomes page brings uPlot with it, so the first load does not carry the charts.
const OutcomesPage = lazyPage(() => import("./pages/outcomes/OutcomesPage").then((m) => m.OutcomesPage));
// Clinic analytics: fetched when first opened, with its own words.
const AnalyticsPage = lazyPage(() => import("./pages/analytics/AnalyticsPage").then((m) => m.AnalyticsPage));
const ClinicsPage = lazyPage(() => import("./pages/admin/Clinics").then((m) => m.ClinicsPage));
const ClinicPage = lazyPage(() => import("./pages/admin/Clinic").then((m) => m.ClinicPage));
const StaffPage = lazyPage(() => import("./pages/admin/Staff").then((m) => m.StaffPage));
const StaffMemberPage = lazyPage(() => import("./pages/admin/StaffMember").then((m) => m.StaffMemberPage));
const TokensPage = lazyPage(() => import("./pages/admin/Tokens").then((m) => m.TokensPage));
const CataloguePage = lazyPage(() => import("./pages/admin/Catalogue").then((m) => m.CataloguePage));
const StockPage = lazyPage(() => import("./pages/admin/Stock").then((m) => m.StockPage));
const LotRecipientsPage = lazyPage(() => import("./pages/admin/LotRecipients").then((m) => m.LotRecipientsPage));
const RuleSetPage = lazyPage(() => import("./pages/admin/RuleSets").then((m) => m.RuleSetPage));
const RuleSetsPage = lazyPage(() => import("./pages/admin/RuleSets").then((m) => m.RuleSetsPage));
const AuditPage = lazyPage(() => import("./pages/admin/Audit").then((m) => m.AuditPage));

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
  // Auditors read a session's chart; only practitioners write one.
  { pattern: "/patients/:id/sessions/:appointment/chart", page: ChartPage, roles: ["practitioner", "auditor"] },
  // The aftercare plan, handout and reminders are the front desk's to hand out too (the API lets
  // reception read them); the chart itself is not.
  { pattern: "/patients/:id/sessions/:appointment/aftercare", page: AftercarePage, roles: ["practitioner", "reception", "auditor"] },
  // A course's outcomes: practitioners record measurements and read the progress, auditors read;
  // reception does not (the measurements are clinical findings).
  { pattern: "/patients/:id/courses/:course/outcomes", page: OutcomesPage, roles: ["practitioner", "auditor"] },
  // Clinic settings, staff accounts and tokens: admins only.
  { pattern: "/clinics", page: ClinicsPage, roles: ["admin"], menu: "nav.clinics" },
  { pattern: "/clinics/:id", page: ClinicPage, roles: ["admin"] },
  { pattern: "/clinics/:id/:section", page: ClinicPage, roles: ["admin"] },
  { pattern: "/staff", page: StaffPage, roles: ["admin"], menu: "admin.nav.staff" },
  { pattern: "/staff/:id", page: StaffMemberPage, roles: ["admin"] },
  { pattern: "/tokens", page: TokensPage, roles: ["admin"] },
  // Formulations and products are read by admins, practitioners and auditors (reception not);
  // only admins change them.
  { pattern: "/catalogue", page: CataloguePage, roles: ["admin", "practitioner", "auditor"], menu: "admin.nav.catalogue" },
  { pattern: "/catalogue/:section", page: CataloguePage, roles: ["admin", "practitioner", "auditor"] },
  // Lots: admins and practitioners receive and recall, auditors read; who received a lot names
  // patients, so admins do not see it.
  { pattern: "/stock", page: StockPage, roles: ["admin", "practitioner", "auditor"], menu: "admin.nav.stock" },
  { pattern: "/lots/:id/recipients", page: LotRecipientsPage, roles: ["practitioner", "auditor"] },
  { pattern: "/rule-sets", page: RuleSetsPage, roles: ["admin", "practitioner", "auditor"], menu: "admin.nav.rules" },
  { pattern: "/rule-sets/:version", page: RuleSetPage, roles: ["admin", "practitioner", "auditor"] },
  // Clinic analytics: aggregates over courses (no patient named), for the clinic's practitioners
  // and admins; reception and auditors are refused by the server too. Last in the menu, so it is
  // no role's first page.
  { pattern: "/analytics", page: AnalyticsPage, roles: ["practitioner", "admin"], menu: "nav.analytics" },
  { pattern: "/audit", page: AuditPage, roles: ["auditor"], menu: "admin.nav.audit" },
  // One's own password, for every role: opened from the user's name in the header, and shown
  // before anything else while the account must replace a temporary password (see app.tsx).
  { pattern: "/account/password", page: PasswordPage, roles: ["admin", "practitioner", "reception", "auditor"] },
];

export const passwordPath = "/account/password";

// Where a role starts after signing in.
export function homeOf(role: Role): string {
  return routes.find((r) => r.menu && r.roles.includes(role))?.pattern ?? "/patients";
}

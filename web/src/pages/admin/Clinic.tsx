// One clinic's settings, a section at a time: contact, opening hours and closures, rooms,
// practitioners' weeks, prices, aftercare rules and the responder rule for outcomes. Each section reads and saves its own resource.
import { useEffect } from "preact/hooks";
import type { ClinicDetail } from "../../api/admin-types";
import { chooseClinic, clinics } from "../../clinic";
import { useT } from "../../i18n/i18n";
import { ErrorSummary, Progress } from "../../ui/forms";
import { useResource } from "../../ui/data";
import { SectionNav } from "../../ui/inputs";
import type { MessageKey } from "../../i18n/catalogue";
import { ClinicContactSection } from "./ClinicContact";
import { ClinicHours } from "./ClinicHours";
import { ClinicRooms } from "./ClinicRooms";
import { ClinicSchedules } from "./ClinicSchedules";
import { ClinicPrices } from "./ClinicPrices";
import { ClinicAftercare } from "./ClinicAftercare";
import { ClinicOutcomes } from "./ClinicOutcomes";

const sections: { path: string; label: MessageKey }[] = [
  { path: "", label: "admin.clinic.contact" },
  { path: "hours", label: "admin.clinic.hours" },
  { path: "rooms", label: "admin.clinic.rooms" },
  { path: "schedules", label: "admin.clinic.schedules" },
  { path: "prices", label: "admin.clinic.prices" },
  { path: "aftercare", label: "admin.clinic.aftercare" },
  { path: "outcomes", label: "admin.clinic.outcomes" },
];

export function ClinicPage(props: { params: Record<string, string> }) {
  const t = useT();
  const id = props.params.id;
  const section = props.params.section ?? "";
  const clinic = useResource<ClinicDetail>(`/api/v1/clinics/${id}`);
  const base = `/clinics/${id}`;
  const known = sections.find((s) => s.path === section);
  // The clinic being set up becomes the one the header names, so the two never disagree.
  useEffect(() => {
    if (clinics.get().some((c) => c.id === id)) chooseClinic(id);
  }, [id]);
  if (clinic.problem) return <section class="page"><ErrorSummary problem={clinic.problem} /></section>;
  if (!clinic.data) return <Progress label={t("common.loading")} />;
  const c = clinic.data;
  return (
    <section class="page" aria-labelledby="clinic-title">
      <h1 id="clinic-title">{c.name}</h1>
      <p class="hint">{t("admin.clinic.facts", { zone: c.time_zone, currency: c.currency, language: c.default_language })}</p>
      <SectionNav
        label={t("admin.clinic.sections")}
        current={section ? `${base}/${section}` : base}
        items={sections.map((s) => ({ href: s.path ? `${base}/${s.path}` : base, label: t(s.label) }))}
      />
      {!known && <p>{t("common.notFound")}</p>}
      {section === "" && <ClinicContactSection clinicId={id} key={id} />}
      {section === "hours" && <ClinicHours clinic={c} key={id} />}
      {section === "rooms" && <ClinicRooms clinicId={id} key={id} />}
      {section === "schedules" && <ClinicSchedules clinic={c} key={id} />}
      {section === "prices" && <ClinicPrices clinic={c} key={id} />}
      {section === "aftercare" && <ClinicAftercare clinicId={id} key={id} />}
      {section === "outcomes" && <ClinicOutcomes clinicId={id} key={id} />}
    </section>
  );
}

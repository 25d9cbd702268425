// The clinic's open worklist beside Today: recalls, re-assessments, follow-ups and failed
// reminders, and outcome measurements due, each one click from its patient (a measurement due
// from the course's outcomes, for the practitioner who records it).
import { useEffect, useState } from "preact/hooks";
import { api, ApiProblem } from "../api/client";
import type { Page, Patient, WorklistItem } from "../api/types";
import { formatDate, useLanguage, useT } from "../i18n/i18n";
import { Link } from "../ui/Link";
import { ErrorSummary, Progress, asProblem } from "../ui/forms";
import { useRole } from "../ui/data";

export function Worklist(props: { clinicId: string }) {
  const t = useT();
  const lang = useLanguage();
  const [items, setItems] = useState<WorklistItem[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const role = useRole();
  const target = (item: WorklistItem) =>
    item.kind === "measurement_due" && item.course_id && role === "practitioner"
      ? `/patients/${item.patient_id}/courses/${item.course_id}/outcomes`
      : `/patients/${item.patient_id}`;

  useEffect(() => {
    let live = true;
    api
      .get<Page<WorklistItem>>(`/api/v1/clinics/${props.clinicId}/worklist?limit=50`)
      .then(async (page) => {
        if (!live) return;
        setItems(page.items);
        const ids = [...new Set(page.items.map((i) => i.patient_id))];
        const found = await Promise.all(ids.map((id) => api.get<Patient>(`/api/v1/patients/${id}`)));
        if (live) setNames(Object.fromEntries(found.map((p) => [p.id, `${p.family_name}, ${p.given_name}`])));
      })
      .catch((error) => live && setProblem(asProblem(error)));
    return () => {
      live = false;
    };
  }, [props.clinicId]);

  return (
    <aside class="worklist" aria-labelledby="worklist-title">
      <h2 id="worklist-title">{t("worklist.title")}</h2>
      <ErrorSummary problem={problem} />
      {!items && !problem && <Progress label={t("common.loading")} />}
      {items && items.length === 0 && <p class="empty">{t("worklist.empty")}</p>}
      {items && items.length > 0 && (
        <ul class="worklist__items">
          {items.map((item) => (
            <li key={item.id} class={`worklist__item worklist__item--${item.kind}`}>
              <span class="worklist__kind">{t(`worklist.${item.kind}`)}</span>
              <Link href={target(item)}>{names[item.patient_id] ?? "…"}</Link>
              <span class="worklist__due">{t("worklist.due", { date: formatDate(lang, item.due_by) })}</span>
              {item.detail && <span class="worklist__detail">{item.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

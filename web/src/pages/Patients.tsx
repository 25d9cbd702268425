// Find a patient as you type: a name, a phone number or a date of birth, told apart by shape.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiProblem, query } from "../api/client";
import type { Page, Patient } from "../api/types";
import { currentClinicId } from "../clinic";
import { formatDate, useLanguage, useT } from "../i18n/i18n";
import { session } from "../session";
import { useObservable } from "../state";
import { Link } from "../ui/Link";
import { ErrorSummary, Progress, asProblem } from "../ui/forms";

// What the typed text is: a date of birth (YYYY-MM-DD), a phone number (digits, maybe +), or a name.
function searchFor(text: string): Record<string, string> {
  const typed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(typed)) return { date_of_birth: typed };
  if (/^\+?[\d\s().-]{6,}$/.test(typed)) return { phone: typed.startsWith("+") ? typed : `+${typed}` };
  return { name: typed };
}

export function PatientsPage() {
  const t = useT();
  const lang = useLanguage();
  const clinicId = useObservable(currentClinicId);
  const state = useObservable(session);
  const canCreate = state.status === "signed-in" && ["practitioner", "reception"].includes(state.info.user.role);
  const [text, setText] = useState("");
  const [found, setFound] = useState<Patient[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const typed = text.trim();
    if (typed.length < 2) {
      setFound(null);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      setBusy(true);
      api
        .get<Page<Patient>>(`/api/v1/patients${query({ ...searchFor(typed), clinic_id: clinicId || undefined, limit: 20 })}`)
        .then((page) => {
          if (ticket !== latest.current) return; // an older answer arriving late
          setProblem(null);
          setFound(page.items);
        })
        .catch((error) => ticket === latest.current && setProblem(asProblem(error)))
        .finally(() => ticket === latest.current && setBusy(false));
    }, 150);
    return () => clearTimeout(timer);
  }, [text, clinicId]);

  return (
    <section class="page" aria-labelledby="patients-title">
      <div class="toolbar">
        <h1 id="patients-title">{t("patients.title")}</h1>
        {canCreate && (
          <Link href="/patients/new" class="button button--primary">
            {t("patients.new")}
          </Link>
        )}
      </div>
      <div class="field search">
        <label for="patient-search">{t("patients.search")}</label>
        <p class="field__hint" id="patient-search-hint">
          {t("patients.searchHint")}
        </p>
        <input
          id="patient-search"
          type="search"
          autocomplete="off"
          spellcheck={false}
          aria-describedby="patient-search-hint"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          autoFocus
        />
      </div>
      <ErrorSummary problem={problem} />
      {busy && <Progress label={t("common.loading")} />}
      {found === null && !busy && <p class="empty">{t("patients.typeToSearch")}</p>}
      {found && found.length === 0 && !busy && <p class="empty">{t("patients.none")}</p>}
      {found && found.length > 0 && (
        <ul class="results" aria-live="polite">
          {found.map((p) => (
            <li key={p.id}>
              <Link href={`/patients/${p.id}`}>
                <strong>
                  {p.family_name}, {p.given_name}
                </strong>
              </Link>
              <span> · {t("patients.born", { date: formatDate(lang, p.date_of_birth) })}</span>
              {p.phone && <span> · {p.phone}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

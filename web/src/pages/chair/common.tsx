// What every chair-side page shares: the patient it is about (named at the top with a way back
// to their chart), and loading a versioned record together with the ETag a new version needs.
import { useEffect, useState, type Dispatch, type StateUpdater } from "preact/hooks";
import { ApiProblem, api, request } from "../../api/client";
import type { Patient } from "../../api/types";
import { useT } from "../../i18n/i18n";
import { Link } from "../../ui/Link";
import { ErrorSummary, Progress, asProblem } from "../../ui/forms";

export interface Loaded<T> {
  data: T | null; // null: none recorded yet (404)
  etag: string;
}

// Reads `path`; a 404 means "not recorded yet", not an error.
export async function loadVersioned<T>(path: string): Promise<Loaded<T>> {
  try {
    const reply = await request<T>("GET", path);
    return { data: reply.data, etag: reply.etag ?? "" };
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return { data: null, etag: "" };
    throw error;
  }
}

// Runs `load` when `key` changes, ignoring a reply that arrives after the page moved on.
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): [T | null, ApiProblem | null, Dispatch<StateUpdater<T | null>>] {
  const [value, setValue] = useState<T | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    let live = true;
    setValue(null);
    setProblem(null);
    load()
      .then((v) => live && setValue(v))
      .catch((error) => live && setProblem(asProblem(error)));
    return () => {
      live = false;
    };
  }, key);
  return [value, problem, setValue];
}

export function usePatient(id: string): Patient | null {
  const [patient] = useLoad(() => api.get<Patient>(`/api/v1/patients/${id}`), [id]);
  return patient;
}

// The page's title under the patient's name, with the way back to the patient.
export function PatientHeading(props: { patient: Patient | null; patientId: string; title: string }) {
  const t = useT();
  return (
    <header class="page-heading">
      <p class="page-heading__patient">
        <Link href={`/patients/${props.patientId}`}>
          {props.patient ? `${props.patient.family_name}, ${props.patient.given_name}` : t("chair.backToPatient")}
        </Link>
      </p>
      <h1>{props.title}</h1>
    </header>
  );
}

// Loading, or the problem that stopped it.
export function Pending(props: { problem: ApiProblem | null }) {
  const t = useT();
  if (props.problem) return <ErrorSummary problem={props.problem} />;
  return <Progress label={t("common.loading")} />;
}

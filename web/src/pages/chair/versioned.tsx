// What the medical history and hair assessment forms share: the latest version read with its
// ETag, a draft started from it, saving as the next version with If-Match, and, when a colleague
// saved a version meanwhile (412), the way to start again from theirs instead of a dead end.
import { useEffect, useState } from "preact/hooks";
import { ApiProblem, request } from "../../api/client";
import { formatDate, useLanguage, useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { Button, asProblem } from "../../ui/forms";
import { loadVersioned, useLoad } from "./common";

type Record = "medical-history" | "hair-assessment";
const savedAs: { [R in Record]: string } = { "medical-history": "history", "hair-assessment": "assessment" };

export function useVersionedForm<R extends { version: number; recorded_at: string }, D>(
  patientId: string,
  record: Record,
  draftFrom: (latest: R | null) => D,
) {
  const path = `/api/v1/patients/${patientId}/${record}`;
  const [round, setRound] = useState(0);
  const [latest, loadProblem] = useLoad(() => loadVersioned<R>(path), [patientId, round]);
  const [draft, setDraft] = useState<D | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (latest) setDraft(draftFrom(latest.data));
  }, [latest]);

  const submit = async (body: unknown) => {
    if (!latest) return;
    setBusy(true);
    setProblem(null);
    try {
      await request("POST", path, { create: true, ifMatch: latest.etag || undefined, body });
      navigate(`/patients/${patientId}?saved=${savedAs[record]}`);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  // Reads the version saved meanwhile and starts the draft again from it.
  const startAgain = () => {
    setProblem(null);
    setRound(round + 1);
  };
  return { latest, loadProblem, draft, setDraft, problem, setProblem, busy, submit, startAgain };
}

// Which version the form starts from; and, after a 412, the way to the newer one.
export function VersionNote(props: { latest: { version: number; recorded_at: string } | null; problem: ApiProblem | null; onStartAgain: () => void }) {
  const t = useT();
  const lang = useLanguage();
  return (
    <>
      <p class="hint">
        {props.latest
          ? t("history.newVersion", { n: props.latest.version, date: formatDate(lang, props.latest.recorded_at.slice(0, 10)) })
          : t("history.first")}
      </p>
      <StaleVersion problem={props.problem} onStartAgain={props.onStartAgain} />
    </>
  );
}

// After a 412 (another version saved meanwhile): the way to start again from the newer one.
export function StaleVersion(props: { problem: ApiProblem | null; onStartAgain: () => void }) {
  const t = useT();
  if (props.problem?.status !== 412) return null;
  return (
    <div class="notice" role="alert">
      <p>{t("versions.changed")}</p>
      <Button onClick={props.onStartAgain}>{t("versions.startAgain")}</Button>
    </div>
  );
}

// The admin's start: the group's clinics with their zone, currency and patients' language, and
// opening a new one. The server checks the zone, currency and language; the form shows its word.
import { useEffect, useState } from "preact/hooks";
import { api, request, type ApiProblem } from "../../api/client";
import type { ClinicDetail } from "../../api/admin-types";
import { clinics, loadClinics } from "../../clinic";
import { useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { loadSession, session } from "../../session";
import { useObservable } from "../../state";
import { Button, ErrorSummary, Progress, SubmitOrCancel } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, EditProblems, Notice, useAction, useResource } from "../../ui/data";
import { TextField } from "../../ui/inputs";

// Suggestions only: the server holds the real list and names a zone it does not know.
const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

type ClinicDraft = { name: string; time_zone: string; currency: string; default_language: string };
type Problem = ApiProblem | null;

function useClinicLabels(): Record<string, string> {
  const t = useT();
  return {
    "/name": t("admin.clinic.name"),
    "/time_zone": t("clinics.zone"),
    "/currency": t("clinics.currency"),
    "/default_language": t("clinics.language"),
  };
}

// The four facts of a clinic, the same when opening one and when editing it.
function ClinicFields(props: { draft: ClinicDraft; onChange: (draft: ClinicDraft) => void; problem: Problem }) {
  const t = useT();
  const labels = useClinicLabels();
  const { draft, problem } = props;
  const set = (key: keyof ClinicDraft) => (value: string) => props.onChange({ ...draft, [key]: value });
  return (
    <>
      <TextField label={labels["/name"]} field="/name" problem={problem} value={draft.name} onInput={set("name")} />
      <TextField
        label={labels["/time_zone"]}
        field="/time_zone"
        problem={problem}
        hint={t("admin.clinic.zoneHint")}
        list="time-zones"
        value={draft.time_zone}
        onInput={set("time_zone")}
      />
      <datalist id="time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <TextField
        label={labels["/currency"]}
        field="/currency"
        problem={problem}
        hint={t("admin.clinic.currencyHint")}
        value={draft.currency}
        onInput={set("currency")}
      />
      <TextField
        label={labels["/default_language"]}
        field="/default_language"
        problem={problem}
        hint={t("admin.clinic.languageHint")}
        value={draft.default_language}
        onInput={set("default_language")}
      />
    </>
  );
}

// The admin's clinics read again, so the header and the list name the clinic as it is now.
async function reloadMyClinics(): Promise<void> {
  const now = session.get();
  await loadClinics(now.status === "signed-in" ? now.info.user.clinic_ids : []);
}

function NewClinic(props: { onCancel: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState<ClinicDraft>({ name: "", time_zone: "", currency: "", default_language: "" });
  const action = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.create<ClinicDetail>("/api/v1/clinics", { ...draft, currency: draft.currency.toUpperCase() });
      // The admin works at the clinic they open: read the session again so it is theirs here too.
      await loadSession();
      await reloadMyClinics();
      navigate(`/clinics/${created.id}`);
    });
  };
  return (
    <form class="panel page--form" onSubmit={submit} noValidate aria-labelledby="new-clinic-title">
      <h2 id="new-clinic-title">{t("admin.clinic.new")}</h2>
      <ErrorSummary problem={action.problem} labels={useClinicLabels()} />
      <ClinicFields draft={draft} onChange={setDraft} problem={action.problem} />
      <SubmitOrCancel busy={action.busy} label={t("admin.clinic.create")} onCancel={props.onCancel} />
    </form>
  );
}

// Edits a clinic as read now (with its ETag): only what changed is sent. The server refuses a
// new time zone while appointments are still to come (409) and names a bad field (422).
function EditClinic(props: { id: string; onDone: (name: string) => void; onCancel: () => void }) {
  const t = useT();
  const clinic = useResource<ClinicDetail>(`/api/v1/clinics/${props.id}`);
  const [draft, setDraft] = useState<ClinicDraft | null>(null);
  const action = useAction();
  const labels = useClinicLabels();
  const read = clinic.data;
  // Each read (the first, or the latest after a 412) starts the draft again from the clinic.
  useEffect(() => {
    if (read) setDraft({ name: read.name, time_zone: read.time_zone, currency: read.currency, default_language: read.default_language });
  }, [read]);
  if (clinic.problem) return <ErrorSummary problem={clinic.problem} />;
  if (!read || !draft) return <Progress label={t("common.loading")} />;
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const body: Partial<ClinicDraft> = {};
      for (const key of Object.keys(draft) as (keyof ClinicDraft)[]) {
        const value = key === "currency" ? draft.currency.toUpperCase() : draft[key];
        if (value !== read[key]) body[key] = value;
      }
      const reply = await request<ClinicDetail>("PATCH", `/api/v1/clinics/${props.id}`, { body, ifMatch: clinic.etag || `"${read.version}"` });
      await reloadMyClinics();
      props.onDone(reply.data.name);
    });
  };
  return (
    <form class="panel page--form" onSubmit={submit} noValidate aria-labelledby="edit-clinic-title">
      <h2 id="edit-clinic-title">{t("admin.clinic.edit")}</h2>
      <p class="hint">{t("admin.clinic.editHint")}</p>
      <EditProblems problem={action.problem} labels={labels} onReload={() => void (action.clear(), clinic.reload())} />
      <ClinicFields draft={draft} onChange={setDraft} problem={action.problem} />
      <SubmitOrCancel busy={action.busy} label={t("admin.clinic.save")} onCancel={props.onCancel} />
    </form>
  );
}

export function ClinicsPage() {
  const t = useT();
  const all = useObservable(clinics);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState("");
  const [notice, setNotice] = useState("");
  return (
    <section class="page" aria-labelledby="clinics-title">
      <div class="toolbar">
        <h1 id="clinics-title">{t("clinics.title")}</h1>
        {!adding && !editing && (
          <Button variant="primary" onClick={() => (setAdding(true), setNotice(""))}>
            {t("admin.clinic.new")}
          </Button>
        )}
      </div>
      {adding && <NewClinic onCancel={() => setAdding(false)} />}
      {editing && (
        <EditClinic
          key={editing}
          id={editing}
          onCancel={() => setEditing("")}
          onDone={(name) => (setEditing(""), setNotice(t("admin.edit.saved", { name })))}
        />
      )}
      <Notice text={notice} />
      <DataTable
        caption={t("clinics.title")}
        rows={all}
        rowKey={(c) => c.id}
        empty={t("admin.clinic.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("clinics.name"), cell: (c) => <Link href={`/clinics/${c.id}`}>{c.name}</Link> },
          { label: t("clinics.zone"), cell: (c) => c.time_zone },
          { label: t("clinics.currency"), cell: (c) => c.currency },
          { label: t("clinics.language"), cell: (c) => c.default_language },
          {
            label: t("admin.actions"),
            cell: (c) => (
              <Button aria-label={t("admin.editOne", { name: c.name })} onClick={() => (setAdding(false), setNotice(""), setEditing(c.id))}>
                {t("admin.edit")}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}

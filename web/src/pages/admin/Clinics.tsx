// The admin's start: the group's clinics with their zone, currency and patients' language, and
// opening a new one. The server checks the zone, currency and language; the form shows its word.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { ClinicDetail } from "../../api/admin-types";
import { clinics, loadClinics } from "../../clinic";
import { useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { loadSession, session } from "../../session";
import { useObservable } from "../../state";
import { Button, ErrorSummary } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, useAction } from "../../ui/data";
import { TextField } from "../../ui/inputs";

// Suggestions only: the server holds the real list and names a zone it does not know.
const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

function NewClinic(props: { onCancel: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState({ name: "", time_zone: "", currency: "", default_language: "" });
  const action = useAction();
  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const created = await api.create<ClinicDetail>("/api/v1/clinics", { ...draft, currency: draft.currency.toUpperCase() });
      // The admin works at the clinic they open: read the session again so it is theirs here too.
      await loadSession();
      const now = session.get();
      await loadClinics(now.status === "signed-in" ? now.info.user.clinic_ids : []);
      navigate(`/clinics/${created.id}`);
    });
  };
  const labels = {
    "/name": t("admin.clinic.name"),
    "/time_zone": t("clinics.zone"),
    "/currency": t("clinics.currency"),
    "/default_language": t("clinics.language"),
  };
  return (
    <form class="panel page--form" onSubmit={submit} noValidate aria-labelledby="new-clinic-title">
      <h2 id="new-clinic-title">{t("admin.clinic.new")}</h2>
      <ErrorSummary problem={action.problem} labels={labels} />
      <TextField label={labels["/name"]} field="/name" problem={action.problem} value={draft.name} onInput={set("name")} />
      <TextField
        label={labels["/time_zone"]}
        field="/time_zone"
        problem={action.problem}
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
        problem={action.problem}
        hint={t("admin.clinic.currencyHint")}
        value={draft.currency}
        onInput={set("currency")}
      />
      <TextField
        label={labels["/default_language"]}
        field="/default_language"
        problem={action.problem}
        hint={t("admin.clinic.languageHint")}
        value={draft.default_language}
        onInput={set("default_language")}
      />
      <div class="actions">
        <Button type="submit" variant="primary" busy={action.busy}>
          {action.busy ? t("common.saving") : t("admin.clinic.create")}
        </Button>
        <Button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function ClinicsPage() {
  const t = useT();
  const all = useObservable(clinics);
  const [adding, setAdding] = useState(false);
  return (
    <section class="page" aria-labelledby="clinics-title">
      <div class="toolbar">
        <h1 id="clinics-title">{t("clinics.title")}</h1>
        {!adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            {t("admin.clinic.new")}
          </Button>
        )}
      </div>
      {adding && <NewClinic onCancel={() => setAdding(false)} />}
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
        ]}
      />
    </section>
  );
}

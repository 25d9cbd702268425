// The audit trail for auditors: every read and change of patient data, sign-ins and refusals,
// in the order recorded, filtered as the API allows and read a page at a time.
import { useState } from "preact/hooks";
import { query } from "../../api/client";
import type { Page } from "../../api/types";
import type { AuditEntry } from "../../api/admin-types";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, useResource } from "../../ui/data";
import { TextField } from "../../ui/inputs";

interface Filters {
  action: string;
  user_id: string;
  patient_id: string;
  since: string; // a day, from its start in the browser's zone
  until: string; // a day, to its end
}

const none: Filters = { action: "", user_id: "", patient_id: "", since: "", until: "" };

function instantOf(day: string, endOfDay: boolean): string | undefined {
  if (!day) return undefined;
  const start = new Date(`${day}T00:00:00`);
  if (endOfDay) start.setDate(start.getDate() + 1);
  return start.toISOString();
}

export function AuditPage() {
  const t = useT();
  const lang = useLanguage();
  const [draft, setDraft] = useState<Filters>(none);
  const [applied, setApplied] = useState<Filters>(none);
  // The cursors of the pages before this one, so "previous" goes back without the API's help.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const path = `/api/v1/audit${query({
    action: applied.action,
    user_id: applied.user_id,
    patient_id: applied.patient_id,
    since: instantOf(applied.since, false),
    until: instantOf(applied.until, true),
    limit: 50,
    cursor,
  })}`;
  const entries = useResource<Page<AuditEntry>>(path);
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });
  const p = entries.problem;
  return (
    <section class="page" aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.audit.title")}</h1>
      <form
        class="filters"
        noValidate
        aria-label={t("admin.audit.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
          setCursors([]);
        }}
      >
        <TextField label={t("admin.audit.action")} hint={t("admin.audit.actionHint")} optional field="action" problem={p} value={draft.action} onInput={set("action")} />
        <TextField label={t("admin.audit.user")} optional field="user_id" problem={p} value={draft.user_id} onInput={set("user_id")} />
        <TextField label={t("admin.audit.patient")} optional field="patient_id" problem={p} value={draft.patient_id} onInput={set("patient_id")} />
        <TextField label={t("admin.audit.since")} type="date" optional field="since" problem={p} value={draft.since} onInput={set("since")} />
        <TextField label={t("admin.audit.until")} type="date" optional field="until" problem={p} value={draft.until} onInput={set("until")} />
        <div class="actions">
          <Button type="submit" variant="primary">
            {t("admin.audit.apply")}
          </Button>
          <Button type="button" onClick={() => (setDraft(none), setApplied(none), setCursors([]))}>
            {t("admin.audit.clear")}
          </Button>
        </div>
      </form>
      <ErrorSummary problem={p} />
      <DataTable
        caption={t("admin.audit.title")}
        rows={entries.loading ? null : entries.data?.items ?? []}
        rowKey={(e) => String(e.sequence)}
        empty={t("admin.audit.empty")}
        loadingLabel={t("common.loading")}
        rowClass={(e) => (e.outcome !== "allowed" ? "row--unusable" : undefined)}
        columns={[
          { label: "#", cell: (e) => e.sequence, numeric: true },
          { label: t("admin.audit.when"), cell: (e) => formatInstant(lang, e.recorded_at) },
          { label: t("admin.audit.who"), cell: (e) => (e.role ? `${e.username} (${e.role})` : e.username || "—") },
          { label: t("admin.audit.action"), cell: (e) => <code>{e.action}</code> },
          { label: t("admin.audit.resource"), cell: (e) => (e.resource_type ? `${e.resource_type} ${e.resource_id}` : "—") },
          { label: t("admin.audit.patient"), cell: (e) => e.patient_id || "—" },
          { label: t("admin.audit.outcome"), cell: (e) => t(`admin.audit.${e.outcome}`) },
          { label: t("admin.audit.from"), cell: (e) => e.source_address },
        ]}
      />
      <div class="actions">
        <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t("today.previous")}
        </Button>
        <Button disabled={!entries.data?.next_cursor} onClick={() => setCursors([...cursors, entries.data!.next_cursor!])}>
          {t("today.next")}
        </Button>
      </div>
    </section>
  );
}

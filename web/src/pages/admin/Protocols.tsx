// Treatment protocols: sessions, the days between them, appointment length and recall. The
// 6-10 session range and its override reason are the server's rule; its refusal names the field.
// One form adds a protocol and edits one: an edit sends only what changed (the server keeps the
// rest) with the version it read, and an agreed course keeps its own copy of the protocol.
import { useState } from "preact/hooks";
import { api, request } from "../../api/client";
import type { Page } from "../../api/types";
import type { Formulation, Protocol } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, SubmitOrCancel } from "../../ui/forms";
import { DataTable, EditProblems, LifecycleButton, Notice, useAction, useResource, useRole } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";

interface Draft {
  name: string;
  formulation_id: string;
  technique: string;
  sessions: string;
  interval_days: string;
  appointment_minutes: string;
  tolerance_days: string;
  recall_after_months: string;
  sessions_override_reason: string;
}

const empty: Draft = {
  name: "",
  formulation_id: "",
  technique: "",
  sessions: "8",
  interval_days: "",
  appointment_minutes: "45",
  tolerance_days: "2",
  recall_after_months: "12",
  sessions_override_reason: "",
};

// What the form shows of a stored protocol.
function draftOf(p: Protocol): Draft {
  return {
    name: p.name,
    formulation_id: p.formulation_id,
    technique: p.technique ?? "",
    sessions: String(p.sessions),
    interval_days: p.interval_days.join(", "),
    appointment_minutes: String(p.appointment_minutes),
    tolerance_days: String(p.tolerance_days),
    recall_after_months: String(p.recall_after_months),
    sessions_override_reason: p.sessions_override_reason ?? "",
  };
}

// "7, 7, 14" as [7, 7, 14]; what is no number goes as typed for the server to name.
function numberList(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part) => (Number.isFinite(Number(part)) ? Number(part) : part));
}

function asNumber(text: string): number | string {
  return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}

// Adds a protocol, or edits `editing` (its members that changed, matching the version read).
function ProtocolForm(props: {
  formulations: Formulation[];
  editing?: Protocol;
  onSaved: (p: Protocol) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const t = useT();
  const original = props.editing ? draftOf(props.editing) : null;
  const [draft, setDraft] = useState<Draft>(original ?? { ...empty, formulation_id: props.formulations[0]?.id ?? "" });
  const action = useAction();
  const p = action.problem;
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const labels: Record<string, string> = {
    "/name": t("admin.protocol.name"),
    "/formulation_id": t("admin.formulation.one"),
    "/technique": t("admin.protocol.technique"),
    "/sessions": t("admin.protocol.sessions"),
    "/interval_days": t("admin.protocol.intervals"),
    "/appointment_minutes": t("admin.protocol.minutes"),
    "/tolerance_days": t("admin.protocol.tolerance"),
    "/recall_after_months": t("admin.protocol.recall"),
    "/sessions_override_reason": t("admin.protocol.overrideReason"),
  };
  const titleId = props.editing ? "edit-protocol-title" : "new-protocol-title";
  // A retired formulation stays selectable for the protocol that already uses it.
  const choices = props.formulations.filter((f) => !f.retired || f.id === props.editing?.formulation_id);
  return (
    <form
      class="panel page--form"
      noValidate
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const body: Record<string, unknown> = {
            name: draft.name,
            formulation_id: draft.formulation_id,
            technique: draft.technique || undefined,
            sessions: asNumber(draft.sessions),
            interval_days: numberList(draft.interval_days),
            appointment_minutes: asNumber(draft.appointment_minutes),
            tolerance_days: asNumber(draft.tolerance_days),
            recall_after_months: asNumber(draft.recall_after_months),
            sessions_override_reason: draft.sessions_override_reason || null,
          };
          if (!props.editing || !original) {
            props.onSaved(await api.create<Protocol>("/api/v1/protocols", body));
            return;
          }
          for (const key of Object.keys(body) as (keyof Draft)[]) {
            if (draft[key] === original[key]) delete body[key];
          }
          // A technique emptied is sent empty: left out, the server would keep the old one.
          if ("technique" in body && body.technique === undefined) body.technique = "";
          const reply = await request<Protocol>("PATCH", `/api/v1/protocols/${props.editing.id}`, { body, ifMatch: `"${props.editing.version}"` });
          props.onSaved(reply.data);
        });
      }}
    >
      <h2 id={titleId}>{props.editing ? t("admin.protocol.edit") : t("admin.protocol.new")}</h2>
      {props.editing && <p class="hint">{t("admin.protocol.editHint")}</p>}
      <EditProblems problem={p} labels={labels} onReload={props.onReload} />
      <TextField label={labels["/name"]} field="/name" problem={p} value={draft.name} onInput={set("name")} />
      <SelectField
        label={labels["/formulation_id"]}
        field="/formulation_id"
        problem={p}
        value={draft.formulation_id}
        onChange={set("formulation_id")}
        options={choices.map((f) => ({ value: f.id, label: f.name }))}
      />
      <TextField label={labels["/technique"]} optional field="/technique" problem={p} value={draft.technique} onInput={set("technique")} />
      <TextField label={labels["/sessions"]} type="number" min={1} max={20} field="/sessions" problem={p} value={draft.sessions} onInput={set("sessions")} />
      <TextField label={labels["/interval_days"]} hint={t("admin.protocol.intervalsHint")} field="/interval_days" problem={p} value={draft.interval_days} onInput={set("interval_days")} />
      <TextField label={labels["/appointment_minutes"]} type="number" min={10} max={240} field="/appointment_minutes" problem={p} value={draft.appointment_minutes} onInput={set("appointment_minutes")} />
      <TextField label={labels["/tolerance_days"]} hint={t("admin.protocol.toleranceHint")} type="number" min={0} max={14} field="/tolerance_days" problem={p} value={draft.tolerance_days} onInput={set("tolerance_days")} />
      <TextField label={labels["/recall_after_months"]} type="number" min={12} max={18} field="/recall_after_months" problem={p} value={draft.recall_after_months} onInput={set("recall_after_months")} />
      <TextField label={labels["/sessions_override_reason"]} hint={t("admin.protocol.overrideHint")} optional field="/sessions_override_reason" problem={p} value={draft.sessions_override_reason} onInput={set("sessions_override_reason")} />
      <SubmitOrCancel busy={action.busy} label={props.editing ? t("admin.protocol.save") : t("admin.protocol.create")} onCancel={props.onCancel} />
    </form>
  );
}

export function Protocols() {
  const t = useT();
  const admin = useRole() === "admin";
  const protocols = useResource<Page<Protocol>>("/api/v1/protocols?limit=200");
  const formulations = useResource<Page<Formulation>>("/api/v1/formulations?limit=200&include_retired=true");
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Protocol | null>(null);
  const action = useAction();
  // After a 412: the protocol as it is now, in a fresh form (keyed by its version), and the list.
  const reloadEditing = (id: string) =>
    void action.run(async () => {
      setEditing(await api.get<Protocol>(`/api/v1/protocols/${id}`));
      await protocols.reload();
    });
  const formulationName = (id: string) => formulations.data?.items.find((f) => f.id === id)?.name ?? "";
  return (
    <div>
      <div class="toolbar">
        <h2>{t("admin.protocol.title")}</h2>
        {admin && !adding && !editing && (
          <Button variant="primary" onClick={() => (setAdding(true), action.clear())}>
            {t("admin.protocol.new")}
          </Button>
        )}
      </div>
      {adding && formulations.data && (
        <ProtocolForm
          formulations={formulations.data.items}
          onCancel={() => setAdding(false)}
          onReload={() => undefined}
          onSaved={(p) => {
            setAdding(false);
            void action.run(async () => (await protocols.reload(), t("admin.protocol.added", { name: p.name })));
          }}
        />
      )}
      {editing && formulations.data && (
        <ProtocolForm
          key={`${editing.id}-${editing.version}`}
          formulations={formulations.data.items}
          editing={editing}
          onCancel={() => setEditing(null)}
          onReload={() => reloadEditing(editing.id)}
          onSaved={(p) => {
            setEditing(null);
            void action.run(async () => (await protocols.reload(), t("admin.edit.saved", { name: p.name })));
          }}
        />
      )}
      <Notice text={action.notice} />
      <ErrorSummary problem={action.problem ?? protocols.problem} />
      <DataTable
        caption={t("admin.protocol.title")}
        rows={protocols.data?.items ?? null}
        rowKey={(p) => p.id}
        empty={t("admin.protocol.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("admin.protocol.name"), cell: (p) => p.name },
          { label: t("admin.formulation.one"), cell: (p) => formulationName(p.formulation_id) },
          { label: t("admin.protocol.sessions"), cell: (p) => p.sessions, numeric: true },
          { label: t("admin.protocol.intervalsShort"), cell: (p) => p.interval_days.join(", ") },
          { label: t("admin.protocol.minutesShort"), cell: (p) => p.appointment_minutes, numeric: true },
          {
            label: t("admin.status"),
            cell: (p) =>
              admin ? (
                <LifecycleButton
                  final
                  name={p.name}
                  retired={Boolean(p.retired_at)}
                  busy={action.busy}
                  onChange={() =>
                    void action.run(async () => {
                      await api.post(`/api/v1/protocols/${p.id}/retirement`);
                      await protocols.reload();
                      return t("admin.retiredOne", { name: p.name });
                    })
                  }
                />
              ) : p.retired_at ? (
                t("admin.retired")
              ) : (
                t("admin.inService")
              ),
          },
          // A retired protocol is not edited (the server says 409): no button for it.
          ...(admin
            ? [
                {
                  label: t("admin.actions"),
                  cell: (p: Protocol) =>
                    !p.retired_at && (
                      <Button aria-label={t("admin.editOne", { name: p.name })} onClick={() => (setAdding(false), action.clear(), setEditing(p))}>
                        {t("admin.edit")}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {admin && <p class="hint">{t("admin.protocol.priceWhere")}</p>}
    </div>
  );
}

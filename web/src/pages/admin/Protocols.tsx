// Treatment protocols: sessions, the days between them, appointment length and recall. The
// 6-10 session range and its override reason are the server's rule; its refusal names the field.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import type { Formulation, Protocol } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, LifecycleButton, Notice, useAction, useResource, useRole } from "../../ui/data";
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

function NewProtocol(props: { formulations: Formulation[]; onAdded: (p: Protocol) => void; onCancel: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>({ ...empty, formulation_id: props.formulations[0]?.id ?? "" });
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
  return (
    <form
      class="panel page--form"
      noValidate
      aria-labelledby="new-protocol-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const body = {
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
          props.onAdded(await api.create<Protocol>("/api/v1/protocols", body));
        });
      }}
    >
      <h2 id="new-protocol-title">{t("admin.protocol.new")}</h2>
      <ErrorSummary problem={p} labels={labels} />
      <TextField label={labels["/name"]} field="/name" problem={p} value={draft.name} onInput={set("name")} />
      <SelectField
        label={labels["/formulation_id"]}
        field="/formulation_id"
        problem={p}
        value={draft.formulation_id}
        onChange={set("formulation_id")}
        options={props.formulations.map((f) => ({ value: f.id, label: f.name }))}
      />
      <TextField label={labels["/technique"]} optional field="/technique" problem={p} value={draft.technique} onInput={set("technique")} />
      <TextField label={labels["/sessions"]} type="number" min={1} max={20} field="/sessions" problem={p} value={draft.sessions} onInput={set("sessions")} />
      <TextField label={labels["/interval_days"]} hint={t("admin.protocol.intervalsHint")} field="/interval_days" problem={p} value={draft.interval_days} onInput={set("interval_days")} />
      <TextField label={labels["/appointment_minutes"]} type="number" min={10} max={240} field="/appointment_minutes" problem={p} value={draft.appointment_minutes} onInput={set("appointment_minutes")} />
      <TextField label={labels["/tolerance_days"]} hint={t("admin.protocol.toleranceHint")} type="number" min={0} max={14} field="/tolerance_days" problem={p} value={draft.tolerance_days} onInput={set("tolerance_days")} />
      <TextField label={labels["/recall_after_months"]} type="number" min={12} max={18} field="/recall_after_months" problem={p} value={draft.recall_after_months} onInput={set("recall_after_months")} />
      <TextField label={labels["/sessions_override_reason"]} hint={t("admin.protocol.overrideHint")} optional field="/sessions_override_reason" problem={p} value={draft.sessions_override_reason} onInput={set("sessions_override_reason")} />
      <div class="actions">
        <Button type="submit" variant="primary" busy={action.busy}>
          {action.busy ? t("common.saving") : t("admin.protocol.create")}
        </Button>
        <Button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function Protocols() {
  const t = useT();
  const admin = useRole() === "admin";
  const protocols = useResource<Page<Protocol>>("/api/v1/protocols?limit=200");
  const formulations = useResource<Page<Formulation>>("/api/v1/formulations?limit=200&include_retired=true");
  const [adding, setAdding] = useState(false);
  const action = useAction();
  const formulationName = (id: string) => formulations.data?.items.find((f) => f.id === id)?.name ?? "";
  return (
    <div>
      <div class="toolbar">
        <h2>{t("admin.protocol.title")}</h2>
        {admin && !adding && (
          <Button variant="primary" onClick={() => (setAdding(true), action.clear())}>
            {t("admin.protocol.new")}
          </Button>
        )}
      </div>
      {adding && formulations.data && (
        <NewProtocol
          formulations={formulations.data.items.filter((f) => !f.retired)}
          onCancel={() => setAdding(false)}
          onAdded={(p) => {
            setAdding(false);
            void action.run(async () => (await protocols.reload(), t("admin.protocol.added", { name: p.name })));
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
        ]}
      />
      {admin && <p class="hint">{t("admin.protocol.priceWhere")}</p>}
    </div>
  );
}

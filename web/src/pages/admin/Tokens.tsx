// API tokens for integrations: issued in a role (never admin) for some clinics, shown once, then
// only revoked. The secret is never stored in the page beyond the reply that carries it.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page, Role } from "../../api/types";
import type { ApiToken } from "../../api/admin-types";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, Notice, useAction, useResource } from "../../ui/data";
import { CheckboxGroup } from "../../ui/choices";
import { SelectField, TextField } from "../../ui/inputs";
import { StaffNav } from "./Staff";
import { useClinicNames, useClinicOptions, useRoleOptions } from "./staff-parts";

export function TokensPage() {
  const t = useT();
  const lang = useLanguage();
  const tokens = useResource<Page<ApiToken>>("/api/v1/tokens?limit=200");
  const clinicOptions = useClinicOptions();
  const clinicNames = useClinicNames();
  const roles = useRoleOptions(["practitioner", "reception", "auditor"]);
  const [draft, setDraft] = useState({ name: "", role: "reception" as Role, clinic_ids: clinicOptions.map((c) => c.value), expires: "" });
  const [issued, setIssued] = useState<ApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const issuing = useAction();
  const revoking = useAction();
  return (
    <section class="page" aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t("admin.tokens.title")}</h1>
      <StaffNav current="/tokens" />
      <p class="hint">{t("admin.tokens.why")}</p>
      {issued?.token && (
        <div class="notice" role="status">
          <p>{t("admin.tokens.once", { name: issued.name })}</p>
          <code class="secret">{issued.token}</code>
          <p>
            <Button onClick={() => void navigator.clipboard.writeText(issued.token ?? "").then(() => setCopied(true))}>
              {copied ? t("admin.tokens.copied") : t("admin.tokens.copy")}
            </Button>
          </p>
        </div>
      )}
      <Notice text={revoking.notice} />
      <ErrorSummary problem={revoking.problem ?? tokens.problem} />
      <DataTable
        caption={t("admin.tokens.title")}
        rows={tokens.data?.items ?? null}
        rowKey={(k) => k.id}
        empty={t("admin.tokens.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("admin.tokens.name"), cell: (k) => k.name },
          { label: t("admin.staff.role"), cell: (k) => t(`role.${k.role}`) },
          { label: t("admin.staff.clinics"), cell: (k) => clinicNames(k.clinic_ids) },
          { label: t("admin.tokens.expires"), cell: (k) => formatInstant(lang, k.expires_at) },
          {
            label: t("admin.status"),
            cell: (k) =>
              k.revoked_at ? (
                t("admin.tokens.revokedAt", { when: formatInstant(lang, k.revoked_at) })
              ) : (
                <Button
                  variant="danger"
                  busy={revoking.busy}
                  aria-label={t("admin.tokens.revokeOne", { name: k.name })}
                  onClick={() =>
                    void revoking.run(async () => {
                      await api.del(`/api/v1/tokens/${k.id}`);
                      await tokens.reload();
                      // A revoked secret is of no use: stop showing it.
                      if (issued?.id === k.id) setIssued(null);
                      return t("admin.tokens.revoked", { name: k.name });
                    })
                  }
                >
                  {t("admin.tokens.revoke")}
                </Button>
              ),
          },
        ]}
      />
      <form
        class="panel page--form"
        noValidate
        aria-labelledby="new-token-title"
        onSubmit={(e) => {
          e.preventDefault();
          void issuing.run(async () => {
            const body = {
              name: draft.name,
              role: draft.role,
              clinic_ids: draft.clinic_ids,
              // The field is the browser's local time; the API wants an instant.
              expires_at: draft.expires ? new Date(draft.expires).toISOString() : null,
            };
            const made = await api.create<ApiToken>("/api/v1/tokens", body);
            await tokens.reload();
            setIssued(made);
            setCopied(false);
            revoking.clear();
            setDraft({ ...draft, name: "", expires: "" });
          });
        }}
      >
        <h2 id="new-token-title">{t("admin.tokens.new")}</h2>
        <ErrorSummary problem={issuing.problem} />
        <TextField label={t("admin.tokens.name")} field="/name" problem={issuing.problem} value={draft.name} onInput={(v) => setDraft({ ...draft, name: v })} />
        <SelectField label={t("admin.staff.role")} field="/role" problem={issuing.problem} value={draft.role} options={roles} onChange={(v) => setDraft({ ...draft, role: v as Role })} />
        <CheckboxGroup legend={t("admin.staff.clinics")} field="/clinic_ids" problem={issuing.problem} value={draft.clinic_ids} options={clinicOptions} onChange={(v) => setDraft({ ...draft, clinic_ids: v })} />
        <TextField label={t("admin.tokens.expires")} type="datetime-local" optional field="/expires_at" problem={issuing.problem} value={draft.expires} onInput={(v) => setDraft({ ...draft, expires: v })} />
        <Button type="submit" variant="primary" busy={issuing.busy}>
          {t("admin.tokens.issue")}
        </Button>
      </form>
    </section>
  );
}

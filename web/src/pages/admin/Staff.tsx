// Staff accounts at the admin's clinics: who has which role where, and adding an account. The
// password policy and username rules are the server's; its refusal shows beside the field.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page, Role } from "../../api/types";
import type { StaffUser } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, SubmitOrCancel } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, Notice, useAction, useResource } from "../../ui/data";
import { CheckboxGroup } from "../../ui/choices";
import { SectionNav, SelectField, TextField } from "../../ui/inputs";
import { useClinicNames, useClinicOptions, useRoleOptions } from "./staff-parts";

export function StaffNav(props: { current: string }) {
  const t = useT();
  return (
    <SectionNav
      label={t("admin.staff.sections")}
      current={props.current}
      items={[
        { href: "/staff", label: t("admin.staff.accounts") },
        { href: "/tokens", label: t("admin.tokens.title") },
      ]}
    />
  );
}

function NewAccount(props: { onAdded: (user: StaffUser) => void; onCancel: () => void }) {
  const t = useT();
  const clinicOptions = useClinicOptions();
  const roles = useRoleOptions();
  const [draft, setDraft] = useState({ username: "", role: "practitioner" as Role, password: "", clinic_ids: clinicOptions.map((c) => c.value) });
  const action = useAction();
  const labels = {
    "/username": t("signIn.username"),
    "/role": t("admin.staff.role"),
    "/password": t("admin.staff.password"),
    "/clinic_ids": t("admin.staff.clinics"),
  };
  return (
    <form
      class="panel page--form"
      noValidate
      aria-labelledby="new-account-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => props.onAdded(await api.create<StaffUser>("/api/v1/users", draft)));
      }}
    >
      <h2 id="new-account-title">{t("admin.staff.new")}</h2>
      <ErrorSummary problem={action.problem} labels={labels} />
      <TextField label={labels["/username"]} field="/username" problem={action.problem} value={draft.username} onInput={(v) => setDraft({ ...draft, username: v })} />
      <SelectField label={labels["/role"]} field="/role" problem={action.problem} value={draft.role} options={roles} onChange={(v) => setDraft({ ...draft, role: v as Role })} />
      <TextField
        label={labels["/password"]}
        type="password"
        autocomplete="new-password"
        hint={t("admin.staff.passwordHint")}
        field="/password"
        problem={action.problem}
        value={draft.password}
        onInput={(v) => setDraft({ ...draft, password: v })}
      />
      <CheckboxGroup legend={labels["/clinic_ids"]} field="/clinic_ids" problem={action.problem} value={draft.clinic_ids} options={clinicOptions} onChange={(v) => setDraft({ ...draft, clinic_ids: v })} />
      <SubmitOrCancel busy={action.busy} label={t("admin.staff.create")} onCancel={props.onCancel} />
    </form>
  );
}

export function StaffPage() {
  const t = useT();
  const users = useResource<Page<StaffUser>>("/api/v1/users?limit=200");
  const clinicNames = useClinicNames();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState("");
  return (
    <section class="page" aria-labelledby="staff-title">
      <div class="toolbar">
        <h1 id="staff-title">{t("admin.staff.title")}</h1>
        {!adding && (
          <Button variant="primary" onClick={() => (setAdding(true), setNotice(""))}>
            {t("admin.staff.new")}
          </Button>
        )}
      </div>
      <StaffNav current="/staff" />
      <Notice text={notice} />
      {adding && (
        <NewAccount
          onCancel={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            void users.reload().then(() => setNotice(t("admin.staff.added", { name: user.username })));
          }}
        />
      )}
      {users.problem && <ErrorSummary problem={users.problem} />}
      <DataTable
        caption={t("admin.staff.accounts")}
        rows={users.data?.items ?? null}
        rowKey={(u) => u.id}
        empty={t("admin.staff.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("signIn.username"), cell: (u) => <Link href={`/staff/${u.id}`}>{u.username}</Link> },
          { label: t("admin.staff.role"), cell: (u) => t(`role.${u.role}`) },
          { label: t("admin.staff.clinics"), cell: (u) => clinicNames(u.clinic_ids) },
          {
            label: t("admin.status"),
            cell: (u) => (!u.active ? t("admin.staff.deactivated") : u.must_change_password ? t("admin.staff.mustChange") : t("admin.staff.active")),
          },
        ]}
      />
    </section>
  );
}

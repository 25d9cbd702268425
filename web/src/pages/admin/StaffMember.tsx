// One staff account: change its role or clinics, give a temporary password, sign it out
// everywhere, or deactivate it for good. The server refuses what would leave no active admin.
import { useEffect, useState } from "preact/hooks";
import { request } from "../../api/client";
import type { Role } from "../../api/types";
import type { StaffUser } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { Notice, useAction, useResource } from "../../ui/data";
import { CheckboxGroup } from "../../ui/choices";
import { SelectField, TextField } from "../../ui/inputs";
import { useClinicNames, useClinicOptions, useRoleOptions } from "./staff-parts";

export function StaffMemberPage(props: { params: Record<string, string> }) {
  const t = useT();
  const path = `/api/v1/users/${props.params.id}`;
  const user = useResource<StaffUser>(path);
  const roles = useRoleOptions();
  const clinicOptions = useClinicOptions();
  const clinicNames = useClinicNames();
  const [role, setRole] = useState<Role>("practitioner");
  const [clinicIds, setClinicIds] = useState<string[]>([]);
  const [password, setPassword] = useState("");
  const [confirming, setConfirming] = useState(false);
  const access = useAction();
  const reset = useAction();
  const other = useAction();
  useEffect(() => {
    if (!user.data) return;
    setRole(user.data.role);
    setClinicIds(user.data.clinic_ids);
  }, [user.data]);
  if (user.problem) return <section class="page"><ErrorSummary problem={user.problem} /></section>;
  if (!user.data) return <Progress label={t("common.loading")} />;
  const u = user.data;
  // Every change names the version read; the reply is the account as it is now.
  const patch = async (body: Partial<StaffUser>) => {
    const reply = await request<StaffUser>("PATCH", path, { body, ifMatch: user.etag });
    user.replace(reply.data, reply.etag);
  };
  return (
    <section class="page" aria-labelledby="member-title">
      <p>
        <Link href="/staff">{t("admin.staff.back")}</Link>
      </p>
      <h1 id="member-title">{u.username}</h1>
      <p class="hint">
        {t(`role.${u.role}`)} · {clinicNames(u.clinic_ids)} ·{" "}
        {!u.active ? t("admin.staff.deactivated") : u.must_change_password ? t("admin.staff.mustChange") : t("admin.staff.active")}
      </p>
      {u.active ? (
        <div class="clinical">
          <form
            class="card"
            noValidate
            aria-labelledby="access-title"
            onSubmit={(e) => {
              e.preventDefault();
              void access.run(async () => (await patch({ role, clinic_ids: clinicIds }), t("patient.saved")));
            }}
          >
            <h2 id="access-title">{t("admin.staff.access")}</h2>
            <Notice text={access.notice} />
            <ErrorSummary problem={access.problem} />
            <SelectField label={t("admin.staff.role")} field="/role" problem={access.problem} value={role} options={roles} onChange={(v) => setRole(v as Role)} />
            <CheckboxGroup legend={t("admin.staff.clinics")} field="/clinic_ids" problem={access.problem} value={clinicIds} options={clinicOptions} onChange={setClinicIds} />
            <Button type="submit" variant="primary" busy={access.busy}>
              {t("common.save")}
            </Button>
          </form>
          <form
            class="card"
            noValidate
            aria-labelledby="reset-title"
            onSubmit={(e) => {
              e.preventDefault();
              void reset.run(async () => {
                const reply = await request<StaffUser>("POST", `${path}/password-reset`, { body: { password } });
                user.replace(reply.data, reply.etag);
                setPassword("");
                return t("admin.staff.resetDone", { name: u.username });
              });
            }}
          >
            <h2 id="reset-title">{t("admin.staff.reset")}</h2>
            <p class="hint">{t("admin.staff.resetWhy")}</p>
            <Notice text={reset.notice} />
            <ErrorSummary problem={reset.problem} />
            <TextField label={t("admin.staff.temporary")} type="password" autocomplete="new-password" field="/password" problem={reset.problem} value={password} onInput={setPassword} />
            <Button type="submit" busy={reset.busy}>
              {t("admin.staff.reset")}
            </Button>
          </form>
          <div class="card">
            <h2>{t("admin.staff.sessions")}</h2>
            <Notice text={other.notice} />
            <ErrorSummary problem={other.problem} />
            <p>
              <Button
                busy={other.busy}
                onClick={() =>
                  void other.run(async () => {
                    const reply = await request<{ ended_sessions: number }>("DELETE", `${path}/sessions`);
                    return t("admin.staff.ended", { count: reply.data.ended_sessions });
                  })
                }
              >
                {t("admin.staff.endSessions")}
              </Button>
            </p>
            <h2>{t("admin.staff.deactivate")}</h2>
            <p class="hint">{t("admin.staff.deactivateWhy")}</p>
            {confirming ? (
              <div class="actions">
                <Button variant="danger" busy={other.busy} onClick={() => void other.run(async () => (await patch({ active: false }), t("admin.staff.deactivatedOne", { name: u.username })))}>
                  {t("admin.staff.deactivateConfirm", { name: u.username })}
                </Button>
                <Button onClick={() => setConfirming(false)}>{t("common.cancel")}</Button>
              </div>
            ) : (
              <Button variant="danger" onClick={() => setConfirming(true)}>
                {t("admin.staff.deactivate")}
              </Button>
            )}
          </div>
        </div>
      ) : (
        <>
          <Notice text={other.notice} />
          <p>{t("admin.staff.deactivatedWhy")}</p>
        </>
      )}
    </section>
  );
}

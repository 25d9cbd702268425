// What the staff pages share: the roles in words, and an account's clinics by name.
import type { Role } from "../../api/types";
import { clinics } from "../../clinic";
import { useT } from "../../i18n/i18n";
import { useObservable } from "../../state";

export const allRoles: Role[] = ["admin", "practitioner", "reception", "auditor"];

export function useRoleOptions(roles: Role[] = allRoles) {
  const t = useT();
  return roles.map((r) => ({ value: r, label: t(`role.${r}`) }));
}

// The admin's own clinics, the only ones they may give an account or a token.
export function useClinicOptions() {
  return useObservable(clinics).map((c) => ({ value: c.id, label: c.name }));
}

export function useClinicNames(): (ids: string[]) => string {
  const all = useObservable(clinics);
  return (ids) =>
    ids
      .map((id) => all.find((c) => c.id === id)?.name)
      .filter(Boolean)
      .join(", ");
}

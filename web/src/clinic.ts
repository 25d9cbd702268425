// The clinic the user is working at: the first of theirs unless they pick another in the header.
import { api } from "./api/client";
import type { Clinic, Page } from "./api/types";
import { observable } from "./state";

export const clinics = observable<Clinic[]>([]);
export const currentClinicId = observable<string>("");
// Whether the list above has been read: until then an empty list means "not yet", not "none".
export const clinicsLoaded = observable(false);

export async function loadClinics(allowed: string[]): Promise<void> {
  const page = await api.get<Page<Clinic>>("/api/v1/clinics?limit=200");
  const mine = page.items.filter((c) => allowed.length === 0 || allowed.includes(c.id));
  clinics.set(mine);
  const saved = sessionStorage.getItem("mesoclinic.clinic");
  const chosen = mine.find((c) => c.id === saved) ?? mine[0];
  currentClinicId.set(chosen?.id ?? "");
  clinicsLoaded.set(true);
}

export function chooseClinic(id: string): void {
  sessionStorage.setItem("mesoclinic.clinic", id);
  currentClinicId.set(id);
}

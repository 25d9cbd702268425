// The patient's identity and contact fields, shared by "new patient" and "edit contact".
import { ApiProblem } from "../api/client";
import type { Patient } from "../api/types";
import { useT } from "../i18n/i18n";
import { Field } from "../ui/forms";

export type PatientDraft = Pick<
  Patient,
  "family_name" | "given_name" | "date_of_birth" | "sex" | "phone" | "email" | "preferred_language" | "reminder_channel"
>;

export const emptyPatient: PatientDraft = {
  family_name: "",
  given_name: "",
  date_of_birth: "",
  sex: "unknown",
  phone: null,
  email: null,
  preferred_language: "en",
  reminder_channel: "none",
};

export function PatientFields(props: {
  draft: PatientDraft;
  onChange: (draft: PatientDraft) => void;
  problem: ApiProblem | null;
  identity: boolean; // names and birth date too, not only contact
}) {
  const t = useT();
  const { draft, problem } = props;
  const set = <K extends keyof PatientDraft>(key: K, value: PatientDraft[K]) => props.onChange({ ...draft, [key]: value });
  const text = (key: "family_name" | "given_name" | "date_of_birth", label: string, type: "text" | "date" = "text", autocomplete?: string) => (
    <Field label={label} field={`/${key}`} problem={problem}>
      {(id, describedBy, invalid) => {
        const common = {
          id,
          autocomplete,
          required: true,
          "aria-describedby": describedBy,
          "aria-invalid": invalid || undefined,
          value: draft[key],
          onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
        };
        return type === "date" ? <input type="date" {...common} /> : <input type="text" {...common} />;
      }}
    </Field>
  );
  return (
    <>
      {props.identity && (
        <>
          {text("family_name", t("patient.familyName"), "text", "off")}
          {text("given_name", t("patient.givenName"), "text", "off")}
          {text("date_of_birth", t("patient.dateOfBirth"), "date")}
          <Field label={t("patient.sex")} field="/sex" problem={problem}>
            {(id, describedBy) => (
              <select id={id} aria-describedby={describedBy} value={draft.sex} onChange={(e) => set("sex", e.currentTarget.value as PatientDraft["sex"])}>
                {(["female", "male", "other", "unknown"] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`sex.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      <Field label={t("patient.phone")} field="/phone" problem={problem} hint={t("patient.phoneHint")} optional>
        {(id, describedBy, invalid) => (
          <input
            id={id}
            type="tel"
            autocomplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={draft.phone ?? ""}
            onInput={(e) => set("phone", e.currentTarget.value || null)}
          />
        )}
      </Field>
      <Field label={t("patient.email")} field="/email" problem={problem} optional>
        {(id, describedBy, invalid) => (
          <input
            id={id}
            type="email"
            autocomplete="off"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={draft.email ?? ""}
            onInput={(e) => set("email", e.currentTarget.value || null)}
          />
        )}
      </Field>
      <Field label={t("patient.language")} field="/preferred_language" problem={problem}>
        {(id, describedBy) => (
          <select id={id} aria-describedby={describedBy} value={draft.preferred_language} onChange={(e) => set("preferred_language", e.currentTarget.value)}>
            <option value="en">{t("language.en")}</option>
            <option value="tr">{t("language.tr")}</option>
          </select>
        )}
      </Field>
      <Field label={t("patient.reminders")} field="/reminder_channel" problem={problem}>
        {(id, describedBy) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={draft.reminder_channel}
            onChange={(e) => set("reminder_channel", e.currentTarget.value as PatientDraft["reminder_channel"])}
          >
            {(["none", "sms", "email"] as const).map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

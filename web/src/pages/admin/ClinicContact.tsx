// The clinic's contact, printed on handouts and named in reminders. The server normalises the
// phone to E.164 and checks the e-mail; what it stored is shown back.
import type { ClinicContact } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { Notice, useDocument } from "../../ui/data";
import { TextArea, TextField } from "../../ui/inputs";

export function ClinicContactSection(props: { clinicId: string }) {
  const t = useT();
  const doc = useDocument<ClinicContact>(`/api/v1/clinics/${props.clinicId}/contact`);
  if (doc.problem) return <ErrorSummary problem={doc.problem} />;
  if (!doc.draft) return <Progress label={t("common.loading")} />;
  const draft = doc.draft;
  const set = (key: keyof ClinicContact) => (value: string) => doc.setDraft({ ...draft, [key]: value || null });
  const labels = { "/phone": t("patient.phone"), "/email": t("patient.email"), "/address": t("admin.contact.address") };
  return (
    <form
      class="page--form"
      noValidate
      aria-labelledby="contact-title"
      onSubmit={(e) => {
        e.preventDefault();
        void doc.save(t("patient.saved"));
      }}
    >
      <h2 id="contact-title">{t("admin.clinic.contact")}</h2>
      <p class="hint">{t("admin.contact.why")}</p>
      <Notice text={doc.action.notice} />
      <ErrorSummary problem={doc.action.problem} labels={labels} />
      <TextField label={labels["/phone"]} type="tel" field="/phone" optional hint={t("admin.contact.phoneHint")} problem={doc.action.problem} value={draft.phone ?? ""} onInput={set("phone")} />
      <TextField label={labels["/email"]} type="email" field="/email" optional problem={doc.action.problem} value={draft.email ?? ""} onInput={set("email")} />
      <TextArea label={labels["/address"]} field="/address" optional problem={doc.action.problem} value={draft.address ?? ""} onInput={set("address")} />
      <Button type="submit" variant="primary" busy={doc.action.busy}>
        {doc.action.busy ? t("common.saving") : t("common.save")}
      </Button>
    </form>
  );
}

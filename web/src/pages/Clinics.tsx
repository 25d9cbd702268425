// The admin's start: the group's clinics with their zone, currency and patients' language.
import { useObservable } from "../state";
import { clinics } from "../clinic";
import { useT } from "../i18n/i18n";

export function ClinicsPage() {
  const t = useT();
  const all = useObservable(clinics);
  return (
    <section class="page" aria-labelledby="clinics-title">
      <h1 id="clinics-title">{t("clinics.title")}</h1>
      {all.length === 0 ? (
        <p class="empty">{t("clinics.empty")}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t("clinics.name")}</th>
              <th scope="col">{t("clinics.zone")}</th>
              <th scope="col">{t("clinics.currency")}</th>
              <th scope="col">{t("clinics.language")}</th>
            </tr>
          </thead>
          <tbody>
            {all.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.time_zone}</td>
                <td>{c.currency}</td>
                <td>{c.default_language}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

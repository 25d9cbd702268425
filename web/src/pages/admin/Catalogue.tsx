// The group's catalogue: protocols, formulations and products. Admins add and retire; the
// practitioners and auditors the server lets read it see the same lists without the changes.
import { useT } from "../../i18n/i18n";
import { SectionNav } from "../../ui/inputs";
import { Protocols } from "./Protocols";
import { Formulations } from "./Formulations";
import { Products } from "./Products";

export function CataloguePage(props: { params: Record<string, string> }) {
  const t = useT();
  const section = props.params.section ?? "";
  const current = section ? `/catalogue/${section}` : "/catalogue";
  return (
    <section class="page" aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t("admin.catalogue.title")}</h1>
      <SectionNav
        label={t("admin.catalogue.sections")}
        current={current}
        items={[
          { href: "/catalogue", label: t("admin.protocol.title") },
          { href: "/catalogue/formulations", label: t("admin.formulation.title") },
          { href: "/catalogue/products", label: t("admin.product.title") },
        ]}
      />
      {section === "" && <Protocols />}
      {section === "formulations" && <Formulations />}
      {section === "products" && <Products />}
      {!["", "formulations", "products"].includes(section) && <p>{t("common.notFound")}</p>}
    </section>
  );
}

// Products: what the clinic buys, a vial of a formulation. Lots are received against them on the
// stock page.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import type { Formulation, Product } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, EditProblems, InlineRename, LifecycleButton, Notice, useAction, useResource, useRole } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";

export function Products() {
  const t = useT();
  const admin = useRole() === "admin";
  const list = useResource<Page<Product>>("/api/v1/products?limit=200&include_retired=true");
  const formulations = useResource<Page<Formulation>>("/api/v1/formulations?limit=200&include_retired=true");
  const [draft, setDraft] = useState({ name: "", formulation_id: "", vial_ml: "" });
  const adding = useAction();
  const action = useAction();
  const inService = (formulations.data?.items ?? []).filter((f) => !f.retired);
  const formulationId = draft.formulation_id || inService[0]?.id || "";
  const formulationName = (id: string) => formulations.data?.items.find((f) => f.id === id)?.name ?? "";
  return (
    <div>
      <h2>{t("admin.product.title")}</h2>
      <Notice text={action.notice || adding.notice} />
      <EditProblems problem={action.problem ?? list.problem} onReload={() => void (action.clear(), list.reload())} />
      <DataTable
        caption={t("admin.product.title")}
        rows={list.data?.items ?? null}
        rowKey={(p) => p.id}
        empty={t("admin.product.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          {
            label: t("admin.product.name"),
            // Only the name is edited here (the server keeps the rest as it was made).
            cell: (p) =>
              admin ? (
                <InlineRename
                  key={`${p.id}-${p.version}`}
                  name={p.name}
                  button={t("admin.edit")}
                  buttonLabel={t("admin.editOne", { name: p.name })}
                  fieldLabel={t("admin.edit.nameOf", { name: p.name })}
                  busy={action.busy}
                  problem={action.problem}
                  onSave={(name) =>
                    action.run(async () => {
                      await api.patch(`/api/v1/products/${p.id}`, { name }, `"${p.version}"`);
                      await list.reload();
                      return t("admin.edit.saved", { name });
                    })
                  }
                />
              ) : (
                p.name
              ),
          },
          { label: t("admin.formulation.one"), cell: (p) => formulationName(p.formulation_id) },
          { label: t("admin.product.vial"), cell: (p) => `${p.vial_ml} ml`, numeric: true },
          {
            label: t("admin.status"),
            cell: (p) =>
              admin ? (
                <LifecycleButton
                  name={p.name}
                  retired={p.retired}
                  busy={action.busy}
                  onChange={(retired) =>
                    void (adding.clear(), action.run(async () => {
                      await api.patch(`/api/v1/products/${p.id}`, { retired }, `"${p.version}"`);
                      await list.reload();
                      return t(retired ? "admin.retiredOne" : "admin.restoredOne", { name: p.name });
                    }))
                  }
                />
              ) : p.retired ? (
                t("admin.retired")
              ) : (
                t("admin.inService")
              ),
          },
        ]}
      />
      {admin && (
        <form
          class="panel page--form"
          noValidate
          aria-labelledby="new-product-title"
          onSubmit={(e) => {
            e.preventDefault();
            action.clear();
            void adding.run(async () => {
              const body = { name: draft.name, formulation_id: formulationId, vial_ml: Number(draft.vial_ml.replace(",", ".")) };
              const made = await api.create<Product>("/api/v1/products", body);
              setDraft({ name: "", formulation_id: "", vial_ml: "" });
              await list.reload();
              return t("admin.product.added", { name: made.name });
            });
          }}
        >
          <h3 id="new-product-title">{t("admin.product.new")}</h3>
          <ErrorSummary problem={adding.problem} />
          <TextField label={t("admin.product.name")} field="/name" problem={adding.problem} value={draft.name} onInput={(v) => setDraft({ ...draft, name: v })} />
          <SelectField
            label={t("admin.formulation.one")}
            field="/formulation_id"
            problem={adding.problem}
            value={formulationId}
            options={inService.map((f) => ({ value: f.id, label: f.name }))}
            onChange={(v) => setDraft({ ...draft, formulation_id: v })}
          />
          <TextField label={t("admin.product.vial")} field="/vial_ml" problem={adding.problem} value={draft.vial_ml} onInput={(v) => setDraft({ ...draft, vial_ml: v })} />
          <Button type="submit" variant="primary" busy={adding.busy}>
            {t("admin.product.create")}
          </Button>
        </form>
      )}
    </div>
  );
}

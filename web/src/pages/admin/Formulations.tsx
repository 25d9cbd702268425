// Formulations: named mixes with their ingredients per ml. Ingredients never change once made
// (decisions and charts refer to the formulation), so a change is a new formulation and the old
// one retired; the page offers exactly that.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import type { Formulation, Ingredient } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, EditProblems, InlineRename, LifecycleButton, Notice, useAction, useResource, useRole } from "../../ui/data";
import { SelectField, TextField } from "../../ui/inputs";

const units: Ingredient["unit"][] = ["mg", "ug", "IU"];
type Row = { substance: string; amount: string; unit: Ingredient["unit"] };

function NewFormulation(props: { onAdded: (f: Formulation) => void; onCancel: () => void }) {
  const t = useT();
  const [name, setName] = useState("");
  const [rows, setRows] = useState<Row[]>([{ substance: "", amount: "", unit: "mg" }]);
  const action = useAction();
  const p = action.problem;
  const setRow = (index: number, change: Partial<Row>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  return (
    <form
      class="panel page--form"
      noValidate
      aria-labelledby="new-formulation-title"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const ingredients = rows.map((r) => ({ substance: r.substance, amount_per_ml: Number(r.amount.replace(",", ".")), unit: r.unit }));
          props.onAdded(await api.create<Formulation>("/api/v1/formulations", { name, ingredients }));
        });
      }}
    >
      <h2 id="new-formulation-title">{t("admin.formulation.new")}</h2>
      <ErrorSummary problem={p} />
      <TextField label={t("admin.formulation.name")} field="/name" problem={p} value={name} onInput={setName} />
      {rows.map((row, index) => (
        <fieldset key={index} class="row-editor">
          <legend>{t("admin.formulation.ingredient", { n: index + 1 })}</legend>
          <TextField label={t("admin.formulation.substance")} field={`/ingredients/${index}/substance`} problem={p} value={row.substance} onInput={(v) => setRow(index, { substance: v })} />
          <TextField label={t("admin.formulation.amount")} field={`/ingredients/${index}/amount_per_ml`} problem={p} value={row.amount} onInput={(v) => setRow(index, { amount: v })} />
          <SelectField
            label={t("admin.formulation.unit")}
            field={`/ingredients/${index}/unit`}
            problem={p}
            value={row.unit}
            options={units.map((u) => ({ value: u, label: u }))}
            onChange={(v) => setRow(index, { unit: v as Ingredient["unit"] })}
          />
          {rows.length > 1 && (
            <Button type="button" variant="danger" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
              {t("admin.week.remove")}
            </Button>
          )}
        </fieldset>
      ))}
      <div class="actions">
        <Button type="button" onClick={() => setRows([...rows, { substance: "", amount: "", unit: "mg" }])}>
          {t("admin.formulation.addIngredient")}
        </Button>
        <Button type="submit" variant="primary" busy={action.busy}>
          {t("admin.formulation.create")}
        </Button>
        <Button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

export function Formulations() {
  const t = useT();
  const admin = useRole() === "admin";
  const list = useResource<Page<Formulation>>("/api/v1/formulations?limit=200&include_retired=true");
  const [adding, setAdding] = useState(false);
  const action = useAction();
  return (
    <div>
      <div class="toolbar">
        <h2>{t("admin.formulation.title")}</h2>
        {admin && !adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            {t("admin.formulation.new")}
          </Button>
        )}
      </div>
      {adding && (
        <NewFormulation
          onCancel={() => setAdding(false)}
          onAdded={(f) => {
            setAdding(false);
            void action.run(async () => (await list.reload(), t("admin.formulation.added", { name: f.name })));
          }}
        />
      )}
      <Notice text={action.notice} />
      <EditProblems problem={action.problem ?? list.problem} onReload={() => void (action.clear(), list.reload())} />
      <DataTable
        caption={t("admin.formulation.title")}
        rows={list.data?.items ?? null}
        rowKey={(f) => f.id}
        empty={t("admin.formulation.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          {
            label: t("admin.formulation.name"),
            // Only the name is edited here (the server keeps the rest as it was made).
            cell: (f) =>
              admin ? (
                <InlineRename
                  key={`${f.id}-${f.version}`}
                  name={f.name}
                  button={t("admin.edit")}
                  buttonLabel={t("admin.editOne", { name: f.name })}
                  fieldLabel={t("admin.edit.nameOf", { name: f.name })}
                  busy={action.busy}
                  problem={action.problem}
                  onSave={(name) =>
                    action.run(async () => {
                      await api.patch(`/api/v1/formulations/${f.id}`, { name }, `"${f.version}"`);
                      await list.reload();
                      return t("admin.edit.saved", { name });
                    })
                  }
                />
              ) : (
                f.name
              ),
          },
          { label: t("admin.formulation.ingredients"), cell: (f) => f.ingredients.map((i) => `${i.substance} ${i.amount_per_ml} ${i.unit}/ml`).join(", ") },
          {
            label: t("admin.status"),
            cell: (f) =>
              admin ? (
                <LifecycleButton
                  name={f.name}
                  retired={f.retired}
                  busy={action.busy}
                  onChange={(retired) =>
                    void action.run(async () => {
                      await api.patch(`/api/v1/formulations/${f.id}`, { retired }, `"${f.version}"`);
                      await list.reload();
                      return t(retired ? "admin.retiredOne" : "admin.restoredOne", { name: f.name });
                    })
                  }
                />
              ) : f.retired ? (
                t("admin.retired")
              ) : (
                t("admin.inService")
              ),
          },
        ]}
      />
    </div>
  );
}

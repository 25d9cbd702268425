// The clinic's treatment rooms: add, rename, retire (the planner books no new work into a retired
// room) and bring back. Each change names the version it read (If-Match).
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { Page } from "../../api/types";
import type { RoomDetail } from "../../api/admin-types";
import { useT } from "../../i18n/i18n";
import { Button, ErrorSummary } from "../../ui/forms";
import { DataTable, EditProblems, InlineRename, LifecycleButton, Notice, useAction, useResource, useRole } from "../../ui/data";
import { TextField } from "../../ui/inputs";

export function ClinicRooms(props: { clinicId: string }) {
  const t = useT();
  const admin = useRole() === "admin";
  const base = `/api/v1/clinics/${props.clinicId}/rooms`;
  const rooms = useResource<Page<RoomDetail>>(`${base}?include_retired=true&limit=200`);
  const [name, setName] = useState("");
  const adding = useAction();
  const changing = useAction();
  // One notice at a time: the latest of adding and changing.
  const change = (room: RoomDetail, body: Partial<RoomDetail>, said: string) =>
    (adding.clear(), changing.run(async () => {
      await api.patch<RoomDetail>(`${base}/${room.id}`, body, `"${room.version}"`);
      await rooms.reload();
      return said;
    }));
  return (
    <div>
      <h2>{t("admin.clinic.rooms")}</h2>
      <Notice text={adding.notice || changing.notice} />
      {rooms.problem && <ErrorSummary problem={rooms.problem} />}
      <EditProblems problem={changing.problem} onReload={() => void (changing.clear(), rooms.reload())} />
      <DataTable
        caption={t("admin.clinic.rooms")}
        rows={rooms.data?.items ?? null}
        rowKey={(r) => r.id}
        empty={t("admin.rooms.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          {
            label: t("admin.rooms.name"),
            cell: (r) =>
              admin ? (
                <InlineRename
                  key={`${r.id}-${r.version}`}
                  name={r.name}
                  button={t("admin.rooms.rename")}
                  buttonLabel={t("admin.rooms.renameOne", { name: r.name })}
                  fieldLabel={t("admin.rooms.newName", { name: r.name })}
                  busy={changing.busy}
                  problem={changing.problem}
                  onSave={(n) => change(r, { name: n }, t("patient.saved"))}
                />
              ) : (
                r.name
              ),
          },
          { label: t("admin.status"), cell: (r) => (r.retired ? t("admin.retired") : t("admin.inService")) },
          ...(admin
            ? [
                {
                  label: t("admin.actions"),
                  cell: (r: RoomDetail) => (
                    <LifecycleButton
                      name={r.name}
                      retired={r.retired}
                      busy={changing.busy}
                      onChange={(retired) => void change(r, { retired }, t(retired ? "admin.retiredOne" : "admin.restoredOne", { name: r.name }))}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {admin && (
        <form
          class="inline-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            changing.clear();
            void adding.run(async () => {
              const room = await api.create<RoomDetail>(base, { name });
              setName("");
              await rooms.reload();
              return t("admin.rooms.added", { name: room.name });
            });
          }}
        >
          <ErrorSummary problem={adding.problem} />
          <TextField label={t("admin.rooms.newRoom")} field="/name" problem={adding.problem} value={name} onInput={setName} />
          <Button type="submit" variant="primary" busy={adding.busy}>
            {t("admin.rooms.add")}
          </Button>
        </form>
      )}
    </div>
  );
}

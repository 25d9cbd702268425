// Shared pieces of the settings pages: a resource read with its ETag, an action with its busy
// state and refusal, a plain table with an empty state, and the signed-in role. Each page keeps
// only what is its own (fields, columns, the call it makes).
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem, request } from "../api/client";
import type { Role } from "../api/types";
import { session } from "../session";
import { useObservable } from "../state";
import { useT } from "../i18n/i18n";
import { Button, ErrorSummary, asProblem } from "./forms";
import { TextField } from "./inputs";

export interface Resource<T> {
  data: T | null;
  etag: string;
  problem: ApiProblem | null;
  // Reads again; resolves once the new state is shown, so a notice can come with it.
  reload: () => Promise<void>;
  // After a change the reply is the new state: shown without reading again.
  replace: (data: T, etag: string | null) => void;
}

// Reads `path` (null: nothing to read yet); a 404 in `absentOn404` counts as "not set yet" (null).
export function useResource<T>(path: string | null, absentOn404 = false): Resource<T> & { loading: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [etag, setEtag] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);
  const waiting = useRef<(() => void)[]>([]);
  const shown = useRef(path);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    // Another resource (another clinic's, say) never shows the last one's data or ETag while it
    // loads; reading the same one again keeps it on screen.
    if (shown.current !== path) {
      shown.current = path;
      setData(null);
      setEtag("");
    }
    setLoading(true);
    setProblem(null);
    request<T>("GET", path)
      .then((reply) => {
        if (!live) return;
        setData(reply.data);
        setEtag(reply.etag ?? "");
      })
      .catch((error) => {
        if (!live) return;
        const found = asProblem(error);
        if (absentOn404 && found.status === 404) {
          setData(null);
          setEtag("");
        } else {
          setProblem(found);
        }
      })
      .finally(() => {
        if (!live) return;
        setLoading(false);
        const done = waiting.current;
        waiting.current = [];
        for (const resolve of done) resolve();
      });
    return () => {
      live = false;
    };
  }, [path, round]);
  const reload = useCallback(
    () =>
      new Promise<void>((resolve) => {
        waiting.current.push(resolve);
        setRound((n) => n + 1);
      }),
    [],
  );
  const replace = useCallback((next: T, nextEtag: string | null) => {
    setData(next);
    setEtag(nextEtag ?? "");
  }, []);
  return { data, etag, problem, loading, reload, replace };
}

export interface Action {
  busy: boolean;
  problem: ApiProblem | null;
  notice: string;
  // Runs `work`; its resolved text (if any) becomes the notice, a refusal the problem.
  run: (work: () => Promise<string | void>) => Promise<boolean>;
  clear: () => void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState("");
  const run = async (work: () => Promise<string | void>) => {
    setBusy(true);
    setProblem(null);
    setNotice("");
    try {
      const said = await work();
      if (said) setNotice(said);
      return true;
    } catch (error) {
      setProblem(asProblem(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, notice, run, clear: () => (setProblem(null), setNotice("")) };
}

export function Notice(props: { text: string }) {
  if (!props.text) return null;
  return (
    <p class="notice" role="status">
      {props.text}
    </p>
  );
}

export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
  // Numbers line up on the right so their digits compare at a glance.
  numeric?: boolean;
}

export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[] | null;
  rowKey: (row: T) => string;
  empty: string;
  loadingLabel: string;
  rowClass?: (row: T) => string | undefined;
}) {
  if (props.rows === null) {
    return (
      <p class="progress" role="status">
        <span class="progress__spinner" aria-hidden="true" />
        {props.loadingLabel}
      </p>
    );
  }
  if (props.rows.length === 0) return <p class="empty">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} scope="col" class={c.numeric ? "numeric" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} class={props.rowClass?.(row)}>
              {props.columns.map((c) => (
                <td key={c.label} class={c.numeric ? "numeric" : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The signed-in role: pages show a change only to the roles the server's table lets make it.
export function useRole(): Role | null {
  const state = useObservable(session);
  return state.status === "signed-in" ? state.info.user.role : null;
}

export interface Document<T> extends Resource<T> {
  loading: boolean;
  draft: T | null;
  setDraft: (draft: T) => void;
  action: Action;
  // Replaces the document with `body` (the draft unless given), matching the version read when
  // there is one (the first save has none to match), and shows `saved` when it is kept.
  save: (saved: string, body?: unknown) => Promise<boolean>;
}

// A settings document replaced whole by PUT (contact, calendar, schedule, aftercare rules): the
// page edits a draft of what it read and saves it with the ETag it read.
export function useDocument<T>(path: string | null, absentOn404 = false, initial: T | null = null): Document<T> {
  const resource = useResource<T>(path, absentOn404);
  const [draft, setDraft] = useState<T | null>(null);
  const action = useAction();
  useEffect(() => {
    if (!resource.loading) setDraft(resource.data ?? initial);
  }, [resource.data, resource.loading]);
  const save = (saved: string, body?: unknown) =>
    action.run(async () => {
      if (!path) return;
      const reply = await request<T>("PUT", path, { body: body ?? draft, ifMatch: resource.etag || undefined });
      resource.replace(reply.data, reply.etag);
      return saved;
    });
  return { ...resource, draft, setDraft, action, save };
}

// Retire (or bring back) a room, formulation, product or protocol; the accessible name says which.
export function LifecycleButton(props: { name: string; retired: boolean; busy: boolean; onChange: (retired: boolean) => void; final?: boolean }) {
  const t = useT();
  if (props.retired) {
    if (props.final) return <>{t("admin.retired")}</>;
    return (
      <Button busy={props.busy} aria-label={t("admin.bringBackOne", { name: props.name })} onClick={() => props.onChange(false)}>
        {t("admin.bringBack")}
      </Button>
    );
  }
  return (
    <Button variant="danger" busy={props.busy} aria-label={t("admin.retireOne", { name: props.name })} onClick={() => props.onChange(true)}>
      {t("admin.retire")}
    </Button>
  );
}

// A refused edit, at the top of its form: after a 412 (someone else saved the record since this
// page read it), or a 428 for a settings document first saved by someone else since this page
// read its defaults, the way to the latest instead of the bare refusal; anything else summarised
// as usual, each message also beside its field.
export function EditProblems(props: { problem: ApiProblem | null; labels?: Record<string, string>; onReload: () => void }) {
  const t = useT();
  const status = props.problem?.status;
  if (status !== 412 && status !== 428) return <ErrorSummary problem={props.problem} labels={props.labels} />;
  return (
    <div class="notice" role="alert">
      <p>{t("admin.edit.changed")}</p>
      <Button type="button" onClick={props.onReload}>
        {t("admin.edit.reload")}
      </Button>
    </div>
  );
}

// A name changed in its table row (a room, a product, a formulation): the button names the row,
// the field the API's message for /name. Keyed by the row's version where used, so reading the
// latest after a refusal closes it on the new name.
export function InlineRename(props: {
  name: string;
  button: string;
  buttonLabel: string;
  fieldLabel: string;
  problem: ApiProblem | null;
  busy: boolean;
  onSave: (name: string) => Promise<boolean>;
}) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(props.name);
  if (!editing) {
    return (
      <span class="inline-edit">
        {props.name}
        <Button type="button" onClick={() => setEditing(true)} aria-label={props.buttonLabel}>
          {props.button}
        </Button>
      </span>
    );
  }
  return (
    <form
      class="inline-edit"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await props.onSave(name)) setEditing(false);
      }}
    >
      <TextField label={props.fieldLabel} field="/name" problem={props.problem} value={name} onInput={setName} />
      <Button type="submit" variant="primary" busy={props.busy}>
        {t("common.save")}
      </Button>
      <Button type="button" onClick={() => setEditing(false)}>
        {t("common.cancel")}
      </Button>
    </form>
  );
}

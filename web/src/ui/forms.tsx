// Form parts in one style: a label above its field, a hint, the API's message for that field
// beside it (GOV.UK style), and a summary of every problem at the top of the form.
import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiProblem } from "../api/client";
import { useT } from "../i18n/i18n";

let nextId = 0;
export function useFieldId(prefix: string): string {
  const id = useRef<string>("");
  if (!id.current) id.current = `${prefix}-${++nextId}`;
  return id.current;
}

interface FieldProps {
  label: string;
  // The JSON pointer the API names for this field, e.g. "/phone".
  field: string;
  problem: ApiProblem | null;
  hint?: string;
  optional?: boolean;
  // The input stands for an object (a price): show the messages of its parts too.
  nested?: boolean;
  children: (id: string, describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

export function Field(props: FieldProps) {
  const t = useT();
  const id = useFieldId("field");
  const message = props.nested ? props.problem?.within(props.field) : props.problem?.forField(props.field);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={message ? "field field--error" : "field"}>
      <label for={id}>
        {props.label}
        {props.optional && <span class="field__optional"> ({t("common.optional")})</span>}
      </label>
      {props.hint && (
        <p class="field__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {message && (
        <p class="field__error" id={errorId}>
          {message}
        </p>
      )}
      {props.children(id, describedBy, Boolean(message))}
    </div>
  );
}

// Every problem of a refused request, first thing in the form, focused so a screen reader reads it.
export function ErrorSummary(props: { problem: ApiProblem | null; labels?: Record<string, string> }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.problem) box.current?.focus();
  }, [props.problem]);
  if (!props.problem) return null;
  const { errors, detail, title } = props.problem;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={box}>
      <h2>{t("common.errorSummary")}</h2>
      {errors.length > 0 ? (
        <ul>
          {errors.map((e) => (
            <li key={e.field}>
              {props.labels?.[e.field] ?? e.field}: {e.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>{detail || title}</p>
      )}
    </div>
  );
}

export function Progress(props: { label: string }) {
  return (
    <p class="progress" role="status" aria-live="polite">
      <span class="progress__spinner" aria-hidden="true" />
      {props.label}
    </p>
  );
}

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; variant?: "primary" | "secondary" | "danger" },
) {
  const { busy, variant = "secondary", children, class: extra, ...rest } = props;
  return (
    <button
      {...rest}
      class={`button button--${variant}${extra ? ` ${extra}` : ""}`}
      disabled={busy || rest.disabled}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}

// A form's last row: the primary submit (saying "Saving…" while busy) and Cancel.
export function SubmitOrCancel(props: { busy: boolean; label: string; onCancel: () => void }) {
  const t = useT();
  return (
    <div class="actions">
      <Button type="submit" variant="primary" busy={props.busy}>
        {props.busy ? t("common.saving") : props.label}
      </Button>
      <Button type="button" onClick={props.onCancel}>
        {t("common.cancel")}
      </Button>
    </div>
  );
}

// Turns a thrown error into the problem a form shows.
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem(0, { detail: error instanceof Error ? error.message : String(error) });
}

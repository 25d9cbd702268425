// Labelled inputs over Field: the API's message for the field beside it, described-by and
// aria-invalid wired once here rather than in every settings form.
import type { ApiProblem } from "../api/client";
import { Field } from "./forms";
import { Link } from "./Link";

interface Common {
  label: string;
  field: string; // JSON pointer the API names, e.g. "/time_zone"
  problem: ApiProblem | null;
  hint?: string;
  optional?: boolean;
  nested?: boolean;
}

export function TextField(
  props: Common & {
    value: string;
    onInput: (value: string) => void;
    type?: "text" | "number" | "date" | "time" | "email" | "tel" | "password" | "datetime-local";
    min?: number;
    max?: number;
    step?: string;
    autocomplete?: string;
    list?: string;
  },
) {
  return (
    <Field label={props.label} field={props.field} problem={props.problem} hint={props.hint} optional={props.optional} nested={props.nested}>
      {(id, describedBy, invalid) => (
        <input
          id={id}
          // One input for every type: the element takes them all, its typing only one at a time.
          type={(props.type ?? "text") as "text"}
          value={props.value}
          min={props.min}
          max={props.max}
          step={props.step}
          list={props.list}
          autocomplete={props.autocomplete ?? "off"}
          required={!props.optional}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: Common & { value: string; onInput: (value: string) => void; rows?: number; wide?: boolean }) {
  return (
    <Field label={props.label} field={props.field} problem={props.problem} hint={props.hint} optional={props.optional}>
      {(id, describedBy, invalid) => (
        <textarea
          id={id}
          rows={props.rows ?? 3}
          class={props.wide ? "textarea textarea--wide" : "textarea"}
          value={props.value}
          spellcheck={false}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(
  props: Common & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[] },
) {
  return (
    <Field label={props.label} field={props.field} problem={props.problem} hint={props.hint} optional={props.optional}>
      {(id, describedBy, invalid) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

// The row of links between the sections of one settings area (a clinic's, the catalogue's).
export function SectionNav(props: { label: string; current: string; items: { href: string; label: string }[] }) {
  return (
    <nav class="subnav" aria-label={props.label}>
      {props.items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={item.href === props.current ? "page" : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

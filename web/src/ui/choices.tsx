// Choices as fieldsets: a yes/no or one-of-several question as radio buttons, several-of as
// checkboxes; the API's message for the field beside the legend, as for text fields.
import { ApiProblem } from "../api/client";
import { useFieldId } from "./forms";

interface Option<T extends string> {
  value: T;
  label: string;
}

// The ids of a group's hint and message, for each choice's aria-describedby.
function describedBy(props: GroupProps, id: string): string | undefined {
  const ids = [props.hint && `${id}-hint`, props.problem?.forField(props.field) && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

interface GroupProps {
  legend: string;
  field: string;
  problem: ApiProblem | null;
  hint?: string;
}

function Legend(props: GroupProps & { id: string }) {
  const message = props.problem?.forField(props.field);
  return (
    <>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {message && (
        <p class="field__error" id={`${props.id}-error`}>
          {message}
        </p>
      )}
    </>
  );
}

export function RadioGroup<T extends string>(
  // `large`: each choice a large button (a score tapped at the chair).
  props: GroupProps & { options: Option<T>[]; value: T | null; onChange: (value: T) => void; inline?: boolean; large?: boolean },
) {
  const id = useFieldId("radio");
  const invalid = Boolean(props.problem?.forField(props.field));
  return (
    <fieldset class={`choices${props.inline ? " choices--inline" : ""}${props.large ? " choices--large" : ""}${invalid ? " field--error" : ""}`}>
      <Legend {...props} id={id} />
      {props.options.map((option) => (
        <label key={option.value} class="choice">
          <input
            type="radio"
            name={id}
            value={option.value}
            checked={props.value === option.value}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy(props, id)}
            onChange={() => props.onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

export function CheckboxGroup<T extends string>(
  props: GroupProps & { options: Option<T>[]; value: T[]; onChange: (value: T[]) => void },
) {
  const id = useFieldId("check");
  const invalid = Boolean(props.problem?.forField(props.field));
  return (
    <fieldset class={`choices choices--inline${invalid ? " field--error" : ""}`}>
      <Legend {...props} id={id} />
      {props.options.map((option) => (
        <label key={option.value} class="choice">
          <input
            type="checkbox"
            checked={props.value.includes(option.value)}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy(props, id)}
            onChange={(e) =>
              props.onChange(
                e.currentTarget.checked
                  ? [...props.value, option.value]
                  : props.value.filter((v) => v !== option.value),
              )
            }
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

// A yes/no question that has no answer until one is given: nothing is assumed.
export function YesNo(props: GroupProps & { value: boolean | null; onChange: (value: boolean) => void; yes: string; no: string }) {
  return (
    <RadioGroup<"yes" | "no">
      {...props}
      inline
      options={[
        { value: "yes", label: props.yes },
        { value: "no", label: props.no },
      ]}
      value={props.value === null ? null : props.value ? "yes" : "no"}
      onChange={(v) => props.onChange(v === "yes")}
    />
  );
}

// "a, b; c" or one per line as a list, trimmed, empties dropped.
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

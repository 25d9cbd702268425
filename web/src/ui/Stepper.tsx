// A number typed or stepped with large minus and plus buttons (gloved fingers at the chair): the
// text stays what was typed, so the server judges it and names the field when it is wrong.
import { useT } from "../i18n/i18n";

function stepped(value: string, step: number, min: number): string {
  const decimals = String(step).split(".")[1]?.length ?? 0;
  const current = Number(value);
  const next = Math.max(min, (Number.isFinite(current) ? current : 0) + step);
  return next.toFixed(decimals).replace(/\.0+$/, "");
}

export function Stepper(props: {
  value: string;
  step: number;
  label: string; // what the number is, e.g. "Volume in ml, Vertex"
  onChange: (value: string) => void;
  error?: string;
  errorId?: string;
}) {
  const t = useT();
  return (
    <span class="stepper">
      <button type="button" class="stepper__button" aria-label={t("stepper.less", { what: props.label })} onClick={() => props.onChange(stepped(props.value, -props.step, 0))}>
        −
      </button>
      <input
        class="input--short"
        inputMode="decimal"
        value={props.value}
        aria-label={props.label}
        aria-invalid={Boolean(props.error) || undefined}
        aria-describedby={props.error ? props.errorId : undefined}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <button type="button" class="stepper__button" aria-label={t("stepper.more", { what: props.label })} onClick={() => props.onChange(stepped(props.value, props.step, 0))}>
        +
      </button>
    </span>
  );
}

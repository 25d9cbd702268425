// The rules that fired for a proposal or decision, each with its outcome, its explanation and
// the facts that made it fire: the "why" a practitioner reads before deciding.
import type { FiredRule, Outcome } from "../../api/chair-types";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";

export function useOutcomeName(): (outcome: Outcome | string) => string {
  const t = useT();
  return (outcome) => t(`outcome.${outcome}` as MessageKey);
}

export function FiredRules(props: { rules: FiredRule[] }) {
  const t = useT();
  const outcome = useOutcomeName();
  if (props.rules.length === 0) return <p class="hint">{t("suitability.noRules")}</p>;
  return (
    <ul class="rules">
      {props.rules.map((rule) => (
        <li key={rule.rule_id}>
          <strong>{rule.rule_id}</strong> → {outcome(rule.outcome)}: {rule.explanation}
          <span class="hint">
            {" "}
            ({Object.entries(rule.facts)
              .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
              .join(", ")})
          </span>
        </li>
      ))}
    </ul>
  );
}

// The answer the course is for, first on the page: whether the patient responded, by the
// clinic's rule in words. The server decides; null means it cannot tell yet.
import type { CourseOutcomes } from "../../api/outcome-types";
import { useT } from "../../i18n/i18n";
import type { OutcomeWords } from "./words";

export function Responder(props: { outcomes: CourseOutcomes; words: OutcomeWords }) {
  const t = useT();
  const { responder, responder_rule: rule } = props.outcomes;
  const said = props.words.rule(rule);
  const state = responder === null ? "unknown" : responder ? "yes" : "no";
  return (
    <section class="card responder" aria-labelledby="responder-title">
      <h2 id="responder-title">{t("outcomes.responder.title")}</h2>
      <p class={`responder__answer responder__answer--${state}`}>
        <span aria-hidden="true" class="responder__icon">
          {state === "yes" ? "✓" : state === "no" ? "✗" : "?"}
        </span>
        <span>{t(`outcomes.responder.${state}`)}</span>
      </p>
      <p>{t("outcomes.responder.rule", said)}</p>
      {state === "unknown" && <p class="hint">{t("outcomes.responder.needs", said)}</p>}
    </section>
  );
}

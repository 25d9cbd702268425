// The span and grouping of the analytics (from, to, period). They live in the address (the page
// reads them from there), so a view can be bookmarked or sent to a colleague: applying them
// navigates. A value left as the server chose it (the usual span) stays out of the address, so a
// bookmark of the usual view keeps rolling with the calendar. The period applies as soon as it is
// chosen; dates when "Show" is pressed, so a half-typed year never asks the server.
import { useState } from "preact/hooks";
import type { ApiProblem } from "../../api/client";
import type { AnalyticsPeriod } from "../../api/analytics-types";
import { useT } from "../../i18n/i18n";
import { Link } from "../../ui/Link";
import { Button } from "../../ui/forms";
import { SelectField, TextField } from "../../ui/inputs";

export type Filters = {
  from: string | null;
  to: string | null;
  period: string | null;
};

export const periods: AnalyticsPeriod[] = ["month", "quarter", "year"];

// The API names a query parameter's problem "/from" (as it names a body's fields); a bare "from"
// is matched too.
function fieldOf(problem: ApiProblem | null, name: string): string {
  return problem?.errors.some((e) => e.field === name) ? name : `/${name}`;
}

export function AnalyticsFilters(props: {
  // What the address asks for (null: the server's default).
  asked: Filters;
  // What the server answered with (its defaults filled in), to show in the fields.
  shown: { from: string; to: string; period: string } | null;
  problem: ApiProblem | null;
  busy: boolean;
  onApply: (filters: Filters) => void;
  home: string;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Filters>(props.asked);
  const shown = props.shown;
  const field = (name: string) => fieldOf(props.problem, name);
  const asked = props.asked.from !== null || props.asked.to !== null || props.asked.period !== null;
  return (
    <form
      class="analytics-filters"
      aria-label={t("analytics.filters")}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(draft);
      }}
    >
      <TextField
        type="date"
        label={t("analytics.from")}
        field={field("from")}
        problem={props.problem}
        value={draft.from ?? shown?.from ?? ""}
        onInput={(from) => setDraft({ ...draft, from })}
      />
      <TextField
        type="date"
        label={t("analytics.to")}
        field={field("to")}
        problem={props.problem}
        value={draft.to ?? shown?.to ?? ""}
        onInput={(to) => setDraft({ ...draft, to })}
      />
      <SelectField
        label={t("analytics.period")}
        field={field("period")}
        problem={props.problem}
        value={draft.period ?? shown?.period ?? "quarter"}
        options={periods.map((p) => ({ value: p, label: t(`analytics.period.${p}`) }))}
        onChange={(period) => {
          const next = { ...draft, period };
          setDraft(next);
          props.onApply(next);
        }}
      />
      <div class="analytics-filters__actions">
        <Button type="submit" variant="primary" busy={props.busy}>
          {t("analytics.apply")}
        </Button>
        {asked && <Link href={props.home}>{t("analytics.reset")}</Link>}
      </div>
    </form>
  );
}

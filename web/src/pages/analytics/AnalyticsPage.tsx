// Clinic analytics (practitioners and admins): per protocol and period, how many courses
// started, how many were completed, the hair density change, responders, adverse events,
// no-shows and the value of the sessions given, for the clinic the user works at. Aggregates
// only: no patient is named. The span and grouping are in the address (?from=&to=&period=), and
// the same table downloads as CSV for a spreadsheet.
import { useMemo, useRef } from "preact/hooks";
import { query } from "../../api/client";
import type { ClinicAnalytics } from "../../api/analytics-types";
import { clinics, clinicsLoaded, currentClinicId } from "../../clinic";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage, useT } from "../../i18n/i18n";
import { location, navigate } from "../../router";
import { useObservable } from "../../state";
import { useResource } from "../../ui/data";
import { Button, ErrorSummary, Progress } from "../../ui/forms";
import { AnalyticsFilters, type Filters } from "./AnalyticsFilters";
import { AnalyticsTable } from "./AnalyticsTable";
import { figureWords } from "./figures";
// The page's words, and the measure and time point names of the responder rule.
import "../../i18n/areas/analytics";
import "../../i18n/areas/outcomes";
import "../../styles/analytics.css";

const home = "/analytics";

function askedIn(search: string): Filters {
  const params = new URLSearchParams(search);
  return { from: params.get("from"), to: params.get("to"), period: params.get("period") };
}

export function AnalyticsPage() {
  const t = useT();
  const lang = useLanguage();
  const search = useObservable(location).split("?")[1] ?? "";
  const asked = useMemo(() => askedIn(search), [search]);
  const clinicId = useObservable(currentClinicId);
  const loaded = useObservable(clinicsLoaded);
  const clinic = useObservable(clinics).find((c) => c.id === clinicId);
  const base = `/api/v1/clinics/${clinicId}/analytics`;
  const analytics = useResource<ClinicAnalytics>(clinicId ? `${base}${query(asked)}` : null);
  // The last answer for this clinic keeps the fields filled while the next one loads.
  const last = useRef<ClinicAnalytics | null>(null);
  if (analytics.data) last.current = analytics.data;
  if (last.current && last.current.clinic_id !== clinicId) last.current = null;
  const data = analytics.data;
  const words = useMemo(() => figureWords(t, lang), [lang]);

  const heading = (
    <>
      <h1 id="analytics-title">{t("analytics.title")}</h1>
      <p class="hint analytics-lead">{t("analytics.lead")}</p>
    </>
  );
  if (!clinicId) {
    return (
      <section class="page page--analytics" aria-labelledby="analytics-title">
        {heading}
        {loaded ? <p class="empty">{t("analytics.noClinic")}</p> : <Progress label={t("common.loading")} />}
      </section>
    );
  }
  if (analytics.problem?.status === 403) {
    return (
      <section class="page page--analytics" aria-labelledby="analytics-title">
        {heading}
        <div class="error-summary" role="alert">
          <h2>{t("analytics.forbidden")}</h2>
          <p>{t("analytics.forbiddenWhy")}</p>
          {analytics.problem.detail && <p>{analytics.problem.detail}</p>}
        </div>
      </section>
    );
  }

  const rule = data?.responder_rule ?? last.current?.responder_rule;
  const measure = rule ? t(`measure.${rule.measure}` as MessageKey) : "";
  const timePoint = rule ? t(`timePoint.${rule.time_point}` as MessageKey).toLocaleLowerCase(lang) : "";
  const ruleText = rule
    ? t("analytics.rule", { measure, measureLower: measure.toLocaleLowerCase(lang), percent: words.count(rule.min_percent), timePoint })
    : "";
  const definitions = {
    started: t("analytics.def.started"),
    completion: t("analytics.def.completion"),
    density: t("analytics.def.density"),
    responders: t("analytics.def.responders", { rule: ruleText }),
    aes: t("analytics.def.aes"),
    noShows: t("analytics.def.noShows"),
    revenue: t("analytics.def.revenue"),
    diameter: t("analytics.def.diameter"),
  };
  // The CSV is the table on screen: the span and period the server answered with.
  const csv = data ? `${base}${query({ from: data.from, to: data.to, period: data.period, format: "csv" })}` : null;
  const problem = analytics.problem;
  const fieldLabels: Record<string, string> = {
    "/from": t("analytics.from"),
    "/to": t("analytics.to"),
    "/period": t("analytics.period"),
    from: t("analytics.from"),
    to: t("analytics.to"),
    period: t("analytics.period"),
  };

  return (
    <section class="page page--analytics" aria-labelledby="analytics-title">
      {heading}
      {/* A refused span or period: summarised first, each message also beside its field. */}
      {problem && problem.status === 422 && <ErrorSummary problem={problem} labels={fieldLabels} />}
      <AnalyticsFilters
        key={`${clinicId}?${search}`}
        asked={asked}
        shown={last.current}
        problem={problem}
        busy={analytics.loading}
        home={home}
        onApply={(filters) => navigate(`${home}${query(filters)}`)}
      />
      {problem && problem.status !== 422 && (
        <div class="analytics-retry">
          <ErrorSummary problem={problem} />
          <Button type="button" onClick={() => void analytics.reload()}>
            {t("common.retry")}
          </Button>
        </div>
      )}
      {!data && !problem && <Progress label={t("common.loading")} />}
      {data && (
        <div class="analytics-bar">
          <p class="analytics-span">
            {t("analytics.span", { clinic: clinic?.name ?? "", from: words.date(data.from), to: words.date(data.to) })}
          </p>
          {csv && data.rows.length > 0 && (
            <p class="analytics-download">
              <a class="button button--secondary" href={csv} download>
                {t("analytics.csv")}
              </a>
              <span class="hint">{t("analytics.csvHint")}</span>
            </p>
          )}
        </div>
      )}
      {data && data.rows.length === 0 && <p class="empty">{t("analytics.empty")}</p>}
      {data && data.rows.length > 0 && (
        <>
          <AnalyticsTable data={data} words={words} timePoint={timePoint} definitions={definitions} />
          <p class="hint">{t("analytics.revenueNote")}</p>
        </>
      )}
      {rule && (
        <details class="analytics-definitions">
          <summary>{t("analytics.def.title")}</summary>
          <dl>
            {(
              [
                ["analytics.col.started", definitions.started],
                ["analytics.col.completion", definitions.completion],
                ["analytics.col.density", definitions.density],
                ["analytics.col.responders", definitions.responders],
                ["analytics.col.aes", definitions.aes],
                ["analytics.col.noShows", definitions.noShows],
                ["analytics.col.revenue", definitions.revenue],
                ["analytics.col.diameter", definitions.diameter],
              ] as [MessageKey, string][]
            ).map(([label, text]) => (
              <div key={label}>
                <dt>{t(label)}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
          <p class="hint">{t("analytics.def.dash")}</p>
        </details>
      )}
    </section>
  );
}

// Charting a session at the chair: the draft is saved as it stands (with the version read, so a
// second device cannot overwrite it unseen), then signed. The server checks every lot once more
// when signing; a safety conflict is shown with each lot and reason, and the practitioner may
// sign despite it only by giving a reason. A signed chart is corrected by a new version.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem, api } from "../../api/client";
import type { Chart, Lot, Product } from "../../api/chair-types";
import type { Page } from "../../api/types";
import { formatClock, useLanguage, useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { session } from "../../session";
import { useObservable } from "../../state";
import { Button, ErrorSummary, Field, asProblem } from "../../ui/forms";
import { ChartForm, chartBody, chartFieldNames, draftOf, emptyDraft, type ChartDraft } from "./ChartForm";
import { useDraftSaving } from "./useDraftSaving";
import { ChartSummary } from "./ChartSummary";
import { Pending, PatientHeading, loadVersioned, useLoad, usePatient, type Loaded } from "./common";
import { StaleVersion } from "./versioned";

interface Conflict {
  rule: string;
  lot_number: string;
  formulation: string;
  ingredient: string | null;
  decision: string | null;
}

export function ChartPage(props: { params: Record<string, string> }) {
  const t = useT();
  const lang = useLanguage();
  const { id, appointment } = props.params;
  const patient = usePatient(id);
  const state = useObservable(session);
  const writer = state.status === "signed-in" && state.info.user.role === "practitioner";
  const chartPath = `/api/v1/appointments/${appointment}/chart`;
  const [round, setRound] = useState(0); // read again after another device saved a newer draft
  const [loaded, loadProblem, setLoaded] = useLoad(async () => {
    const [chart, p] = await Promise.all([loadVersioned<Chart>(chartPath), api.get<{ clinic_id: string }>(`/api/v1/patients/${id}`)]);
    const [lots, products] = await Promise.all([
      api.get<Page<Lot>>(`/api/v1/lots?clinic_id=${p.clinic_id}&limit=200`),
      // Retired products too: a lot of one still names it.
      api.get<Page<Product>>("/api/v1/products?limit=200&include_retired=true"),
    ]);
    return { chart, lots: lots.items, products: products.items };
  }, [appointment, round]);
  const [draft, setDraft] = useState<ChartDraft>(emptyDraft());
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState("");
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [overrideReason, setOverrideReason] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState("");
  const [notice, setNotice] = useState("");
  const [confirming, setConfirming] = useState(false); // signing asks once
  // A refused signature's conflicts are read first, as the error summary is.
  const conflictBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflicts) conflictBox.current?.focus();
  }, [conflicts]);
  // The draft starts from what was read; the replies to this page's own saves leave it alone, so
  // nothing typed while a save is in flight is lost.
  const own = useRef(0);
  useEffect(() => {
    const data = loaded?.chart.data;
    if (!data || data.version === own.current) return;
    const next = draftOf(data);
    setDraft(next);
    saving.markSent(next);
  }, [loaded?.chart.data?.version]);
  const saving = useDraftSaving({
    path: chartPath,
    etag: loaded?.chart.etag ?? "",
    draft,
    enabled: writer && loaded?.chart.data?.status !== "signed" && !busy,
    onSaved: (saved, etag) => {
      own.current = saved.version;
      setLoaded((current) => (current ? { ...current, chart: { data: saved, etag } } : current));
    },
    onStale: setProblem,
  });

  if (!loaded) return <section class="page"><Pending problem={loadProblem} /></section>;
  const chart = loaded.chart.data;
  const signed = chart?.status === "signed";
  // The auditor reads the chart as it stands, draft or signed, and changes nothing.
  const reading = !writer;
  const setChart = (next: Loaded<Chart>) => setLoaded({ ...loaded, chart: next });
  const saveDraft = saving.saveNow;
  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    setConflicts(null);
    setNotice("");
    try {
      await work();
    } catch (error) {
      const p = asProblem(error);
      if (p.type === "safety-conflict") setConflicts((p.body.conflicts as Conflict[]) ?? []);
      setProblem(p);
    } finally {
      setBusy("");
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    void run("save", async () => {
      await saveDraft();
      setNotice(t("chart.draftSaved"));
    });
  };
  const sign = (override?: string) =>
    run("sign", async () => {
      // Always the chart as it stands now: a lot taken off after a conflict is not signed.
      await saveDraft();
      await api.post(`${chartPath}/signature`, override ? { override_reason: override } : {});
      navigate(`/patients/${id}/sessions/${appointment}/aftercare?signed=1`);
    });
  const correct = (event: Event) => {
    event.preventDefault();
    void run("save", async () => {
      const reply = await api.create<Chart>(`${chartPath}/corrections`, { reason, chart: chartBody(draft) });
      setChart({ data: reply, etag: "" });
      setCorrecting(false);
      setReason("");
      setNotice(t("chart.corrected", { n: reply.version }));
    });
  };

  const fieldNames = chartFieldNames(t, draft);
  const conflictText = (c: Conflict) =>
    c.rule === "allergy_to_ingredient"
      ? t("chart.conflictAllergy", { lot: c.lot_number, formulation: c.formulation, ingredient: c.ingredient ?? "" })
      : c.rule === "no_decision_for_formulation"
        ? t("chart.conflictNoDecision", { lot: c.lot_number, formulation: c.formulation })
        : t("chart.conflictDecision", { lot: c.lot_number, formulation: c.formulation, decision: c.decision ?? "" });

  return (
    <section class="page page--chart">
      <PatientHeading patient={patient} patientId={id} title={signed ? t("chart.signedTitle", { n: chart!.version }) : reading ? t("chart.readTitle") : t("chart.title")} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {reading && !chart && <p class="empty">{t("chart.none")}</p>}
      {reading && chart && !signed && <p class="hint">{t("chart.draftOnly")}</p>}
      {reading && chart && <ChartSummary chart={chart} products={loaded.products} lots={loaded.lots} />}
      {!reading && signed && !correcting && (
        <>
          <ChartSummary chart={chart!} products={loaded.products} lots={loaded.lots} />
          <div class="actions">
            <Button variant="primary" onClick={() => navigate(`/patients/${id}/sessions/${appointment}/aftercare`)}>
              {t("chart.toAftercare")}
            </Button>
            <Button onClick={() => setCorrecting(true)}>{t("chart.correct")}</Button>
          </div>
        </>
      )}
      {!reading && (!signed || correcting) && (
        <form onSubmit={correcting ? correct : save} noValidate>
          {problem?.type !== "safety-conflict" && <ErrorSummary problem={problem} labels={fieldNames} />}
          <StaleVersion
            problem={problem}
            onStartAgain={() => {
              setProblem(null);
              setRound(round + 1);
            }}
          />
          {correcting && (
            <Field label={t("chart.correctionReason")} field="/reason" problem={problem}>
              {(fid, described, invalid) => <input id={fid} value={reason} aria-describedby={described} aria-invalid={invalid || undefined} onInput={(e) => setReason(e.currentTarget.value)} />}
            </Field>
          )}
          <ChartForm draft={draft} onChange={setDraft} problem={problem} lots={loaded.lots} products={loaded.products} />
          {conflicts && (
            <div class="error-summary" role="alert" tabIndex={-1} ref={conflictBox}>
              <h2>{t("chart.conflicts")}</h2>
              <ul>
                {conflicts.map((c) => (
                  <li key={`${c.rule}-${c.lot_number}`}>{conflictText(c)}</li>
                ))}
              </ul>
              <Field label={t("chart.overrideReason")} field="/override_reason" problem={problem} hint={t("chart.overrideHint")}>
                {(fid, described) => <textarea id={fid} rows={2} value={overrideReason} aria-describedby={described} onInput={(e) => setOverrideReason(e.currentTarget.value)} />}
              </Field>
              <Button type="button" variant="danger" busy={busy === "sign"} disabled={!overrideReason.trim()} onClick={() => void sign(overrideReason)}>
                {t("chart.signDespite")}
              </Button>
            </div>
          )}
          <div class="actions actions--sticky">
            {correcting ? (
              <>
                <Button type="submit" variant="primary" busy={busy === "save"}>
                  {t("chart.saveCorrection")}
                </Button>
                <Button type="button" onClick={() => setCorrecting(false)}>
                  {t("common.cancel")}
                </Button>
              </>
            ) : (
              <>
                <Button type="submit" busy={busy === "save"}>
                  {busy === "save" ? t("common.saving") : t("chart.saveDraft")}
                </Button>
                {!confirming && (
                  <Button type="button" variant="primary" busy={busy === "sign"} onClick={() => setConfirming(true)}>
                    {t("chart.sign")}
                  </Button>
                )}
                {confirming && (
                  <span class="confirm" role="group" aria-label={t("chart.sign")}>
                    <span>{t("chart.signConfirm")}</span>
                    <Button
                      type="button"
                      variant="primary"
                      busy={busy === "sign"}
                      onClick={() => {
                        setConfirming(false);
                        void sign();
                      }}
                    >
                      {t("chart.signNow")}
                    </Button>
                    <Button type="button" onClick={() => setConfirming(false)}>
                      {t("chart.notYet")}
                    </Button>
                  </span>
                )}
                {saving.savedAt && (
                  <span class="hint" role="status">
                    {t("chart.autoSaved", { time: formatClock(lang, saving.savedAt) })}
                  </span>
                )}
              </>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

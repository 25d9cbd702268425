// Saving the chart's draft as the practitioner goes (UI.md): a moment after the last change the
// draft is sent, one save at a time, each with the ETag the previous one returned, so an
// automatic save and a pressed button never race each other into a 412. The server takes a
// draft once its technique, needle, depth and pain are given, so until then nothing is sent
// automatically; a refusal of an automatic save stays quiet (the buttons show every problem).
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem, request } from "../../api/client";
import type { Chart } from "../../api/chair-types";
import { chartBody, type ChartDraft } from "./ChartForm";

const pause = 1500; // ms after the last change

function ready(d: ChartDraft): boolean {
  return Boolean(d.technique && d.needle_gauge && d.needle_length_mm && d.depth_mm && d.pain_score !== null);
}

export function useDraftSaving(props: {
  path: string;
  etag: string; // of the chart as last read
  draft: ChartDraft;
  enabled: boolean;
  onSaved: (chart: Chart, etag: string) => void;
  onStale: (problem: ApiProblem) => void;
}) {
  const etag = useRef(props.etag);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const sent = useRef("");
  const latest = useRef(props);
  latest.current = props;
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  useEffect(() => {
    etag.current = props.etag;
  }, [props.etag]);

  // Sends the draft as it is now, after any save still in flight.
  const saveNow = (): Promise<Chart> => {
    const run = queue.current
      .catch(() => undefined)
      .then(async () => {
        const body = chartBody(latest.current.draft);
        const reply = await request<Chart>("PUT", latest.current.path, { body, ifMatch: etag.current || undefined });
        etag.current = reply.etag ?? "";
        sent.current = JSON.stringify(body);
        setSavedAt(new Date());
        latest.current.onSaved(reply.data, etag.current);
        return reply.data;
      });
    queue.current = run;
    return run;
  };

  useEffect(() => {
    if (!props.enabled || !ready(props.draft)) return;
    if (JSON.stringify(chartBody(props.draft)) === sent.current) return;
    const timer = setTimeout(() => {
      saveNow().catch((error) => {
        if (error instanceof ApiProblem && error.status === 412) latest.current.onStale(error);
      });
    }, pause);
    return () => clearTimeout(timer);
  }, [props.draft, props.enabled]);

  // What the server holds already counts as sent: opening a draft does not save it again.
  const markSent = (draft: ChartDraft) => {
    sent.current = JSON.stringify(chartBody(draft));
  };
  return { saveNow, savedAt, markSent };
}

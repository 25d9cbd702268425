// Contraindication rule sets: every version (newest in force), one version's rules and file, and
// loading a new file. A refused file is shown with each error beside the line it names, since
// the server reads the whole file and refuses it whole.
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../../api/client";
import type { Page } from "../../api/types";
import type { RuleSet, RuleSetSummary } from "../../api/admin-types";
import { formatInstant, useLanguage, useT } from "../../i18n/i18n";
import { navigate } from "../../router";
import { Button, ErrorSummary, Progress, SubmitOrCancel } from "../../ui/forms";
import { Link } from "../../ui/Link";
import { DataTable, useAction, useResource, useRole } from "../../ui/data";
import { TextArea } from "../../ui/inputs";

// The server's messages start with "line N:"; each is put under its line of the file.
function linesWithErrors(source: string, messages: string[]) {
  const byLine = new Map<number, string[]>();
  const loose: string[] = [];
  for (const message of messages) {
    const found = /^line (\d+)/.exec(message);
    if (found) byLine.set(Number(found[1]), [...(byLine.get(Number(found[1])) ?? []), message]);
    else loose.push(message);
  }
  return { lines: source.split("\n").map((text, i) => ({ n: i + 1, text, errors: byLine.get(i + 1) ?? [] })), loose };
}

function NumberedSource(props: { source: string; errors?: string[]; label: string }) {
  const { lines, loose } = linesWithErrors(props.source, props.errors ?? []);
  const box = useRef<HTMLDivElement>(null);
  // A long file scrolls inside its box: bring the first refused line into view there.
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>(".source__line--error");
    if (box.current && first) box.current.scrollTop = Math.max(0, first.offsetTop - box.current.offsetTop - 48);
  }, [props.source, props.errors]);
  return (
    <div class="source" role="region" aria-label={props.label} tabIndex={0} ref={box}>
      {loose.map((m) => (
        <p key={m} class="field__error">
          {m}
        </p>
      ))}
      <ol class="source__lines">
        {lines.map((line) => (
          <li key={line.n} class={line.errors.length ? "source__line source__line--error" : "source__line"}>
            <code>{line.text || " "}</code>
            {line.errors.map((m) => (
              <p key={m} class="field__error">
                {m}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function RuleSetsPage() {
  const t = useT();
  const lang = useLanguage();
  const list = useResource<Page<RuleSetSummary>>("/api/v1/rule-sets?limit=200");
  return (
    <section class="page" aria-labelledby="rulesets-title">
      <h1 id="rulesets-title">{t("admin.rules.title")}</h1>
      <p class="hint">{t("admin.rules.why")}</p>
      {list.problem && <ErrorSummary problem={list.problem} />}
      <DataTable
        caption={t("admin.rules.title")}
        rows={list.data?.items ?? null}
        rowKey={(r) => String(r.version)}
        empty={t("admin.rules.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("admin.rules.version"), cell: (r) => <Link href={`/rule-sets/${r.version}`}>{t("admin.rules.versionN", { n: r.version })}</Link> },
          { label: t("admin.rules.name"), cell: (r) => r.name },
          { label: t("admin.rules.loaded"), cell: (r) => formatInstant(lang, r.loaded_at) },
          { label: t("admin.status"), cell: (r) => (r.version === list.data?.items[0]?.version ? t("admin.rules.inForce") : t("admin.rules.earlier")) },
        ]}
      />
    </section>
  );
}

export function RuleSetPage(props: { params: Record<string, string> }) {
  const t = useT();
  const admin = useRole() === "admin";
  const set = useResource<RuleSet>(`/api/v1/rule-sets/${props.params.version}`);
  const [draft, setDraft] = useState<string | null>(null);
  const [tried, setTried] = useState("");
  const action = useAction();
  if (set.problem) return <section class="page"><ErrorSummary problem={set.problem} /></section>;
  if (!set.data) return <Progress label={t("common.loading")} />;
  const r = set.data;
  const messages = action.problem?.errors.map((e) => e.message) ?? [];
  return (
    <section class="page" aria-labelledby="ruleset-title">
      <p>
        <Link href="/rule-sets">{t("admin.rules.back")}</Link>
      </p>
      <h1 id="ruleset-title">
        {t("admin.rules.versionN", { n: r.version })}: {r.name}
      </h1>
      <DataTable
        caption={t("admin.rules.rules")}
        rows={r.rules}
        rowKey={(x) => x.id}
        empty={t("admin.rules.empty")}
        loadingLabel={t("common.loading")}
        columns={[
          { label: t("admin.rules.id"), cell: (x) => <code>{x.id}</code> },
          { label: t("admin.rules.when"), cell: (x) => <code>{x.when}</code> },
          { label: t("admin.rules.outcome"), cell: (x) => x.outcome },
          { label: t("admin.rules.explanation"), cell: (x) => x.explanation },
        ]}
      />
      <h2>{t("admin.rules.file")}</h2>
      {draft === null ? (
        <>
          <NumberedSource source={r.source} label={t("admin.rules.file")} />
          {admin && (
            <Button variant="primary" onClick={() => setDraft(r.source)}>
              {t("admin.rules.upload")}
            </Button>
          )}
        </>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(draft);
            void action.run(async () => {
              const reply = await request<RuleSet>("POST", "/api/v1/rule-sets", { raw: { content: draft, type: "application/toml" } });
              setDraft(null);
              navigate(`/rule-sets/${reply.data.version}`);
            });
          }}
        >
          <p class="hint">{t("admin.rules.uploadHint")}</p>
          <ErrorSummary problem={action.problem} />
          {action.problem && messages.length > 0 && <NumberedSource source={tried} errors={messages} label={t("admin.rules.refusedFile")} />}
          <TextArea label={t("admin.rules.newFile")} field="/source" problem={null} wide rows={24} value={draft} onInput={setDraft} />
          <SubmitOrCancel busy={action.busy} label={t("admin.rules.load")} onCancel={() => (setDraft(null), action.clear())} />
        </form>
      )}
    </section>
  );
}

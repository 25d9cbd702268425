// Everyone's own password: the current one (so a session left open on a shared computer cannot
// lock its owner out) and a new one, checked by the server's policy (12 to 128 characters, not
// guessable, not the current one), whose message stands beside the field it names.
//
// After an admin's reset the account has `must_change_password`: the server then answers every
// call but this one, reading the session and signing out with 403 password-change-required
// (src/api/access.cc, allowed_before_password_change), so the app shows this page first and says
// why. Changing the password lifts the flag and ends the user's other sessions, keeping this
// one (src/api/session.cc, change_password); the app reads the session again and goes on to
// the role's home.
import { useState } from "preact/hooks";
import { ApiProblem, request } from "../api/client";
import { useT } from "../i18n/i18n";
import { navigate } from "../router";
import { homeOf } from "../routes";
import { loadSession, session } from "../session";
import { useObservable } from "../state";
import { Button, ErrorSummary } from "../ui/forms";
import { Notice, useAction } from "../ui/data";
import { TextField } from "../ui/inputs";

export function PasswordPage() {
  const t = useT();
  const state = useObservable(session);
  const forced = state.status === "signed-in" && state.info.user.must_change_password;
  const [current, setCurrent] = useState("");
  const [replacement, setReplacement] = useState("");
  const action = useAction();
  // A wrong current password is a 403 without a field: shown beside the field it is about.
  const raw = action.problem;
  const p =
    raw?.type === "wrong-current-password"
      ? new ApiProblem(raw.status, { ...raw.body, errors: [{ field: "/current_password", message: t("account.password.wrong") }] })
      : raw;
  const labels = { "/current_password": t("account.password.current"), "/new_password": t("account.password.new") };
  return (
    <section class="page page--form" aria-labelledby="password-title">
      <h1 id="password-title">{t("account.password.title")}</h1>
      {forced && (
        <p class="notice" role="status">
          {t("account.password.why")}
        </p>
      )}
      <Notice text={action.notice} />
      <form
        noValidate
        aria-labelledby="password-title"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await request("PUT", "/api/v1/session/password", { body: { current_password: current, new_password: replacement } });
            setCurrent("");
            setReplacement("");
            if (!forced) return t("account.password.changed");
            // The flag is lifted: read the session again, and on to the work the password held back.
            await loadSession();
            const now = session.get();
            if (now.status === "signed-in") navigate(homeOf(now.info.user.role), { replace: true });
            return undefined;
          });
        }}
      >
        <ErrorSummary problem={p} labels={labels} />
        <TextField
          label={labels["/current_password"]}
          hint={t("account.password.currentHint")}
          type="password"
          autocomplete="current-password"
          field="/current_password"
          problem={p}
          value={current}
          onInput={setCurrent}
        />
        <TextField
          label={labels["/new_password"]}
          hint={t("account.password.newHint")}
          type="password"
          autocomplete="new-password"
          field="/new_password"
          problem={p}
          value={replacement}
          onInput={setReplacement}
        />
        <Button type="submit" variant="primary" busy={action.busy}>
          {action.busy ? t("common.saving") : t("account.password.save")}
        </Button>
      </form>
    </section>
  );
}

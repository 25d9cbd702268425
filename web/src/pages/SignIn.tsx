// The sign-in form: a page of its own, or a dialog over the page when a session ends mid-work.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "../api/client";
import { useT } from "../i18n/i18n";
import { signIn } from "../session";
import { Button, ErrorSummary, asProblem } from "../ui/forms";

export function SignInForm(props: { again?: boolean }) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(username.trim(), password);
    } catch (error) {
      const found = asProblem(error);
      setProblem(
        found.status === 401 ? new ApiProblem(401, { ...found.body, detail: t("signIn.failed"), errors: [] }) : found,
      );
      setBusy(false);
    }
  };

  return (
    <form class="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signIn.title")}</h1>
      {props.again && <p class="notice">{t("signIn.again")}</p>}
      <ErrorSummary problem={problem} />
      <div class="field">
        <label for="sign-in-username">{t("signIn.username")}</label>
        <input
          id="sign-in-username"
          ref={first}
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="sign-in-password">{t("signIn.password")}</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <Button type="submit" variant="primary" busy={busy}>
        {busy ? t("common.loading") : t("signIn.submit")}
      </Button>
    </form>
  );
}

// Over the page when the session ends: the page below keeps its state (it is not unmounted).
export function SignInDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // Escape would leave the page without a session: keep the dialog until sign-in.
    const keep = (event: Event) => event.preventDefault();
    element?.addEventListener("cancel", keep);
    return () => element?.removeEventListener("cancel", keep);
  }, []);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="sign-in-title">
      <SignInForm again />
    </dialog>
  );
}

// The shell: sign-in until there is a session, then the header (menu by role, clinic, language,
// sign out) over the page the address names. A page outside the role's work says so.
import { useEffect } from "preact/hooks";
import type { Role } from "./api/types";
import { chooseClinic, clinics, currentClinicId, loadClinics } from "./clinic";
import type { Language } from "./i18n/catalogue";
import { setLanguage, useLanguage, useT } from "./i18n/i18n";
import { location, match, navigate } from "./router";
import { homeOf, passwordPath, routes } from "./routes";
import { expired, loadSession, session, signOut } from "./session";
import { useObservable } from "./state";
import { SignInDialog, SignInForm } from "./pages/SignIn";
import { PasswordPage } from "./pages/Password";
import { Link } from "./ui/Link";
import { Progress } from "./ui/forms";

// `locked`: the account must replace a temporary password first, so no menu leads elsewhere.
function Header(props: { role: Role; username: string; locked: boolean }) {
  const t = useT();
  const lang = useLanguage();
  const path = useObservable(location);
  const all = useObservable(clinics);
  const clinicId = useObservable(currentClinicId);
  return (
    <header class="top">
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <span class="top__brand">{t("app.name")}</span>
      <nav aria-label={t("nav.main")} class="top__menu">
        {routes
          .filter((r) => !props.locked && r.menu && r.roles.includes(props.role))
          .map((r) => (
            <Link key={r.pattern} href={r.pattern} aria-current={path.startsWith(r.pattern) ? "page" : undefined}>
              {t(r.menu!)}
            </Link>
          ))}
      </nav>
      <div class="top__tools">
        {all.length > 1 && (
          <label class="top__select">
            <span>{t("nav.clinic")}</span>
            <select value={clinicId} onChange={(e) => chooseClinic(e.currentTarget.value)}>
              {all.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {all.length === 1 && <span class="top__clinic">{all[0].name}</span>}
        <label class="top__select">
          <span>{t("nav.language")}</span>
          <select value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Language)}>
            <option value="en">{t("language.en")}</option>
            <option value="tr">{t("language.tr")}</option>
          </select>
        </label>
        <Link
          class="top__user"
          href={passwordPath}
          aria-current={path === passwordPath ? "page" : undefined}
        >
          {props.username} · {t(`role.${props.role}`)}
          <span class="visually-hidden">: {t("account.password.title")}</span>
        </Link>
        <button type="button" class="button button--secondary" onClick={() => void signOut()}>
          {t("nav.signOut")}
        </button>
      </div>
    </header>
  );
}

function Content(props: { role: Role }) {
  const t = useT();
  const path = useObservable(location).split("?")[0];
  useEffect(() => {
    // Where the address is when this runs, not when it rendered: a menu link followed in
    // between (just after signing in) is kept, not sent back to the role's home.
    const now = location.get().split("?")[0];
    if (now === "/" || now === "") navigate(homeOf(props.role), { replace: true });
  }, [path, props.role]);
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (!params) continue;
    if (!route.roles.includes(props.role)) {
      return (
        <section class="page">
          <h1>{t("common.noAccess")}</h1>
          <Link href={homeOf(props.role)}>{t("common.backToday")}</Link>
        </section>
      );
    }
    const Page = route.page;
    return <Page params={params} />;
  }
  if (path === "/" || path === "") return <Progress label={t("common.loading")} />;
  return (
    <section class="page">
      <h1>{t("common.notFound")}</h1>
      <Link href={homeOf(props.role)}>{t("common.backToday")}</Link>
    </section>
  );
}

export function App() {
  const t = useT();
  const state = useObservable(session);
  const ended = useObservable(expired);
  const clinicId = useObservable(currentClinicId);
  useEffect(() => {
    void loadSession();
  }, []);
  const userId = state.status === "signed-in" ? state.info.user.id : "";
  // While a temporary password stands the server refuses everything but the password change
  // (403 password-change-required), so nothing else is read until it is replaced.
  const locked = state.status === "signed-in" && state.info.user.must_change_password;
  useEffect(() => {
    if (state.status === "signed-in" && !locked) void loadClinics(state.info.user.clinic_ids);
  }, [userId, locked]);

  if (state.status === "loading") return <Progress label={t("common.loading")} />;
  if (state.status === "signed-out") {
    return (
      <main id="main" class="sign-in-page">
        <SignInForm />
      </main>
    );
  }
  const { user } = state.info;
  return (
    <>
      <Header role={user.role} username={user.username} locked={locked} />
      <main id="main" tabIndex={-1}>
        {locked ? (
          <PasswordPage />
        ) : clinicId || user.role === "admin" ? (
          <Content role={user.role} />
        ) : (
          <Progress label={t("common.loading")} />
        )}
      </main>
      {ended && <SignInDialog />}
    </>
  );
}

// Who is signed in. The session itself lives in the HttpOnly cookie; this module keeps only the
// user and the CSRF token in memory. When the server says the session has ended, `expired` is set
// (the app opens a sign-in dialog over the page) and the waiting requests go on after sign-in.
import { api, ApiProblem, onSessionExpired, setCsrfToken } from "./api/client";
import type { SessionInfo } from "./api/types";
import { observable } from "./state";

export type SessionState =
  | { status: "loading" }
  | { status: "signed-out" }
  | { status: "signed-in"; info: SessionInfo };

export const session = observable<SessionState>({ status: "loading" });
export const expired = observable(false);

let waiting: (() => void)[] = [];

onSessionExpired(
  () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      expired.set(true);
    }),
);

function signedIn(info: SessionInfo): void {
  setCsrfToken(info.csrf_token);
  session.set({ status: "signed-in", info });
}

export async function loadSession(): Promise<void> {
  try {
    const response = await fetch("/api/v1/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) {
      signedIn((await response.json()) as SessionInfo);
      return;
    }
  } catch {
    // The server is unreachable: the sign-in page says so when the user tries.
  }
  session.set({ status: "signed-out" });
}

// Signs in; a sign-in over an ended session by another user reloads the page for them.
export async function signIn(username: string, password: string): Promise<void> {
  const before = session.get();
  const response = await fetch("/api/v1/session", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiProblem(response.status, body);
  const info = body as unknown as SessionInfo;
  if (before.status === "signed-in" && before.info.user.id !== info.user.id) {
    window.location.reload();
    return;
  }
  signedIn(info);
  expired.set(false);
  const resume = waiting;
  waiting = [];
  for (const go of resume) go();
}

export async function signOut(): Promise<void> {
  try {
    await api.del("/api/v1/session");
  } finally {
    setCsrfToken("");
    session.set({ status: "signed-out" });
  }
}

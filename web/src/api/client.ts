// The one way the app talks to the server: same-origin fetch with the session cookie, the CSRF
// token (kept in memory only) on every change, an Idempotency-Key on every create, and RFC 9457
// problems turned into ApiProblem. A request refused because the session ended waits for the
// user to sign in again (the page and its unsaved input stay), then is sent once more.

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === "string" ? body.detail : "";
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.type = typeof body.type === "string" ? body.type.replace("urn:mesoclinic:problem:", "") : "";
    this.title = typeof body.title === "string" ? body.title : "";
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [];
  }

  // The message the API gave for one field (a JSON pointer such as "/phone"), if any.
  forField(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  // The messages for a field and the parts inside it ("/price_per_session" and
  // "/price_per_session/minor_units"), for an input that stands for a whole object.
  within(field: string): string | undefined {
    const found = this.errors.filter((e) => e.field === field || e.field.startsWith(`${field}/`));
    return found.length ? found.map((e) => e.message).join("; ") : undefined;
  }
}

// Who may sign in again when a session ends mid-work: set by the session module.
type ReauthHandler = () => Promise<void>;
let reauth: ReauthHandler | null = null;
let csrfToken = "";

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function onSessionExpired(handler: ReauthHandler | null): void {
  reauth = handler;
}

export interface RequestOptions {
  body?: unknown;
  // A body that is not JSON, sent as it is with its media type: a TOML rule file's text, or a
  // photo's bytes (a File or Blob, which can be sent again after signing in).
  raw?: { content: string | Blob; type: string };
  ifMatch?: string;
  // A create: sent with an Idempotency-Key, so a retry after a lost reply cannot create twice.
  create?: boolean;
}

export interface Reply<T> {
  data: T;
  etag: string | null;
  status: number;
}

function newKey(): string {
  return crypto.randomUUID();
}

async function send<T>(method: string, path: string, options: RequestOptions, key: string): Promise<Reply<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = csrfToken;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.raw) headers["Content-Type"] = options.raw.type;
  if (options.ifMatch) headers["If-Match"] = options.ifMatch;
  if (options.create) headers["Idempotency-Key"] = key;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.raw ? options.raw.content : options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiProblem(0, {
      type: "network",
      title: "Network",
      detail: "The server could not be reached. Check the connection and try again.",
    });
  }
  const text = response.status === 204 ? "" : await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { detail: text };
    }
  }
  if (!response.ok) {
    throw new ApiProblem(response.status, (parsed as Record<string, unknown>) ?? {});
  }
  return { data: parsed as T, etag: response.headers.get("ETag"), status: response.status };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
  const key = newKey(); // the same key on the retry after signing in again
  try {
    return await send<T>(method, path, options, key);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401 && error.type === "sign-in-required" && reauth) {
      await reauth();
      return send<T>(method, path, options, key);
    }
    throw error;
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path).then((r) => r.data),
  getWithEtag: <T>(path: string) => request<T>("GET", path),
  create: <T>(path: string, body: unknown) => request<T>("POST", path, { body, create: true }).then((r) => r.data),
  // A create whose body is a file's own bytes (a photo), with its media type.
  upload: <T>(path: string, content: Blob, type: string) =>
    request<T>("POST", path, { raw: { content, type }, create: true }).then((r) => r.data),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }).then((r) => r.data),
  patch: <T>(path: string, body: unknown, ifMatch: string) =>
    request<T>("PATCH", path, { body, ifMatch }).then((r) => r.data),
  put: <T>(path: string, body: unknown, ifMatch?: string) =>
    request<T>("PUT", path, { body, ifMatch }).then((r) => r.data),
  del: (path: string) => request<unknown>("DELETE", path).then(() => undefined),
};

// A query string from the defined members of `params`.
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// Client-side routes: the address bar is the app's state of navigation, so a reload or a shared
// link opens the same page (the server answers every such path with index.html).
import { observable } from "./state";

export const location = observable(window.location.pathname + window.location.search);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.get()) return;
  if (options.replace) {
    history.replaceState(null, "", to);
  } else {
    history.pushState(null, "", to);
  }
  location.set(to);
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => location.set(window.location.pathname + window.location.search));

// Matches `path` against a pattern such as "/patients/:id"; the named parts, or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split("/");
  const given = path.split("?")[0].split("/");
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < wanted.length; ++i) {
    if (wanted[i].startsWith(":")) {
      if (!given[i]) return null;
      params[wanted[i].slice(1)] = decodeURIComponent(given[i]);
    } else if (wanted[i] !== given[i]) {
      return null;
    }
  }
  return params;
}

export function searchParam(name: string): string | null {
  return new URLSearchParams(location.get().split("?")[1] ?? "").get(name);
}

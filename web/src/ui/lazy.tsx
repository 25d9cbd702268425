// A page whose code is fetched the first time it is opened (UI.md: route-level code splitting),
// so the first load carries the front desk's pages only. A chunk that cannot be fetched (the app
// was updated and restarted meanwhile) says to reload rather than leaving a blank page.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useT } from "../i18n/i18n";
import { Progress } from "./forms";

type PageProps = { params: Record<string, string> };

export function lazyPage(load: () => Promise<FunctionComponent<PageProps>>): FunctionComponent<PageProps> {
  let page: FunctionComponent<PageProps> | null = null;
  return function LazyPage(props: PageProps) {
    const t = useT();
    const [, setLoaded] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (page) return;
      load().then(
        (found) => {
          page = found;
          setLoaded(true);
        },
        () => setFailed(true),
      );
    }, []);
    if (page) {
      const Page = page;
      return <Page {...props} />;
    }
    if (failed) {
      return (
        <p class="error-summary" role="alert">
          {t("common.reloadApp")}
        </p>
      );
    }
    return <Progress label={t("common.loading")} />;
  };
}

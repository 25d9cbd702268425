import type { ComponentChildren } from "preact";
import { navigate } from "../router";

// An ordinary link (open in a new tab works) that navigates inside the app on a plain click.
export function Link(props: { href: string; class?: string; children: ComponentChildren; "aria-current"?: "page" }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props["aria-current"]}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

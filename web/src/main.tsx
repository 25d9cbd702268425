import { render } from "preact";
import { App } from "./app";
import "./styles.css";
import "./styles/chair.css";
import "./styles/settings.css";

render(<App />, document.getElementById("app")!);

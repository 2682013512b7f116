// The speech model's state on the live screen: the server loads it in the background after
// it starts (/healthz says how far); checked until it is ready.
import { get } from "../api.js";
import { h } from "../dom.js";

const TEXT = {
  loading: "Loading speech model…",
  ready: "Speech model ready",
  "not loaded": "The speech model loads when audio starts.",
};
const CHECK_MS = 1000;

export function speechModelStatus() {
  const element = h("p", { class: "hint speech-model", role: "status" });
  let timer = null;
  let stopped = false;
  const check = async () => {
    try {
      const { speech_model: state } = await get("/healthz");
      element.textContent = TEXT[state] || "";
      if (state === "ready") return;
    } catch {
      // Unreachable: the page's server notice says so; keep checking.
    }
    if (!stopped) timer = setTimeout(check, CHECK_MS);
  };
  check();
  return { element, stop: () => { stopped = true; clearTimeout(timer); } };
}

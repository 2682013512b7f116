// Visible messages: every screen shows its errors in a region screen readers announce.
import { h, replace } from "./dom.js";

/** A message area; `.error(err)`, `.ok(text)`, `.info(text)`, `.clear()`. */
export function noticeArea() {
  const el = h("div", { class: "notice", role: "status", "aria-live": "polite" });
  const show = (kind, text) => {
    el.className = `notice ${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    replace(el, text);
  };
  el.error = (err) => show("error", err instanceof Error ? err.message : String(err));
  el.ok = (text) => show("ok", text);
  el.info = (text) => show("info", text);
  el.clear = () => {
    el.className = "notice";
    replace(el);
  };
  return el;
}

/** Run an async action with the button disabled and errors shown in `notice`. */
export async function withBusy(button, notice, action) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    notice.clear();
    return await action();
  } catch (err) {
    notice.error(err);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

// Practice feedback, shown with its explanations (scores never stand alone).
import { h } from "../dom.js";

function score(value) {
  if (typeof value !== "number") return null;
  const shown = value <= 1 ? Math.round(value * 100) : Math.round(value);
  return h("span", { class: "score" }, `${shown}`);
}

function item(entry) {
  if (typeof entry === "string") return h("li", {}, entry);
  const name = entry.name || entry.label || entry.criterion || "";
  const explanation = entry.explanation || entry.message || entry.detail || "";
  return h("li", {}, name ? h("strong", {}, name) : null, " ", score(entry.score), " ", explanation);
}

/** Any feedback object the practice API returns: summary, explained items, critique, rewrite. */
export function renderFeedback(feedback) {
  if (!feedback) return h("p", {}, "No feedback came back for this answer.");
  const items = feedback.items || feedback.criteria || [];
  return h("div", { class: "feedback" },
    feedback.summary ? h("p", { class: "headline" }, feedback.summary) : null,
    items.length ? h("ul", {}, items.map(item)) : null,
    feedback.critique ? h("p", {}, h("strong", {}, "Critique: "), feedback.critique) : null,
    feedback.stronger ? h("details", {}, h("summary", {}, "A stronger version"),
      h("p", {}, feedback.stronger)) : null);
}

// Practice feedback with its explanations: every score says why.
import { h } from "../dom.js";

const PART_LABEL = { situation: "S", task: "T", action: "A", result: "R" };

export function renderFeedback(feedback) {
  const counted = feedback.scores.filter((s) => s.weight > 0);
  const shownOnly = feedback.scores.filter((s) => s.weight <= 0);
  const row = (s) => h("li", {}, h("span", { class: "score" }, String(s.score)), " ",
    h("strong", {}, s.name), " — ", s.summary);
  return h("div", { class: "feedback" },
    h("p", { class: "headline" }, h("span", { class: "score big" }, String(feedback.overall)), " ",
      feedback.summary),
    h("ul", { class: "scores" }, counted.map(row), shownOnly.map(row)),
    feedback.metrics.length ? h("p", {}, "Numbers you gave: ", feedback.metrics.join(", ")) : null,
    feedback.sentences.length ? h("details", {}, h("summary", {}, "Your answer, sentence by sentence (STAR)"),
      h("ol", { class: "star-sentences" }, feedback.sentences.map((s) => h("li", { class: `part-${s.part}` },
        h("span", { class: "part" }, PART_LABEL[s.part] || "·"), " ", s.text)))) : null);
}

export function renderCritique(result) {
  return h("div", { class: "critique" }, h("p", {}, h("strong", {}, "Critique: "), result.critique),
    h("p", {}, h("strong", {}, "A stronger version, in your words: "), result.stronger));
}

// Rendering for the live screen: the current question and its answer, the transcript.
import { h, replace } from "../dom.js";
import { latencyOf, splitSuggestion } from "./answers.js";

const MAX_TRANSCRIPT_LINES = 200;

export function renderCurrent(panel, state) {
  const q = state.current;
  if (!q) {
    replace(panel, h("p", { class: "waiting" },
      "Waiting for a question… Suggestions appear here the moment the interviewer asks one."));
    return;
  }
  const { headline, bullets } = splitSuggestion(q.answer);
  const latency = latencyOf(q.timing);
  replace(panel,
    h("div", { class: "q-meta" },
      h("span", { class: "kind" }, q.kind.replace("_", " ")),
      q.speculative ? h("span", { class: "pending" }, "still listening…") : null,
      latency ? h("span", { class: "latency", title: latency.typed
        ? "typed question → first word" : "end of the interviewer's speech → first word" },
      `${latency.ms} ms`) : null,
      cacheLabel(q.timing),
      h("span", { class: "position" }, `${state.index + 1}/${state.questions.length}`),
      state.pinned ? h("span", { class: "pinned" }, "pinned") : null),
    h("p", { class: "question" }, q.text),
    h("div", { class: "suggestion", "aria-busy": q.done ? "false" : "true" },
      h("p", { class: "headline" }, headline || (q.done ? "" : "…")),
      bullets.length ? h("ul", {}, bullets.map((b) => h("li", {}, b))) : null),
    q.note ? h("p", { class: "note" }, q.note) : null,
    q.sources.length ? h("p", { class: "sources" }, "From: ", q.sources.join(" · ")) : null,
    q.saved ? h("p", { class: "ok-text" }, "Saved to your answers.") : null);
}

/** How much of the prompt the LLM read from its cache, as the provider reported it. */
function cacheLabel(timing) {
  if (timing?.cached_tokens == null || !timing.prompt_tokens) return null;
  return h("span", { class: "cache", title: "prompt tokens the LLM read from its cache" },
    `cache ${timing.cached_tokens}/${timing.prompt_tokens}`);
}

/** The rolling transcript: finals stay, the partial of each channel is replaced as it grows. */
export class TranscriptView {
  constructor(list) {
    this.list = list;
    this.partials = new Map();
  }

  add(event) {
    const stale = this.partials.get(event.channel);
    if (stale) stale.remove();
    const line = h("li", { class: `${event.channel}${event.final ? "" : " partial"}` },
      h("span", { class: "who" }, event.channel === "interviewer" ? "Them" : "You"), " ", event.text);
    this.list.append(line);
    if (event.final) this.partials.delete(event.channel);
    else this.partials.set(event.channel, line);
    while (this.list.children.length > MAX_TRANSCRIPT_LINES) this.list.firstElementChild.remove();
    this.list.scrollTop = this.list.scrollHeight;
  }
}

/** The privacy ledger: exactly the text this session sent to the LLM. */
export function renderLedger(box, ledger) {
  const entries = ledger.sent_to_llm || [];
  if (!entries.length) {
    replace(box, h("p", {}, "Nothing has been sent to any LLM in this session."));
    return;
  }
  replace(box,
    h("p", {}, `${entries.length} request(s), ${ledger.total_chars} characters of text in total:`),
    entries.map((entry) => h("details", { class: "ledger-entry" },
      h("summary", {}, `${entry.question_id === "prefix" ? "session prefix (cache warm-up) · " : ""}` +
        `${entry.model} at ${entry.endpoint} · ${entry.chars} chars` +
        (entry.cache?.cached_tokens != null
          ? ` · ${entry.cache.cached_tokens} of ${entry.cache.prompt_tokens} tokens cached` : "")),
      entry.messages.map((m) => h("div", {}, h("strong", {}, m.role), h("pre", {}, m.content))))));
}

// Practice: a session of questions for the active target, answered by text or voice, with
// explained feedback and the stories extracted from the answers.
import { field, h, replace } from "../dom.js";
import { clearDraft, keepDraft, loadDraft, saveDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";
import { answer, endSession, startSession } from "../practice-api.js";
import { startCapture } from "../live/capture.js";
import { LiveConnection } from "../live/connection.js";
import { renderFeedback } from "./feedback.js";
import { preference } from "./settings.js";

const SESSION_KEY = "practice.session";

export function practiceScreen(root) {
  const view = new PracticeView();
  root.append(view.element);
  view.resume();
  return () => view.stopVoice();
}

class PracticeView {
  constructor() {
    this.notice = noticeArea();
    this.body = h("div", {});
    this.startButton = h("button", { type: "button" }, "Start a practice session");
    this.startButton.addEventListener("click", () => withBusy(this.startButton, this.notice, () => this.start()));
    this.element = h("div", {}, h("h1", {}, "Practice"),
      h("p", {}, "Questions for your target company and role. Answer out loud or in writing; ",
        "good stories become drafts in your library."),
      h("div", { class: "actions" }, this.startButton), this.notice, this.body);
  }

  /** A session survives reloads in this tab (its questions and how far you got). */
  resume() {
    const saved = loadDraft(SESSION_KEY, "");
    if (!saved) return;
    this.session = JSON.parse(saved);
    this.show();
  }

  async start() {
    const session = await startSession(5);
    this.session = { id: session.id, questions: session.questions, index: 0, results: [] };
    this.persist();
    this.show();
  }

  persist() {
    saveDraft(SESSION_KEY, JSON.stringify(this.session));
  }

  show() {
    const { questions, index, results } = this.session;
    if (index >= questions.length) {
      replace(this.body, this.summary(results));
      return;
    }
    const q = questions[index];
    const text = keepDraft(h("textarea", { rows: 8 }), `practice.${this.session.id}.${index}`);
    const submit = h("button", { type: "submit" }, "Get feedback");
    this.voiceButton = h("button", { type: "button", class: "secondary" }, "Answer by voice");
    this.voiceButton.addEventListener("click", () => this.toggleVoice(text));
    const form = h("form", { class: "card" },
      h("p", { class: "meta" }, `Question ${index + 1} of ${questions.length} · ${q.kind}`),
      h("p", { class: "question" }, q.text),
      field("Your answer", text), h("div", { class: "actions" }, submit, this.voiceButton));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      withBusy(submit, this.notice, () => this.submit(q, text));
    });
    replace(this.body, form, results.length ? this.result(results[results.length - 1]) : null);
    text.focus();
  }

  async submit(question, text) {
    if (!text.value.trim()) throw new Error("Write (or say) your answer first.");
    this.stopVoice();
    const position = question.position ?? this.session.index + 1;
    const result = await answer(this.session.id, position, text.value, preference("extractStories"));
    clearDraft(`practice.${this.session.id}.${this.session.index}`);
    this.session.results.push({ question: question.text, feedback: result.feedback,
      stories: result.stories || (result.story ? [result.story] : []) });
    this.session.index += 1;
    if (this.session.index >= this.session.questions.length) await endSession(this.session.id);
    this.persist();
    this.show();
  }

  result(entry) {
    return h("section", { class: "card result" }, h("h2", {}, "Feedback on: ", entry.question),
      renderFeedback(entry.feedback),
      entry.stories.length ? h("p", {}, "Draft stories from this answer: ",
        entry.stories.map((s) => s.title).join(", "), ". ",
        h("a", { href: "#/stories" }, "Review them in your library.")) : null);
  }

  summary(results) {
    const done = h("button", { type: "button", class: "secondary" }, "Finish");
    done.addEventListener("click", () => {
      clearDraft(SESSION_KEY);
      this.session = null;
      replace(this.body);
    });
    return h("div", {}, h("h2", {}, "Session complete"), results.map((r) => this.result(r)),
      h("div", { class: "actions" }, h("a", { href: "#/progress", class: "button" }, "See progress"), done));
  }

  /** Voice answers go through the same live pipeline as the mic channel; only text comes back. */
  async toggleVoice(text) {
    if (this.voice) {
      this.stopVoice();
      return;
    }
    try {
      const connection = new LiveConnection({
        onEvent: (event) => {
          if (event.type === "transcript" && event.final && event.channel === "candidate") {
            text.value = `${text.value}${text.value && !text.value.endsWith(" ") ? " " : ""}${event.text}`;
            text.dispatchEvent(new Event("input"));
          }
        },
        onClose: () => this.stopVoice(),
      });
      await connection.connect({ llm: "none" });
      const stop = await startCapture({ interviewer: "none", candidateMic: true,
        onFrame: (frame) => connection.sendAudio(frame) });
      this.voice = { connection, stop };
      this.voiceButton.textContent = "Stop listening";
      this.notice.info("Listening: speak your answer; the text appears as you pause.");
    } catch (err) {
      this.notice.error(err);
    }
  }

  stopVoice() {
    if (!this.voice) return;
    const { connection, stop } = this.voice;
    this.voice = null;
    stop();
    connection.stop();
    if (this.voiceButton) this.voiceButton.textContent = "Answer by voice";
  }
}

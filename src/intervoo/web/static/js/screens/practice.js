// Practice: a session for the active target, answered by text or voice, with explained
// feedback, and the stories extracted from the answers as drafts to approve.
import { field, h, replace } from "../dom.js";
import { clearDraft, keepDraft, loadDraft, saveDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";
import * as practice from "../practice-api.js";
import { renderCritique, renderFeedback } from "./feedback.js";
import { preference } from "./settings.js";
import { VoiceAnswer } from "./voice-answer.js";

const SESSION_KEY = "practice.session";
const LENGTH = 5;

/** Start a session of exactly these questions (from a debrief) and open it. */
export async function startPractice(questions) {
  const started = await practice.startSession(questions.length, preference("extractStories"), questions);
  saveDraft(SESSION_KEY, JSON.stringify({ id: started.session_id, questions: started.questions,
    index: 0, results: [] }));
  location.hash = "#/practice";
}

export function practiceScreen(root) {
  const view = new PracticeView();
  root.append(view.element);
  view.resume();
  return () => view.voice.stop();
}

class PracticeView {
  constructor() {
    this.notice = noticeArea();
    this.body = h("div", {});
    this.voice = new VoiceAnswer(this.notice);
    const start = h("button", { type: "button" }, "Start a practice session");
    this.own = h("textarea", { rows: 3 });
    start.addEventListener("click", () => withBusy(start, this.notice, () => this.start()));
    this.element = h("div", {}, h("h1", {}, "Practice"),
      h("p", {}, "Questions for your target company and role. Answer out loud or in writing; ",
        "the stories you tell become drafts in your library."),
      field("Your own questions (optional)", this.own,
        "One per line, e.g. from the job posting; leave empty for a planned session."),
      h("div", { class: "actions" }, start), this.notice, this.body);
  }

  /** A session in progress survives reloads and navigation in this tab. */
  resume() {
    const saved = loadDraft(SESSION_KEY, "");
    if (!saved) return;
    this.session = JSON.parse(saved);
    this.show();
  }

  async start() {
    const own = this.own.value.split("\n").map((line) => line.trim()).filter(Boolean);
    const started = await practice.startSession(LENGTH, preference("extractStories"), own);
    this.session = { id: started.session_id, questions: started.questions, index: 0, results: [] };
    this.persist();
    this.show();
  }

  persist() {
    saveDraft(SESSION_KEY, JSON.stringify(this.session));
  }

  show() {
    const { questions, index, results } = this.session;
    const last = results.length ? this.result(results[results.length - 1]) : null;
    if (index >= questions.length) {
      replace(this.body, last, this.summary());
      return;
    }
    const q = questions[index];
    const text = keepDraft(h("textarea", { rows: 8 }), `practice.${this.session.id}.${q.attempt_id}`);
    const submit = h("button", { type: "submit" }, "Get feedback");
    const voiceButton = h("button", { type: "button", class: "secondary" }, "Answer by voice");
    voiceButton.addEventListener("click", () => this.voice.toggle(text, voiceButton));
    const form = h("form", { class: "card" },
      h("p", { class: "meta" }, `Question ${index + 1} of ${questions.length} · ${q.kind.replace("_", " ")}`,
        q.competency ? ` · ${q.competency}` : ""),
      h("p", { class: "question" }, q.text),
      field("Your answer", text), h("div", { class: "actions" }, submit, voiceButton));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      withBusy(submit, this.notice, () => this.submit(q, text));
    });
    replace(this.body, last, form);
  }

  async submit(question, text) {
    if (!text.value.trim()) throw new Error("Write (or say) your answer first.");
    const spoken = this.voice.finish(text.value);
    const result = spoken
      ? await practice.answerSpoken(this.session.id, question.attempt_id, spoken)
      : await practice.answerText(this.session.id, question.attempt_id, text.value);
    clearDraft(`practice.${this.session.id}.${question.attempt_id}`);
    this.session.results.push({ question: question.text, attemptId: result.attempt_id,
      feedback: result.feedback, extraction: result.extraction });
    this.session.index += 1;
    this.persist();
    this.show();
  }

  result(entry) {
    const notice = noticeArea();
    const more = h("div", {});
    const ask = h("button", { type: "button", class: "secondary" }, "Critique with the LLM");
    ask.addEventListener("click", () => withBusy(ask, notice, async () => {
      replace(more, renderCritique(await practice.critique(entry.attemptId)));
    }));
    return h("section", { class: "card result" }, h("h2", {}, "Feedback: ", entry.question),
      renderFeedback(entry.feedback),
      h("p", { class: "hint" }, entry.extraction === "off"
        ? "Story extraction is off (Settings → Privacy)."
        : "A story from this answer is being added to your library as a draft."),
      h("div", { class: "actions" }, ask), notice, more);
  }

  summary() {
    const list = h("div", {}, "Looking for the stories you told…");
    const notice = noticeArea();
    const finish = h("button", { type: "button", class: "secondary" }, "Finish");
    finish.addEventListener("click", () => {
      clearDraft(SESSION_KEY);
      this.session = null;
      replace(this.body);
    });
    const refresh = h("button", { type: "button", class: "secondary" }, "Refresh drafts");
    refresh.addEventListener("click", () => withBusy(refresh, notice, () => this.showDrafts(list, notice)));
    this.showDrafts(list, notice);
    return h("section", { class: "card" }, h("h2", {}, "Session complete"),
      h("h3", {}, "Stories from this session"), list, notice,
      h("div", { class: "actions" }, refresh, h("a", { href: "#/progress", class: "button" }, "See progress"),
        finish));
  }

  /** The drafts extracted from this session's answers, each with an Approve button. */
  async showDrafts(list, notice) {
    try {
      const { attempts } = await practice.sessionAttempts(this.session.id);
      const ids = new Set(attempts.map((a) => a.story_id).filter(Boolean));
      const mine = (await practice.drafts()).filter((s) => ids.has(s.id));
      replace(list, mine.length ? h("ul", { class: "story-list" }, mine.map((s) => this.draftItem(s)))
        : h("p", {}, "No drafts yet (extraction takes a moment; press Refresh drafts)."));
    } catch (err) {
      notice.error(err);
    }
  }

  draftItem(story) {
    const notice = noticeArea();
    const approve = h("button", { type: "button" }, "Approve");
    const item = h("li", { class: "card story draft" }, h("strong", {}, story.title), " ",
      h("span", { class: "badge draft" }, "draft"),
      h("p", { class: "meta" }, story.competencies.join(" · ")), h("p", {}, story.result),
      h("div", { class: "actions" }, approve, h("a", { href: "#/stories" }, "Edit in the library")), notice);
    approve.addEventListener("click", () => withBusy(approve, notice, async () => {
      await practice.approveDraft(story.id);
      replace(item, h("strong", {}, story.title), " ", h("span", { class: "badge approved" }, "approved"));
    }));
    return item;
  }
}

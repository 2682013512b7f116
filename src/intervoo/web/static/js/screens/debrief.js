// After the interview: each question with what you said and what to work on, the stories
// you told (new ones offered as drafts), likely follow-ups and a thank-you note. Nothing is
// stored unless you press a Save button.
import { post } from "../api.js";
import { h, replace } from "../dom.js";
import { noticeArea, withBusy } from "../notice.js";
import { lastDebrief } from "../live/debrief-store.js";
import { startPractice } from "./practice.js";

export function debriefScreen(root) {
  const debrief = lastDebrief();
  if (!debrief) {
    root.append(h("div", { class: "card" }, h("h1", {}, "Debrief"),
      h("p", {}, "A debrief appears here when you stop a live session. It is kept only in " +
        "this tab until you save it, so a reload clears it."),
      h("a", { href: "#/live", class: "button" }, "Go to the live screen")));
    return undefined;
  }
  root.append(new DebriefView(debrief).element);
  return undefined;
}

class DebriefView {
  constructor(debrief) {
    this.debrief = debrief;
    this.notice = noticeArea();
    const where = [debrief.company, debrief.role].filter(Boolean).join(" · ");
    this.element = h("div", { class: "debrief" },
      h("h1", {}, "Debrief", where ? ` — ${where}` : ""),
      h("p", { class: "hint" }, "Nothing from this interview is stored unless you save it. " +
        "No audio was ever kept."),
      debrief.improved_by ? h("p", { class: "hint" }, `Improved by ${debrief.improved_by}.`) : null,
      (debrief.notes || []).map((note) => h("p", { class: "note" }, note)),
      this.actions(), this.notice,
      this.questions(), this.storiesTold(), this.newStories(), this.followUps(), this.thanks());
  }

  actions() {
    const save = h("button", { type: "button", class: "secondary" }, "Save the whole debrief");
    save.addEventListener("click", () => withBusy(save, this.notice, async () => {
      await post("/api/debrief", this.debrief);
      this.notice.ok("Debrief saved (its text only; no audio).");
    }));
    return h("div", { class: "actions" }, this.practise(), save);
  }

  practise() {
    // A practice session holds at most 20 questions.
    const struggled = this.debrief.questions.filter((q) => q.struggled).map((q) => q.question)
      .slice(0, 20);
    if (!struggled.length) return h("span", { class: "ok-text" }, "No question to practise again.");
    const practise = h("button", { type: "button" },
      `Practice the ${struggled.length} question(s) I struggled with`);
    practise.addEventListener("click", () =>
      withBusy(practise, this.notice, () => startPractice(struggled)));
    return practise;
  }

  questions() {
    return h("section", { "aria-label": "Questions" }, h("h2", {}, "Questions"),
      this.debrief.questions.map((q) => h("article", { class: "card debrief-question" },
        h("p", { class: "q-meta" }, h("span", { class: "kind" }, q.kind.replace("_", " ")),
          q.score !== null ? ` · ${q.score}/100` : "", q.struggled ? " · to practise" : ""),
        h("h3", { class: "question" }, q.question),
        h("p", {}, h("strong", {}, "You said: "), q.said || h("em", {}, "nothing was heard")),
        q.missed.length ? h("div", {}, h("strong", {}, "The suggestion also covered:"),
          h("ul", { class: "missed" }, q.missed.map((m) => h("li", {}, m)))) : null,
        h("p", { class: "note coaching" }, q.note))));
  }

  storiesTold() {
    const told = this.debrief.stories_told;
    return h("section", { "aria-label": "Stories told" }, h("h2", {}, "Stories you told"),
      told.length ? h("ul", {}, told.map((s) => h("li", {}, s.title)))
        : h("p", {}, "None from your library."));
  }

  newStories() {
    const drafts = this.debrief.new_stories;
    return h("section", { "aria-label": "New stories" }, h("h2", {}, "New stories you told"),
      drafts.length ? drafts.map((d) => this.draft(d))
        : h("p", {}, "No new story in your answers."));
  }

  draft(draft) {
    const notice = noticeArea();
    const story = draft.story;
    const add = h("button", { type: "button" }, "Add this story");
    const discard = h("button", { type: "button", class: "secondary" }, "Discard");
    const card = h("article", { class: "card story draft new-story" },
      h("h3", {}, story.title),
      draft.numbers.length ? h("p", { class: "numbers" }, "Numbers: ", draft.numbers.join(" · ")) : null,
      ["situation", "task", "action", "result"].filter((f) => story[f]).map((f) =>
        h("p", {}, h("strong", {}, `${f[0].toUpperCase()}${f.slice(1)}: `), story[f])),
      h("div", { class: "actions" }, add, discard), notice);
    add.addEventListener("click", () => withBusy(add, notice, async () => {
      const saved = await post("/api/debrief/stories", { story });
      replace(card, h("h3", {}, story.title), h("p", { class: "ok-text" }, saved.merged_into
        ? "Merged into the story it retells in your library." : "Added to your library as a draft."));
    }));
    discard.addEventListener("click", () => {
      this.debrief.new_stories = this.debrief.new_stories.filter((d) => d !== draft);
      card.remove();
    });
    return card;
  }

  followUps() {
    return h("section", { "aria-label": "Follow-up questions" },
      h("h2", {}, "Likely follow-ups in the next round"),
      h("ul", {}, this.debrief.follow_ups.map((f) => h("li", {}, f))));
  }

  thanks() {
    const text = h("textarea", { rows: 8, "aria-label": "Thank-you note" });
    text.value = this.debrief.thank_you;
    const notice = noticeArea();
    const copy = h("button", { type: "button", class: "secondary" }, "Copy");
    copy.addEventListener("click", () => withBusy(copy, notice, async () => {
      await navigator.clipboard.writeText(text.value);
      notice.ok("Copied.");
    }));
    return h("section", { "aria-label": "Thank-you note" }, h("h2", {}, "Thank-you note"), text,
      h("div", { class: "actions" }, copy), notice);
  }
}

// The story library: search, filter, approve, edit, merge, delete, where used, export.
import { del, get, patch } from "../api.js";
import { downloadJson, field, h, replace } from "../dom.js";
import { clearDraft, keepDraft, loadDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";
import { mergedQuestions, questionsField, questionsSection } from "./story-questions.js";

const STAR = [["situation", "Situation"], ["task", "Task"], ["action", "Action"], ["result", "Result"]];
const PENDING_RECHECK_MS = 3000;
// The drafts an unsaved edit of a story keeps (any one of them reopens the edit form).
const draftKeys = (story) => ["title", ...STAR.map(([key]) => key), "questions"]
  .map((key) => `story.${story.id}.${key}`);

export function storiesScreen(root) {
  const view = new LibraryView();
  root.append(view.element);
  view.load();
}

function matches(story, query, competency, status) {
  if (competency && !story.competencies.includes(competency)) return false;
  if (status && story.status !== status) return false;
  if (!query) return true;
  const text = [story.title, ...STAR.map(([key]) => story[key]), ...(story.questions || [])]
    .join(" ").toLowerCase();
  return query.toLowerCase().split(/\s+/).every((word) => text.includes(word));
}

class LibraryView {
  constructor() {
    this.stories = [];
    this.answers = [];
    this.notice = noticeArea();
    this.search = keepDraft(h("input", { type: "search", placeholder: "Search your stories" }),
      "stories.search");
    this.competency = h("select", {}, h("option", { value: "" }, "All competencies"));
    this.status = h("select", {}, h("option", { value: "" }, "Drafts and approved"),
      h("option", { value: "draft" }, "Drafts only"), h("option", { value: "approved" }, "Approved only"));
    this.list = h("ul", { class: "story-list" });
    this.pending = h("p", { class: "notice info", role: "status", hidden: true });
    for (const control of [this.search, this.competency, this.status]) {
      control.addEventListener("input", () => this.render());
    }
    const exportButton = h("button", { type: "button", class: "secondary" }, "Export stories");
    exportButton.addEventListener("click", () => withBusy(exportButton, this.notice, async () => {
      downloadJson("intervoo-stories.json", await get("/api/stories/export"));
    }));
    this.element = h("div", {}, h("h1", {}, "Your stories"),
      h("p", {}, "Stories from your resume and practice answers start as drafts. Approve the ones ",
        "that are right: live suggestions use them."),
      h("div", { class: "filters" }, field("Search", this.search), field("Competency", this.competency),
        field("Status", this.status)),
      h("div", { class: "actions" }, exportButton), this.pending, this.notice, this.list);
  }

  /** Background work not done yet (questions being written, a practice answer's story),
   * checked again every few seconds while any is pending and this screen is shown; when
   * some finishes, the stories are reloaded so its questions or drafts appear. */
  async showPending() {
    clearTimeout(this.pendingTimer);
    const { pending } = await get("/api/jobs").catch(() => ({ pending: [] }));
    const finished = this.pendingCount > pending.length;
    this.pendingCount = pending.length;
    this.pending.hidden = pending.length === 0;
    const failing = pending.filter((job) => job.last_error).length;
    const jobs = pending.length === 1 ? "1 background job" : `${pending.length} background jobs`;
    this.pending.textContent = `${jobs} pending: interview questions or stories are still being `
      + "written" + (failing ? `; ${failing} failed once and will retry.` : ".");
    if (finished) await this.load();
    else if (pending.length && this.element.isConnected) {
      this.pendingTimer = setTimeout(() => this.showPending(), PENDING_RECHECK_MS);
    }
  }

  async load() {
    try {
      // The export has every field (search looks inside the STAR text), the list does not.
      this.stories = await get("/api/stories/export");
      this.answers = await get("/api/answers").catch(() => []);
      await this.showPending();
      const all = [...new Set(this.stories.flatMap((s) => s.competencies))].sort();
      replace(this.competency, h("option", { value: "" }, "All competencies"),
        all.map((c) => h("option", { value: c }, c)));
      this.render();
    } catch (err) {
      this.notice.error(err);
    }
  }

  render() {
    const shown = this.stories.filter((s) =>
      matches(s, this.search.value.trim(), this.competency.value, this.status.value));
    replace(this.list, shown.length ? shown.map((s) => this.card(s))
      : h("li", { class: "empty" }, this.stories.length ? "No story matches." :
        "No stories yet: upload your resume or practice a few questions."));
  }

  card(story) {
    const notice = noticeArea();
    const body = h("div", {});
    const act = (label, action, cls = "secondary") => {
      const button = h("button", { type: "button", class: cls }, label);
      button.addEventListener("click", () => withBusy(button, notice, action));
      return button;
    };
    const usedIn = this.answers.filter((a) => (a.sources || []).includes(`story: ${story.title}`));
    const editing = draftKeys(story).some((key) => loadDraft(key, null) !== null);
    const card = h("li", { class: `card story ${story.status}`, dataset: { id: story.id } },
      h("h2", {}, story.title, " ", h("span", { class: `badge ${story.status}` }, story.status)),
      h("p", { class: "meta" }, story.competencies.join(" · ") || "no competency detected", " · ",
        `from ${story.source}`, " · ", `used ${story.times_used}×`),
      body,
      usedIn.length ? h("details", {}, h("summary", {}, `Where used (${usedIn.length} saved answers)`),
        h("ul", {}, usedIn.map((a) => h("li", {}, a.question)))) : null,
      h("div", { class: "actions" },
        story.status === "draft" ? act("Approve", () => this.change(story, { status: "approved" }), "") : null,
        act("Edit", async () => this.edit(body, story, notice)),
        act("Merge…", async () => this.mergePicker(body, story, notice)),
        act("Delete", () => this.remove(story))),
      notice);
    if (editing) this.edit(body, story, notice);
    else showStar(body, story);
    return card;
  }

  async change(story, changes) {
    const updated = await patch(`/api/stories/${story.id}`, changes);
    Object.assign(story, updated);
    this.render();
  }

  edit(body, story, notice) {
    const controls = [["title", "Title"], ...STAR].map(([key, label]) => {
      const control = key === "title" ? h("input", { type: "text" }) : h("textarea", { rows: 3 });
      keepDraft(control, `story.${story.id}.${key}`, story[key]);
      control.dataset.key = key;
      return field(label, control);
    });
    const questions = questionsField(story, `story.${story.id}.questions`);
    const save = h("button", { type: "button" }, "Save story");
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const forget = () => draftKeys(story).forEach(clearDraft);
    save.addEventListener("click", () => withBusy(save, notice, async () => {
      // Only what changed: a text edit makes the server rewrite questions, so untouched
      // text must not look edited (that would also refill questions the user pruned).
      const changes = Object.fromEntries(controls.map((f) => [f.control.dataset.key, f.control.value])
        .filter(([key, value]) => value !== story[key]));
      const asked = questions.value();
      if (asked.join("\n") !== (story.questions || []).join("\n")) changes.questions = asked;
      questions.clear();
      try {
        if (Object.keys(changes).length) await this.change(story, changes);
      } catch (err) {
        if (questions.showError(err)) return; // shown beside the questions; the edit stays
        throw err;
      }
      forget();
      this.render();
    }));
    cancel.addEventListener("click", () => { forget(); this.render(); });
    replace(body, controls, questions.element, h("div", { class: "actions" }, save, cancel));
  }

  mergePicker(body, story, notice) {
    const others = this.stories.filter((s) => s.id !== story.id);
    if (!others.length) throw new Error("There is no other story to merge with.");
    const select = h("select", {}, others.map((s) => h("option", { value: s.id }, s.title)));
    const go = h("button", { type: "button" }, "Merge into this story");
    go.addEventListener("click", () => withBusy(go, notice, async () => {
      const other = others.find((s) => s.id === select.value);
      await this.change(story, mergedFields(story, other));
      await del(`/api/stories/${other.id}`);
      this.stories = this.stories.filter((s) => s.id !== other.id);
      this.render();
    }));
    replace(body, field("The other telling of the same story (it is removed after the merge)", select), go);
  }

  async remove(story) {
    if (!window.confirm(`Delete the story "${story.title}"? This cannot be undone.`)) return;
    await del(`/api/stories/${story.id}`);
    this.stories = this.stories.filter((s) => s.id !== story.id);
    this.render();
  }
}

function showStar(body, story) {
  replace(body, h("dl", { class: "star" }, STAR.filter(([key]) => story[key])
    .map(([key, label]) => [h("dt", {}, label), h("dd", {}, story[key])])), questionsSection(story));
}

/** Keep the fuller telling of each part, and every competency and question either one has. */
export function mergedFields(keep, other) {
  const fields = {};
  for (const [key] of STAR) {
    fields[key] = (other[key] || "").length > (keep[key] || "").length ? other[key] : keep[key];
  }
  fields.competencies = [...new Set([...keep.competencies, ...other.competencies])];
  fields.questions = mergedQuestions(keep, other);
  if (keep.status === "approved" || other.status === "approved") fields.status = "approved";
  return fields;
}

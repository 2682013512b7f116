// "Questions this story answers": live suggestions match the interviewer's question against
// these, so each story card lists them, lets the user edit them, and can ask the LLM for more.
import { ApiError, post } from "../api.js";
import { field, h, replace } from "../dom.js";
import { keepDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";

export const QUESTIONS_LABEL = "Questions this story answers";
const MAX_QUESTIONS = 32; // the server's limit (intervoo.stories.model.MAX_QUESTIONS)
const HINT = "One question per line, as an interviewer would ask it (at most 32).";
const NONE_YET = "None yet. Live suggestions find a story faster when it lists the questions " +
  "it answers: add some with Edit, or suggest them.";
const NOT_YET = "This Intervoo server cannot suggest questions yet: write them yourself with Edit.";

/** One question per non-blank line, spacing collapsed (the server cleans them the same way). */
export function questionLines(text) {
  return text.split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter(Boolean);
}

/** `first`, then whatever of `second` it lacks; repeats that differ only in case count once. */
export function unionQuestions(first, second) {
  const kept = new Map();
  for (const question of [...first, ...second]) {
    if (!kept.has(question.toLowerCase())) kept.set(question.toLowerCase(), question);
  }
  return [...kept.values()];
}

/** Both stories' questions for a merge, within the server's limit (the kept story's first). */
export function mergedQuestions(keep, other) {
  return unionQuestions(keep.questions || [], other.questions || []).slice(0, MAX_QUESTIONS);
}

/** Ask the configured LLM for questions; resolves to the updated story the server saved. */
async function suggest(story) {
  let updated;
  try {
    updated = await post(`/api/stories/${story.id}/questions`);
  } catch (err) {
    // A bare 404/405 is a server without the route, not a missing story (that 404 says so).
    const noRoute = err instanceof ApiError &&
      (err.status === 405 || (err.status === 404 && err.message === "Not Found"));
    throw noRoute ? new Error(NOT_YET) : err;
  }
  if (!updated || !Array.isArray(updated.questions)) {
    throw new Error("The server's reply had no list of questions; nothing was changed here.");
  }
  return updated;
}

function added(count) {
  if (!count) return "No new questions: every one suggested was already there.";
  return count === 1 ? "Added 1 question." : `Added ${count} questions.`;
}

const newIn = (before, after) => unionQuestions(before, after).slice(before.length);

/** The read-only list and its Suggest button; `story` is updated in place on success. */
export function questionsSection(story) {
  const list = h("ul", { class: "story-questions" });
  const notice = noticeArea();
  const count = h("span", { class: "count" });
  // Folded: twenty questions would make every card a page long. Open while there are none,
  // so the hint on how to add some is seen.
  const folded = h("details", {}, h("summary", {}, h("h3", {}, QUESTIONS_LABEL, " ", count)), list);
  const show = () => {
    const questions = story.questions || [];
    count.textContent = `(${questions.length})`;
    folded.open = folded.open || !questions.length;
    replace(list, questions.length
      ? questions.map((q) => h("li", {}, q)) : h("li", { class: "empty" }, NONE_YET));
  };
  const button = h("button", { type: "button", class: "secondary" }, "Suggest questions");
  button.addEventListener("click", () => withBusy(button, notice, async () => {
    const before = story.questions || [];
    Object.assign(story, await suggest(story));
    show();
    notice.ok(added(newIn(before, story.questions).length));
  }));
  show();
  return h("section", { class: "questions" }, folded, h("div", { class: "actions" }, button),
    notice);
}

/**
 * The edit form's textarea (kept as the draft `draftKey`) with its own Suggest button and
 * message area. `.value()` the lines to save, `.clear()` the message, `.showError(err)` is
 * true when the error was about the questions and is now shown beside them.
 */
export function questionsField(story, draftKey) {
  const control = keepDraft(h("textarea", { rows: 4 }), draftKey, (story.questions || []).join("\n"));
  const wrapper = field(QUESTIONS_LABEL, control, HINT);
  const problem = noticeArea();
  const hint = wrapper.querySelector(".hint");
  [hint.id, problem.id] = [`${control.id}-hint`, `${control.id}-problem`];
  control.setAttribute("aria-describedby", `${hint.id} ${problem.id}`);
  const button = h("button", { type: "button", class: "secondary" }, "Suggest questions");
  button.addEventListener("click", () => withBusy(button, problem, async () => {
    control.removeAttribute("aria-invalid");
    const before = story.questions || [];
    Object.assign(story, await suggest(story));
    // Add only what is new, so lines the user typed or removed (unsaved) stay as they are.
    const fresh = newIn(before, story.questions);
    const lines = questionLines(control.value);
    const merged = unionQuestions(lines, fresh);
    control.value = merged.join("\n");
    control.dispatchEvent(new Event("input")); // keeps the draft
    problem.ok(added(merged.length - lines.length));
  }));
  wrapper.append(h("div", { class: "actions" }, button), problem);
  return {
    element: wrapper,
    value: () => questionLines(control.value),
    clear: () => {
      control.removeAttribute("aria-invalid");
      problem.clear();
    },
    showError: (err) => {
      // The server's 422 names the field first: "questions: 33 questions, at most 32 …".
      const about = err instanceof ApiError && err.status === 422 && /^questions\b/.test(err.message);
      if (!about) return false;
      control.setAttribute("aria-invalid", "true");
      problem.error(`Not saved: ${err.message.replace(/^questions[.\d]*:\s*/, "")}`);
      control.focus();
      return true;
    },
  };
}

// The live screen's state, kept apart from the DOM: questions, their streamed answers,
// which one is shown, and whether it is pinned. `apply(event)` takes protocol events.

/** A suggestion's text → {headline, bullets}: the first line is said at once, "- " lines follow. */
export function splitSuggestion(text) {
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const bullets = [];
  let headline = "";
  for (const line of lines) {
    if (/^[-•*]\s/.test(line)) bullets.push(line.replace(/^[-•*]\s+/, ""));
    else if (!headline) headline = line;
    else bullets.push(line);
  }
  return { headline, bullets };
}

/** Speech end → first word (ms); a typed question has no speech end: detected → first word. */
export function latencyOf(timing) {
  if (!timing || timing.first_token == null) return null;
  const from = timing.speech_end ?? timing.detected;
  if (from == null) return null;
  return { ms: Math.max(0, timing.first_token - from), typed: timing.speech_end == null };
}

export class LiveState {
  constructor() {
    this.questions = [];
    this.index = -1; // the question on screen
    this.pinned = false;
  }

  get current() {
    return this.questions[this.index] ?? null;
  }

  find(id) {
    return this.questions.find((q) => q.id === id);
  }

  /** Apply one server event; returns true when what is on screen may have changed. */
  apply(event) {
    switch (event.type) {
      case "question": return this.question(event);
      case "suggestion.delta": return this.update(event.question_id, (q) => { q.answer += event.text; });
      case "suggestion.done": return this.update(event.question_id, (q) => {
        Object.assign(q, { answer: event.text, sources: event.sources || [], note: event.note, done: true });
      });
      case "timing": return this.update(event.question_id, (q) => { q.timing = event; });
      default: return false;
    }
  }

  update(id, change) {
    const question = this.find(id);
    if (!question) return false;
    change(question);
    return true;
  }

  question(event) {
    const known = this.find(event.id);
    if (known) {
      Object.assign(known, { text: event.text, kind: event.kind, speculative: event.speculative });
      return true;
    }
    // A guess from a partial that the final turned into another question never got an answer.
    if (!event.speculative) {
      this.questions = this.questions.filter((q) => !(q.speculative && !q.answer));
    }
    this.questions.push({
      id: event.id, text: event.text, kind: event.kind, speculative: event.speculative,
      answer: "", sources: [], note: null, timing: null, done: false, saved: false,
    });
    if (!this.pinned) this.index = this.questions.length - 1;
    else this.index = Math.min(this.index, this.questions.length - 1);
    return true;
  }

  move(step) {
    const next = Math.min(this.questions.length - 1, Math.max(0, this.index + step));
    const moved = next !== this.index;
    this.index = next;
    return moved;
  }

  togglePin() {
    this.pinned = !this.pinned;
    if (!this.pinned) this.index = this.questions.length - 1;
    return this.pinned;
  }
}

// Which recognizer turns the live screen's speech into text, and its state on the screen.
// Server mode: always this browser (a shared server takes no audio). Local mode: the local
// server, or this browser when "Transcribe in this browser" is ticked.
import { get } from "../api.js";
import { h, replace } from "../dom.js";
import { BrowserRecognizer } from "./browser_recognizer.js";

const SERVER_LINE = "Speech is recognised by Intervoo on this computer.";

function megabytes(bytes) {
  return `${Math.round(bytes / 1e6)} MB`;
}

export class RecognizerPanel {
  /** `onTranscript(t)` for each transcript; `onTrouble(err)` when the browser cannot go on. */
  constructor({ onTranscript, onTrouble, serverModel }) {
    this.onTranscript = onTranscript;
    this.onTrouble = onTrouble;
    this.serverModel = serverModel; // the server model's status line: moot in the browser
    this.serverMode = false;
    this.browser = new BrowserRecognizer({
      onTranscript: (t) => this.transcript(t),
      onProgress: (p) => this.progress(p),
      onSlow: (factor) => this.slow(factor),
      onError: (err) => this.trouble(err),
    }, { turnEnds: true }); // the live screen relays them (screens/live.js)
    this.box = h("input", { type: "checkbox", onchange: () => this.describe() });
    this.choice = h("label", { class: "choice" }, this.box,
      "Transcribe in this browser (audio never leaves it)");
    this.line = h("span", {});
    this.latency = h("span", { class: "stt-latency" });
    this.bar = h("progress", { class: "stt-progress", max: 1, value: 0, hidden: true,
      "aria-label": "Loading the speech model" });
    this.element = h("p", { class: "hint recognizer", role: "status" }, this.line, " ",
      this.latency, this.bar);
    this.describe();
    get("/api/auth/me").then(({ mode }) => this.setMode(mode)).catch(() => {});
  }

  setMode(mode) {
    this.serverMode = mode === "server";
    if (this.serverMode) {
      this.box.checked = true;
      this.choice.hidden = true; // nothing to choose: this server takes no audio
    }
    this.describe();
  }

  get inBrowser() {
    return this.serverMode || this.box.checked;
  }

  describe() {
    if (this.serverModel) this.serverModel.hidden = this.inBrowser;
    if (!this.inBrowser) {
      replace(this.line, SERVER_LINE);
      return;
    }
    const info = this.browser.info;
    replace(this.line, info
      ? `Speech is recognised in this browser (Moonshine base, ${info.backend.toUpperCase()}` +
        `${info.threads > 1 ? `, ${info.threads} threads` : ""}); audio never leaves it.`
      : "Speech will be recognised in this browser; audio never leaves it.");
  }

  /** Before capture starts: true when frames go to the browser's recognizer (loaded now). */
  async prepare() {
    if (!this.inBrowser) return false;
    this.box.disabled = true;
    try {
      replace(this.line, "Loading the speech model for this browser…");
      await this.browser.load();
    } finally {
      this.bar.hidden = true;
      this.box.disabled = false;
      this.describe();
    }
    return true;
  }

  progress({ loaded, total }) {
    if (!total) return;
    this.bar.hidden = false;
    this.bar.value = loaded / total;
    replace(this.line, `Loading the speech model for this browser: ${megabytes(loaded)} of ` +
      `${megabytes(total)} (only the first time)…`);
  }

  transcript(t) {
    if (t.final && t.latencyMs !== undefined) {
      this.latency.textContent = `end of speech → text ${t.latencyMs} ms`;
      this.latency.dataset.ms = String(t.latencyMs);
    }
    this.onTranscript(t);
  }

  slow(factor) {
    this.onTrouble(new Error(`This browser recognises speech slower than it is spoken ` +
      `(${factor}× real time): transcripts will lag. Close other tabs, or type the questions.`));
  }

  trouble(err) {
    this.onTrouble(err);
  }

  feed(frame) {
    this.browser.feed(frame);
  }

  /** The session's `turn_end` event, for the browser's recognizer. */
  turnEnd(event) {
    if (this.inBrowser) this.browser.turnEnd(event);
  }

  flush() {
    return this.inBrowser ? this.browser.flush().catch(() => {}) : Promise.resolve();
  }

  dispose() {
    this.browser.dispose();
  }
}

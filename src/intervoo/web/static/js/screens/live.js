// The live copilot screen: capture, the current question and streamed answer, the transcript,
// "Answer this", shortcuts, save, pop-out and the privacy ledger.
import { get, post } from "../api.js";
import { field, h, replace } from "../dom.js";
import { clearDraft, keepDraft } from "../drafts.js";
import { noticeArea, withBusy } from "../notice.js";
import { LiveState } from "../live/answers.js";
import { startCapture } from "../live/capture.js";
import { LiveConnection } from "../live/connection.js";
import { RecognizerPanel } from "../live/recognizer_panel.js";
import { TranscriptView, renderCurrent, renderLedger } from "../live/view.js";
import { popOut } from "../live/popout.js";
import { keepDebrief } from "../live/debrief-store.js";
import { speechModelStatus } from "../live/speech_model.js";
import { preference } from "./settings.js";

const SOURCES = [
  ["tab", "The meeting's browser tab (share its audio)"],
  ["mic", "My microphone (the meeting plays through speakers)"],
  ["demo", "The sample interview (demo)"],
];

export function liveScreen(root, params) {
  const live = new LiveController(params.demo ? "demo" : "tab");
  root.append(live.element);
  // Browsers only play audio after a click on the page: straight from "Try the demo" it
  // starts at once; opened from a link (`intervoo demo --web`) it waits for Start.
  if (params.demo && navigator.userActivation?.hasBeenActive !== false) live.start();
  else if (params.demo) live.notice.info("Press Start to play the sample interview.");
  return () => live.dispose();
}

class LiveController {
  constructor(source) {
    this.state = new LiveState();
    this.connection = null;
    this.stopCapture = null;
    this.notice = noticeArea();
    this.speechModel = speechModelStatus();
    // Where speech becomes text: the server (local mode's default) or this browser.
    this.recognizer = new RecognizerPanel({
      onTranscript: (t) => this.connection?.sendTranscript(t),
      onTrouble: (err) => this.notice.error(err),
      serverModel: this.speechModel.element,
    });
    // "Running behind": the server's transcription lags real time; shown until it catches up.
    this.lag = noticeArea();
    this.current = h("section", { class: "current card", "aria-live": "polite",
      "aria-label": "Current question and suggestion" });
    this.transcriptList = h("ol", { class: "transcript", "aria-label": "Transcript" });
    this.transcript = new TranscriptView(this.transcriptList);
    this.onKey = (event) => this.shortcut(event);
    document.addEventListener("keydown", this.onKey);
    this.element = this.build(source);
    renderCurrent(this.current, this.state);
  }

  build(source) {
    this.sourceInputs = SOURCES.map(([value, label]) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "source", value, checked: value === source }), label));
    // The demo plays a recording: nobody needs to speak, so the mic stays off by default.
    this.candidateMic = h("input", { type: "checkbox", checked: source !== "demo" });
    // With the mic as the interviewer, the same mic cannot also be the candidate.
    const syncMic = () => { this.candidateMic.disabled = this.source() === "mic"; };
    this.sourceInputs.forEach((l) => l.querySelector("input").addEventListener("change", syncMic));
    this.startButton = h("button", { type: "button", onclick: () => this.toggle() }, "Start");
    const popButton = "documentPictureInPicture" in window
      ? h("button", { type: "button", class: "secondary", onclick: () => this.popOut() }, "Pop out")
      : null;
    return h("div", { class: "live" },
      h("h1", { class: "visually-hidden" }, "Live interview"),
      h("details", { class: "card setup", open: true },
        h("summary", {}, "Audio"),
        h("fieldset", {}, h("legend", {}, "The interviewer is heard through"), this.sourceInputs),
        h("label", { class: "choice" }, this.candidateMic, "Also listen to my microphone as me"),
        this.recognizer.choice,
        h("div", { class: "actions" }, this.startButton, popButton), this.speechModel.element,
        this.recognizer.element, this.notice),
      this.lag, this.current, this.controls(), this.askForm(), this.transcriptList, this.privacyPanel(),
      h("p", { class: "hint" }, "Keys: N next · P previous · K pin · S save · / ask"));
  }

  controls() {
    const button = (label, key, action) => h("button", { type: "button", class: "secondary",
      "aria-keyshortcuts": key, onclick: action }, label);
    return h("div", { class: "actions answer-actions" },
      button("◀ Previous", "P", () => this.move(-1)), button("Next ▶", "N", () => this.move(1)),
      button("Pin", "K", () => this.pin()), button("Save answer", "S", () => this.save()));
  }

  askForm() {
    this.askInput = keepDraft(h("input", { type: "text", placeholder: "Type a question you want answered" }),
      "live.ask");
    const button = h("button", { type: "submit" }, "Answer this");
    const form = h("form", { class: "ask" }, field("A question to answer now", this.askInput), button);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      withBusy(button, this.notice, () => this.ask());
    });
    return form;
  }

  privacyPanel() {
    const box = h("div", {});
    const notice = noticeArea();
    const show = h("button", { type: "button", class: "secondary" }, "Show what was sent to the LLM");
    show.addEventListener("click", () => withBusy(show, notice, async () => {
      const id = this.connection?.sessionId ?? this.lastSessionId;
      if (!id) throw new Error("No live session yet: nothing has been sent anywhere.");
      renderLedger(box, await get(`/api/live/${encodeURIComponent(id)}/ledger`));
    }));
    return h("details", { class: "card privacy" }, h("summary", {}, "Privacy"),
      h("p", {}, "Audio never leaves this device: it is turned into text on this computer, in " +
        "memory, and discarded. Only text goes to the LLM you configured (none by default), " +
        "and only what you save is stored."), show, notice, box);
  }

  source() {
    return this.sourceInputs.map((l) => l.querySelector("input")).find((i) => i.checked).value;
  }

  async connect() {
    // A stopped session may stay open a moment to finish its answer: never reuse it.
    if (this.connection?.open && !this.connection.stopping) return;
    // The ledger of the session before stays reachable until the new one has its id.
    this.lastSessionId = this.connection?.sessionId ?? this.lastSessionId;
    const connection = new LiveConnection({
      onEvent: (event) => this.onEvent(event),
      // Only the current connection's end releases the audio (Stop then Start quickly).
      onClose: (info) => { if (this.connection === connection) this.onClose(info); },
    });
    this.connection = connection;
    // `debrief`: the server prepares the debrief as the interview goes on; Stop asks for it.
    await connection.connect({ llm: preference("liveLlm") ? "default" : "none", debrief: true });
  }

  async toggle() {
    if (this.stopCapture) this.stop();
    else await this.start();
  }

  async start() {
    this.notice.clear();
    this.startButton.disabled = true;
    let warning = null;
    try {
      // In the browser: the recognizer loads first (the first time, tens of MB), so no
      // speech is missed while it does; its frames then never reach the socket.
      const inBrowser = await this.recognizer.prepare();
      await this.connect();
      this.stopCapture = await startCapture({
        interviewer: this.source(),
        candidateMic: this.candidateMic.checked,
        onFrame: inBrowser
          ? (frame) => this.recognizer.feed(frame)
          : (frame) => this.connection?.sendAudio(frame),
        onEnded: () => this.onSourceEnded(),
        onWarning: (text) => { warning = text; },
      });
      this.startButton.textContent = "Stop";
      const listening = "Listening. Suggestions appear as soon as a question is asked.";
      if (warning) this.notice.info(`${listening} ${warning}`);
      else this.notice.ok(listening);
    } catch (err) {
      this.notice.error(err);
    } finally {
      this.startButton.disabled = false;
    }
  }

  onSourceEnded() {
    const demo = this.source() === "demo";
    this.releaseAudio();
    this.recognizer.flush(); // the last words, when the browser recognises them
    this.notice.info(demo
      ? "The sample interview is over. Review the answers with Previous and Next (P, N), or type a question below."
      : "The audio source ended (sharing stopped?). Press Start to listen again; typed questions still work.");
  }

  releaseAudio() {
    if (this.stopCapture) this.stopCapture();
    this.stopCapture = null;
    this.startButton.textContent = "Start";
  }

  async stop() {
    this.releaseAudio();
    const connection = this.connection;
    await this.recognizer.flush(); // the last words, still being decoded, reach the session
    connection?.stop({ debrief: true });
    this.notice.info("Stopped. Your debrief is on its way; nothing from this session is kept " +
      "unless you save it.");
  }

  showDebrief(event) {
    keepDebrief(event.debrief);
    replace(this.notice, "Your debrief is ready: ",
      h("a", { href: "#/debrief", class: "button" }, "Open the debrief"));
  }

  onEvent(event) {
    if (event.type === "transcript") this.transcript.add(event);
    else if (event.type === "turn_end") this.recognizer.turnEnd(event);
    else if (event.type === "debrief") this.showDebrief(event);
    else if (event.type === "error") this.notice.error(new Error(event.message));
    else if (event.type === "status" && event.state === "behind") this.lag.info(event.detail.message);
    else if (event.type === "status" && event.state === "caught_up") this.lag.clear();
    else if (this.state.apply(event)) this.render();
  }

  onClose({ expected }) {
    this.releaseAudio();
    if (!expected) {
      this.notice.error(new Error("The live connection to the server was lost. Check that " +
        "Intervoo is running, then press Start."));
    }
  }

  async ask() {
    const text = this.askInput.value.trim();
    if (!text) throw new Error("Type the question first.");
    await this.connect();
    this.connection.ask(text);
    this.askInput.value = "";
    clearDraft("live.ask");
  }

  render() {
    renderCurrent(this.current, this.state);
  }

  move(step) {
    if (this.state.move(step)) this.render();
  }

  pin() {
    this.state.togglePin();
    this.render();
  }

  async save() {
    const q = this.state.current;
    if (!q || !q.done) {
      this.notice.error(new Error("There is no finished answer to save yet."));
      return;
    }
    try {
      await post("/api/answers", { question: q.text, answer: q.answer, kind: q.kind, sources: q.sources });
      q.saved = true;
      this.render();
    } catch (err) {
      this.notice.error(err);
    }
  }

  shortcut(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target?.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const actions = { n: () => this.move(1), p: () => this.move(-1), k: () => this.pin(),
      s: () => this.save(), "/": () => this.askInput.focus() };
    const action = actions[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  }

  async popOut() {
    try {
      await popOut(this.current, this.onKey);
    } catch (err) {
      this.notice.error(err);
    }
  }

  dispose() {
    document.removeEventListener("keydown", this.onKey);
    this.speechModel.stop();
    this.recognizer.dispose();
    this.releaseAudio();
    this.connection?.stop();
    replace(this.current);
  }
}

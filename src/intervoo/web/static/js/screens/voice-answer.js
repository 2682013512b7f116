// Answering a practice question out loud: the microphone goes through the same live pipeline
// as the candidate channel; only its transcripts come back (the audio is never kept).
import { startCapture } from "../live/capture.js";
import { LiveConnection } from "../live/connection.js";

export class VoiceAnswer {
  constructor(notice) {
    this.notice = notice;
    this.active = null;
    this.transcripts = [];
    this.spokenText = "";
  }

  async toggle(textarea, button) {
    if (this.active) {
      this.stop();
      return;
    }
    this.transcripts = [];
    this.spokenText = textarea.value;
    this.textarea = textarea;
    try {
      const connection = new LiveConnection({
        onEvent: (event) => this.onEvent(event),
        onClose: () => this.stop(),
      });
      await connection.connect({ llm: "none" });
      const stopCapture = await startCapture({ interviewer: "none", candidateMic: true,
        onFrame: (frame) => connection.sendAudio(frame) });
      this.active = { connection, stopCapture, button };
      button.textContent = "Stop listening";
      this.notice.info("Listening: speak your answer; the text appears as you pause.");
    } catch (err) {
      this.notice.error(err);
    }
  }

  onEvent(event) {
    if (event.type === "error") this.notice.error(new Error(event.message));
    if (event.type !== "transcript" || !event.final || event.channel !== "candidate") return;
    this.transcripts.push(event);
    const text = this.textarea.value;
    this.textarea.value = `${text}${text && !text.endsWith(" ") ? " " : ""}${event.text}`;
    this.spokenText = this.textarea.value;
    this.textarea.dispatchEvent(new Event("input")); // keeps the draft
  }

  /** The transcripts to submit, or null when the answer was typed or edited after speaking. */
  finish(currentText) {
    this.stop();
    const spoken = this.transcripts.length && currentText === this.spokenText;
    const result = spoken ? this.transcripts.map(({ channel, text, final, start, end }) =>
      ({ channel, text, final, start, end })) : null;
    this.transcripts = [];
    return result;
  }

  stop() {
    if (!this.active) return;
    const { connection, stopCapture, button } = this.active;
    this.active = null;
    stopCapture();
    connection.stop();
    button.textContent = "Answer by voice";
  }
}

// One channel's turns, from VAD probabilities: speech starts above START, a window below
// RELEASE is silence; after PAUSE_MS of silence the turn so far is decoded ahead (kept if
// the speaker does not go on), and the turn is final after its end silence. The same
// thresholds as the server's intervoo.audio.endpoint but for PAUSE_MS. The end silence is
// END_MS unless the server says otherwise: told the words decoded at the pause, it answers
// with the silence they need by its question-completeness rule (a finished question
// ~200 ms, a trailing phrase up to MAX_END_MS), so the browser waits for that answer
// (`awaitEnd`) and then ends the turn by it (`endAfter`).
import { WINDOW } from "./vad.js";

export const SAMPLE_RATE = 16000;
const WINDOW_MS = (WINDOW * 1000) / SAMPLE_RATE;
const START = 0.5;
const RELEASE = 0.35;
// Shorter than the server's 160 ms: Moonshine keeps the last word's tail at 128 ms where
// tiny.en did not (bench/browser_stt.py --variants current,pause-160: the same WER on the 28
// real clips and 24 spoken questions, and the final ~40 ms sooner at p50).
export const PAUSE_MS = 128;
export const END_MS = 640; // when the server does not say
const MAX_END_MS = 1500; // the server's max_end_silence_ms: the longest any turn waits
const MIN_SPEECH_MS = 128;
const PREROLL_WINDOWS = 8; // 256 ms from before the VAD fired (it fires a little late)
const PARTIAL_EVERY_MS = 1000;
const MAX_TURN_MS = 25000; // Moonshine is trained on short segments: cut long turns

export class Endpointer {
  /** `pauseMs`: the silence that starts the decode ahead (bench/browser_stt.py varies it). */
  constructor(pauseMs = PAUSE_MS) {
    this.pauseMs = pauseMs;
    this.preroll = [];
    this.turns = 0; // turns begun: tells a late partial which turn it belonged to
    this.reset();
  }

  reset() {
    this.windows = null; // the open turn's windows, or null between turns
    this.speechMs = 0;
    this.silenceMs = 0;
    this.endMs = END_MS; // silence that ends the open turn
    this.sincePartialMs = 0;
    this.speechEndAt = 0;
    this.lastSpeech = 0; // index of the turn's last speech window
  }

  /** Feed one window with its probability, at wall time `now`; returns what to do:
   *  null, {kind: "partial"|"pause"|"final", samples, speechEndAt}, or {kind: "resume"}. */
  push(window, probability, now) {
    if (this.windows === null) return this.idle(window, probability, now);
    this.windows.push(window);
    if (probability >= RELEASE) {
      const resumed = this.silenceMs >= this.pauseMs;
      this.speechMs += WINDOW_MS;
      this.silenceMs = 0;
      this.speechEndAt = now;
      this.lastSpeech = this.windows.length - 1;
      this.sincePartialMs += WINDOW_MS;
      if (this.windows.length * WINDOW_MS >= MAX_TURN_MS) return this.end();
      if (resumed) {
        this.endMs = END_MS; // what was said about the words before no longer holds
        return { kind: "resume" };
      }
      if (this.sincePartialMs >= PARTIAL_EVERY_MS) {
        this.sincePartialMs = 0;
        return { kind: "partial", samples: this.samples() };
      }
      return null;
    }
    this.silenceMs += WINDOW_MS;
    if (this.silenceMs >= this.endMs) return this.end();
    if (this.silenceMs === this.pauseMs && this.speechMs >= MIN_SPEECH_MS) {
      return { kind: "pause", samples: this.samples(), speechEndAt: this.speechEndAt };
    }
    return null;
  }

  /** The server will say how much silence ends this turn: wait for it (up to MAX_END_MS). */
  awaitEnd() {
    this.endMs = MAX_END_MS;
  }

  /** The turn ends after `ms` of silence (kept within the pause..MAX_END_MS); true when that
   *  much has passed already, and the caller should end it now. */
  endAfter(ms) {
    this.endMs = Math.min(MAX_END_MS, Math.max(this.pauseMs, Number(ms) || END_MS));
    return this.windows !== null && this.silenceMs >= this.endMs;
  }

  idle(window, probability, now) {
    this.preroll.push(window);
    if (this.preroll.length > PREROLL_WINDOWS) this.preroll.shift();
    if (probability < START) return null;
    this.windows = this.preroll;
    this.preroll = [];
    this.turns += 1;
    this.speechMs = WINDOW_MS;
    this.speechEndAt = now;
    this.lastSpeech = this.windows.length - 1;
    return null;
  }

  /** The turn is over (or the audio ended): its final, or null for a click or a cough. */
  end() {
    const turn = this.windows && this.speechMs >= MIN_SPEECH_MS
      ? { kind: "final", samples: this.samples(), speechEndAt: this.speechEndAt }
      : null;
    this.reset();
    return turn;
  }

  /** The turn's audio up to the pause after its last speech: the same for the decode ahead
   *  at the pause and for the final, so the final can reuse it. */
  samples() {
    const count = Math.min(this.windows.length, this.lastSpeech + 1 + this.pauseMs / WINDOW_MS);
    const out = new Float32Array(count * WINDOW);
    for (let i = 0; i < count; i++) out.set(this.windows[i], i * WINDOW);
    return out;
  }
}

// Speech recognised in this browser: the live screen's side of stt/worker.js. It checks what
// the browser and the server can do, loads the recognizer once (progress bar on the first
// load; later loads come from the browser's cache), and turns capture frames into
// transcripts. No audio is sent anywhere: the frames go to the worker and end there.
import { get } from "../api.js";

export class RecognizerUnavailable extends Error {
  constructor(message) {
    super(message);
    this.name = "RecognizerUnavailable";
  }
}

// The smallest module using a SIMD instruction (i8x16.splat): WebAssembly.validate says
// whether this browser runs WASM SIMD, which the runtime needs.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3,
  2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

function browserProblem() {
  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
    return "This browser has no Web Workers or WebAssembly.";
  }
  if (!WebAssembly.validate(SIMD_PROBE)) return "This browser's WebAssembly has no SIMD.";
  if (!globalThis.crypto?.subtle || !("caches" in globalThis)) {
    return "This page is not in a secure context (use https or http://127.0.0.1).";
  }
  return null;
}

export class BrowserRecognizer {
  /** `onTranscript({channel, text, final, latencyMs, pause?})`, `onProgress({loaded, total})`,
   *  `onSlow(factor)`, `onError(Error)`. `turnEnds`: the caller sends each transcript that
   *  has a `pause` id to the live session and hands its `turn_end` answer to `turnEnd`. */
  constructor(handlers, { tuning = {}, turnEnds = false } = {}) {
    this.handlers = handlers;
    this.tuning = tuning; // bench/browser_stt.py only: the worker's TUNING, to compare variants
    this.turnEnds = turnEnds;
    this.worker = null;
    this.info = null;
    this.waiting = null;
  }

  /** Load (once); resolves with {backend, threads, loadMs, cached}. */
  async load() {
    if (this.info) return this.info;
    const problem = browserProblem();
    if (problem) throw new RecognizerUnavailable(`${problem} Type the questions instead.`);
    const manifest = await get("/browser-stt/manifest.json");
    if (!manifest.available) {
      throw new RecognizerUnavailable("This server cannot give the browser its speech " +
        `recognizer yet: ${manifest.problems.join("; ")}. Type the questions instead.`);
    }
    this.worker = new Worker(new URL("./stt/worker.js", import.meta.url), { type: "module" });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (event) => this.fail(new Error(event.message || "the recognizer stopped"));
    this.info = await this.request({ type: "init", manifest, tuning: this.tuning,
      turnEnds: this.turnEnds }, "ready");
    return this.info;
  }

  request(message, answer) {
    return new Promise((resolve, reject) => {
      this.waiting = { answer, resolve, reject };
      this.worker.postMessage(message);
    });
  }

  receive(data) {
    if (data.type === "transcript") this.handlers.onTranscript?.(data);
    else if (data.type === "progress") this.handlers.onProgress?.(data);
    else if (data.type === "slow") this.handlers.onSlow?.(data.factor);
    else if (data.type === "error") this.fail(new RecognizerUnavailable(data.message));
    else if (this.waiting?.answer === data.type) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(data);
    }
  }

  fail(error) {
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      reject(error);
    } else {
      this.handlers.onError?.(error);
    }
  }

  /** One capture frame (transferred: the caller keeps no copy). */
  feed(frame) {
    this.worker?.postMessage({ type: "audio", frame, at: performance.timeOrigin + performance.now() }, [frame]);
  }

  /** The live session's `turn_end` event: how much silence ends the turn paused at `pause`. */
  turnEnd({ channel, pause, silence_ms: silenceMs }) {
    this.worker?.postMessage({ type: "turn_end", channel, pause, silenceMs });
  }

  /** Every turn still open becomes a final transcript; resolves when all are out. */
  async flush() {
    if (this.worker && this.info) await this.request({ type: "flush" }, "flushed");
  }

  dispose() {
    this.worker?.terminate();
    this.worker = null;
    this.info = null;
  }
}

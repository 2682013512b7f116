// The browser's own speech recognizer, off the page's thread: protocol audio frames in
// (1 channel-tag byte + 16 kHz PCM16, exactly what the server would have been sent), Silero
// VAD and endpointing per channel, Moonshine decoding, transcript messages out. The audio
// goes no further than this worker and is dropped once decoded.
//
// In:  {type: "init", manifest, turnEnds} · {type: "audio", frame, at} · {type: "flush"}
//      {type: "turn_end", channel, pause, silenceMs}: the server's answer to a pause's text
// Out: {type: "progress", loaded, total} · {type: "ready", backend, threads, loadMs, cached}
//      {type: "transcript", channel, text, final, latencyMs?, ahead?, pause?, audioMs, decodeMs}
//      {type: "slow", factor} · {type: "flushed"} · {type: "error", message}
import { loadAssets } from "./assets.js";
import { END_MS, Endpointer, PAUSE_MS, SAMPLE_RATE } from "./endpoint.js";
import { AutoGain } from "./gain.js";
import { Moonshine } from "./moonshine.js";
import { Tokenizer } from "./tokenizer.js";
import { VadStream, WINDOW } from "./vad.js";

const RUNTIME = "/browser-stt/files/";
const MODEL_FILES = ["silero_vad_v6.onnx", "tokenizer.bin", "encoder_model.onnx", "decoder_model_merged.onnx"];
const CHANNELS = ["interviewer", "candidate"];
const MAX_PARTIAL_SPEED = 0.4; // decode time per audio time above which partials are skipped
// What bench/browser_stt.py turns off to measure each change beside the one before.
const TUNING = { prefill: true, yieldSteps: true, abortPartials: true, fetchAll: false, pauseMs: PAUSE_MS };
const now = () => performance.timeOrigin + performance.now();

let recognizer = null;
const pending = []; // audio frames not yet through the VAD, with their arrival time
let draining = null;

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "init") {
      recognizer = await Recognizer.load(data.manifest, data.tuning, Boolean(data.turnEnds));
      post({ type: "ready", ...recognizer.info });
    } else if (data.type === "audio" && recognizer) {
      pending.push(data);
      draining ??= drain().finally(() => { draining = null; });
    } else if (data.type === "turn_end" && recognizer) {
      recognizer.turnEnd(data);
    } else if (data.type === "flush" && recognizer) {
      while (draining) await draining;
      await recognizer.flush();
      post({ type: "flushed" });
    }
  } catch (err) {
    post({ type: "error", message: explain(err) });
  }
};

async function drain() {
  while (pending.length) {
    const { frame, at } = pending.shift();
    await recognizer.feed(frame, at);
  }
}

function post(message) {
  self.postMessage(message);
}

function explain(err) {
  const text = String(err?.message || err);
  if (/memory|OOM|RangeError/i.test(text)) {
    return "This browser ran out of memory for the speech model. Close other tabs, or type the questions.";
  }
  return `Speech recognition in this browser failed: ${text}`;
}

async function runtime() {
  let backend = "wasm";
  try {
    if (self.navigator?.gpu && (await navigator.gpu.requestAdapter())) backend = "webgpu";
  } catch {
    // no usable GPU: WASM
  }
  const ort = await import(`${RUNTIME}${backend === "webgpu" ? "ort.webgpu.min.mjs" : "ort.wasm.min.mjs"}`);
  ort.env.wasm.wasmPaths = RUNTIME;
  // Threads need SharedArrayBuffer, which only a cross-origin isolated page has.
  ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  ort.env.logLevel = "error";
  return { ort, backend };
}

class Recognizer {
  /** `turnEnds`: the page relays each pause's text to the server and its `turn_end` answer
   *  back, so a turn's end silence is the server's (else a fixed END_MS). */
  static async load(manifest, tuning = {}, turnEnds = false) {
    const started = now();
    const { ort, backend } = await runtime();
    const { buffers, cached } = await loadAssets(MODEL_FILES, manifest.files,
      ({ loaded, total }) => post({ type: "progress", loaded, total }));
    const open = (name, providers) => ort.InferenceSession.create(new Uint8Array(buffers[name]),
      { executionProviders: providers, graphOptimizationLevel: "all" });
    const vad = await open("silero_vad_v6.onnx", ["wasm"]); // tiny and stateful: the CPU
    let used = backend;
    let encoder;
    let decoder;
    try {
      const providers = backend === "webgpu" ? ["webgpu", "wasm"] : ["wasm"];
      encoder = await open("encoder_model.onnx", providers);
      decoder = await open("decoder_model_merged.onnx", providers);
    } catch (err) {
      if (backend !== "webgpu") throw err;
      used = "wasm"; // a model the GPU build cannot place: run it on the CPU
      encoder = await open("encoder_model.onnx", ["wasm"]);
      decoder = await open("decoder_model_merged.onnx", ["wasm"]);
    }
    const model = new Moonshine(ort, encoder, decoder, new Tokenizer(buffers["tokenizer.bin"]));
    await model.transcribe(new Float32Array(SAMPLE_RATE / 2)); // first run compiles kernels
    const info = { backend: used, threads: ort.env.wasm.numThreads, loadMs: Math.round(now() - started), cached };
    return new Recognizer(ort, vad, model, info, tuning, turnEnds);
  }

  constructor(ort, vad, model, info, tuning, turnEnds) {
    this.model = model;
    this.info = info;
    this.tuning = { ...TUNING, ...tuning };
    this.turnEnds = turnEnds;
    this.pauses = 0; // ids of pause decodes, to match the server's answers to them
    this.channels = CHANNELS.map(() => ({
      gain: new AutoGain(), vad: new VadStream(ort, vad), turn: new Endpointer(this.tuning.pauseMs), ahead: null,
      agreed: [], lastPartial: null,
    }));
    this.queue = Promise.resolve(); // decodes run one at a time, in order
    this.urgent = 0; // pause and final decodes waiting: a partial running gives way to them
    this.finalsWaiting = 0;
    this.speed = 0; // decode time / audio time of the last decode (0: none yet)
  }

  async feed(frame, at) {
    const view = new DataView(frame);
    const tag = view.getUint8(0);
    const channel = this.channels[tag];
    if (!channel) return;
    const count = (frame.byteLength - 1) >> 1;
    channel.buffer = concat(channel.buffer, count, (i) => view.getInt16(1 + i * 2, true) / 32768);
    while (channel.buffer.length >= WINDOW) {
      const window = channel.buffer.slice(0, WINDOW);
      channel.buffer = channel.buffer.slice(WINDOW);
      const probability = await channel.vad.probability(channel.gain.apply(window));
      this.act(tag, channel, channel.turn.push(window, probability, at));
    }
  }

  act(tag, channel, step) {
    if (!step) return;
    if (step.samples) step.heard = channel.gain.scaleUtterance(step.samples);
    if (step.kind === "resume") this.dropAhead(channel);
    else if (step.kind === "pause") {
      // Decoded ahead, in case the turn ends here; dropped (between two decoder steps) as
      // soon as the speaker goes on, so a pause inside a sentence costs little.
      this.dropAhead(channel);
      const ahead = { id: ++this.pauses, samples: step.samples, at: now(), dropped: false };
      ahead.result = this.decode(step.heard, channel, { stop: () => ahead.dropped });
      channel.ahead = ahead;
      if (this.turnEnds) channel.turn.awaitEnd();
      this.sendAhead(tag, channel, ahead, step.speechEndAt);
    }
    else if (step.kind === "partial") this.partial(tag, step.heard);
    else if (step.kind === "final") this.final(tag, channel, step);
  }

  dropAhead(channel) {
    if (channel.ahead) channel.ahead.dropped = true;
    channel.ahead = null;
  }

  /** Decode `samples` after the decodes before it; null when it was given up: a partial
   *  (`partial`) gives way to a pause or final decode queued behind it, any decode when
   *  `stop()` says it is no longer wanted. */
  decode(samples, channel, { partial = false, stop: unwanted = null } = {}) {
    const { prefill, yieldSteps, fetchAll, abortPartials } = this.tuning;
    const prefix = prefill ? channel.agreed.slice() : [];
    if (!partial) this.urgent += 1;
    const run = this.queue.then(async () => {
      if (!partial) this.urgent -= 1;
      const started = now();
      const yields = partial && abortPartials ? () => this.urgent > 0 : () => false;
      const stop = abortPartials ? () => yields() || Boolean(unwanted?.()) : null;
      const result = await this.model.transcribe(samples, { prefix, stop, yieldSteps, fetchAll });
      if (!result) return null;
      const decodeMs = now() - started;
      this.speed = decodeMs / ((samples.length / SAMPLE_RATE) * 1000);
      return { ...result, decodeMs, started, forced: prefix.length };
    });
    this.queue = run.catch(() => {});
    return run;
  }

  partial(tag, samples) {
    // Partials only fill idle time: a final waiting, or one running, goes first; and only
    // on a machine fast enough that one cannot hold up the final behind it.
    if (this.finalsWaiting > 0 || this.busy || this.speed > MAX_PARTIAL_SPEED) return;
    this.busy = true;
    const channel = this.channels[tag];
    const turn = channel.turn.turns;
    this.decode(samples, channel, { partial: true }).then((result) => {
      if (!result || channel.turn.turns !== turn) return; // gave way, or its turn is over
      // Local agreement: what two partials in a row agree on is kept, and later decodes of
      // this turn start from it (one decoder run) rather than decoding it again token by token.
      if (channel.lastPartial) channel.agreed = commonPrefix(channel.lastPartial, result.tokens);
      channel.lastPartial = result.tokens;
      if (result.text && this.finalsWaiting === 0) this.emit(tag, result.text, false, samples);
    }).finally(() => { this.busy = false; });
  }

  /** The pause decode's text goes out at once as a partial, while the end silence still
   *  runs: the server's detector may take a finished question from it and have the answer
   *  ready when the final (the same text, this decode reused) confirms it. */
  sendAhead(tag, channel, ahead, speechEndAt) {
    const current = () => !ahead.dropped && channel.ahead === ahead;
    ahead.result.then((result) => {
      if (!result?.text || !current() || this.finalsWaiting > 0) return false;
      this.emit(tag, result.text, false, ahead.samples, {
        latencyMs: Math.max(0, Math.round(now() - speechEndAt)), ahead: true, pause: ahead.id,
      });
      return true;
    }).catch(() => false) // a failed decode is reported by the final that reuses it
      .then((sent) => {
        // Nothing went to the server, so no answer will come: the fixed end silence.
        if (!sent && this.turnEnds && current()) this.endTurnAfter(tag, channel, END_MS);
      });
  }

  /** The server's answer to a pause's text: the silence that ends the turn, if the turn is
   *  still the one paused there (the speaker may have gone on, or it ended already). */
  turnEnd({ channel: name, pause, silenceMs }) {
    const tag = CHANNELS.indexOf(name);
    const channel = this.channels[tag];
    if (channel?.ahead?.id !== pause || channel.ahead.dropped) return;
    this.endTurnAfter(tag, channel, silenceMs);
  }

  endTurnAfter(tag, channel, silenceMs) {
    if (channel.turn.endAfter(silenceMs)) this.act(tag, channel, channel.turn.end());
  }

  final(tag, channel, step) {
    const ahead = channel.ahead;
    channel.ahead = null;
    const reused = ahead && ahead.samples.length === step.samples.length;
    if (ahead && !reused) ahead.dropped = true;
    this.finalsWaiting += 1;
    const result = reused ? ahead.result : this.decode(step.heard ?? step.samples, channel);
    channel.agreed = [];
    channel.lastPartial = null;
    const endSeen = now();
    const done = result.then(({ text, decodeMs, started, encoderMs, steps, forced }) => {
      const end = step.speechEndAt;
      const latencyMs = Math.max(0, Math.round(now() - end));
      // Where the latency went, from the end of speech: the end seen (VAD through the end
      // silence), the decode started, and its parts.
      const profile = { endSeenMs: Math.round(endSeen - end), decodeStartMs: Math.round(started - end),
        encoderMs: Math.round(encoderMs), steps, forced, pauseSeenMs: reused ? Math.round(ahead.at - end) : null };
      if (text) this.emit(tag, text, true, step.samples, { latencyMs, decodeMs: Math.round(decodeMs), profile });
      const factor = decodeMs / ((step.samples.length / SAMPLE_RATE) * 1000);
      if (factor > 1) post({ type: "slow", factor: Number(factor.toFixed(2)) });
    }).finally(() => { this.finalsWaiting -= 1; });
    this.lastFinal = done;
    return done;
  }

  emit(tag, text, final, samples, extra = {}) {
    const audioMs = Math.round((samples.length / SAMPLE_RATE) * 1000);
    post({ type: "transcript", channel: CHANNELS[tag], text, final, audioMs, ...extra });
  }

  /** End of audio: every open turn is decoded and sent as a final. */
  async flush() {
    this.channels.forEach((channel, tag) => {
      const step = channel.turn.end();
      if (step) this.act(tag, channel, step);
    });
    await this.queue;
    await this.lastFinal;
  }
}

function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
}

function concat(head, count, sampleAt) {
  const out = new Float32Array((head?.length || 0) + count);
  if (head) out.set(head);
  const offset = head?.length || 0;
  for (let i = 0; i < count; i++) out[offset + i] = sampleAt(i);
  return out;
}

// Silero VAD (v6, from faster-whisper's assets) per 32 ms window, one recurrent state per
// channel, as the server's intervoo.audio.vad runs it: 64 samples of context before each
// 512-sample window, and digital silence (below -80 dBFS) skips the model.
export const WINDOW = 512;
const CONTEXT = 64;
const STATE = 128;
const GATE_RMS = 10 ** (-80 / 20);
const RESET_AFTER_GATED = 16;

export class VadStream {
  constructor(ort, session) {
    this.ort = ort;
    this.session = session;
    this.h = new Float32Array(STATE);
    this.c = new Float32Array(STATE);
    this.input = new Float32Array(CONTEXT + WINDOW);
    this.gated = 0; // windows in a row below the gate
  }

  /** Probability that `window` (WINDOW floats) holds speech. */
  async probability(window) {
    this.input.copyWithin(0, WINDOW); // the last CONTEXT samples become the context
    this.input.set(window, CONTEXT);
    let energy = 0;
    for (const sample of window) energy += sample * sample;
    if (Math.sqrt(energy / WINDOW) < GATE_RMS) {
      // Digital silence (a muted or paused source) never reaches the model, so its state
      // still holds the last speech: after half a second of it, start afresh.
      if (++this.gated === RESET_AFTER_GATED) {
        this.h.fill(0);
        this.c.fill(0);
      }
      return 0;
    }
    this.gated = 0;
    const { Tensor } = this.ort;
    const out = await this.session.run({
      input: new Tensor("float32", this.input.slice(), [1, CONTEXT + WINDOW]),
      h: new Tensor("float32", this.h, [1, 1, STATE]),
      c: new Tensor("float32", this.c, [1, 1, STATE]),
    });
    this.h = out.hn.data.slice();
    this.c = out.cn.data.slice();
    return out.speech_probs.data[0];
  }
}

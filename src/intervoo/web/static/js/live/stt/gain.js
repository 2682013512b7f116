// Automatic gain before VAD and recognition, one per channel: the server's gain stage
// (intervoo.audio.level, where the measurements behind each number are) carried over, so a
// quiet call (speech at -40..-50 dBFS) is heard in the browser as on the server. The VAD
// hears each window gained; the recognizer gets each utterance with one gain.
const TARGET_DBFS = -26;
const MAX_GAIN_DB = 40;
const NOISE_CEILING_DBFS = -50;
const SPEECH_ABOVE_FLOOR_DB = 10;
const FLOOR_SPAN_S = 3;
const LEVEL_FALL_DB_PER_S = 1;
const GAIN_RISE_DB_PER_S = 100;
const PEAK_LIMIT_DBFS = -1;
const SILENT_DBFS = -100;
const ABSOLUTE_SPEECH_FLOOR_DBFS = -80;
const SAMPLE_RATE = 16000;

const dbfs = (value) => (value > 10 ** (SILENT_DBFS / 20) ? 20 * Math.log10(value) : SILENT_DBFS);

function peakOf(samples) {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  return peak;
}

export class AutoGain {
  constructor() {
    this.floors = [];
    this.level = null; // loudness of the speech heard so far (dBFS)
    this.gain = 0; // dB
    this.started = false;
  }

  /** `window` gained (a new array); the gain ramps linearly from the last window's. */
  apply(window) {
    const seconds = window.length / SAMPLE_RATE;
    let energy = 0;
    for (const s of window) energy += s * s;
    const rms = dbfs(Math.sqrt(energy / window.length));
    this.floors.push(rms);
    if (this.floors.length > Math.max(1, Math.round(FLOOR_SPAN_S / seconds))) this.floors.shift();
    const floor = Math.min(...this.floors);
    if (rms >= floor + SPEECH_ABOVE_FLOOR_DB && rms > ABSOLUTE_SPEECH_FLOOR_DBFS) {
      this.level = this.level === null || rms > this.level
        ? rms : Math.max(rms, this.level - LEVEL_FALL_DB_PER_S * seconds);
    }
    let bound = Math.min(MAX_GAIN_DB, NOISE_CEILING_DBFS - floor);
    if (this.level !== null) bound = Math.min(bound, TARGET_DBFS - this.level);
    let wanted = Math.min(Math.max(0, bound), Math.max(0, PEAK_LIMIT_DBFS - dbfs(peakOf(window))));
    let previous = this.started ? this.gain : wanted;
    if (wanted > previous) wanted = Math.min(wanted, previous + GAIN_RISE_DB_PER_S * seconds);
    else previous = wanted; // falls at once: the window that got loud is not boosted
    this.gain = wanted;
    this.started = true;
    if (previous === 0 && wanted === 0) return window;
    const out = new Float32Array(window.length);
    const last = window.length - 1 || 1;
    for (let i = 0; i < window.length; i++) {
      out[i] = window[i] * 10 ** ((previous + ((wanted - previous) * i) / last) / 20);
    }
    return out;
  }

  /** An utterance as it came in, times the current gain (its peak kept under -1 dBFS). */
  scaleUtterance(samples) {
    const gain = Math.min(this.gain, Math.max(0, PEAK_LIMIT_DBFS - dbfs(peakOf(samples))));
    if (gain === 0) return samples;
    const factor = 10 ** (gain / 20);
    return samples.map((s) => s * factor);
  }
}

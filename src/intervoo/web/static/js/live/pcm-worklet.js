// AudioWorklet: whatever rate the browser captures at → 16 kHz mono PCM16 protocol frames.
// Each message is one frame: 1 byte channel tag (0 interviewer, 1 candidate), then 32 ms
// of little-endian int16 samples. Runs on the audio thread, so it allocates per frame only.

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 512; // 32 ms, one VAD window: a frame ends up to this late at the server

class Pcm16Downsampler extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.tag = options.processorOptions.channelTag;
    this.ratio = sampleRate / TARGET_RATE; // `sampleRate` is the worklet scope's global
    this.acc = 0; // running sum of input samples for the output sample being built
    this.count = 0; // how many input samples are in `acc`
    this.due = this.ratio; // input samples still needed for the current output sample
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
  }

  // Box-filter decimation: each output sample is the mean of the input samples it covers,
  // a cheap low-pass that keeps aliasing out of the speech band.
  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const length = channels[0].length;
    for (let i = 0; i < length; i++) {
      let sample = 0;
      for (const channel of channels) sample += channel[i];
      this.acc += sample / channels.length;
      this.count += 1;
      this.due -= 1;
      if (this.due <= 0) {
        this.push(this.acc / this.count);
        this.acc = 0;
        this.count = 0;
        this.due += this.ratio;
      }
    }
    return true;
  }

  push(value) {
    const clipped = Math.max(-1, Math.min(1, value));
    this.frame[this.filled++] = clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff;
    if (this.filled < FRAME_SAMPLES) return;
    const out = new ArrayBuffer(1 + FRAME_SAMPLES * 2);
    const view = new DataView(out);
    view.setUint8(0, this.tag);
    for (let i = 0; i < FRAME_SAMPLES; i++) view.setInt16(1 + i * 2, this.frame[i], true);
    this.port.postMessage(out, [out]);
    this.filled = 0;
  }
}

registerProcessor("pcm16-downsampler", Pcm16Downsampler);

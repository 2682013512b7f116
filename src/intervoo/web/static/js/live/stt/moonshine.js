// Moonshine base-en, greedy decoding with the merged decoder's KV cache (its inputs, read
// with onnxruntime: input_ids, encoder_hidden_states, past_key_values.L.{decoder,encoder}.
// {key,value} [1, 8, T, 52] for 8 layers, use_cache_branch; outputs logits and present.*).
// The first step computes the cross-attention cache from the encoder states; later steps
// feed it back unchanged and grow the self-attention cache by one token.
const LAYERS = 8;
const HEADS = 8;
const HEAD_DIM = 52;
const START = 1n;
const END = 2;
const TOKENS_PER_SECOND = 6.5; // Moonshine's own bound on output length
const SAMPLE_RATE = 16000;

export class Moonshine {
  constructor(ort, encoder, decoder, tokenizer) {
    this.ort = ort;
    this.encoder = encoder;
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    const present = (part) => Array.from({ length: LAYERS }, (_, layer) =>
      ["key", "value"].map((kind) => `present.${layer}.${part}.${kind}`)).flat();
    this.laterFetches = ["logits", ...present("decoder")];
    this.firstFetches = [...this.laterFetches, ...present("encoder")];
  }

  empty() {
    return new this.ort.Tensor("float32", new Float32Array(0), [1, HEADS, 0, HEAD_DIM]);
  }

  /** Text of `samples` (16 kHz mono floats): {text, tokens, encoderMs, steps}, or null when
   *  `stop()` said so between two decoder steps.
   *  `prefix`: tokens already agreed on for this audio (by the partials before it); they are
   *  fed in one decoder run (the no-cache branch takes a sequence) instead of one run each,
   *  and greedy decoding goes on from the last of them.
   *  `yieldSteps`: let the worker's other messages (the VAD's audio) run between steps, so a
   *  long decode does not hold up the end of a turn being seen. */
  async transcribe(samples, { prefix = [], stop = null, yieldSteps = true, fetchAll = false } = {}) {
    if (stop?.()) return null;
    const { Tensor } = this.ort;
    const started = performance.now();
    const encoded = await this.encoder.run({
      input_values: new Tensor("float32", samples, [1, samples.length]),
    });
    const encoderMs = performance.now() - started;
    const limit = Math.ceil((samples.length / SAMPLE_RATE) * TOKENS_PER_SECOND) + 4;
    const forced = prefix.slice(0, limit);
    const first = [START, ...forced.map(BigInt)];
    const feeds = {
      input_ids: new Tensor("int64", BigInt64Array.from(first), [1, first.length]),
      encoder_hidden_states: encoded.last_hidden_state,
      use_cache_branch: new Tensor("bool", [false], [1]),
    };
    for (let layer = 0; layer < LAYERS; layer++) {
      for (const part of ["decoder", "encoder"]) {
        feeds[`past_key_values.${layer}.${part}.key`] = this.empty();
        feeds[`past_key_values.${layer}.${part}.value`] = this.empty();
      }
    }
    const tokens = [...forced];
    let steps = 0;
    while (tokens.length < limit) {
      if (steps > 0 && yieldSteps) await yieldToEvents();
      if (stop?.()) return null;
      // After the first step the cross-attention cache is fed back unchanged: fetching it
      // again would copy it out of the WASM heap on every token for nothing.
      const fetches = steps === 0 || fetchAll ? this.firstFetches : this.laterFetches;
      const out = await this.decoder.run(feeds, fetches);
      const vocabulary = out.logits.dims[2];
      const next = argmax(out.logits.data, out.logits.data.length - vocabulary);
      if (next === END) break;
      tokens.push(next);
      feeds.input_ids = new Tensor("int64", BigInt64Array.of(BigInt(next)), [1, 1]);
      for (let layer = 0; layer < LAYERS; layer++) {
        for (const kind of ["key", "value"]) {
          feeds[`past_key_values.${layer}.decoder.${kind}`] = out[`present.${layer}.decoder.${kind}`];
          if (steps === 0) {
            feeds[`past_key_values.${layer}.encoder.${kind}`] = out[`present.${layer}.encoder.${kind}`];
          }
        }
      }
      feeds.use_cache_branch = new Tensor("bool", [true], [1]);
      steps += 1;
    }
    return { text: this.tokenizer.decode(tokens), tokens, encoderMs, steps: steps + 1 };
  }
}

// A macrotask boundary without setTimeout's clamping: queued worker messages run first.
const tick = new MessageChannel();
const ticks = [];
tick.port1.onmessage = () => ticks.shift()?.();
function yieldToEvents() {
  return new Promise((resolve) => {
    ticks.push(resolve);
    tick.port2.postMessage(0);
  });
}

function argmax(values, from = 0) {
  let best = from;
  for (let i = from + 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best - from;
}

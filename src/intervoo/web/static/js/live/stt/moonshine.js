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
  }

  empty() {
    return new this.ort.Tensor("float32", new Float32Array(0), [1, HEADS, 0, HEAD_DIM]);
  }

  /** Text of `samples` (16 kHz mono floats). */
  async transcribe(samples) {
    const { Tensor } = this.ort;
    const encoded = await this.encoder.run({
      input_values: new Tensor("float32", samples, [1, samples.length]),
    });
    const feeds = {
      input_ids: new Tensor("int64", BigInt64Array.of(START), [1, 1]),
      encoder_hidden_states: encoded.last_hidden_state,
      use_cache_branch: new Tensor("bool", [false], [1]),
    };
    for (let layer = 0; layer < LAYERS; layer++) {
      for (const part of ["decoder", "encoder"]) {
        feeds[`past_key_values.${layer}.${part}.key`] = this.empty();
        feeds[`past_key_values.${layer}.${part}.value`] = this.empty();
      }
    }
    const limit = Math.ceil((samples.length / SAMPLE_RATE) * TOKENS_PER_SECOND) + 4;
    const tokens = [];
    for (let step = 0; step < limit; step++) {
      const out = await this.decoder.run(feeds);
      const next = argmax(out.logits.data);
      if (next === END) break;
      tokens.push(next);
      feeds.input_ids = new Tensor("int64", BigInt64Array.of(BigInt(next)), [1, 1]);
      for (let layer = 0; layer < LAYERS; layer++) {
        for (const kind of ["key", "value"]) {
          feeds[`past_key_values.${layer}.decoder.${kind}`] = out[`present.${layer}.decoder.${kind}`];
          if (step === 0) {
            feeds[`past_key_values.${layer}.encoder.${kind}`] = out[`present.${layer}.encoder.${kind}`];
          }
        }
      }
      feeds.use_cache_branch = new Tensor("bool", [true], [1]);
    }
    return this.tokenizer.decode(tokens);
  }
}

function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

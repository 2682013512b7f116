// Moonshine's tokenizer.bin (shipped with moonshine-cpp): the vocabulary in id order, each
// entry a length (one byte, or two with the high bit set on the first) and its UTF-8 bytes.
// "▁" stands for a space; ids 3..258 are single raw bytes (byte fallback).
const SPACE = "\u2581";

export class Tokenizer {
  constructor(buffer) {
    const data = new Uint8Array(buffer);
    this.pieces = [];
    let at = 0;
    while (at < data.length) {
      let length = data[at++];
      if (length >= 128) length = (length & 127) | (data[at++] << 7);
      this.pieces.push(data.subarray(at, at + length));
      at += length;
    }
    this.decoder = new TextDecoder("utf-8");
  }

  /** Text of `ids`, special tokens (<unk> <s> </s>) left out. */
  decode(ids) {
    const parts = ids.filter((id) => id > 2 && id < this.pieces.length).map((id) => this.pieces[id]);
    const size = parts.reduce((sum, p) => sum + p.length, 0);
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return this.decoder.decode(bytes).replaceAll(SPACE, " ").trim();
  }
}

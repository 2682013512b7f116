// The recognizer's files: from the browser's Cache API when a copy with the right sha256 is
// there, else from our own server (never a CDN), with progress, checked, then kept.
const CACHE = "intervoo-browser-stt-v1";
const BASE = "/browser-stt/files/";

export class AssetError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssetError";
  }
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function download(url, onBytes) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    throw new AssetError(`The server could not give ${url} (HTTP ${response.status}).`);
  }
  const reader = response.body.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole.buffer;
}

/**
 * Load every file in `names` (with `files[name] = {sha256, size}` from the manifest).
 * `onProgress({loaded, total, cached})` as bytes arrive. Returns {name: ArrayBuffer} and
 * whether every file came from the cache.
 */
export async function loadAssets(names, files, onProgress) {
  const cache = "caches" in self ? await caches.open(CACHE) : null;
  const total = names.reduce((sum, name) => sum + (files[name].size || 0), 0);
  let loaded = 0;
  let fromCache = true;
  const tick = (bytes) => {
    loaded += bytes;
    onProgress({ loaded, total });
  };
  const out = {};
  for (const name of names) {
    const { sha256: want } = files[name];
    const url = `${BASE}${name}`;
    const kept = cache ? await cache.match(url) : undefined;
    let buffer = kept ? await kept.arrayBuffer() : null;
    if (buffer && (await sha256(buffer)) === want) {
      tick(buffer.byteLength);
    } else {
      if (buffer) await cache.delete(url); // damaged or from another version
      fromCache = false;
      buffer = await download(url, tick);
      if ((await sha256(buffer)) !== want) {
        throw new AssetError(`${name} from the server does not match its sha256: not used.`);
      }
      if (cache) await cache.put(url, new Response(buffer.slice(0)));
    }
    out[name] = buffer;
  }
  return { buffers: out, cached: fromCache };
}

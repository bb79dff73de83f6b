// tradeproof's embedded verifier in JavaScript: loads the WebAssembly module built from
// verifier/wasm (`cargo build -p tradeproof-verifier-wasm --profile wasm --target wasm32-unknown-unknown`, then
// optionally `wasm-opt -Oz`)
// with the standard WebAssembly API, in Node or a browser, and frames requests for it.
//
//   import { load } from "./tradeproof-verifier.mjs";
//   const verifier = await load(wasmBytes);             // a BufferSource, or a Response (fetch)
//   const report = verifier.verifyBatch({ keys, items, entropy, context });
//   // keys: [Uint8Array] (binary verifying keys), items: [[statement, proof]] (Uint8Array each),
//   // entropy: Uint8Array (optional; a block hash, a VRF output — see the crate docs),
//   // context: Uint8Array(32) (optional; every statement must carry it).
//   // report: { total, valid, invalid: [{ index, reason }] } or { error: "message" }
//
// Malformed input never traps: the module answers with { error }, and a malformed item is reported
// as invalid with reason "malformed".

const REASONS = {
  1: "malformed",
  2: "unknown circuit",
  3: "wrong circuit",
  4: "kind mismatch",
  5: "wrong context",
  6: "invalid proof",
};

function u32(n) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/// The request bytes for `verifyBatch`'s arguments.
export function encodeRequest({ keys = [], items = [], entropy = new Uint8Array(0), context = null }) {
  const parts = [u32(entropy.length), entropy];
  if (context) {
    if (context.length !== 32) throw new Error("context must be 32 bytes");
    parts.push(Uint8Array.of(1), context);
  } else {
    parts.push(Uint8Array.of(0));
  }
  parts.push(u32(keys.length));
  for (const k of keys) parts.push(u32(k.length), k);
  parts.push(u32(items.length));
  for (const [s, p] of items) parts.push(u32(s.length), s, u32(p.length), p);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/// Decodes a response body.
export function decodeResponse(body) {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body[0] !== 0) return { error: new TextDecoder().decode(body.subarray(1)) };
  const total = view.getUint32(1, true);
  const valid = view.getUint32(5, true);
  const k = view.getUint32(9, true);
  const invalid = [];
  for (let i = 0; i < k; i++) {
    const at = 13 + 5 * i;
    invalid.push({ index: view.getUint32(at, true), reason: REASONS[body[at + 4]] ?? "unknown" });
  }
  return { total, valid, invalid };
}

/// Instantiates the module (no imports) and returns the verifier.
export async function load(source) {
  const { instance } =
    typeof Response !== "undefined" && source instanceof Response
      ? await WebAssembly.instantiateStreaming(source, {})
      : await WebAssembly.instantiate(source, {});
  const { memory, tp_alloc, tp_free, tp_verify, tp_version } = instance.exports;
  if (tp_version() !== 1) throw new Error(`unsupported module version ${tp_version()}`);
  function call(request) {
    const ptr = request.length ? tp_alloc(request.length) : 0;
    new Uint8Array(memory.buffer, ptr, request.length).set(request);
    const out = tp_verify(ptr, request.length);
    if (ptr) tp_free(ptr, request.length);
    const len = new DataView(memory.buffer).getUint32(out, true);
    const body = new Uint8Array(memory.buffer, out + 4, len).slice();
    tp_free(out, len + 4);
    return decodeResponse(body);
  }
  return {
    verifyBatch: (request) => call(encodeRequest(request)),
    verifyRaw: (bytes) => call(bytes),
  };
}

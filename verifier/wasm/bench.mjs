// The WebAssembly verifier's speed in Node, on the items `benches/embedded.rs` measures natively: the
// valid items of the vectors `examples/verifier_vectors` writes (value range and customs clearance),
// repeated to 256. Each request carries the two verifying keys, which the module decodes per call (as
// the native `core_*` functions do). Prints the median of the runs for a request of no item (the keys'
// decoding and preparation alone), one item and 256, in ms, and the ratios to the native figures if
// given (criterion's estimates, in ms: `embedded/core_single` and `core_batch256`, the same work; then
// optionally `embedded/scalar_single` and `scalar_batch256`, tradeproof's verifier with prepared keys).
//
// usage: node verifier/wasm/bench.mjs MODULE.wasm VECTORS.json [CORE_SINGLE CORE_BATCH256 [SCALAR_SINGLE SCALAR_BATCH256]]
import { readFileSync } from "node:fs";
import { load } from "./tradeproof-verifier.mjs";

const [wasmPath, vectorsPath, coreSingle, coreBatch, scalarSingle, scalarBatch] = process.argv.slice(2);
if (!wasmPath || !vectorsPath) {
  console.error("usage: node bench.mjs MODULE.wasm VECTORS.json [CORE_SINGLE CORE_BATCH256 [SCALAR_SINGLE SCALAR_BATCH256]]");
  process.exit(2);
}
const hex = (s) => Uint8Array.from(Buffer.from(s, "hex"));
const v = JSON.parse(readFileSync(vectorsPath, "utf8"));
const keys = v.keys.map(hex);
const faulty = new Set(v.faults.map(([i]) => i));
const valid = v.items.filter((_, i) => !faulty.has(i)).map(([s, p]) => [hex(s), hex(p)]);
const items = Array.from({ length: 256 }, (_, i) => valid[i % valid.length]);
const wasm = readFileSync(wasmPath);
const verifier = await load(wasm);

function median(n, f) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

const run = (batch) => () => {
  const r = verifier.verifyBatch({ keys, items: batch });
  if (r.error || r.valid !== batch.length) throw new Error(`unexpected verdict: ${JSON.stringify(r)}`);
};
run(items.slice(0, 1))(); // warm up
const prepare = median(21, run([]));
const single = median(21, run(items.slice(0, 1)));
const batch = median(11, run(items));
console.log(`WebAssembly (${wasm.length} bytes), Node ${process.version}, one thread:`);
console.log(`  keys only  ${prepare.toFixed(2)} ms (decoding and preparing the two keys, every request)`);
console.log(`  single     ${single.toFixed(2)} ms`);
console.log(`  batch256   ${batch.toFixed(1)} ms (${((1000 * 256) / batch).toFixed(0)} claims/s)`);
const ratios = (what, s, b) => {
  if (s && b) {
    console.log(`  ratio to ${what}: single ${(single / Number(s)).toFixed(2)}x, batch256 ${(batch / Number(b)).toFixed(2)}x`);
  }
};
ratios("the embedded verifier natively (same work)", coreSingle, coreBatch);
ratios("tradeproof's scalar backend, keys prepared", scalarSingle, scalarBatch);

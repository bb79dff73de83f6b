// The WebAssembly verifier on real proofs (tests/../examples/verifier_vectors writes them, with the
// native verifier's verdicts): the verdicts and culprit indices must be the native ones, with and
// without entropy, and malformed requests must give an error value, never a trap.
//
// usage: node verifier/wasm/test.mjs MODULE.wasm VECTORS.json
import { readFileSync } from "node:fs";
import { load } from "./tradeproof-verifier.mjs";

const [wasmPath, vectorsPath] = process.argv.slice(2);
if (!wasmPath || !vectorsPath) {
  console.error("usage: node test.mjs MODULE.wasm VECTORS.json");
  process.exit(2);
}
const hex = (s) => Uint8Array.from(Buffer.from(s, "hex"));
const v = JSON.parse(readFileSync(vectorsPath, "utf8"));
const keys = v.keys.map(hex);
const items = v.items.map(([s, p]) => [hex(s), hex(p)]);
const wasm = readFileSync(wasmPath);
const verifier = await load(wasm);

let failures = 0;
function check(ok, what, detail) {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) {
    failures += 1;
    if (detail !== undefined) console.log(`       ${JSON.stringify(detail)}`);
  }
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

console.log(`WebAssembly verifier (${wasm.length} bytes) on ${items.length} items of ${v.kinds.join(", ")}:`);
for (const [name, entropy] of [
  ["no entropy (consensus)", new Uint8Array(0)],
  ["a block hash", hex("9f".repeat(32))],
]) {
  const t0 = performance.now();
  const r = verifier.verifyBatch({ keys, items, entropy });
  const ms = performance.now() - t0;
  const indices = (r.invalid ?? []).map((x) => x.index);
  check(
    !r.error && r.total === v.expected.total && r.valid === v.expected.valid && same(indices, v.expected.invalid),
    `${name}: ${r.valid}/${r.total} valid, culprits ${JSON.stringify(indices)} = native (${ms.toFixed(0)} ms)`,
    r,
  );
}
// Throughput on the valid items alone (one batch check, no culprit search), for the record.
{
  const faulty = new Set(v.faults.map(([i]) => i));
  const valid = items.filter((_, i) => !faulty.has(i));
  verifier.verifyBatch({ keys, items: valid });
  const t0 = performance.now();
  const runs = 3;
  for (let i = 0; i < runs; i++) verifier.verifyBatch({ keys, items: valid });
  const ms = (performance.now() - t0) / runs;
  console.log(`  info an all-valid batch of ${valid.length}: ${ms.toFixed(0)} ms, ${((1000 * valid.length) / ms).toFixed(0)} claims/s from bytes (one thread)`);
}
// The faults' reasons: malformed items are reported as malformed.
const r = verifier.verifyBatch({ keys, items });
for (const [index, fault] of v.faults) {
  const got = r.invalid.find((x) => x.index === index);
  const malformed = ["proof truncated", "input not canonical", "garbage"].includes(fault);
  check(got && (got.reason === "malformed") === malformed, `item ${index} (${fault}): ${got?.reason}`);
}
// A context rule: every statement's context must equal the given one, and none does.
const wrong = verifier.verifyBatch({ keys, items: items.slice(0, 4), context: new Uint8Array(32) });
check(!wrong.error && wrong.invalid.every((x) => x.reason === "wrong context" || x.reason === "malformed") && wrong.valid === 0,
  "a required context no statement carries: every item rejected", wrong);

// Malformed requests and keys: an error value, never a trap.
const request = (await import("./tradeproof-verifier.mjs")).encodeRequest({ keys, items: items.slice(0, 3) });
const cases = [
  ["an empty request", new Uint8Array(0)],
  ["garbage", Uint8Array.from({ length: 97 }, (_, i) => (i * 37) & 0xff)],
  ["a truncated request", request.subarray(0, request.length - 5)],
  ["trailing bytes", Uint8Array.from([...request, 0])],
  ["a huge key count", Uint8Array.from([0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f])],
];
for (const [what, bytes] of cases) {
  let out;
  try {
    out = verifier.verifyRaw(bytes);
  } catch (e) {
    out = { trap: String(e) };
  }
  check(typeof out.error === "string", `${what}: error value "${out.error ?? ""}"`, out);
}
const badKey = keys[0].slice();
badKey[40] ^= 0xff;
const k = verifier.verifyBatch({ keys: [badKey], items });
check(typeof k.error === "string", `a corrupted key: error value "${k.error ?? ""}"`, k);
// Every truncation of one item's proof: malformed, never a trap.
let traps = 0;
for (let cut = 0; cut < items[0][1].length; cut += 7) {
  try {
    const out = verifier.verifyBatch({ keys, items: [[items[0][0], items[0][1].subarray(0, cut)]] });
    if (out.invalid?.[0]?.reason !== "malformed") traps += 1;
  } catch {
    traps += 1;
  }
}
check(traps === 0, "truncated proofs are malformed items, never a trap");

if (failures) {
  console.error(`${failures} WebAssembly check(s) failed`);
  process.exit(1);
}
console.log("WebAssembly checks passed");

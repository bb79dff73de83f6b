// Runs `snarkjs groth16 verify` (the pinned snarkjs CLI from node_modules) on the files written by
// `examples/export_snarkjs.rs`: the proof must be accepted, and rejected with any one public input
// changed.
//
// usage: node snarkjs-check.mjs DIR
//   DIR holds verification_key.json, proof.json and public.json.
// Exits non-zero on any failed check.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "node_modules", "snarkjs", "build", "cli.cjs");

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node snarkjs-check.mjs DIR");
  process.exit(2);
}
const vk = join(dir, "verification_key.json");
const proof = join(dir, "proof.json");
const publicPath = join(dir, "public.json");
const version = JSON.parse(readFileSync(join(here, "node_modules", "snarkjs", "package.json"), "utf8")).version;

/// Exit status of `snarkjs groth16 verify VK PUBLIC PROOF` (0: valid, 1: invalid).
function verify(pub) {
  const r = spawnSync(process.execPath, [cli, "groth16", "verify", vk, pub, proof], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

let failures = 0;
function check(ok, what, output) {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) {
    failures += 1;
    if (output) console.log(output.replace(/^/gm, "       "));
  }
}

console.log(`snarkjs ${version} groth16 verify on ${dir}:`);
const valid = verify(publicPath);
check(valid.status === 0, "the exported proof is accepted", valid.output);

const signals = JSON.parse(readFileSync(publicPath, "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "tradeproof-snarkjs-"));
try {
  for (let i = 0; i < signals.length; i++) {
    const changed = signals.slice();
    changed[i] = ((BigInt(signals[i]) + 1n) % R).toString();
    const path = join(scratch, `public_${i}.json`);
    writeFileSync(path, JSON.stringify(changed));
    const r = verify(path);
    check(r.status === 1, `public input ${i} changed: rejected`, r.output);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`${failures} snarkjs check(s) failed`);
  process.exit(1);
}
console.log(`snarkjs checks passed (${signals.length + 1} runs)`);

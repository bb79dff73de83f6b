// Compiles a verifier written by `examples/export_solidity.rs` with solc-js, deploys it in an
// in-process EVM (@ethereumjs/evm, Cancun rules, BN254 precompiles 0x06-0x08), and checks that
// verifyProof accepts the exported proof and rejects tampered proofs and public inputs.
//
// usage: node evm-check.mjs DIR
//   DIR holds Verifier.sol, calldata.hex and arguments.json.
// Prints the gas used by the valid call; exits non-zero on any failed check.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import solc from "solc";
import { createEVM } from "@ethereumjs/evm";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";

const EVM_VERSION = "cancun";
// BN254 base field (coordinates) and scalar field (public inputs).
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node evm-check.mjs DIR");
  process.exit(2);
}

let failures = 0;
function check(ok, what) {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

// ----- compile -----
const source = readFileSync(join(dir, "Verifier.sol"), "utf8");
const input = {
  language: "Solidity",
  sources: { "Verifier.sol": { content: source } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: EVM_VERSION,
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors ?? [];
for (const d of diagnostics) console.log(d.formattedMessage.trimEnd());
if (diagnostics.some((d) => d.severity === "error")) {
  console.error("solc failed");
  process.exit(1);
}
if (diagnostics.length > 0) {
  // The template is meant to compile cleanly: warnings are failures too.
  console.error("solc printed warnings");
  process.exit(1);
}
const contracts = output.contracts["Verifier.sol"];
const names = Object.keys(contracts);
if (names.length !== 1) {
  console.error(`expected one contract, found ${names.join(", ")}`);
  process.exit(1);
}
const name = names[0];
const compiled = contracts[name];
console.log(`compiled ${name} with solc ${solc.version()} (evm ${EVM_VERSION}), runtime code ${compiled.evm.deployedBytecode.object.length / 2} bytes`);

// ----- calldata -----
const calldata = hexToBytes(readFileSync(join(dir, "calldata.hex"), "utf8").trim());
const args = JSON.parse(readFileSync(join(dir, "arguments.json"), "utf8"));
const n = args[3].length;
const signature = `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[${n}])`;
const selector = compiled.evm.methodIdentifiers[signature];
check(selector !== undefined, `the contract has ${signature}`);
check(bytesToHex(calldata.slice(0, 4)) === `0x${selector}`, `calldata selector is solc's 0x${selector}`);
check(calldata.length === 4 + 32 * (8 + n), `calldata is ${4 + 32 * (8 + n)} bytes`);
const flat = [...args[0], ...args[1][0], ...args[1][1], ...args[2], ...args[3]].map(BigInt);
const word = (i) => BigInt(bytesToHex(calldata.slice(4 + 32 * i, 4 + 32 * (i + 1))));
check(flat.every((x, i) => x === word(i)), "arguments.json matches calldata.hex word for word");

/// Calldata with word `i` (0-based after the selector) replaced by `f(old)`.
function withWord(i, f) {
  const data = calldata.slice();
  const v = f(word(i));
  data.set(hexToBytes(`0x${v.toString(16).padStart(64, "0")}`), 4 + 32 * i);
  return data;
}
/// Calldata with the `len` words at `i` and at `j` swapped.
function swapWords(i, j, len = 1) {
  const data = calldata.slice();
  const at = (k) => calldata.slice(4 + 32 * k, 4 + 32 * (k + len));
  data.set(at(j), 4 + 32 * i);
  data.set(at(i), 4 + 32 * j);
  return data;
}

// ----- deploy and call -----
const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
const evm = await createEVM({ common });
const deployed = await evm.runCall({ data: hexToBytes(`0x${compiled.evm.bytecode.object}`), gasLimit: 30_000_000n });
if (deployed.execResult.exceptionError || !deployed.createdAddress) {
  console.error("deployment failed", deployed.execResult.exceptionError);
  process.exit(1);
}
const to = deployed.createdAddress;

async function call(data) {
  const r = await evm.runCall({ to, data, gasLimit: 10_000_000n });
  const reverted = r.execResult.exceptionError !== undefined;
  const ret = r.execResult.returnValue;
  const result = !reverted && ret.length === 32 ? BigInt(bytesToHex(ret)) : null;
  return { reverted, result, gas: r.execResult.executionGasUsed };
}
const accepted = (r) => !r.reverted && r.result === 1n;
const rejected = (r) => !r.reverted && r.result === 0n;

console.log(`${name}.verifyProof, ${n} public inputs:`);
const valid = await call(calldata);
check(accepted(valid), "the exported proof is accepted");

// Proof tampering. Words: 0-1 A, 2-5 B ([x.c1, x.c0, y.c1, y.c0]), 6-7 C, 8.. inputs.
check(rejected(await call(withWord(1, (y) => (Q - y) % Q))), "A negated (a valid point, wrong proof) is rejected");
check(rejected(await call(withWord(1, (y) => (y + 1n) % Q))), "A moved off the curve is rejected");
check(rejected(await call(withWord(0, (x) => x + Q))), "A with a coordinate not below q is rejected");
check(rejected(await call(swapWords(2, 3))), "B in snarkjs order (c0 first) is rejected");
check(rejected(await call(withWord(4, (y) => (y + 1n) % Q))), "B moved off the curve is rejected");
check(rejected(await call(withWord(7, (y) => (Q - y) % Q))), "C negated is rejected");
check(rejected(await call(swapWords(0, 6, 2))), "A and C swapped (valid points, wrong proof) are rejected");

// Public input tampering: every input changed by one, and a non-canonical input (x + r).
for (let i = 0; i < n; i++) {
  check(rejected(await call(withWord(8 + i, (x) => (x + 1n) % R))), `input[${i}] + 1 is rejected`);
}
check(rejected(await call(withWord(8, (x) => x + R))), "input[0] + r (same residue, not below r) is rejected");
check((await call(new Uint8Array([...hexToBytes("0xdeadbeef"), ...calldata.slice(4)]))).reverted, "an unknown selector reverts");
check((await call(calldata.slice(0, calldata.length - 32))).reverted, "short calldata reverts");

// Gas: execution as measured, plus the transaction's intrinsic cost (21000 + EIP-2028 calldata) for a
// direct call.
const intrinsic = 21000n + calldata.reduce((g, b) => g + (b === 0 ? 4n : 16n), 0n);
console.log(`gas used by verifyProof: ${valid.gas} execution, ${valid.gas + intrinsic} as a transaction (incl. ${intrinsic} intrinsic)`);

if (failures > 0) {
  console.error(`${failures} EVM check(s) failed`);
  process.exit(1);
}
console.log(`EVM checks passed for ${name}`);

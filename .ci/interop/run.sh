#!/usr/bin/env bash
# Interop checks for tradeproof's snarkjs and Solidity exports (needs Node >= 20, npm and the npm
# registry; nothing else is downloaded):
#   1. npm ci: pinned snarkjs, solc (solc-js, the compiler ships inside the package) and @ethereumjs/evm;
#   2. examples/export_snarkjs proves a customs-clearance claim and writes verification_key.json,
#      proof.json and public.json; `snarkjs groth16 verify` must accept them and reject every changed
#      public input;
#   3. examples/export_solidity writes the Solidity verifier and the calldata; the contract is compiled
#      with solc and run in an EVM: the proof is accepted, tampered proofs and inputs are rejected, and
#      the gas used is printed;
#   4. the same for sensor-range, selective-disclosure and escrow proofs (export_snarkjs --claim …,
#      contracts by --name);
#   5. examples/export_r1cs writes claim circuits as circom .r1cs: `snarkjs r1cs info` must report
#      tradeproof's counts and `snarkjs r1cs export json` the same constraints;
#   6. a small snarkjs ceremony for the value-range claim on tradeproof's .r1cs with ceremony/run.sh
#      (phase 1 at power 12, three phase-2 contributions and a beacon, `zkey verify`); tradeproof imports
#      the whole key, proves a batch of 16 with its batched prover (snarkjs's QAP reduction) and
#      verifies it; `snarkjs groth16 verify` (with the key snarkjs exports, and every changed public
#      input rejected) and the Solidity verifier in the EVM accept tradeproof's proofs; then snarkjs
#      proves and tradeproof verifies, refusing the key for another claim, tampered, or without
#      contribution (examples/ceremony);
#   7. the same for the snarkjs-made mul.circom vector (tests/vectors/snarkjs-mul) through tradeproof's
#      Solidity template, and a negative control: snarkjs must reject public_bad.json.
# Exits non-zero on any failure.
#
# usage: .ci/interop/run.sh            (from anywhere; builds with `cargo build --release`)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

step() { printf '\n== %s\n' "$*"; }

command -v node >/dev/null || { echo "node is required (>= 20)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "node >= 20 is required, found $(node --version)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tradeproof-interop.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step "npm ci (.ci/interop)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

step "cargo build --release --example export_snarkjs --example export_solidity"
cargo build --release --example export_snarkjs --example export_solidity

step "export a customs-clearance proof in snarkjs format"
cargo run --quiet --release --example export_snarkjs -- "$work/customs"

step "export the Solidity verifier and calldata"
cargo run --quiet --release --example export_solidity -- "$work/customs"

step "snarkjs groth16 verify (tradeproof export)"
node "$here/snarkjs-check.mjs" "$work/customs"

step "EVM: CustomsClearanceVerifier"
node "$here/evm-check.mjs" "$work/customs" | tee "$work/evm-customs.log"

step "a sensor-range proof (96 thermometer readings): snarkjs and the EVM"
cargo run --quiet --release --example export_snarkjs -- "$work/sensor" --claim sensor_range
cargo run --quiet --release --example export_solidity -- "$work/sensor" --name SensorRangeVerifier
node "$here/snarkjs-check.mjs" "$work/sensor"
node "$here/evm-check.mjs" "$work/sensor" | tee "$work/evm-sensor.log"

for claim in selective_disclosure escrow; do
  step "$claim proof: snarkjs and the EVM"
  cargo run --quiet --release --example export_snarkjs -- "$work/$claim" --claim "$claim"
  name="$(printf '%s' "$claim" | sed -E 's/(^|_)([a-z])/\U\2/g')Verifier"
  cargo run --quiet --release --example export_solidity -- "$work/$claim" --name "$name"
  node "$here/snarkjs-check.mjs" "$work/$claim"
  node "$here/evm-check.mjs" "$work/$claim" | tee "$work/evm-$claim.log"
done

step "circom .r1cs export read by snarkjs (r1cs info, r1cs export json)"
cargo build --release --example export_r1cs
for claim in value_range customs_clearance; do
  cargo run --quiet --release --example export_r1cs -- "$work/r1cs" --claim "$claim"
  node "$here/r1cs-check.mjs" "$work/r1cs" "$claim"
done

step "a small ceremony for the value-range claim (ceremony/run.sh): snarkjs phase 1 (power 12), setup on tradeproof's .r1cs, three contributions, a beacon, zkey verify; tradeproof proves a batch with the ceremony key, snarkjs and the EVM verify"
c="$work/ceremony"
ceremony/run.sh --claim value_range --power 12 --out "$c" | grep -v '^\s' | grep -v 'snarkJS.*Hash' | tail -25
for p in p0 p15; do
  # Under the verifying key as snarkjs exports it from the ceremony's zkey.
  cp "$c/verification_key.json" "$c/tradeproof/$p/verification_key.json"
  node "$here/snarkjs-check.mjs" "$c/tradeproof/$p"
done
cargo run --quiet --release --example export_solidity -- "$c/tradeproof/p0" --name ValueRangeCeremonyVerifier
node "$here/evm-check.mjs" "$c/tradeproof/p0" | tee "$work/evm-ceremony.log"

step "the same ceremony's key the other way: snarkjs proves, tradeproof verifies and refuses the key for another claim, tampered, or uncontributed"
snarkjs() { node "$here/node_modules/snarkjs/build/cli.cjs" "$@"; }
cargo run --quiet --release --example ceremony -- witness "$c"
snarkjs groth16 prove "$c/final.zkey" "$c/witness.wtns" "$c/proof.json" "$c/public.json"
cargo run --quiet --release --example ceremony -- verify "$c/final.zkey" "$c/phase1.ptau" "$c" --uncontributed "$c/k0.zkey"

step "EVM: snarkjs-made mul.circom vector through tradeproof's Solidity template"
mkdir -p "$work/mul"
cp tests/vectors/snarkjs-mul/vk.json "$work/mul/verification_key.json"
cp tests/vectors/snarkjs-mul/proof.json tests/vectors/snarkjs-mul/public.json "$work/mul/"
cargo run --quiet --release --example export_solidity -- "$work/mul" --name MulVerifier
node "$here/evm-check.mjs" "$work/mul" | tee "$work/evm-mul.log"

step "negative control: snarkjs must reject the mul vector with public_bad.json"
mkdir -p "$work/mul-bad"
cp "$work/mul/verification_key.json" "$work/mul/proof.json" "$work/mul-bad/"
cp tests/vectors/snarkjs-mul/public_bad.json "$work/mul-bad/public.json"
if node "$here/snarkjs-check.mjs" "$work/mul-bad" >"$work/control.log" 2>&1; then
  cat "$work/control.log"
  echo "the snarkjs check accepted public_bad.json" >&2
  exit 1
fi
echo "rejected, as it must be"

step "gas"
printf 'CustomsClearanceVerifier (8 inputs): %s\n' "$(grep '^gas used' "$work/evm-customs.log")"
printf 'SensorRangeVerifier (11 inputs):     %s\n' "$(grep '^gas used' "$work/evm-sensor.log")"
printf 'SelectiveDisclosureVerifier (17 inputs): %s\n' "$(grep '^gas used' "$work/evm-selective_disclosure.log")"
printf 'EscrowVerifier (8 inputs):           %s\n' "$(grep '^gas used' "$work/evm-escrow.log")"
printf 'ValueRangeCeremonyVerifier (6 inputs): %s\n' "$(grep '^gas used' "$work/evm-ceremony.log")"
printf 'MulVerifier (1 input):               %s\n' "$(grep '^gas used' "$work/evm-mul.log")"
echo
echo "interop checks passed"

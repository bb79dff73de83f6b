#!/usr/bin/env bash
# A Groth16 key ceremony for one tradeproof claim, run with snarkjs 0.7.6 (pinned in
# ceremony/package.json, fetched from npm by this script), then used by tradeproof:
#
#   1. phase 1: a supplied prepared `.ptau` (--ptau, e.g. a Perpetual Powers of Tau / Hermez file), or
#      a local one (`powersoftau new`, one contribution, `prepare phase2`) — local phase 1 is for
#      trying the ceremony out, a deployment uses a public phase 1;
#   2. the claim's circuit exported by tradeproof as a circom `.r1cs` (examples/export_r1cs);
#   3. phase 2: `groth16 setup`, three contributions from different parties ("port", "bank",
#      "regulator"; in a real ceremony each runs `zkey contribute` on its own machine and passes the
#      file on), a random beacon (--beacon HEX: in production a public value fixed after the last
#      contribution, e.g. a future block hash), and `zkey verify` against the `.r1cs` and the `.ptau`;
#   4. tradeproof imports the key (examples/ceremony prove: the verifying key checked against the
#      circuit and recomputed from the phase-1 file, the proving key with snarkjs's QAP reduction),
#      proves a batch of 16 claims with its batched prover and verifies them as a batch, and prints the
#      key's fingerprint, which a consortium pins in its ledgers' configuration;
#   5. `snarkjs groth16 verify` accepts tradeproof's proofs under the key snarkjs exports.
#
# usage: ceremony/run.sh [--claim value_range|customs_clearance] [--out DIR] [--ptau FILE]
#                        [--power K] [--beacon HEX]
# --power K makes the local phase 1 at power K (default: the smallest the circuit needs, which
# examples/export_r1cs prints).
# The keys end up in DIR (default target/ceremony/<claim>): final.zkey, verification_key.json,
# transcript.log. Contribution entropy comes from /dev/urandom. Needs node >= 20, npm and cargo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

claim=value_range
out=""
ptau=""
want_power=0
beacon=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
while [ $# -gt 0 ]; do
  case "$1" in
    --claim) claim="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --ptau) ptau="$2"; shift 2 ;;
    --power) want_power="$2"; shift 2 ;;
    --beacon) beacon="$2"; shift 2 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
  esac
done
case "$claim" in
  value_range|customs_clearance) ;;
  *) echo "ceremony: --claim must be value_range or customs_clearance" >&2; exit 2 ;;
esac
out="${out:-$root/target/ceremony/$claim}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
log="$out/transcript.log"
: >"$log"

step() { printf '\n== %s\n' "$*" | tee -a "$log"; }
entropy() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
command -v node >/dev/null || { echo "node (>= 20) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }

step "snarkjs 0.7.6 from npm (ceremony/package-lock.json)"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
snarkjs() { node "$here/node_modules/snarkjs/build/cli.cjs" "$@"; }

step "tradeproof's examples (cargo build --release)"
(cd "$root" && cargo build --quiet --release --example export_r1cs --example ceremony)
tp() { (cd "$root" && cargo run --quiet --release --example "$@"); }

step "the $claim circuit as circom .r1cs"
tp export_r1cs -- "$out" --claim "$claim" | tee -a "$log"
power="$(tp export_r1cs -- "$out" --claim "$claim" | sed -n 's/^ptau power: //p')"
if [ "$want_power" -gt "$power" ]; then power="$want_power"; fi
snarkjs r1cs info "$out/$claim.r1cs" | tee -a "$log"

t0=$(date +%s)
if [ -n "$ptau" ]; then
  step "phase 1: the supplied $ptau"
  cp "$ptau" "$out/phase1.ptau"
  snarkjs powersoftau verify "$out/phase1.ptau" | tail -3 | tee -a "$log"
else
  step "phase 1 at power $power, made here (for trying the ceremony out; production uses a public phase 1)"
  snarkjs powersoftau new bn128 "$power" "$out/pot_0.ptau" >/dev/null
  snarkjs powersoftau contribute "$out/pot_0.ptau" "$out/pot_1.ptau" --name="phase 1" -e="$(entropy)" \
    | tail -1 | tee -a "$log"
  snarkjs powersoftau prepare phase2 "$out/pot_1.ptau" "$out/phase1.ptau" >/dev/null
  rm -f "$out/pot_0.ptau" "$out/pot_1.ptau"
fi
t1=$(date +%s)

step "phase 2: setup, three contributions, a beacon"
snarkjs groth16 setup "$out/$claim.r1cs" "$out/phase1.ptau" "$out/k0.zkey" >/dev/null
prev="$out/k0.zkey"
i=1
for party in port bank regulator; do
  snarkjs zkey contribute "$prev" "$out/k$i.zkey" --name="$party" -e="$(entropy)" | tee -a "$log"
  prev="$out/k$i.zkey"
  i=$((i + 1))
done
snarkjs zkey beacon "$prev" "$out/final.zkey" "$beacon" 10 -n="beacon" | tee -a "$log"

step "zkey verify against the exported .r1cs and the phase-1 file"
snarkjs zkey verify "$out/$claim.r1cs" "$out/phase1.ptau" "$out/final.zkey" | tee -a "$log" | tail -4
snarkjs zkey export verificationkey "$out/final.zkey" "$out/verification_key.json" >/dev/null
t2=$(date +%s)

step "tradeproof: import the key, prove a batch, verify it"
tp ceremony -- prove "$out/final.zkey" "$out/phase1.ptau" "$out/tradeproof" --claim "$claim" | tee -a "$log"

step "snarkjs groth16 verify: tradeproof's proofs under the key snarkjs exports"
for p in "$out"/tradeproof/p*; do
  snarkjs groth16 verify "$out/verification_key.json" "$p/public.json" "$p/proof.json" | tee -a "$log"
done

echo
echo "ceremony times: phase 1 $((t1 - t0)) s, phase 2 (setup, 3 contributions, beacon, verify) $((t2 - t1)) s" | tee -a "$log"
echo "keys in $out (final.zkey, verification_key.json); transcript in $log"

// Compares tradeproof's `.r1cs` export with what snarkjs reads from it: `snarkjs r1cs info` must report
// the same wires, public inputs and constraints, and `snarkjs r1cs export json` the same constraints,
// coefficient by coefficient.
//
// usage: node r1cs-check.mjs DIR NAME   (DIR/NAME.r1cs and DIR/NAME.expected.json, from export_r1cs)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "node_modules", "snarkjs", "build", "cli.cjs");
const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error("usage: node r1cs-check.mjs DIR NAME");
  process.exit(2);
}
const r1cs = join(dir, `${name}.r1cs`);
const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8"));

function run(args) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return `${r.stdout}${r.stderr}`;
}

let failures = 0;
function check(ok, what) {
  console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

const info = run(["r1cs", "info", r1cs]);
const field = (label) => {
  const m = info.match(new RegExp(`# of ${label}: (\\d+)`));
  return m ? Number(m[1]) : NaN;
};
check(field("Wires") === expected.nVars, `r1cs info: ${field("Wires")} wires (tradeproof ${expected.nVars})`);
check(field("Constraints") === expected.nConstraints, `r1cs info: ${field("Constraints")} constraints (tradeproof ${expected.nConstraints})`);
check(field("Public Inputs") === expected.nPubInputs, `r1cs info: ${field("Public Inputs")} public inputs (tradeproof ${expected.nPubInputs})`);

const json = join(dir, `${name}.snarkjs.json`);
run(["r1cs", "export", "json", r1cs, json]);
const got = JSON.parse(readFileSync(json, "utf8"));
check(got.nConstraints === expected.nConstraints, "r1cs export json: constraint count");
let same = got.constraints.length === expected.constraints.length;
for (let i = 0; same && i < got.constraints.length; i++) {
  for (let k = 0; k < 3; k++) {
    const a = got.constraints[i][k];
    const b = expected.constraints[i][k];
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.length !== kb.length || ka.some((w, j) => w !== kb[j] || BigInt(a[w]) !== BigInt(b[w]))) {
      console.log(`  constraint ${i}, matrix ${k}: snarkjs ${JSON.stringify(a)} vs tradeproof ${JSON.stringify(b)}`);
      same = false;
      break;
    }
  }
}
check(same, `r1cs export json: all ${expected.nConstraints} constraints agree coefficient by coefficient`);
if (failures) process.exit(1);
console.log(`r1cs checks passed for ${name}`);

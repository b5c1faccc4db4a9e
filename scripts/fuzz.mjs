// `npm run fuzz`: the grammar-aware fuzz test (test/fuzz) for long runs: VIGIL_FUZZ_RUNS cases
// (default 50 000) with a fresh seed each time (VIGIL_FUZZ_SEED replays one; fast-check prints the
// seed and the shrunk counterexample of a failure).
import { spawnSync } from "node:child_process";

const runs = process.env.VIGIL_FUZZ_RUNS ?? "50000";
const seed = process.env.VIGIL_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${runs} cases, seed ${seed} (replay with VIGIL_FUZZ_SEED=${seed})`);
const r = spawnSync("npx", ["vitest", "run", "test/fuzz"], {
  stdio: "inherit",
  env: { ...process.env, VIGIL_FUZZ_RUNS: runs, VIGIL_FUZZ_SEED: seed },
});
process.exit(r.status ?? 1);

// Runs every benchmark: each bench/<name>/run.ts, in alphabetical order, through tsx.
// Each benchmark prints its own figures and writes bench/results/<name>.json.
import { readdirSync, existsSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "results"), { recursive: true });
const only = process.argv.slice(2);
let failed = 0;
for (const name of readdirSync(here).sort()) {
  const script = join(here, name, "run.ts");
  if (!existsSync(script) || (only.length && !only.includes(name))) continue;
  console.log(`\n== bench/${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;

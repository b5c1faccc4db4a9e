/**
 * Writes test/prove/cases/witness/NAME.csv for every falsified case: the shortest input sequence
 * (found by exhaustive exploration with the reference interpreter) that shows the case's `breaks`
 * target. Run: node --import tsx test/prove/make-witnesses.ts. The witnesses are checked by
 * interp-cases.test.ts through the simulator's own CSV reader.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileFile } from "../isolation/helpers.js";
import { CASES, describeBreaks, isTarget, listCases, toCsv } from "./cases.js";
import { explore } from "./explore.js";

for (const c of listCases().filter((x) => x.expected === "falsified")) {
  const { program, errors } = compileFile(c.file);
  if (!program || !c.breaks) throw new Error(`${c.name}: ${errors.join("; ") || "no breaks line"}`);
  const e = explore(program, { ticks: 40 });
  const hit = [...e.violations].filter(([name]) => isTarget(c.breaks!, name)).sort((a, b) => a[1].tick - b[1].tick)[0];
  if (!hit) throw new Error(`${c.name}: exploration does not show ${describeBreaks(c.breaks)}`);
  writeFileSync(join(CASES, "witness", `${c.name}.csv`), toCsv(program, hit[1].inputs));
  console.log(`${c.name}: ${hit[0]} at tick ${hit[1].tick} (${hit[1].inputs.length} rows)`);
}

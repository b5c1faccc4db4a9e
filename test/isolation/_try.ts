import { compileFile } from "./helpers.js";
import { proveIsolation } from "../../src/prove/isolation/index.js";
const r = compileFile(process.argv[2]!);
if (!r.program) { console.log(r.errors); process.exit(1); }
const res = await proveIsolation(r.program, { timeoutMs: 60000 });
for (const x of res) console.log(x.obligation.name, JSON.stringify(x.verdict).slice(0, 600), x.timeMs, x.solverMs);
